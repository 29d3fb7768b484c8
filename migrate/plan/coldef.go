package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
)

// quoteIdent quotes an identifier with backticks.
func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// quoteString quotes a string literal the way SHOW CREATE TABLE does.
func quoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

// ColumnDef restates a column's whole definition — type, charset and
// collation, NULL, DEFAULT, ON UPDATE, AUTO_INCREMENT, COMMENT, generated
// expression, INVISIBLE, SRID — so that MODIFY drops nothing. keepIntWidth
// follows the flavor's spelling of integer types.
//
// Charset and collation are written the way they were declared: not at
// all when inherited from the table (the server remembers an explicit
// CHARACTER SET and shows it in SHOW CREATE TABLE afterwards, measured on
// MySQL 9.7), COLLATE alone within the table's charset.
func ColumnDef(t *catalog.Table, c *catalog.Column, keepIntWidth bool) string {
	return columnDef(t, c, keepIntWidth, false)
}

// ColumnDefFor is ColumnDef in the spelling of the flavor's server: integer
// display widths where it keeps them, and, for MariaDB, generation
// expressions without the _UTF8MB4 introducer the parser adds to every
// string literal (MariaDB stores a written introducer and shows it, so a
// restated expression would differ; MySQL shows one on every literal
// anyway).
func ColumnDefFor(t *catalog.Table, c *catalog.Column, f *flavor.Flavor) string {
	return columnDef(t, c, f.MariaDB || f.Version < 80019, f.MariaDB)
}

func columnDef(t *catalog.Table, c *catalog.Column, keepIntWidth, mariadb bool) string {
	var b strings.Builder
	b.WriteString(quoteIdent(c.Name))
	b.WriteByte(' ')
	b.WriteString(c.Type.Spell(keepIntWidth))
	if c.Type.HasCharset() && c.Charset != "" {
		inherited := c.CollationSource != catalog.FromColumn && c.Charset == t.Charset && c.Collation == t.Collation
		switch {
		case inherited:
		case c.Charset == t.Charset:
			fmt.Fprintf(&b, " COLLATE %s", c.Collation)
		default:
			fmt.Fprintf(&b, " CHARACTER SET %s COLLATE %s", c.Charset, c.Collation)
		}
	}
	if c.Generated != "" {
		kind := "VIRTUAL"
		if c.Stored {
			kind = "STORED"
		}
		expr := c.Generated
		if mariadb {
			expr = utf8mb4Introducer.ReplaceAllString(expr, "$1")
		}
		fmt.Fprintf(&b, " GENERATED ALWAYS AS (%s) %s", expr, kind)
	}
	switch {
	case !c.Nullable:
		b.WriteString(" NOT NULL")
	case c.Generated == "": // MariaDB refuses NULL after a generation expression (1064)
		b.WriteString(" NULL")
	}
	if c.SRID != "" {
		b.WriteString(" SRID " + c.SRID)
	}
	if c.Default != nil && c.Generated == "" {
		b.WriteString(" DEFAULT ")
		b.WriteString(defaultSQL(c))
	}
	if c.OnUpdate != "" {
		b.WriteString(" ON UPDATE " + c.OnUpdate)
	}
	if c.AutoIncrement {
		b.WriteString(" AUTO_INCREMENT")
	}
	if c.Comment != nil && *c.Comment != "" {
		b.WriteString(" COMMENT " + quoteString(unquote(*c.Comment)))
	}
	if c.Invisible {
		b.WriteString(" INVISIBLE")
	}
	return b.String()
}

// defaultSQL renders a column default as SQL. The catalog holds the
// default as COLUMN_DEFAULT shows it, so: an expression default
// (DEFAULT (uuid())) gets its parentheses back (without them a function
// call is a syntax error, and on a string column it was quoted into a
// literal); hex and bit literals (x'41', b'101') stay literals (quoting
// them turned DEFAULT x'41' into a string of six characters);
// CURRENT_TIMESTAMP stays a keyword; other values are quoted for string,
// temporal and YEAR columns.
func defaultSQL(c *catalog.Column) string {
	d := *c.Default
	up := strings.ToUpper(d)
	switch {
	case c.DefaultExpr:
		if strings.HasPrefix(d, "(") && strings.HasSuffix(d, ")") && balanced(d[1:len(d)-1]) {
			return d
		}
		return "(" + d + ")"
	case strings.HasPrefix(up, "CURRENT_TIMESTAMP") || strings.HasPrefix(up, "NOW(") || up == "NULL":
		return d
	case hexOrBit.MatchString(d):
		return d
	case strings.HasPrefix(d, "'") && strings.HasSuffix(d, "'") && len(d) >= 2:
		return d
	case c.Type.Class() == catalog.ClassString || c.Type.Class().Temporal() || c.Type.Class() == catalog.ClassYear:
		return quoteString(d)
	}
	return d
}

// utf8mb4Introducer is the introducer the parser's restore writes before
// string literals that had none.
var utf8mb4Introducer = regexp.MustCompile(`_UTF8MB4(')`)

// hexOrBit matches the hex and bit literals as the catalog keeps them
// (0x41 is restored as x'41'; a string default '0x41' stays 0x41 and is
// quoted).
var hexOrBit = regexp.MustCompile(`^(?i:x'[0-9a-f]*'|b'[01]*')$`)

// balanced reports whether s's parentheses pair up, so that "(a) + (b)"
// is not mistaken for one parenthesised expression.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// unquote strips one level of SQL quotes from a restored literal.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return strings.NewReplacer("''", "'", `\'`, "'", `\\`, `\`).Replace(s[1 : len(s)-1])
	}
	return s
}
