package lint

import (
	"regexp"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
)

var functionHead = regexp.MustCompile("(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:DEFINER\\s*=\\s*(?:\\S+|`[^`]*`@`[^`]*`)\\s+)?(?:AGGREGATE\\s+)?FUNCTION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?((?:`(?:[^`]|``)*`|[\\w$]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)*`|[\\w$]+))?)\\s*\\(")

// returnsEnd are the words that end a RETURNS type: the characteristics
// and the first words a function body can start with.
var returnsEnd = map[string]bool{"DETERMINISTIC": true, "NOT": true, "READS": true, "NO": true, "CONTAINS": true, "MODIFIES": true,
	"LANGUAGE": true, "COMMENT": true, "SQL": true, "BEGIN": true, "RETURN": true, "SELECT": true, "SET": true, "DECLARE": true,
	"IF": true, "CASE": true, "WHILE": true, "LOOP": true, "REPEAT": true, "CALL": true, "UPDATE": true, "INSERT": true, "DELETE": true}

// functionDef reads CREATE FUNCTION name(…) RETURNS type … (the parser does
// not know stored functions): the name and the return type, which a view
// calling the function exposes. nil when the text is not one.
func functionDef(p *parser.Parser, text string) *catalog.FunctionDef {
	m := functionHead.FindStringSubmatchIndex(text)
	if m == nil {
		return nil
	}
	schema, name := splitQualified(text[m[2]:m[3]])
	i := m[1] // after "("
	for depth := 1; i < len(text) && depth > 0; i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '\'', '"', '`':
			i = skipQuoted(text, i)
		}
	}
	rest := text[i:]
	k := 0
	for k < len(rest) && isSpace(rest[k]) {
		k++
	}
	if !strings.EqualFold(prefixWord(rest[k:]), "RETURNS") {
		return nil
	}
	start := k + len("RETURNS")
	end, depth := start, 0
	for end < len(rest) {
		c := rest[end]
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '\'' || c == '"' || c == '`':
			end = skipQuoted(rest, end)
		case depth == 0 && isWordByte(c) && (end == 0 || !isWordByte(rest[end-1])):
			if returnsEnd[strings.ToUpper(prefixWord(rest[end:]))] && end > start+1 {
				goto done
			}
		}
		end++
	}
done:
	typ := strings.TrimSpace(rest[start:min(end, len(rest))])
	if typ == "" {
		return nil
	}
	node, err := parseOne(p, "CREATE TABLE `f` (`r` "+typ+")")
	if err != nil {
		return nil
	}
	ct, ok := node.(*ast.CreateTableStmt)
	if !ok || len(ct.Cols) != 1 {
		return nil
	}
	return &catalog.FunctionDef{Schema: schema, Name: name, Returns: ct.Cols[0]}
}

// splitQualified splits `db`.`name` (or name) and unquotes.
func splitQualified(s string) (schema, name string) {
	unq := func(x string) string {
		x = strings.TrimSpace(x)
		if len(x) >= 2 && x[0] == '`' {
			return strings.ReplaceAll(x[1:len(x)-1], "``", "`")
		}
		return x
	}
	// a dot outside backquotes separates the schema
	inq := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '`':
			inq = !inq
		case '.':
			if !inq {
				return unq(s[:i]), unq(s[i+1:])
			}
		}
	}
	return "", unq(s)
}

func prefixWord(s string) string {
	j := 0
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return s[:j]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
