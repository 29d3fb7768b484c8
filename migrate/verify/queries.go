package verify

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/mybatis"
	"github.com/collint/collint/lint/querylog"
	"github.com/collint/collint/lint/sqlsplit"
)

// query is one statement of the --queries files.
type query struct {
	File        string
	Line, Col   int
	EndLine     int
	Text        string // as read; "?" placeholders unbound
	DB          string // the database a log says it ran in ("" otherwise)
	Count       int    // occurrences in a log (identical statements run once)
	Variant     string // a MyBatis statement's <if>/<choose> decisions
	Findings    []lint.Finding
	NotRun      string // why it is not run ("" if it is)
	Bound       string // Text with every "?" bound to a value of the data ("" without placeholders)
	Binds       []string
	explain     bool
	covers      func(line, col int) bool
	at          func(off int) (line, col int) // position of Text[off] in File
	Err         error                         // last run's error
	Explain     []string                      // last run's EXPLAIN lines
	explainKey  []string                      // key column of each EXPLAIN line
	explainType []string                      // access type of each EXPLAIN line
}

func (q *query) where() string {
	if q.Variant != "" {
		return fmt.Sprintf("%s:%d:%d (%s)", q.File, q.Line, q.Col, q.Variant)
	}
	return fmt.Sprintf("%s:%d:%d", q.File, q.Line, q.Col)
}

// pos is the position of Text[off] in File.
func (q *query) pos(off int) (int, int) {
	if q.at != nil {
		return q.at(off)
	}
	seg := q.Text[:min(off, len(q.Text))]
	if n := strings.Count(seg, "\n"); n > 0 {
		return q.Line + n, len([]rune(seg[strings.LastIndexByte(seg, '\n')+1:])) + 1
	}
	return q.Line, q.Col + len([]rune(seg))
}

// sqlText is what runs: the bound text when the statement has placeholders.
func (q *query) sqlText() string {
	if q.Bound != "" {
		return q.Bound
	}
	return q.Text
}

// maxLogStatements bounds the distinct statements run per query log.
const maxLogStatements = 2000

// readQueries reads the query files the way collint lint reads them and
// attaches each finding to the statements it lies in.
func (v *verifier) readQueries() ([]*query, []string, error) {
	var out []*query
	var notes []string
	for _, path := range v.in.queries {
		var qs []*query
		var err error
		switch inputs.QueryKind(path) {
		case "log":
			var n int
			qs, n, err = readLog(path)
			if n > 0 {
				notes = append(notes, fmt.Sprintf("%s: %d more distinct statement(s) not run (at most %d per log)", path, n, maxLogStatements))
			}
		case "mybatis":
			qs, err = readMapper(path)
		default:
			qs, err = v.readScript(path)
		}
		if err != nil {
			return nil, nil, err
		}
		out = append(out, qs...)
	}
	for _, q := range out {
		head := strings.ToUpper(firstWord(q.Text))
		switch head {
		case "SELECT", "WITH", "UPDATE", "DELETE", "INSERT", "REPLACE", "(":
			q.explain = true
		}
	}
	for _, f := range v.rep.Findings {
		for _, q := range out {
			if f.File == q.File && q.covers(f.Line, f.Column) {
				q.Findings = append(q.Findings, f)
			}
		}
	}
	return out, notes, nil
}

func (v *verifier) readScript(path string) ([]*query, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*query
	stmts, _ := sqlsplit.Split(data, v.splitOpts())
	for _, st := range stmts {
		text := strings.TrimSpace(st.Text)
		if text == "" {
			continue
		}
		q := &query{File: path, Line: st.Start.Line, Col: st.Start.Col, EndLine: st.End.Line, Text: text, Count: 1}
		q.covers = func(line, col int) bool {
			return (line > q.Line || line == q.Line && col >= q.Col) && line <= q.EndLine
		}
		out = append(out, q)
	}
	return out, nil
}

// positions returns a covers function for a statement whose every byte
// offset maps to a position.
func positions(n int, pos func(off int) (int, int)) func(line, col int) bool {
	set := map[[2]int]bool{}
	for off := 0; off <= n; off++ {
		l, c := pos(off)
		set[[2]int{l, c}] = true
	}
	return func(line, col int) bool { return set[[2]int{line, col}] }
}

