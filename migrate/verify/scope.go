package verify

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // value expressions for the parser

	"github.com/collint/collint/lint/charset"
)

// scope maps the databases the input names to the databases of the
// server under test. In a container every database is its own; on a
// user's server (--dsn) the input's one database becomes the scratch
// database, and every statement is checked first: a statement that names
// another database, or that could write outside the scratch database
// (DROP DATABASE, SET GLOBAL, GRANT, anything the parser cannot read), is
// refused with its position.
type scope struct {
	scratch string            // "" in a container
	names   map[string]string // lower-case input database → server database (--dsn only)
	from    string            // the input's database (--dsn only)
}

// stmtKind is what rewrite decided about a statement.
type stmtKind int

const (
	runIt  stmtKind = iota // run the (rewritten) text
	skipIt                 // CREATE DATABASE/USE of the mapped database: already there
	alterScratch
)

// rewrite returns the statement as it must run on the server under test.
// In a container it is the input unchanged.
func (s *scope) rewrite(text string) (string, stmtKind, error) {
	if s.scratch == "" {
		return text, runIt, nil
	}
	charset.RegisterWithParser()
	node, err := parser.New().ParseOneStmt(text, "", "")
	if err != nil {
		return "", 0, fmt.Errorf("with --dsn every statement is read before it runs, and this one cannot be read (%v): nothing outside the scratch database may be written, so it is refused", shortErr(err))
	}
	switch n := node.(type) {
	case *ast.CreateDatabaseStmt:
		if err := s.own(n.Name.O); err != nil {
			return "", 0, err
		}
		var opts []string
		for _, o := range n.Options {
			switch o.Tp {
			case ast.DatabaseOptionCharset:
				opts = append(opts, "CHARACTER SET "+o.Value)
			case ast.DatabaseOptionCollate:
				opts = append(opts, "COLLATE "+o.Value)
			}
		}
		if len(opts) == 0 {
			return "", skipIt, nil
		}
		return fmt.Sprintf("ALTER DATABASE %s %s", quoteIdent(s.scratch), strings.Join(opts, " ")), alterScratch, nil
	case *ast.AlterDatabaseStmt:
		if err := s.own(n.Name.O); err != nil {
			return "", 0, err
		}
		return s.qualify(text), runIt, nil
	case *ast.UseStmt:
		if err := s.own(n.DBName); err != nil {
			return "", 0, err
		}
		return "", skipIt, nil
	case *ast.CreateTableStmt, *ast.AlterTableStmt, *ast.DropTableStmt, *ast.CreateIndexStmt,
		*ast.DropIndexStmt, *ast.CreateViewStmt, *ast.RenameTableStmt, *ast.TruncateTableStmt,
		*ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt, *ast.SelectStmt, *ast.SetOprStmt,
		*ast.ExplainStmt, *ast.LockTablesStmt, *ast.UnlockTablesStmt, *ast.BeginStmt,
		*ast.CommitStmt, *ast.RollbackStmt, *ast.AnalyzeTableStmt, *ast.ShowStmt:
	case *ast.SetStmt:
		for _, v := range n.Variables {
			if v.IsGlobal {
				return "", 0, fmt.Errorf("SET GLOBAL %s changes the server, not the scratch database: refused with --dsn", v.Name)
			}
		}
	default:
		return "", 0, fmt.Errorf("%T is not a statement verify runs on a user's server (--dsn): refused", node)
	}
	tv := &tableNames{}
	node.Accept(tv)
	for _, db := range tv.dbs {
		if err := s.own(db); err != nil {
			return "", 0, err
		}
	}
	return s.qualify(text), runIt, nil
}

// own accepts the input's database (the first one seen becomes it) and
// refuses any other.
func (s *scope) own(db string) error {
	if db == "" {
		return nil
	}
	if s.from == "" {
		s.from = db
		s.names[strings.ToLower(db)] = s.scratch
		return nil
	}
	if strings.EqualFold(db, s.from) {
		return nil
	}
	return fmt.Errorf("names database %s, but with --dsn everything goes into the one scratch database (it stands for %s): refused, nothing outside the scratch database is written", db, s.from)
}

// qualify replaces every database qualifier (ident followed by ".") naming
// the input's database with the scratch database.
func (s *scope) qualify(text string) string {
	if len(s.names) == 0 {
		return text
	}
	return replaceQualifiers(text, func(id string) (string, bool) {
		to, ok := s.names[strings.ToLower(id)]
		return quoteIdent(to), ok
	})
}

// tableNames collects the database qualifiers of table references.
type tableNames struct{ dbs []string }

func (v *tableNames) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok && t.Schema.O != "" {
		v.dbs = append(v.dbs, t.Schema.O)
	}
	return n, false
}

func (v *tableNames) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func shortErr(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i > 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// replaceQualifiers rewrites identifiers directly followed by "." (after
// optional spaces) for which repl answers ok; quoted strings and comments
// are left alone (the text of /*! … */ comments is code and is rewritten).
func replaceQualifiers(text string, repl func(id string) (string, bool)) string {
	var b strings.Builder
	i := 0
	isID := func(c byte) bool {
		return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	emitID := func(start, end int, id string) {
		j := end
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
			j++
		}
		prevDot := start > 0 && strings.TrimRight(text[:start], " \t\r\n") != "" && strings.HasSuffix(strings.TrimRight(text[:start], " \t\r\n"), ".")
		if j < len(text) && text[j] == '.' && !prevDot {
			if to, ok := repl(id); ok {
				b.WriteString(to)
				return
			}
		}
		b.WriteString(text[start:end])
	}
	for i < len(text) {
		c := text[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(text) {
				if text[j] == '\\' {
					j += 2
					continue
				}
				if text[j] == c {
					if j+1 < len(text) && text[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(text))
			b.WriteString(text[i:j])
			i = j
		case c == '`':
			j := i + 1
			for j < len(text) {
				if text[j] == '`' {
					if j+1 < len(text) && text[j+1] == '`' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(text))
			emitID(i, end, strings.ReplaceAll(text[i+1:min(j, len(text))], "``", "`"))
			i = end
		case c == '#' || c == '-' && strings.HasPrefix(text[i:], "-- ") || c == '-' && strings.HasPrefix(text[i:], "--\n"):
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				j = len(text) - i
			}
			b.WriteString(text[i : i+j])
			i += j
		case c == '/' && strings.HasPrefix(text[i:], "/*") && !strings.HasPrefix(text[i:], "/*!") && !strings.HasPrefix(text[i:], "/*M!"):
			j := strings.Index(text[i+2:], "*/")
			end := len(text)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(text[i:end])
			i = end
		case isID(c):
			j := i
			for j < len(text) && isID(text[j]) {
				j++
			}
			emitID(i, j, text[i:j])
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// hasPlaceholder reports whether the statement has a ? outside strings,
// quoted identifiers and comments.
func hasPlaceholder(text string) bool {
	found := false
	inStr := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inStr != 0:
			if c == '\\' {
				i++
			} else if c == inStr {
				inStr = 0
			}
		case c == '\'' || c == '"' || c == '`':
			inStr = c
		case c == '-' && strings.HasPrefix(text[i:], "-- "), c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '?':
			found = true
		}
	}
	return found
}

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
