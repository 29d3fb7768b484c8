package verify

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// maxEvidence bounds the rows listed per problem; the count is always given.
const maxEvidence = 20

// queriesBefore is step 3: every query's error and EXPLAIN before any
// migration.
func (v *verifier) queriesBefore(ctx context.Context) bool {
	s := step(&v.run.Steps, "queries", func(s *Step) {
		qs, notes, err := v.readQueries()
		if err != nil {
			s.fail("%v", err)
			return
		}
		for _, n := range notes {
			s.note("%s", n)
		}
		v.qs = qs
		bound := 0
		for _, q := range v.qs {
			v.bind(ctx, q)
			if q.Bound != "" {
				bound++
				s.note("%s: ? bound to values of the data: %s", q.where(), strings.Join(q.Binds, ", "))
			}
		}
		v.runQueries(ctx)
		failing, notRun := 0, 0
		for _, q := range v.qs {
			switch {
			case q.NotRun != "":
				notRun++
				s.note("%s: not run (%s)", q.where(), q.NotRun)
			case q.Err != nil:
				failing++
				s.note("%s: %v", q.where(), q.Err)
			default:
				for _, l := range q.Explain {
					s.note("%s: EXPLAIN %s", q.where(), l)
				}
			}
		}
		s.note("%d queries (%d with bound placeholders, %d not run), %d fail before the migration", len(v.qs), bound, notRun, failing)
	})
	return s.Pass
}

// migrations applies each migration's pre-checks, up and comparisons in
// order, then each down in reverse order.
func (v *verifier) migrations(ctx context.Context, migs []*Migration) {
	type applied struct {
		res    *MigrationResult
		before snapshot
		m      *Migration
	}
	var done []applied
	for _, m := range migs {
		res := &MigrationResult{Name: m.Name, Pass: true}
		v.run.Migrations = append(v.run.Migrations, res)
		deleted, ok := v.preChecks(ctx, m, res)
		if !ok {
			res.Pass = false
			break // a migration that cannot run leaves the later ones untestable
		}
		// Rows set aside now are gone for the earlier migrations' down
		// too: they must not be expected back.
		for _, a := range done {
			if err := v.dropRows(ctx, a.before, deleted); err != nil {
				res.Steps[len(res.Steps)-1].fail("set the rows aside in the copy kept for %s: %v", a.m.Name, err)
			}
		}
		var before snapshot
		var beforeErr = map[*query]error{}
		for _, q := range v.qs {
			beforeErr[q] = q.Err
		}
		up := step(&res.Steps, "up", func(s *Step) {
			var err error
			if before, err = v.snapshot(ctx, len(done)+1); err != nil {
				s.fail("snapshot before up: %v", err)
				return
			}
			if err := v.execFile(ctx, m.UpFile, []byte(m.Up)); err != nil {
				s.fail("up failed: %v", err)
				return
			}
			s.note("applied %s", m.UpFile)
		})
		if !up.Pass {
			res.Pass = false
			break
		}
		after, err := v.snapshot(ctx, 0)
		if err != nil {
			res.Steps[len(res.Steps)-1].fail("snapshot after up: %v", err)
			res.Pass = false
			break
		}
		changed := changedColumns(before, after)
		step(&res.Steps, "queries after up", func(s *Step) { v.queriesAfter(ctx, s, changed, beforeErr) })
		step(&res.Steps, "data", func(s *Step) { v.compareData(ctx, s, before, after, changed) })
		done = append(done, applied{res, before, m})
	}
	for i := len(done) - 1; i >= 0; i-- {
		a := done[i]
		step(&a.res.Steps, "down", func(s *Step) {
			if a.m.DownFile == "" {
				if v.cfg.NoDown {
					s.note("no down migration: not checked (--no-down)")
				} else {
					s.fail("no down migration for %s (give it with --down FILE, or pass --no-down to accept that)", a.m.UpFile)
				}
				return
			}
			if err := v.execFile(ctx, a.m.DownFile, []byte(a.m.Down)); err != nil {
				s.fail("down failed: %v", err)
				return
			}
			now, err := v.snapshot(ctx, 0)
			if err != nil {
				s.fail("snapshot after down: %v", err)
				return
			}
			v.compareRestored(ctx, s, a.before, now)
			if s.Pass {
				s.note("applied %s: every SHOW CREATE TABLE and every row equal the originals", a.m.DownFile)
			}
		})
	}
	for _, a := range done {
		v.dropCopies(ctx, a.before)
	}
	for _, m := range v.run.Migrations {
		for _, s := range m.Steps {
			m.Pass = m.Pass && s.Pass
		}
	}
}

