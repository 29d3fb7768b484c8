package livecat_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/livecat"
	"github.com/collint/collint/lint/schemadiff"
	"github.com/collint/collint/lint/schemaout"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// parityCase is one schema loaded into a server and built by collint.
type parityCase struct {
	name      string
	files     []string // applied in order
	defaultDB string   // created and selected first ("" → the implicit database)
}

// tally counts the columns compared and those that agree, per field.
type tally struct {
	columns, viewColumns                      int
	typ, cs, coll, null, deflt, all, viewsAll int
	defaultsCompared                          int
	missing                                   int
	indexes, indexAgree, fks, fkAgree         int
	keyBytes, keyBytesAgree                   int
	explained, explainAgree, explainSkipped   int
	mismatches                                []string
}

func (a *tally) add(b tally) {
	a.columns += b.columns
	a.viewColumns += b.viewColumns
	a.typ += b.typ
	a.cs += b.cs
	a.coll += b.coll
	a.null += b.null
	a.deflt += b.deflt
	a.defaultsCompared += b.defaultsCompared
	a.all += b.all
	a.viewsAll += b.viewsAll
	a.missing += b.missing
	a.indexes += b.indexes
	a.indexAgree += b.indexAgree
	a.fks += b.fks
	a.fkAgree += b.fkAgree
	a.keyBytes += b.keyBytes
	a.keyBytesAgree += b.keyBytesAgree
	a.explained += b.explained
	a.explainAgree += b.explainAgree
	a.explainSkipped += b.explainSkipped
	a.mismatches = append(a.mismatches, b.mismatches...)
}

func pct(n, d int) string {
	if d == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(d))
}

func (a tally) String() string {
	base := a.columns - a.viewColumns
	return fmt.Sprintf("%d columns (%d of tables, %d of views): all four fields agree for %d of table columns (%s), %d of view columns (%s); "+
		"COLUMN_TYPE %s, CHARACTER_SET_NAME %s, COLLATION_NAME %s, IS_NULLABLE %s; missing %d; "+
		"defaults %d/%d; indexes %d/%d; key_bytes %d/%d (EXPLAIN key_len agrees for %d of %d B-tree indexes probed, %d not probed); foreign keys %d/%d",
		a.columns, base, a.viewColumns, a.all-a.viewsAll, pct(a.all-a.viewsAll, base), a.viewsAll, pct(a.viewsAll, a.viewColumns),
		pct(a.typ, a.columns), pct(a.cs, a.columns), pct(a.coll, a.columns), pct(a.null, a.columns), a.missing,
		a.deflt, a.defaultsCompared, a.indexAgree, a.indexes, a.keyBytesAgree, a.keyBytes, a.explainAgree, a.explained, a.explainSkipped, a.fkAgree, a.fks)
}

// serverCharset is what information_schema.COLUMNS says for a column of
// collint's: binary strings have no character set there (NULL).
func serverSide(c schemaout.Column) (cs, coll string) {
	if c.Charset == "binary" {
		if ty, err := catalog.ParseColumnType(c.Type); err == nil && ty.Class() == catalog.ClassString {
			return "", ""
		}
	}
	return c.Charset, c.Collation
}

