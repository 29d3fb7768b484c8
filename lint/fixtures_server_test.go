package lint_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/querylog"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestFixturesAgainstServer loads every fixture's schema into the server of
// its flavor, runs each query statement under the fixture's connection
// collation, and checks that the statements collint says the server rejects
// are exactly the ones it rejects, with the same error code.
func TestFixturesAgainstServer(t *testing.T) {
	if testing.Short() {
		t.Skip("needs real servers; skipped with -short")
	}
	images := map[string]string{"mysql": "collint/mysql:9.7", "mariadb": "collint/mariadb:11.8"}
	servers := map[string]string{}
	dirs, _ := filepath.Glob("../fixtures/*")
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		cfg := fixtureConfig(t, dir)
		family := "mysql"
		if strings.HasPrefix(cfg.Flavor, "mariadb") {
			family = "mariadb"
		}
		if strings.HasPrefix(cfg.Flavor, "mysql-5") || strings.HasPrefix(cfg.Flavor, "mariadb-10") {
			continue // no server of that line among the images
		}
		dsn, ok := servers[family]
		if !ok {
			srv := sandboxtest.Start(t, images[family])
			dsn = srv.DSN("")
			servers[family] = dsn
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			checkFixture(t, dir, cfg, dsn, family == "mariadb")
		})
	}
}

func checkFixture(t *testing.T, dir string, cfg lint.Config, dsn string, mariadb bool) {
	ctx := context.Background()
	pool, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string) error { _, err := conn.ExecContext(ctx, q); return err }
	// Fixtures reuse database names: start from an empty server.
	rows, err := conn.QueryContext(ctx, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('mysql','information_schema','performance_schema','sys')")
	if err != nil {
		t.Fatal(err)
	}
	var dbs []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		dbs = append(dbs, n)
	}
	rows.Close()
	for _, d := range dbs {
		if err := exec("DROP DATABASE `" + d + "`"); err != nil {
			t.Fatal(err)
		}
	}
	// Each fixture gets its own databases: names are prefixed on the server.
	if cfg.DefaultDB != "" {
		if err := exec("CREATE DATABASE IF NOT EXISTS `" + cfg.DefaultDB + "`"); err != nil {
			t.Fatal(err)
		}
		if err := exec("USE `" + cfg.DefaultDB + "`"); err != nil {
			t.Fatal(err)
		}
	}
	opts := sqlsplit.Options{MariaDB: mariadb}
	paths := func(names []string, kind inputs.Kind) []string {
		var abs []string
		for _, n := range names {
			abs = append(abs, filepath.Join(dir, n))
		}
		files, err := inputs.Expand(abs, kind)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	for _, f := range paths(cfg.Schemas, inputs.Schema) {
		data, _ := os.ReadFile(f)
		stmts, _ := sqlsplit.Split(data, opts)
		for _, st := range stmts {
			if err := exec(st.Text); err != nil {
				t.Fatalf("%s:%d: the server refuses the fixture's schema: %v", f, st.Start.Line, err)
			}
		}
	}
	if cfg.ConnCollation != "" {
		if err := exec("SET NAMES " + strings.SplitN(cfg.ConnCollation, "_", 2)[0] + " COLLATE " + cfg.ConnCollation); err != nil {
			t.Fatal(err)
		}
	} else if !mariadb {
		if err := exec("SET NAMES utf8mb4 COLLATE utf8mb4_0900_ai_ci"); err != nil {
			t.Fatal(err)
		}
	}
	// collint's verdicts, by file and line range.
	wd, _ := os.Getwd()
	os.Chdir(dir)
	rep, err := lint.Run(cfg)
	os.Chdir(wd)
	if err != nil {
		t.Fatal(err)
	}
	checked, rejected := 0, 0
	defer func() { t.Logf("%d statements run, %d rejected by the server as collint predicted", checked, rejected) }()
	for _, f := range paths(cfg.Queries, inputs.Queries) {
		rel, _ := filepath.Rel(dir, f)
		stmts, err := fixtures.Statements(f, opts)
		if err != nil {
			t.Fatal(err)
		}
		// a log's repeated statements are reported once, at the first:
		// the others share its verdicts (same database and digest)
		byDigest := map[string]map[int]bool{}
		for _, st := range stmts {
			want := map[int]bool{}
			covered := false
			for _, fd := range rep.Findings {
				if fd.File == rel && st.Covers(fd.Line) {
					covered = true
					if fd.ServerError != 0 {
						want[fd.ServerError] = true
					}
				}
			}
			if key := st.DB + "\x00" + querylog.Digest(st.Text); st.DB != "" {
				if w, ok := byDigest[key]; ok && !covered {
					want = w
				} else if !ok {
					byDigest[key] = want
				}
			}
			if st.DB != "" {
				if err := exec("USE `" + st.DB + "`"); err != nil {
					t.Fatal(err)
				}
			}
			got := 0
			rows, err := conn.QueryContext(ctx, strings.ReplaceAll(st.Text, "?", "1"))
			if err == nil {
				for rows.Next() {
				}
				err = rows.Err()
				rows.Close()
			}
			var me *mysql.MySQLError
			if errors.As(err, &me) {
				got = int(me.Number)
			} else if err != nil {
				t.Fatalf("%s: %q: %v", rel, st.Text, err)
			}
			if got == 1054 || got == 1146 {
				t.Errorf("%s: %q: the fixture's query does not match its schema: %v", rel, st.Text, err)
				continue
			}
			checked++
			if got != 0 && want[got] {
				rejected++
			}
			var codes []int
			for c := range want {
				codes = append(codes, c)
			}
			sort.Ints(codes)
			switch {
			case got == 0 && len(codes) > 0:
				t.Errorf("%s: %q: collint predicts error %v, the server runs it", rel, st.Text, codes)
			case got != 0 && !want[got]:
				t.Errorf("%s: %q: the server raises %d (%v), collint predicts %v", rel, st.Text, got, err, codes)
			}
		}
	}
}