// preChecks is step 4. Rows found in the user's data stop the run. Rows
// found in generated data are the hazards the generator planted: they
// prove the pre-check, are listed, and are deleted so that the migration
// can be tried on the rest.
func (v *verifier) preChecks(ctx context.Context, m *Migration, res *MigrationResult) (deletedRows, bool) {
	deleted := deletedRows{}
	s := step(&res.Steps, "pre-checks", func(s *Step) {
		if len(m.PreChecks) == 0 {
			s.note("none in %s", m.UpFile)
			return
		}
		for _, pc := range m.PreChecks {
			text, _, err := v.scope.rewrite(pc.SQL)
			if err != nil {
				s.fail("%s:%d: %v", pc.File, pc.Line, err)
				continue
			}
			cols, rows, err := v.rows(ctx, text)
			if err != nil {
				s.fail("%s:%d: pre-check %q failed: %v", pc.File, pc.Line, pc.Name, err)
				continue
			}
			if len(rows) == 0 {
				s.note("%s: no rows", pc.Name)
				continue
			}
			shown := rows
			if len(shown) > maxEvidence {
				shown = shown[:maxEvidence]
			}
			if v.in.data != nil {
				s.fail("%s:%d: pre-check %q returns %d row(s): fix them before the migration", pc.File, pc.Line, pc.Name, len(rows))
				for _, r := range shown {
					s.evidence("%s", rowText(cols, r))
				}
				continue
			}
			s.note("%s: %d generated hazard row(s) found, as intended; they are deleted before up:", pc.Name, len(rows))
			for _, r := range shown {
				s.note("  %s", rowText(cols, r))
			}
			if err := v.deleteRows(ctx, text, cols, rows, deleted); err != nil {
				s.fail("%s:%d: cannot set the pre-check's rows aside: %v", pc.File, pc.Line, err)
			}
		}
		for _, t := range deleted.sortedKeys() {
			if n := len(deleted[t]); n > 0 {
				s.note("set aside: %s %d row(s) (pre-check rows and the rows of other tables that referenced them)", t, n)
			}
		}
	})
	return deleted, s.Pass
}

// deletedRows lists the rows set aside before up: "db.table" → the key
// of each row.
type deletedRows map[string][]keyVals

// keyVals is a row's key: its columns and their values.
type keyVals struct {
	Cols []string
	Vals []sql.NullString
}

func (d deletedRows) sortedKeys() []string {
	var out []string
	for k := range d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func rowText(cols []string, r []sql.NullString) string {
	var parts []string
	for i, c := range cols {
		val := "NULL"
		if r[i].Valid {
			val = show(cell{Text: r[i].String})
		}
		parts = append(parts, c+"="+val)
	}
	return strings.Join(parts, ", ")
}

func (v *verifier) rows(ctx context.Context, text string) ([]string, [][]sql.NullString, error) {
	rs, err := v.conn.QueryContext(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]sql.NullString
	for rs.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		out = append(out, vals)
	}
	return cols, out, rs.Err()
}