// compare counts the agreement of collint's schema (mine) with the
// server's (srv), column by column.
func compare(mine, srv *schemaout.Schema) tally {
	var r tally
	idx := map[string]*schemaout.Table{}
	for i := range mine.Databases {
		d := &mine.Databases[i]
		for j := range d.Tables {
			idx[strings.ToLower(d.Name+"."+d.Tables[j].Name)] = &d.Tables[j]
		}
	}
	for _, d := range srv.Databases {
		for _, st := range d.Tables {
			key := d.Name + "." + st.Name
			mt := idx[strings.ToLower(key)]
			for _, sc := range st.Columns {
				r.columns++
				if st.View {
					r.viewColumns++
				}
				var mc *schemaout.Column
				if mt != nil {
					for k := range mt.Columns {
						if strings.EqualFold(mt.Columns[k].Name, sc.Name) {
							mc = &mt.Columns[k]
						}
					}
				}
				if mc == nil {
					r.missing++
					r.mismatches = append(r.mismatches, fmt.Sprintf("%s.%s: missing in collint's catalog", key, sc.Name))
					continue
				}
				scs, scoll := serverSide(sc)
				mcs, mcoll := serverSide(*mc)
				ok := true
				check := func(field, a, b string, n *int) {
					if a == b {
						*n++
						return
					}
					ok = false
					r.mismatches = append(r.mismatches, fmt.Sprintf("%s.%s: %s: server %q, collint %q", key, sc.Name, field, a, b))
				}
				check("COLUMN_TYPE", sc.Type, mc.Type, &r.typ)
				check("CHARACTER_SET_NAME", scs, mcs, &r.cs)
				check("COLLATION_NAME", scoll, mcoll, &r.coll)
				check("IS_NULLABLE", fmt.Sprint(sc.Nullable), fmt.Sprint(mc.Nullable), &r.null)
				if ok {
					r.all++
					if st.View {
						r.viewsAll++
					}
				}
				if !st.View {
					r.defaultsCompared++
					if describe(sc.Default) == describe(mc.Default) {
						r.deflt++
					} else {
						r.mismatches = append(r.mismatches, fmt.Sprintf("%s.%s: COLUMN_DEFAULT: server %s, collint %s", key, sc.Name, describe(sc.Default), describe(mc.Default)))
					}
				}
			}
			if mt == nil || st.View {
				continue
			}
			for _, six := range st.Indexes {
				r.indexes++
				var mix *schemaout.Index
				for k := range mt.Indexes {
					if strings.EqualFold(mt.Indexes[k].Name, six.Name) {
						mix = &mt.Indexes[k]
					}
				}
				if mix == nil {
					r.mismatches = append(r.mismatches, fmt.Sprintf("%s: index %s %v missing in collint's catalog", key, six.Name, six.Columns))
					continue
				}
				if fmt.Sprint(lower(six.Columns), six.Prefixes, six.Unique, six.Kind, six.Using) == fmt.Sprint(lower(mix.Columns), mix.Prefixes, mix.Unique, mix.Kind, mix.Using) {
					r.indexAgree++
				} else {
					r.mismatches = append(r.mismatches, fmt.Sprintf("%s: index %s: server %v%v unique=%v %s, collint %v%v unique=%v %s", key, six.Name,
						six.Columns, six.Prefixes, six.Unique, six.Kind, mix.Columns, mix.Prefixes, mix.Unique, mix.Kind))
				}
				r.keyBytes++
				if six.KeyBytes == mix.KeyBytes {
					r.keyBytesAgree++
				} else {
					r.mismatches = append(r.mismatches, fmt.Sprintf("%s: index %s key_bytes: server %d, collint %d", key, six.Name, six.KeyBytes, mix.KeyBytes))
				}
			}
			for _, sfk := range st.ForeignKeys {
				r.fks++
				var m *schemaout.ForeignKey
				for k := range mt.ForeignKeys {
					if strings.EqualFold(mt.ForeignKeys[k].Name, sfk.Name) {
						m = &mt.ForeignKeys[k]
					}
				}
				if m != nil && fmt.Sprint(lower(sfk.Columns), sfk.RefTable, lower(sfk.RefColumns)) == fmt.Sprint(lower(m.Columns), m.RefTable, lower(m.RefColumns)) {
					r.fkAgree++
				} else {
					r.mismatches = append(r.mismatches, fmt.Sprintf("%s: foreign key %s %v → %s%v: collint has %+v", key, sfk.Name, sfk.Columns, sfk.RefTable, sfk.RefColumns, m))
				}
			}
		}
	}
	return r
}

func lower(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToLower(x)
	}
	return out
}