// readLog reads a query log; identical statements (same text and
// database) run once. It returns how many distinct statements were
// left out over maxLogStatements.
func readLog(path string) ([]*query, int, error) {
	f, err := querylog.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	var out []*query
	seen := map[[2]string]*query{}
	more := 0
	err = querylog.Scan(f, querylog.Auto, func(s querylog.Statement) error {
		k := [2]string{s.DB, s.SQL}
		if q := seen[k]; q != nil {
			q.Count++
			return nil
		}
		if len(out) >= maxLogStatements {
			more++
			return nil
		}
		q := &query{File: path, Line: s.Line, Col: s.Col, EndLine: s.LineAt(len(s.SQL)), Text: s.SQL, DB: s.DB, Count: 1, at: s.Pos}
		q.covers = positions(len(s.SQL), s.Pos)
		seen[k] = q
		out = append(out, q)
		return nil
	})
	return out, more, err
}

// readMapper reads every variant of every statement of a MyBatis mapper
// ("?" for each #{…}).
func readMapper(path string) ([]*query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	stmts, errs := mybatis.Parse(f, path)
	if len(errs) > 0 && len(stmts) == 0 {
		return nil, errs[0]
	}
	var out []*query
	for _, st := range stmts {
		at := func(off int) (int, int) { p := st.Pos(off); return p.Line, p.Col }
		// a variant is named by its first character's position and its decisions
		l, c := at(len(st.SQL) - len(strings.TrimLeft(st.SQL, " \t\r\n")))
		q := &query{File: path, Line: l, Col: c, EndLine: st.LineAt(len(st.SQL)), Text: st.SQL, Count: 1, at: at, Variant: st.Variant}
		q.covers = positions(len(st.SQL), at)
		out = append(out, q)
	}
	return out, nil
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " \t\r\n")
	if strings.HasPrefix(s, "(") {
		return "("
	}
	i := strings.IndexAny(s, " \t\r\n(")
	if i < 0 {
		return s
	}
	return s[:i]
}

// runQueries runs every query in a transaction that is rolled back (so
// that UPDATE/DELETE change nothing) and EXPLAINs those that run.
func (v *verifier) runQueries(ctx context.Context) {
	for _, q := range v.qs {
		q.Err, q.Explain, q.explainKey, q.explainType = nil, nil, nil, nil
		if q.NotRun != "" {
			continue
		}
		text, _, err := v.scope.rewrite(q.sqlText())
		if err != nil {
			q.Err = err
			continue
		}
		if q.DB != "" {
			if _, err := v.conn.ExecContext(ctx, "USE "+quoteIdent(v.serverDB(q.DB))); err != nil {
				q.Err = err
				continue
			}
		}
		q.Err = v.inRollback(ctx, text)
		if q.Err == nil && q.explain {
			q.Explain, q.explainKey, q.explainType, q.Err = v.explain(ctx, text)
		}
		if q.DB != "" && v.qdb != "" {
			v.conn.ExecContext(ctx, "USE "+quoteIdent(v.qdb))
		}
	}
}

func (v *verifier) inRollback(ctx context.Context, text string) error {
	if _, err := v.conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	defer v.conn.ExecContext(ctx, "ROLLBACK")
	rows, err := v.conn.QueryContext(ctx, text)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	err = rows.Err()
	rows.Close()
	return err
}

// explain returns EXPLAIN's rows as "table a: type ref, key idx, ref func,
// rows 1, Extra …" lines, and each row's key and access type.
func (v *verifier) explain(ctx context.Context, text string) (lines, keys, types []string, err error) {
	prefix := "EXPLAIN FORMAT=TRADITIONAL "
	if strings.Contains(v.run.Flavor, "mariadb") {
		prefix = "EXPLAIN "
	}
	cols, rows, err := v.rows(ctx, prefix+text)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, vals := range rows {
		get := func(name string) string {
			for i, c := range cols {
				if strings.EqualFold(c, name) && vals[i].Valid {
					return vals[i].String
				}
			}
			return "NULL"
		}
		lines = append(lines, fmt.Sprintf("table %s: type %s, key %s, ref %s, rows %s, Extra %s", get("table"), get("type"), get("key"), get("ref"), get("rows"), get("Extra")))
		keys = append(keys, get("key"))
		types = append(types, get("type"))
	}
	return lines, keys, types, nil
}

func errText(err error) string {
	if err == nil {
		return "runs"
	}
	return err.Error()
}