// deleteRows deletes the pre-check's rows from the one table it reads,
// matching the result columns that are that table's key, and then the
// rows of other tables that referenced them through a foreign key (they
// would be orphans, which a later ALTER … ALGORITHM=COPY refuses with
// error 1452). Every deleted row's key is added to deleted.
func (v *verifier) deleteRows(ctx context.Context, precheck string, cols []string, rows [][]sql.NullString, deleted deletedRows) error {
	node, err := parser.New().ParseOneStmt(precheck, "", "")
	if err != nil {
		return err
	}
	tn := &tableRefs{}
	node.Accept(tn)
	if len(tn.names) != 1 {
		return fmt.Errorf("it reads %d tables, not one", len(tn.names))
	}
	db := tn.names[0].Schema.O
	if db == "" {
		db = v.qdb
	}
	table := tn.names[0].Name.O
	tcols, err := v.columns(ctx, db, table)
	if err != nil {
		return err
	}
	key := v.rowKey(ctx, db, table, tcols)
	var where []string
	var idx []int
	for _, k := range key {
		i := -1
		for j, c := range cols {
			if strings.EqualFold(c, tcols[k].Name) {
				i = j
			}
		}
		if i < 0 {
			return fmt.Errorf("its result lacks key column %s", tcols[k].Name)
		}
		where = append(where, quoteIdent(tcols[k].Name)+" = ?")
		idx = append(idx, i)
	}
	if _, err := v.conn.ExecContext(ctx, "SET foreign_key_checks = 0"); err != nil {
		return err
	}
	defer v.conn.ExecContext(ctx, "SET foreign_key_checks = 1")
	del := fmt.Sprintf("DELETE FROM %s.%s WHERE %s", quoteIdent(db), quoteIdent(table), strings.Join(where, " AND "))
	name := db + "." + table
	for _, r := range rows {
		args := make([]any, len(idx))
		rk := keyVals{}
		for i, j := range idx {
			args[i] = r[j].String
			rk.Cols = append(rk.Cols, tcols[key[i]].Name)
			rk.Vals = append(rk.Vals, r[j])
		}
		if _, err := v.conn.ExecContext(ctx, del, args...); err != nil {
			return err
		}
		deleted[name] = append(deleted[name], rk)
	}
	return v.deleteOrphans(ctx, db, table, deleted, map[string]bool{name: true})
}

// deleteOrphans deletes the rows of tables whose foreign keys reference
// db.table and no longer find their parent row, recursively.
func (v *verifier) deleteOrphans(ctx context.Context, db, table string, deleted deletedRows, seen map[string]bool) error {
	rs, err := v.conn.QueryContext(ctx, `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME = ?
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`, db, table)
	if err != nil {
		return err
	}
	type fk struct {
		db, table  string
		cols, refs []string
	}
	var fks []*fk
	last := ""
	for rs.Next() {
		var cdb, ct, cn, col, ref string
		if err := rs.Scan(&cdb, &ct, &cn, &col, &ref); err != nil {
			rs.Close()
			return err
		}
		if n := len(fks); n > 0 && last == cdb+"."+ct+"."+cn {
			fks[n-1].cols = append(fks[n-1].cols, col)
			fks[n-1].refs = append(fks[n-1].refs, ref)
		} else {
			fks = append(fks, &fk{db: cdb, table: ct, cols: []string{col}, refs: []string{ref}})
		}
		last = cdb + "." + ct + "." + cn
	}
	rs.Close()
	for _, f := range fks {
		tcols, err := v.columns(ctx, f.db, f.table)
		if err != nil {
			return err
		}
		key := v.rowKey(ctx, f.db, f.table, tcols)
		var sel, notNull, match []string
		for _, k := range key {
			sel = append(sel, "c."+quoteIdent(tcols[k].Name))
		}
		for i := range f.cols {
			notNull = append(notNull, "c."+quoteIdent(f.cols[i])+" IS NOT NULL")
			match = append(match, "p."+quoteIdent(f.refs[i])+" = c."+quoteIdent(f.cols[i]))
		}
		orphan := fmt.Sprintf("FROM %s.%s AS c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s.%s AS p WHERE %s)",
			quoteIdent(f.db), quoteIdent(f.table), strings.Join(notNull, " AND "), quoteIdent(db), quoteIdent(table), strings.Join(match, " AND "))
		_, rows, err := v.rows(ctx, "SELECT "+strings.Join(sel, ", ")+" "+orphan)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			continue
		}
		name := f.db + "." + f.table
		for _, r := range rows {
			rk := keyVals{Vals: r}
			for _, k := range key {
				rk.Cols = append(rk.Cols, tcols[k].Name)
			}
			deleted[name] = append(deleted[name], rk)
		}
		if _, err := v.conn.ExecContext(ctx, "DELETE c "+orphan); err != nil {
			return err
		}
		if !seen[name] {
			seen[name] = true
			if err := v.deleteOrphans(ctx, f.db, f.table, deleted, seen); err != nil {
				return err
			}
			delete(seen, name)
		}
	}
	return nil
}