func describe(d *string) string {
	if d == nil {
		return "NULL"
	}
	return fmt.Sprintf("%q", *d)
}

// resetServer drops every non-system database.
func resetServer(t *testing.T, ctx context.Context, conn *sql.Conn) {
	t.Helper()
	rows, err := conn.QueryContext(ctx, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('mysql','information_schema','performance_schema','sys')")
	if err != nil {
		t.Fatal(err)
	}
	var dbs []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		dbs = append(dbs, n)
	}
	rows.Close()
	for _, d := range dbs {
		if _, err := conn.ExecContext(ctx, "DROP DATABASE `"+d+"`"); err != nil {
			t.Fatal(err)
		}
	}
}

// runCase loads the case into the server and into collint, and compares.
// refusals are the server's errors, positioned.
func runCase(t *testing.T, pool *sql.DB, fl *flavor.Flavor, c parityCase) (res tally, refusals, collintErrors []string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	resetServer(t, ctx, conn)
	db := c.defaultDB
	if db == "" {
		db = lint.ImplicitDatabase
	}
	for _, q := range []string{"SET SESSION sql_mode = DEFAULT", "SET NAMES utf8mb4", "CREATE DATABASE `" + db + "`", "USE `" + db + "`"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := lint.Run(lint.Config{Schemas: c.files, Flavor: fl.Name, DefaultDB: c.defaultDB})
	if err != nil {
		t.Fatal(err)
	}
	reported := func(file string, from, to int) bool {
		for _, e := range rep.Errors {
			if e.File == file && e.Line >= from && e.Line <= to {
				return true
			}
		}
		return false
	}
	expected := map[string]bool{} // file:line of the errors the server raised on purpose
	opts := sqlsplit.Options{MariaDB: fl.MariaDB, ServerVersion: fl.Version}
	for _, f := range c.files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts, errs := sqlsplit.Split(data, opts)
		for _, e := range errs {
			t.Errorf("%s: %v", f, e)
		}
		for _, st := range stmts {
			want := refusedCode(st, fl)
			_, err := conn.ExecContext(ctx, st.Text)
			var me *mysql.MySQLError
			got := 0
			if errors.As(err, &me) {
				got = int(me.Number)
			}
			switch {
			case want != 0 && got != want:
				t.Errorf("%s:%d: the server should refuse this with error %d, got %v", f, st.Start.Line, want, err)
			case want != 0 && !reported(f, st.Start.Line, st.End.Line):
				t.Errorf("%s:%d: the server refuses this (%v); collint reports nothing", f, st.Start.Line, err)
			case want != 0:
				named := false
				var msgs []string
				for _, e := range rep.Errors {
					if e.File == f && e.Line >= st.Start.Line && e.Line <= st.End.Line {
						expected[fmt.Sprintf("%s:%d", e.File, e.Line)] = true
						named = named || strings.Contains(e.Message, fmt.Sprint(want))
						msgs = append(msgs, e.Message)
					}
				}
				if !named {
					t.Errorf("%s:%d: collint reports %q, the server error %d", f, st.Start.Line, msgs, want)
				}
			case err != nil:
				refusals = append(refusals, fmt.Sprintf("%s:%d: %v", f, st.Start.Line, err))
			}
		}
	}
	for _, e := range rep.Errors {
		if !expected[fmt.Sprintf("%s:%d", e.File, e.Line)] {
			collintErrors = append(collintErrors, fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message))
		}
	}
	mine := schemaout.FromCatalog(rep.Catalog)
	srv, err := livecat.Read(ctx, pool, nil)
	if err != nil {
		t.Fatal(err)
	}
	res = compare(mine, srv)
	explainKeyLens(t, conn, fl, mine, &res)
	for _, ch := range schemadiff.Diff(mine, srv, schemadiff.Options{IgnoreDefaults: true, IgnoreEmptyDatabases: true}) {
		// databases and tables: their existence, kind, charset and collation
		if strings.Count(ch.Path, ".") < 2 && (ch.Field == "" || ch.Field == "kind" || ch.Field == "charset" || ch.Field == "collation") {
			res.mismatches = append(res.mismatches, "(diff) "+ch.String())
		}
	}
	return res, refusals, collintErrors
}

