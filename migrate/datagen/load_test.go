package datagen_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/datagen"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestGeneratedDataLoads loads every fixture's schema into each server
// and inserts generated rows (hazards included) with foreign key checks
// ON: every row must be accepted in strict mode, and every table must end
// with the generated row count. A fixture whose schema the server refuses
// (a collation the flavor does not have) is not applicable there.
func TestGeneratedDataLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("needs real servers; skipped with -short")
	}
	for _, tc := range []struct{ image, flavor string }{
		{"collint/mysql:9.7", "mysql-9"},
		{"collint/mariadb:10.11", "mariadb-10.11"},
	} {
		t.Run(sandboxtest.SubtestName(tc.image), func(t *testing.T) {
			srv := sandboxtest.Start(t, tc.image)
			ctx := context.Background()
			db, err := sql.Open("mysql", srv.DSN(""))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			loaded, na := 0, []string{}
			for i, dir := range fixtures.Dirs("../../fixtures") {
				cfg, err := fixtures.Config(dir)
				if err != nil {
					t.Fatal(err)
				}
				var paths []string
				for _, p := range cfg.Schemas {
					paths = append(paths, filepath.Join(dir, p))
				}
				cfg.Schemas, cfg.Queries, cfg.Flavor, cfg.ConnCollation = paths, nil, tc.flavor, ""
				rep, err := lint.Run(cfg)
				if err != nil {
					t.Fatal(err)
				}
				files, err := inputs.Load(paths, inputs.Schema)
				if err != nil {
					t.Fatal(err)
				}
				conn, err := db.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				// each fixture in its own databases: drop what the last one made
				for _, d := range rep.Catalog.Databases() {
					mustExec(t, conn, "DROP DATABASE IF EXISTS "+datagen.QuoteIdent(d.Name))
				}
				if rep.Catalog.Database(lint.ImplicitDatabase) != nil {
					mustExec(t, conn, "CREATE DATABASE IF NOT EXISTS "+lint.ImplicitDatabase)
					mustExec(t, conn, "USE "+lint.ImplicitDatabase)
				}
				if cfg.DefaultDB != "" {
					mustExec(t, conn, "CREATE DATABASE IF NOT EXISTS "+datagen.QuoteIdent(cfg.DefaultDB))
					mustExec(t, conn, "USE "+datagen.QuoteIdent(cfg.DefaultDB))
				}
				if err := load(conn, files, tc.flavor); err != nil {
					na = append(na, fmt.Sprintf("%s (%v)", filepath.Base(dir), err))
					conn.Close()
					continue
				}
				ids := map[string]string{}
				for _, f := range rep.Findings {
					if len(f.Columns) == 2 {
						a, b := colOf(rep.Catalog, f.Columns[0]), colOf(rep.Catalog, f.Columns[1])
						if a != nil && b != nil && a.Type.HasCharset() && b.Type.Class() == catalog.ClassInt {
							ids[f.Columns[0]] = f.Columns[1]
						}
					}
				}
				data := datagen.Generate(rep.Catalog, datagen.Options{Rows: 120, Seed: uint64(i), IDColumns: ids})
				mustExec(t, conn, "SET NAMES utf8mb4")
				// a mysqldump schema brings rows of its own: the generated rows replace them
				mustExec(t, conn, "SET foreign_key_checks = 0")
				for _, tt := range data.Tables {
					mustExec(t, conn, fmt.Sprintf("DELETE FROM %s.%s", datagen.QuoteIdent(tt.Table.DB), datagen.QuoteIdent(tt.Table.Name)))
				}
				mustExec(t, conn, "SET foreign_key_checks = 1")
				for _, st := range data.Statements(60, func(t *catalog.Table) string {
					return datagen.QuoteIdent(t.DB) + "." + datagen.QuoteIdent(t.Name)
				}) {
					if _, err := conn.ExecContext(ctx, st); err != nil {
						t.Errorf("%s: %v\n%.300s", filepath.Base(dir), err, st)
						break
					}
				}
				for _, tt := range data.Tables {
					var n int
					q := fmt.Sprintf("SELECT COUNT(*) FROM %s.%s", datagen.QuoteIdent(tt.Table.DB), datagen.QuoteIdent(tt.Table.Name))
					if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil || n != len(tt.Rows) {
						t.Errorf("%s: %s has %d rows (%v), generated %d", filepath.Base(dir), tt.Table.QualifiedName(), n, err, len(tt.Rows))
					}
				}
				for _, note := range data.Notes {
					t.Logf("%s: %s", filepath.Base(dir), note)
				}
				loaded++
				conn.Close()
			}
			t.Logf("%s: generated data loaded for %d fixtures; not applicable: %s", tc.image, loaded, strings.Join(na, "; "))
			if loaded < 2 {
				t.Errorf("only %d fixtures loaded", loaded)
			}
		})
	}
}

func colOf(cat *catalog.Catalog, name string) *catalog.Column {
	p := strings.SplitN(name, ".", 3)
	if len(p) != 3 {
		return nil
	}
	if t := cat.Table(p[0], p[1]); t != nil {
		return t.Column(p[2])
	}
	return nil
}

func load(conn *sql.Conn, files []inputs.File, flavor string) error {
	for _, f := range files {
		stmts, errs := sqlsplit.Split(f.Data, sqlsplit.Options{MariaDB: strings.HasPrefix(flavor, "mariadb")})
		if len(errs) > 0 {
			return fmt.Errorf("%s: %v", f.Path, errs[0])
		}
		for _, st := range stmts {
			if strings.TrimSpace(st.Text) == "" {
				continue
			}
			if _, err := conn.ExecContext(context.Background(), st.Text); err != nil {
				return fmt.Errorf("%s:%d: %v", f.Path, st.Start.Line, err)
			}
		}
	}
	return nil
}

func mustExec(t *testing.T, conn *sql.Conn, q string) {
	t.Helper()
	if _, err := conn.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