type tableRefs struct{ names []*ast.TableName }

func (t *tableRefs) Enter(n ast.Node) (ast.Node, bool) {
	if tn, ok := n.(*ast.TableName); ok {
		t.names = append(t.names, tn)
	}
	return n, false
}
func (t *tableRefs) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// changedColumns lists the columns whose definition up changed, as
// "db.table.col" of the server.
func changedColumns(before, after snapshot) map[string]bool {
	out := map[string]bool{}
	for name, b := range before {
		a := after[name]
		if a == nil {
			continue
		}
		for _, c := range b.Cols {
			if i := colIndex(a.Cols, c.Name); i >= 0 && a.Cols[i].def() != c.def() {
				out[strings.ToLower(name+"."+c.Name)] = true
			}
		}
	}
	return out
}

// queriesAfter is step 5: the queries again. A query that ran before and
// fails now fails the step; a query whose finding names a changed column
// must run now, and its EXPLAIN must use an index on each changed column
// of the finding that has one.
func (v *verifier) queriesAfter(ctx context.Context, s *Step, changed map[string]bool, before map[*query]error) {
	v.runQueries(ctx)
	for _, q := range v.qs {
		if q.NotRun != "" {
			continue
		}
		was := before[q]
		switch {
		case was == nil && q.Err != nil:
			s.fail("%s: ran before up, fails after: %v", q.where(), q.Err)
			continue
		case was != nil && q.Err == nil:
			s.note("%s: fixed: failed before (%v), runs now", q.where(), was)
		}
		meant := false
		for _, f := range q.Findings {
			cols := v.changedOf(f, changed)
			if len(cols) == 0 {
				continue
			}
			meant = true
			if q.Err != nil {
				s.fail("%s: %s %s is meant to be fixed (it names %s) but the query still fails: %v", q.where(), f.Rule, f.Name, strings.Join(cols, ", "), q.Err)
				break
			}
			if f.ServerError != 0 && was == nil {
				s.note("%s: %s (error %d) did not fail on this server before up (connection collation %s)", q.where(), f.Rule, f.ServerError, v.run.ConnCollation)
			}
			if f.Impact != "query-error" && f.Impact != "index-unusable" {
				continue
			}
			for _, col := range cols {
				idx := v.indexesOn(ctx, col)
				if len(idx) == 0 {
					s.note("%s: %s has no index: no EXPLAIN check", q.where(), col)
					continue
				}
				line := ""
				for i, k := range q.explainKey {
					if idx[strings.ToLower(k)] && lookup[q.explainType[i]] {
						line = q.Explain[i]
					}
				}
				if line != "" {
					s.note("%s: %s %s fixed; EXPLAIN looks %s up through its index: %s", q.where(), f.Rule, f.Name, col, line)
					continue
				}
				// The optimizer may prefer another plan on sample data: ask
				// whether the index can serve the comparison at all.
				probe, probeLine := v.probe(ctx, f, col, idx)
				if probeLine != "" {
					s.note("%s: %s %s fixed; the optimizer prefers another plan on this data (%s), and %s uses the index: %s", q.where(), f.Rule, f.Name, strings.Join(q.Explain, "; "), probe, probeLine)
					continue
				}
				if c := constPlan(q.Explain); c != "" {
					// The optimizer answered from constants (a const
					// subquery or lookup found nothing): the plan shows no
					// access to judge. The query runs; say so.
					s.note("%s: %s %s: runs after up; index on %s not judged: the optimizer answered from constants on this data (%s)", q.where(), f.Rule, f.Name, col, c)
					continue
				}
				s.fail("%s: %s %s: EXPLAIN does not look %s up through an index after up:", q.where(), f.Rule, f.Name, col)
				for _, l := range q.Explain {
					s.evidence("EXPLAIN %s", l)
				}
				if probe != "" {
					s.evidence("%s: no lookup through the index either", probe)
				}
			}
		}
		if !meant && was != nil && q.Err != nil {
			s.note("%s: still fails (not a query this migration is meant to fix): %v", q.where(), q.Err)
		}
	}
}

