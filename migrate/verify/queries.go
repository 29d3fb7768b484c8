package verify

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/sqlsplit"
)

// query is one statement of the --queries files.
type query struct {
	File        string
	Line, Col   int
	EndLine     int
	Text        string
	Findings    []lint.Finding
	NotRun      string // why it is not run ("" if it is)
	explain     bool
	Err         error    // last run's error
	Explain     []string // last run's EXPLAIN lines
	explainKey  []string // key column of each EXPLAIN line
	explainType []string // access type of each EXPLAIN line
}

func (q *query) where() string { return fmt.Sprintf("%s:%d:%d", q.File, q.Line, q.Col) }

// readQueries splits the query files and attaches each finding to the
// statement it lies in.
func (v *verifier) readQueries() ([]*query, error) {
	var out []*query
	for _, path := range v.in.queries {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		stmts, _ := sqlsplit.Split(data, v.splitOpts())
		for _, st := range stmts {
			text := strings.TrimSpace(st.Text)
			if text == "" {
				continue
			}
			q := &query{File: path, Line: st.Start.Line, Col: st.Start.Col, EndLine: st.End.Line, Text: text}
			head := strings.ToUpper(firstWord(text))
			switch head {
			case "SELECT", "WITH", "UPDATE", "DELETE", "INSERT", "REPLACE", "(":
				q.explain = true
			}
			if hasPlaceholder(text) {
				q.NotRun = "has ? placeholders"
			}
			out = append(out, q)
		}
	}
	for _, f := range v.rep.Findings {
		for _, q := range out {
			if f.File == q.File && (f.Line > q.Line || f.Line == q.Line && f.Column >= q.Col) && f.Line <= q.EndLine {
				q.Findings = append(q.Findings, f)
				break
			}
		}
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
		text, _, err := v.scope.rewrite(q.Text)
		if err != nil {
			q.Err = err
			continue
		}
		q.Err = v.inRollback(ctx, text)
		if q.Err == nil && q.explain {
			q.Explain, q.explainKey, q.explainType, q.Err = v.explain(ctx, text)
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
	rows, err := v.conn.QueryContext(ctx, prefix+text)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, nil, err
		}
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
	return lines, keys, types, rows.Err()
}

func errText(err error) string {
	if err == nil {
		return "runs"
	}
	return err.Error()
}
