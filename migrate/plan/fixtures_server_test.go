package plan_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/plan"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// servers are the real servers every fixture's plan is proven on, with
// the flavor collint plans for each.
var servers = []struct{ image, flavor string }{
	{"collint/mysql:9.7", "mysql-9"},
	{"collint/mariadb:10.11", "mariadb-10.11"},
}

// TestEveryFixtureOnServers proves the plan of every fixture on each
// server whose flavor can load it: the schema loads; the plan (made for
// that server's flavor) applies; collint, linting the schema the server
// now has (its SHOW CREATE output), no longer reports the findings the plan
// ends; every fixture query the server rejected with 1267/1270/1271 and
// whose findings the plan ends now runs; down restores SHOW CREATE TABLE
// of every touched table byte for byte. A fixture the server cannot load
// is reported as not applicable (skipped, never passed) with the server's
// error. One container per image; each fixture's databases are dropped
// after it.
func TestEveryFixtureOnServers(t *testing.T) {
	if testing.Short() {
		t.Skip("needs real servers; skipped with -short")
	}
	for _, sv := range servers {
		t.Run(sv.flavor, func(t *testing.T) {
			began := time.Now()
			srv := sandboxtest.Start(t, sv.image)
			t.Logf("%s started in %v", sv.image, time.Since(began).Round(time.Millisecond))
			var notApplicable []string
			for _, dir := range fixtures.Dirs("../../fixtures") {
				name := filepath.Base(dir)
				t.Run(name, func(t *testing.T) {
					start := time.Now()
					defer func() { t.Logf("%s on %s: %v", name, sv.image, time.Since(start).Round(time.Millisecond)) }()
					if why := proveFixture(t, srv, sv.flavor, dir); why != "" {
						notApplicable = append(notApplicable, name+": "+why)
						t.Skipf("not applicable on %s: %s", sv.image, why)
					}
				})
			}
			for _, s := range notApplicable {
				t.Logf("not applicable on %s: %s", sv.image, s)
			}
			t.Logf("%s: every fixture in %v", sv.image, time.Since(began).Round(time.Millisecond))
		})
	}
}

// proveFixture runs one fixture on srv; it returns why the fixture does
// not apply to this server ("" when it ran).
func proveFixture(t *testing.T, srv *sandbox.Server, flavor, dir string) string {
	ctx := context.Background()
	cfg, err := fixtures.Config(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Flavor = flavor
	connColl := cfg.ConnCollation
	if connColl == "" {
		connColl = srv.Defaults().CollationServer
	}
	db, err := sql.Open("mysql", srv.DSNWith("", map[string]string{"collation": connColl}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Sprintf("connection collation %s: %v", connColl, err)
	}
	defer conn.Close()
	before := databases(t, ctx, conn)
	defer func() {
		for _, d := range databases(t, ctx, conn) {
			if !contains(before, d) {
				conn.ExecContext(ctx, "DROP DATABASE "+quote(d))
			}
		}
	}()

	// load the schema the way collint reads it
	schemaFiles, err := inputs.Load(abs(dir, cfg.Schemas), inputs.Schema)
	if err != nil {
		t.Fatal(err)
	}
	mariadb := strings.HasPrefix(flavor, "mariadb")
	if cfg.DefaultDB != "" { // collint creates it with the server defaults
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quote(cfg.DefaultDB)); err != nil {
			t.Fatal(err)
		}
		conn.ExecContext(ctx, "USE "+quote(cfg.DefaultDB))
	}
	for _, f := range schemaFiles {
		stmts, errs := sqlsplit.Split(f.Data, sqlsplit.Options{MariaDB: mariadb})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", f.Path, errs)
		}
		for _, st := range stmts {
			if _, err := conn.ExecContext(ctx, st.Text); err != nil {
				return fmt.Sprintf("%s:%d: the server refuses the schema: %v", filepath.Base(f.Path), st.Start.Line, err)
			}
		}
	}
	if _, err := conn.ExecContext(ctx, "SET NAMES "+charsetOf(connColl)+" COLLATE "+connColl); err != nil {
		t.Fatal(err)
	}

	rep, err := lintIn(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(rep, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ended := map[string]bool{} // "file:line:col RULE"
	for _, m := range p.Migrations {
		for _, ch := range m.Changes {
			for _, f := range ch.Findings {
				ended[f] = true
			}
		}
	}
	queries := loadQueries(t, dir, cfg, mariadb)
	if cfg.DefaultDB != "" {
		conn.ExecContext(ctx, "USE "+quote(cfg.DefaultDB))
	}
	rejected := map[int]error{}
	for i, q := range queries {
		if _, err := execIn(ctx, conn, q, cfg.DefaultDB); err != nil && collationError(err) {
			rejected[i] = err
		}
	}
	proveQueryFixes(t, ctx, conn, rep, p, queries, cfg.DefaultDB)

	// SHOW CREATE TABLE of every touched table, before
	original := map[string]string{}
	for _, m := range p.Migrations {
		for _, tb := range m.Tables {
			original[tb.QualifiedName()] = showCreate(t, ctx, conn, tb.DB, tb.Name)
		}
	}
	for _, m := range p.Migrations {
		for _, st := range m.Statements {
			if _, err := conn.ExecContext(ctx, st.SQL); err != nil {
				t.Fatalf("migration %s: up statement refused: %v\n%s", m.Name, err, st.SQL)
			}
		}
	}

	// the server's schema now lints without the ended findings
	dump := dumpSchema(t, ctx, conn, before)
	dumpFile := filepath.Join(t.TempDir(), "migrated.sql")
	if err := os.WriteFile(dumpFile, []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	after := cfg
	after.Schemas = []string{dumpFile}
	rep2, err := lintIn(dir, after)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep2.Errors) > 0 {
		t.Errorf("the migrated schema (SHOW CREATE output) does not lint cleanly: %+v", rep2.Errors)
	}
	for _, f := range rep2.Findings {
		if key := fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Rule); ended[key] {
			t.Errorf("after up collint still reports %s: %s", key, f.Message)
		}
	}
	// every rejected query whose findings the plan ends now runs
	if cfg.DefaultDB != "" {
		conn.ExecContext(ctx, "USE "+quote(cfg.DefaultDB))
	}
	for i, q := range queries {
		if rejected[i] == nil || !q.allEnded(rep.Findings, ended) {
			continue
		}
		if _, err := execIn(ctx, conn, q, cfg.DefaultDB); err != nil {
			t.Errorf("%s: rejected before up (%v), still after: %v\n%s", q.file, rejected[i], err, q.text)
		}
	}

	for i := len(p.Migrations) - 1; i >= 0; i-- {
		m := p.Migrations[i]
		stmts, _ := sqlsplit.Split([]byte(m.Down), sqlsplit.Options{MariaDB: mariadb})
		for _, st := range stmts {
			if _, err := conn.ExecContext(ctx, st.Text); err != nil {
				t.Fatalf("migration %s: down statement refused: %v\n%s", m.Name, err, st.Text)
			}
		}
	}
	names := make([]string, 0, len(original))
	for n := range original {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		dbName, table, _ := strings.Cut(n, ".")
		if got := showCreate(t, ctx, conn, dbName, table); got != original[n] {
			t.Errorf("down does not restore %s:\nbefore:\n%s\nafter:\n%s", n, original[n], got)
		}
	}
	t.Logf("%d migrations, %d ended findings, %d queries rejected before up", len(p.Migrations), len(ended), len(rejected))
	return ""
}

// lintIn lints with cfg from inside dir, so that reported paths are the
// fixture's relative ones.
func lintIn(dir string, cfg lint.Config) (*lint.Report, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if err := os.Chdir(dir); err != nil {
		return nil, err
	}
	defer os.Chdir(wd)
	return lint.Run(cfg)
}

type query struct {
	file       string
	lines      map[int]bool
	text       string
	db         string // the database a log says it ran in
	sourceName string
}

// covers reports whether a finding of the report belongs to the query.
func (q query) covers(f lint.Finding) bool { return f.File == q.sourceName && q.lines[f.Line] }

// allEnded reports whether every error-level finding inside the query is
// one the plan ends.
func (q query) allEnded(findings []lint.Finding, ended map[string]bool) bool {
	n := 0
	for _, f := range findings {
		if !q.covers(f) || f.ServerError == 0 {
			continue
		}
		n++
		if !ended[fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Rule)] {
			return false
		}
	}
	return n > 0
}