var refusedRe = regexp.MustCompile(`--\s*refused(?:\((mysql|mariadb)\))?:\s*(\d+)`)

// refusedCode is the error code a "-- refused: CODE" comment (or
// "refused(mysql): CODE", "refused(mariadb): CODE" for one family) on the
// line before the statement or on its first line announces (0 for none).
func refusedCode(st sqlsplit.Statement, fl *flavor.Flavor) int {
	for _, c := range st.Comments {
		if c.Pos.Line >= st.Start.Line-1 && c.Pos.Line <= st.Start.Line {
			for _, m := range refusedRe.FindAllStringSubmatch(c.Text, -1) {
				if m[1] == "" || (m[1] == "mariadb") == fl.MariaDB {
					n, _ := strconv.Atoi(m[2])
					return n
				}
			}
		}
	}
	return 0
}

// builtinCases are the schemas of lint/catalog/testdata/schemas (NAME.sql
// for every flavor, NAME.mysql.sql or NAME.mariadb.sql for one family) and
// every fixture's schema of the server's family.
func builtinCases(t *testing.T, fl *flavor.Flavor) []parityCase {
	var cases []parityCase
	files, _ := filepath.Glob("../catalog/testdata/schemas/*.sql")
	sort.Strings(files)
	for _, f := range files {
		base := filepath.Base(f)
		switch {
		case strings.HasSuffix(base, ".mysql.sql") && fl.MariaDB, strings.HasSuffix(base, ".mariadb.sql") && !fl.MariaDB:
			continue
		}
		c := parityCase{name: strings.TrimSuffix(base, ".sql"), files: []string{f}}
		cases = append(cases, c)
	}
	dirs, _ := filepath.Glob("../../fixtures/*")
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		var c parityCase
		c.name = "fixture-" + filepath.Base(dir)
		var fixtureFlavor string
		if data, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
			f := strings.Fields(string(data))
			for i := 0; i+1 < len(f); i += 2 {
				switch f[i] {
				case "--flavor":
					fixtureFlavor = f[i+1]
				case "--default-database":
					c.defaultDB = f[i+1]
				}
			}
		}
		if strings.HasPrefix(fixtureFlavor, "mariadb") != fl.MariaDB {
			continue
		}
		var paths []string
		for _, name := range []string{"schema", "schema.sql"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				paths = append(paths, filepath.Join(dir, name))
			}
		}
		expanded, err := inputs.Expand(paths, inputs.Schema)
		if err != nil {
			t.Fatal(err)
		}
		c.files = expanded
		cases = append(cases, c)
	}
	return cases
}

// TestCatalogMatchesServer loads real-world-shaped schemas (mysqldump
// output with conditional comments and DELIMITER blocks, views, triggers,
// procedures, ALTER sequences, utf8mb3, latin1, ascii, binary and euckr
// columns) and every fixture's schema into each test image, and checks that
// collint's catalog, built for the server's own flavor, equals
// information_schema.COLUMNS (COLUMN_TYPE, CHARACTER_SET_NAME,
// COLLATION_NAME, IS_NULLABLE) for every column of every table and view.
func TestCatalogMatchesServer(t *testing.T) {
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		srv := sandboxtest.StartWith(t, sandbox.Options{Image: image, Labels: map[string]string{"collint.suite": "schema-parity"}})
		fl, err := flavor.Lookup(flavor.FromVersion(srv.Version()))
		if err != nil {
			t.Fatal(err)
		}
		pool, err := srv.Open("")
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		var total tally
		for _, c := range builtinCases(t, fl) {
			t.Run(c.name, func(t *testing.T) {
				res, refusals, errs := runCase(t, pool, fl, c)
				for _, r := range refusals {
					t.Errorf("the server refuses: %s", r)
				}
				for _, e := range errs {
					t.Errorf("collint: %s", e)
				}
				for _, m := range res.mismatches {
					t.Error(m)
				}
				t.Logf("%s", res)
				total.add(res)
			})
		}
		t.Logf("%s (%s, flavor %s): %s", image, srv.Version(), fl.Name, total)
	})
}

