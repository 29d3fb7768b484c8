package plan_test

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/plan"
)

// execIn runs q in the database its log says (else def).
func execIn(ctx context.Context, conn *sql.Conn, q query, def string) (sql.Result, error) {
	if q.db != "" {
		if _, err := conn.ExecContext(ctx, "USE "+quote(q.db)); err != nil {
			return nil, err
		}
		if def != "" {
			defer conn.ExecContext(ctx, "USE "+quote(def))
		}
	}
	return conn.ExecContext(ctx, q.text)
}

// proveQueryFixes runs every query-only fix of p whose statement can run
// (no ? placeholders) on the schema before the migration: the statement
// with the comparison rewritten must run without any error, and when the
// fix names the column whose index it keeps, EXPLAIN must list an index on
// that column among the possible keys. It returns how many fixes it ran.
func proveQueryFixes(t *testing.T, ctx context.Context, conn *sql.Conn, rep *lint.Report, p *plan.Plan, queries []query, def string) int {
	t.Helper()
	ran := 0
	for _, fx := range p.QueryFixes {
		file, line := findingAt(fx.Finding)
		var q *query
		for i := range queries {
			if queries[i].sourceName == file && queries[i].lines[line] {
				q = &queries[i]
				break
			}
		}
		if q == nil {
			continue // a statement with placeholders
		}
		text, ok := replaceComparison(q.text, fx.Original, fx.Rewrite)
		if !ok {
			t.Errorf("%s: the comparison %q is not in the statement %q", fx.Finding, fx.Original, q.text)
			continue
		}
		if strings.HasSuffix(fx.Finding, " CL101") {
			// the finding is right: the statement as written is refused
			if _, err := execIn(ctx, conn, *q, def); !collationError(err) {
				t.Errorf("%s: collint says the server refuses %q; it answered %v", fx.Finding, q.text, err)
			}
		}
		rq := *q
		rq.text = text
		if _, err := execIn(ctx, conn, rq, def); err != nil {
			t.Errorf("%s: the rewrite %q fails: %v\n%s", fx.Finding, fx.Rewrite, err, text)
			continue
		}
		ran++
		if fx.Column == "" {
			continue
		}
		want := indexesOn(rep, fx.Column)
		rq.text = "EXPLAIN " + text
		got := explainKeys(t, ctx, conn, rq, def)
		if constShortcut(got) {
			// an empty table read as a constant: EXPLAIN shows no key either way
			t.Logf("%s: EXPLAIN cannot show the index on %s (empty const table: %v)", fx.Finding, fx.Column, got)
			continue
		}
		if !overlaps(want, got) {
			t.Errorf("%s: the rewrite %q claims the index on %s (%v) serves; EXPLAIN lists %v\n%s", fx.Finding, fx.Rewrite, fx.Column, want, got, text)
		}
	}
	t.Logf("%d of %d query fixes ran on the server", ran, len(p.QueryFixes))
	return ran
}

// findingAt splits "file:line:col RULE".
func findingAt(s string) (string, int) {
	s, _, _ = strings.Cut(s, " ")
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		return "", 0
	}
	n, _ := strconv.Atoi(parts[len(parts)-2])
	return strings.Join(parts[:len(parts)-2], ":"), n
}

// replaceComparison replaces the first occurrence of orig in text,
// matching case-insensitively with any whitespace and optional backticks
// between orig's characters (the finding quotes the parser's rendering).
func replaceComparison(text, orig, rewrite string) (string, bool) {
	var re strings.Builder
	re.WriteString("(?is)")
	first := true
	for _, r := range orig {
		if r == ' ' {
			continue
		}
		if !first {
			re.WriteString("[\\s`]*")
		}
		first = false
		re.WriteString(regexp.QuoteMeta(string(r)))
	}
	loc := regexp.MustCompile(re.String()).FindStringIndex(text)
	if loc == nil {
		return "", false
	}
	return text[:loc[0]] + rewrite + text[loc[1]:], true
}

// indexesOn names the indexes whose first column is db.table.column.
func indexesOn(rep *lint.Report, col string) []string {
	parts := strings.SplitN(col, ".", 3)
	if len(parts) != 3 {
		return nil
	}
	tb := rep.Catalog.Table(parts[0], parts[1])
	if tb == nil {
		return nil
	}
	var out []string
	for _, ix := range tb.IndexesOn(parts[2]) {
		if ix.Primary {
			out = append(out, "PRIMARY")
		} else {
			out = append(out, ix.Name)
		}
	}
	return out
}

// explainKeys is every possible_keys and key entry of q's EXPLAIN rows.
func explainKeys(t *testing.T, ctx context.Context, conn *sql.Conn, q query, def string) []string {
	t.Helper()
	trad := q
	trad.text = strings.Replace(q.text, "EXPLAIN ", "EXPLAIN FORMAT=TRADITIONAL ", 1)
	var r *sql.Rows
	var err error
	run := func(q query) {
		if q.db != "" {
			conn.ExecContext(ctx, "USE "+quote(q.db))
			if def != "" {
				defer conn.ExecContext(ctx, "USE "+quote(def))
			}
		}
		r, err = conn.QueryContext(ctx, q.text)
	}
	run(trad) // MySQL 9.7 defaults to the tree format; MariaDB has no FORMAT=TRADITIONAL
	if err != nil {
		run(q)
	}
	if err != nil {
		t.Fatalf("%s: %v", q.text, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var out []string
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, c := range cols {
			if c == "Extra" && vals[i].Valid {
				out = append(out, "extra: "+vals[i].String)
			}
			if (c == "possible_keys" || c == "key") && vals[i].Valid {
				out = append(out, strings.Split(vals[i].String, ",")...)
			}
		}
	}
	return out
}

// constShortcut reports whether EXPLAIN stopped at an empty const table,
// before choosing any index.
func constShortcut(explain []string) bool {
	for _, e := range explain {
		if e == "extra: no matching row in const table" || strings.HasPrefix(e, "extra: Impossible WHERE") || e == "extra: const row not found" {
			return true
		}
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(x, y) {
				return true
			}
		}
	}
	return false
}