// loadQueries reads the fixture's query inputs the way collint reads
// them (fixtures.Statements: SQL scripts, slow/general/JSON-lines logs,
// MyBatis mappers); statements with ? placeholders cannot run and are
// left out.
func loadQueries(t *testing.T, dir string, cfg lint.Config, mariadb bool) []query {
	files, err := inputs.Expand(abs(dir, cfg.Queries), inputs.Queries)
	if err != nil {
		t.Fatal(err)
	}
	var out []query
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		stmts, err := fixtures.Statements(path, sqlsplit.Options{MariaDB: mariadb})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, st := range stmts {
			if strings.Contains(st.Text, "?") {
				continue
			}
			out = append(out, query{file: path, sourceName: rel, lines: st.Lines, text: st.Text, db: st.DB})
		}
	}
	return out
}

func abs(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Join(dir, p)
	}
	return out
}

func collationError(err error) bool {
	switch serverError(err) {
	case 1267, 1270, 1271:
		return true
	}
	return false
}

func databases(t *testing.T, ctx context.Context, conn *sql.Conn) []string {
	var out []string
	for _, r := range rows(t, ctx, conn, "SHOW DATABASES") {
		out = append(out, r[0])
	}
	return out
}

func showCreate(t *testing.T, ctx context.Context, conn *sql.Conn, db, table string) string {
	r := rows(t, ctx, conn, "SHOW CREATE TABLE "+quote(db)+"."+quote(table))
	return r[0][1]
}

// dumpSchema is the schema of every database created since `before`, as
// the server shows it: SHOW CREATE DATABASE, TABLE and VIEW.
func dumpSchema(t *testing.T, ctx context.Context, conn *sql.Conn, before []string) string {
	var b strings.Builder
	for _, d := range databases(t, ctx, conn) {
		if contains(before, d) {
			continue
		}
		// IF NOT EXISTS: --default-database makes collint create it first
		create := strings.Replace(rows(t, ctx, conn, "SHOW CREATE DATABASE "+quote(d))[0][1], "CREATE DATABASE ", "CREATE DATABASE IF NOT EXISTS ", 1)
		fmt.Fprintf(&b, "%s;\nUSE %s;\n", create, quote(d))
		var views []string
		for _, r := range rows(t, ctx, conn, "SHOW FULL TABLES FROM "+quote(d)) {
			if r[1] == "VIEW" {
				views = append(views, r[0])
				continue
			}
			fmt.Fprintf(&b, "%s;\n", showCreate(t, ctx, conn, d, r[0]))
		}
		for _, v := range views {
			fmt.Fprintf(&b, "%s;\n", rows(t, ctx, conn, "SHOW CREATE VIEW "+quote(d)+"."+quote(v))[0][1])
		}
	}
	return b.String()
}

func quote(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func charsetOf(collation string) string { return sandbox.CharsetOf(collation) }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