// explainKeyLens checks key_bytes against the server's own count: for every
// B-tree index of an InnoDB table, EXPLAIN of a self-join on all of the
// index's parts (STRAIGHT_JOIN … FORCE INDEX) shows key_len, which is
// key_bytes plus 1 byte per nullable part and 2 length bytes per
// variable-length part.
func explainKeyLens(t *testing.T, conn *sql.Conn, fl *flavor.Flavor, mine *schemaout.Schema, res *tally) {
	ctx := context.Background()
	q := func(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
	for _, d := range mine.Databases {
		for _, tb := range d.Tables {
			if tb.View {
				continue
			}
			var engine string
			if err := conn.QueryRowContext(ctx, "SELECT COALESCE(ENGINE,'') FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", d.Name, tb.Name).Scan(&engine); err != nil || !strings.EqualFold(engine, "InnoDB") {
				res.explainSkipped += len(tb.Indexes)
				continue
			}
			for _, ix := range tb.Indexes {
				if ix.Kind != "" || ix.Using != "" || strings.HasPrefix(ix.Columns[0], "(") {
					res.explainSkipped++
					continue
				}
				want := ix.KeyBytes
				var on []string
				ok := true
				for i, cn := range ix.Columns {
					var col *schemaout.Column
					for k := range tb.Columns {
						if strings.EqualFold(tb.Columns[k].Name, cn) {
							col = &tb.Columns[k]
						}
					}
					if col == nil || strings.HasPrefix(col.Type, "json") || col.Generated {
						ok = false
						break
					}
					if col.Nullable {
						want++
					}
					ty, _ := catalog.ParseColumnType(col.Type)
					prefixed := i < len(ix.Prefixes) && ix.Prefixes[i] > 0
					if ty.Base == "varchar" || ty.Base == "varbinary" || ty.IsText() && prefixed {
						want += 2
					}
					on = append(on, "b."+q(cn)+" = a."+q(cn))
				}
				if !ok {
					res.explainSkipped++
					continue
				}
				format := " FORMAT=TRADITIONAL"
				if fl.MariaDB {
					format = ""
				}
				query := "EXPLAIN" + format + " SELECT 1 FROM " + q(d.Name) + "." + q(tb.Name) + " AS a STRAIGHT_JOIN " + q(d.Name) + "." + q(tb.Name) +
					" AS b FORCE INDEX (" + q(ix.Name) + ") ON " + strings.Join(on, " AND ")
				got, found := explainKeyLen(ctx, conn, query, ix.Name)
				if !found {
					res.explainSkipped++
					continue
				}
				res.explained++
				if got == want {
					res.explainAgree++
				} else {
					res.mismatches = append(res.mismatches, fmt.Sprintf("%s.%s: index %s: EXPLAIN key_len %d, expected key_bytes %d + NULL/length bytes = %d", d.Name, tb.Name, ix.Name, got, ix.KeyBytes, want))
				}
			}
		}
	}
}

// explainKeyLen runs an EXPLAIN and returns the key_len of table b's row
// when it uses the index.
func explainKeyLen(ctx context.Context, conn *sql.Conn, query, index string) (int, bool) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return 0, false
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if rows.Scan(ptrs...) != nil {
			return 0, false
		}
		row := map[string]string{}
		for i, c := range cols {
			row[strings.ToLower(c)] = vals[i].String
		}
		if row["table"] == "b" && strings.EqualFold(row["key"], index) {
			n, err := strconv.Atoi(row["key_len"])
			return n, err == nil
		}
	}
	return 0, false
}
