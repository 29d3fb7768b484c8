package lint

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values in the AST

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/source"
	"github.com/collint/collint/lint/sqlsplit"
)

// parsed is one statement of a file, parsed.
type parsed struct {
	catalog.Stmt
	// ignore holds the inline suppressions that apply to the statement.
	ignore []suppression
}

// parseFile splits and parses a file. A statement that does not parse is
// an error with its position; the others are still returned, in order.
// Statements are parsed on every core.
func parseFile(path string, data []byte, f *flavor.Flavor) ([]parsed, []*source.Error) {
	return parseFileWith(path, data, f, nil, nil)
}

// parseFileWith is parseFile with a hook: when direct(text) holds for a
// statement, it is handed to then(p) on the parsing worker right after
// parsing (and not returned), so that independent statements are parsed
// and analysed in one pass on every core.
func parseFileWith(path string, data []byte, f *flavor.Flavor, direct func(text string) bool, then func(p parsed)) ([]parsed, []*source.Error) {
	stmts, serrs := sqlsplit.Split(data, sqlsplit.Options{ServerVersion: f.Version, MariaDB: f.MariaDB})
	if direct != nil {
		for i := range stmts {
			if !direct(stmts[i].Text) {
				direct = nil // a barrier: fall back to parse, then analyse in order
				break
			}
		}
	}
	var errs []*source.Error
	for _, e := range serrs {
		errs = append(errs, source.Errorf(source.Pos{File: path, Line: e.Pos.Line, Col: e.Pos.Col}, "%s", e.Msg))
	}
	type result struct {
		p   *parsed
		err *source.Error
	}
	known := func(name string) bool { _, ok := f.Charsets.Charset(name); return ok }
	results := make([]result, len(stmts))
	parallel(len(stmts), func() func(i int) {
		p := parser.New() // one parser per worker
		return func(i int) {
			st := &stmts[i]
			at := func(off int) source.Pos {
				sp := st.PosAt(off)
				return source.Pos{File: path, Line: sp.Line, Col: sp.Col}
			}
			text := st.Text
			var spatialAt map[int]string
			if ddl(text) {
				if routine(text) {
					// triggers, procedures, events: no schema change; a
					// function's return type is what a view calling it shows
					if fn := functionDef(p, text); fn != nil {
						results[i].p = &parsed{Stmt: catalog.Stmt{Node: fn, Text: text, At: at}}
					}
					return
				}
				text, spatialAt = compat(text)
			}
			text, intro := introducers(text, known)
			node, err := parseOne(p, text)
			switch {
			case err != nil:
				results[i].err = source.Errorf(at(errorOffset(text, err)), "%s", cleanParseError(err))
			case node != nil && direct != nil:
				then(parsed{catalog.Stmt{Node: node, Text: text, At: at, Introducers: intro, Spatial: spatialAt}, suppressions(st)})
			case node != nil:
				results[i].p = &parsed{catalog.Stmt{Node: node, Text: text, At: at, Introducers: intro, Spatial: spatialAt}, suppressions(st)}
			}
		}
	})
	var out []parsed
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
		}
		if r.p != nil {
			out = append(out, *r.p)
		}
	}
	return out, errs
}

// parallel calls work(i) for i in [0,n) on every core. newWorker is called
// once per worker goroutine and returns that worker's function, so that
// per-worker state (a parser) needs no locking.
func parallel(n int, newWorker func() func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/16+1)
	if workers <= 1 {
		w := newWorker()
		for i := 0; i < n; i++ {
			w(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				w(i)
			}
		}()
	}
	wg.Wait()
}

func parseOne(p *parser.Parser, text string) (node ast.StmtNode, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parser crashed: %v", r)
		}
	}()
	nodes, _, err := p.Parse(text, "", "")
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, nil
	}
	return nodes[0], nil
}

var lineCol = regexp.MustCompile(`line (\d+) column (\d+)`)

// errorOffset turns the parser's "line L column C" into an offset in text.
func errorOffset(text string, err error) int {
	m := lineCol.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	// The parser reports the column after the offending token; step back
	// to the token's start.
	off += col
	if off > len(text) {
		off = len(text)
	}
	near := nearToken(err.Error())
	if near != "" {
		if i := strings.LastIndex(text[:min(len(text), off+len(near))], near); i >= 0 {
			return i
		}
	}
	return off
}

var nearRe = regexp.MustCompile(`near "([^"]*)"`)

func nearToken(msg string) string {
	m := nearRe.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	s := m[1]
	if i := strings.IndexAny(s, " \t\n"); i > 0 {
		s = s[:i]
	}
	return s
}

func cleanParseError(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " near \""); i >= 0 {
		near := nearToken(msg)
		return "syntax error near '" + near + "'"
	}
	return msg
}

// isDDL reports schema-changing statements found among queries.
func isDDL(st parsed) bool {
	switch st.Node.(type) {
	case *catalog.FunctionDef, *ast.CreateTableStmt, *ast.AlterTableStmt, *ast.CreateDatabaseStmt, *ast.UseStmt,
		*ast.DropTableStmt, *ast.RenameTableStmt, *ast.CreateIndexStmt, *ast.DropIndexStmt, *ast.AlterDatabaseStmt:
		return true
	}
	return false
}

var routineRe = regexp.MustCompile(`(?is)^\s*(CREATE|DROP|ALTER)\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*(\S+|` + "`[^`]*`" + `@` + "`[^`]*`" + `)\s+)?(SQL\s+SECURITY\s+\w+\s+)?(AGGREGATE\s+)?(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b`)

// routine reports statements that define stored programs. The TiDB parser
// does not know them, and they do not change any table, so they are
// skipped rather than reported.
func routine(text string) bool {
	return routineRe.MatchString(text)
}

// ddl reports whether a statement starts with CREATE, ALTER or DROP: only
// those need the compatibility rewrites and the stored-program check.
func ddl(text string) bool {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == '(') {
		i++
	}
	if len(text)-i < 4 {
		return false
	}
	w := strings.ToUpper(text[i:min(len(text), i+6)])
	return strings.HasPrefix(w, "CREATE") || strings.HasPrefix(w, "ALTER") || strings.HasPrefix(w, "DROP")
}

// plainQuery reports whether a statement can be analysed independently of
// its neighbours: not SET, USE or DDL (judged by its first word).
func plainQuery(text string) bool {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == '(') {
		i++
	}
	w := strings.ToUpper(text[i:min(len(text), i+7)])
	for _, p := range []string{"SELECT", "WITH", "UPDATE", "DELETE", "INSERT", "REPLACE", "TABLE", "VALUES"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