// constPlan returns the Extra of an EXPLAIN line saying that the
// optimizer decided the result from constants, "" if none does.
func constPlan(lines []string) string {
	for _, l := range lines {
		if i := strings.Index(l, "Extra "); i >= 0 {
			e := l[i+len("Extra "):]
			if strings.HasPrefix(e, "Impossible WHERE") || strings.HasPrefix(e, "no matching row in const table") || strings.HasPrefix(e, "Impossible HAVING") {
				return e
			}
		}
	}
	return ""
}

// changedOf returns the finding's columns (server names) that up changed.
func (v *verifier) changedOf(f lint.Finding, changed map[string]bool) []string {
	var out []string
	for _, c := range f.Columns {
		p := strings.SplitN(c, ".", 3)
		if len(p) != 3 {
			continue
		}
		name := v.serverDB(p[0]) + "." + p[1] + "." + p[2]
		if changed[strings.ToLower(name)] {
			out = append(out, name)
		}
	}
	return out
}

// lookup lists the EXPLAIN access types that look rows up through a key
// (not "index", a full index scan).
var lookup = map[string]bool{"const": true, "system": true, "eq_ref": true, "ref": true, "ref_or_null": true, "range": true, "index_merge": true, "unique_subquery": true, "index_subquery": true, "fulltext": true}

// probe asks the server whether an index on col can serve the finding's
// comparison of its two columns: EXPLAIN SELECT STRAIGHT_JOIN … FROM
// other JOIN t FORCE INDEX (idx) ON t.col = other.col. It returns the
// probe and the EXPLAIN line of t when that is a lookup.
func (v *verifier) probe(ctx context.Context, f lint.Finding, col string, idx map[string]bool) (string, string) {
	var other string
	for _, c := range f.Columns {
		p := strings.SplitN(c, ".", 3)
		if len(p) == 3 {
			if name := v.serverDB(p[0]) + "." + p[1] + "." + p[2]; !strings.EqualFold(name, col) {
				other = name
			}
		}
	}
	a, b := strings.SplitN(col, ".", 3), strings.SplitN(other, ".", 3)
	if len(a) != 3 || len(b) != 3 {
		return "", ""
	}
	for ix := range idx {
		if ix == "primary" {
			ix = "PRIMARY"
		}
		probe := fmt.Sprintf("SELECT STRAIGHT_JOIN 1 FROM %s.%s AS o JOIN %s.%s AS x FORCE INDEX (%s) ON x.%s = o.%s",
			quoteIdent(b[0]), quoteIdent(b[1]), quoteIdent(a[0]), quoteIdent(a[1]), quoteIdent(ix), quoteIdent(a[2]), quoteIdent(b[2]))
		lines, keys, types, err := v.explain(ctx, probe)
		if err != nil {
			continue
		}
		for i := range lines {
			if strings.EqualFold(keys[i], ix) && lookup[types[i]] {
				return probe, lines[i]
			}
		}
		return probe, ""
	}
	return "", ""
}

// indexesOn returns the names (lower case) of indexes containing the
// server column "db.table.col".
func (v *verifier) indexesOn(ctx context.Context, col string) map[string]bool {
	p := strings.SplitN(col, ".", 3)
	out := map[string]bool{}
	if len(p) != 3 {
		return out
	}
	rows, err := v.conn.QueryContext(ctx, "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?", p[0], p[1], p[2])
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			out[strings.ToLower(n)] = true
		}
	}
	return out
}
