package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/plan"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestAlreadyMismatchedForeignKey covers a foreign key whose columns
// already differ: MySQL lets one exist when the parent column is modified
// with foreign_key_checks=0 (measured on MySQL 9.7; this test builds it
// that way). collint, reading the server's SHOW CREATE
// output, reports CL401; the plan's up runs with foreign_key_checks=1; the
// migrated schema lints without CL401; down (run as the plan writes it)
// restores SHOW CREATE TABLE of both tables byte for byte.
func TestAlreadyMismatchedForeignKey(t *testing.T) {
	srv := sandboxtest.Start(t, "collint/mysql:9.7")
	ctx := context.Background()
	db, err := srv.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		"CREATE DATABASE fkm DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci",
		"CREATE TABLE fkm.parent (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL, UNIQUE KEY uk_code (code))",
		"CREATE TABLE fkm.child (id INT NOT NULL PRIMARY KEY, parent_code VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL, CONSTRAINT fk_child_parent FOREIGN KEY (parent_code) REFERENCES fkm.parent (code))",
		"INSERT INTO fkm.parent VALUES (1, 'a'), (2, 'b')",
		"INSERT INTO fkm.child VALUES (1, 'a'), (2, 'b')",
		"SET foreign_key_checks = 0",
		"ALTER TABLE fkm.parent MODIFY code VARCHAR(20) COLLATE utf8mb4_unicode_ci NOT NULL",
		"SET foreign_key_checks = 1",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer conn.ExecContext(ctx, "DROP DATABASE fkm")
	before := map[string]string{"parent": showCreate(t, ctx, conn, "fkm", "parent"), "child": showCreate(t, ctx, conn, "fkm", "child")}
	if !strings.Contains(before["child"], "fk_child_parent") || !strings.Contains(before["parent"], "utf8mb4_unicode_ci") {
		t.Fatalf("the mismatched key was not created:\n%s\n%s", before["parent"], before["child"])
	}
	schema := "CREATE DATABASE fkm DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci;\nUSE fkm;\n" + before["parent"] + ";\n" + before["child"] + ";\n"
	lintSchema := func(schema string) *lint.Report {
		path := filepath.Join(t.TempDir(), "schema.sql")
		if err := os.WriteFile(path, []byte(schema), 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := lint.Run(lint.Config{Schemas: []string{path}, Flavor: "mysql-9"})
		if err != nil || len(rep.Errors) > 0 {
			t.Fatalf("%v %+v", err, rep.Errors)
		}
		return rep
	}
	rep := lintSchema(schema)
	if !hasRule(rep, "CL401") {
		t.Fatalf("no CL401 for the mismatched key: %+v", rep.Findings)
	}
	p, err := plan.Build(rep, plan.Options{})
	if err != nil || len(p.Migrations) != 1 {
		t.Fatalf("%v %+v", err, p)
	}
	m := p.Migrations[0]
	t.Logf("up:\n%s\ndown:\n%s", m.Up, m.Down)
	var fkc string
	conn.QueryRowContext(ctx, "SELECT @@foreign_key_checks").Scan(&fkc)
	if fkc != "1" {
		t.Fatalf("foreign_key_checks = %s", fkc)
	}
	for _, st := range m.Statements {
		if _, err := conn.ExecContext(ctx, st.SQL); err != nil {
			t.Fatalf("up refused with foreign_key_checks=1: %v\n%s", err, st.SQL)
		}
	}
	after := "CREATE DATABASE fkm DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci;\nUSE fkm;\n" + showCreate(t, ctx, conn, "fkm", "parent") + ";\n" + showCreate(t, ctx, conn, "fkm", "child") + ";\n"
	if rep2 := lintSchema(after); hasRule(rep2, "CL401") {
		t.Errorf("after up collint still reports CL401: %+v\n%s", rep2.Findings, after)
	}
	for _, st := range mustSplitSQL(m.Down) {
		if _, err := conn.ExecContext(ctx, st); err != nil {
			t.Fatalf("down refused: %v\n%s", err, st)
		}
	}
	for _, tb := range []string{"parent", "child"} {
		if got := showCreate(t, ctx, conn, "fkm", tb); got != before[tb] {
			t.Errorf("down does not restore %s:\nbefore:\n%s\nafter:\n%s", tb, before[tb], got)
		}
	}
}

func hasRule(rep *lint.Report, rule string) bool {
	for _, f := range rep.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func mustSplitSQL(s string) []string {
	stmts, _ := sqlsplit.Split([]byte(s), sqlsplit.Options{})
	var out []string
	for _, st := range stmts {
		out = append(out, st.Text)
	}
	return out
}
