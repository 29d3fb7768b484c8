package live

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestFixturesLive is the differential test of --dsn: every fixture whose
// schema a server accepts is loaded into it; linting the server (its
// schema as Read gives it) with the fixture's queries must give the same
// findings as linting the fixture's schema files: the same rules on the
// same columns, at the same positions of the query files. Both runs use
// the server's flavor and the fixture's connection collation (or the
// server's), so that only the catalog's source differs.
func TestFixturesLive(t *testing.T) {
	dirs := fixtures.Dirs("../../fixtures")
	if len(dirs) == 0 {
		t.Fatal("no fixtures")
	}
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		srv := sandboxtest.Start(t, image)
		fl := flavor.FromVersion(srv.Version())
		applicable := 0
		for _, dir := range dirs {
			name := filepath.Base(dir)
			t.Run(name, func(t *testing.T) {
				if why := liveFixture(t, srv.DSN(""), dir, fl); why != "" {
					t.Logf("%s × %s: not applicable: %s", name, image, why)
					return
				}
				applicable++
			})
		}
		t.Logf("%s: %d of %d fixtures applicable", image, applicable, len(dirs))
		if applicable == 0 {
			t.Errorf("%s: no fixture could be loaded", image)
		}
	})
}

// liveFixture loads one fixture and compares; it returns why the fixture
// does not apply to the server ("" when compared).
func liveFixture(t *testing.T, dsn, dir, fl string) string {
	ctx := context.Background()
	cfg, err := fixtures.Config(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := flavor.Lookup(fl)
	conn := cfg.ConnCollation
	if conn == "" {
		conn = f.ServerCollation()
	} else if _, ok := f.Charsets.Collation(conn); !ok {
		return fmt.Sprintf("connection collation %s does not exist on %s", conn, fl)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	exec := func(q string) error { _, err := c.ExecContext(ctx, q); return err }
	// start from an empty server: fixtures reuse database names
	rows, err := c.QueryContext(ctx, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('mysql','information_schema','performance_schema','sys')")
	if err != nil {
		t.Fatal(err)
	}
	var old []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		old = append(old, n)
	}
	rows.Close()
	for _, d := range old {
		if err := exec("DROP DATABASE `" + d + "`"); err != nil {
			t.Fatal(err)
		}
	}
	if err := exec("SET NAMES " + strings.SplitN(conn, "_", 2)[0] + " COLLATE " + conn); err != nil {
		t.Fatal(err)
	}
	// the file run's implicit database, or --default-database
	home := cfg.DefaultDB
	if home == "" {
		home = lint.ImplicitDatabase
	}
	if err := exec("CREATE DATABASE `" + home + "`"); err != nil {
		t.Fatal(err)
	}
	if err := exec("USE `" + home + "`"); err != nil {
		t.Fatal(err)
	}
	var abs []string
	for _, s := range cfg.Schemas {
		abs = append(abs, filepath.Join(dir, s))
	}
	files, err := inputs.Expand(abs, inputs.Schema)
	if err != nil {
		t.Fatal(err)
	}
	mariadb := strings.HasPrefix(fl, "mariadb")
	f2, _ := flavor.Lookup(fl)
	for _, file := range files {
		data, _ := os.ReadFile(file)
		if inputs.IsGoose(data) {
			data = inputs.GooseUp(data)
		}
		stmts, _ := sqlsplit.Split(data, sqlsplit.Options{MariaDB: mariadb, ServerVersion: f2.Version})
		for _, st := range stmts {
			if err := exec(st.Text); err != nil {
				rel, _ := filepath.Rel(dir, file)
				return fmt.Sprintf("%s:%d: the server refuses the schema: %v", rel, st.Start.Line, err)
			}
		}
	}
	// the files, linted for the server's flavor
	cfg.Flavor, cfg.ConnCollation = fl, conn
	wd, _ := os.Getwd()
	os.Chdir(dir)
	fileRep, err := lint.Run(cfg)
	os.Chdir(wd)
	if err != nil {
		t.Fatal(err)
	}
	// the server
	snap, err := Read(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lc := snap.Config()
	lc.Flavor, lc.ConnCollation, lc.Queries = fl, conn, cfg.Queries
	lc.DefaultDB = cfg.DefaultDB
	if lc.DefaultDB == "" && fileRep.Catalog.Current != "" {
		lc.DefaultDB = fileRep.Catalog.Current // where the file run's queries ran
	}
	os.Chdir(dir)
	liveRep, err := lint.Run(lc)
	os.Chdir(wd)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range liveRep.Errors {
		if strings.HasPrefix(e.File, "dsn:") {
			t.Errorf("the server's schema does not apply: %s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
		}
	}
	want, got := keys(fileRep, cfg.Schemas), keys(liveRep, nil)
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("only from the files: %s", k)
		}
	}
	for _, k := range got {
		if !slices.Contains(want, k) {
			t.Errorf("only from the server: %s", k)
		}
	}
	if len(want) != len(got) {
		t.Errorf("%d findings from the files, %d from the server", len(want), len(got))
	}
	t.Logf("%d findings agree (%d from the schema)", len(got), len(got)-countQuery(got))
	return ""
}

// keys identifies findings: rule and columns, plus the position for query
// files (schema findings point at the files or at the server's DDL).
func keys(rep *lint.Report, schemaPaths []string) []string {
	var out []string
	for _, f := range rep.Findings {
		cols := slices.Clone(f.Columns)
		sort.Strings(cols)
		k := f.Rule + " " + strings.Join(cols, ",")
		schema := strings.HasPrefix(f.File, "dsn:")
		for _, p := range schemaPaths {
			schema = schema || f.File == p || strings.HasPrefix(f.File, p+"/")
		}
		if !schema {
			k = fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, k)
		} else {
			k = "schema " + k
		}
		out = append(out, k)
	}
	for _, e := range rep.Errors {
		if !strings.HasPrefix(e.File, "dsn:") && !slices.ContainsFunc(schemaPaths, func(p string) bool { return e.File == p || strings.HasPrefix(e.File, p+"/") }) {
			out = append(out, fmt.Sprintf("error %s:%d:%d %s", e.File, e.Line, e.Column, e.Message))
		}
	}
	sort.Strings(out)
	return out
}

func countQuery(keys []string) int {
	n := 0
	for _, k := range keys {
		if !strings.HasPrefix(k, "schema ") {
			n++
		}
	}
	return n
}
