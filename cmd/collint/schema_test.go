package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

func TestSchemaCommand(t *testing.T) {
	code, out, stderr := collint(t, "schema", "--schema", "../../fixtures/seed/schema.sql")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"database shop", "table a  utf8mb4_unicode_ci (table)", "b_id_str  varchar(32)", "key idx_b_id_str (b_id_str)  128 bytes"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	path := filepath.Join(t.TempDir(), "s.sql")
	os.WriteFile(path, []byte("CREATE DATABASE shop; USE shop; CREATE TABLE a (id BIGINT, name VARCHAR(3));"), 0o644)
	code, out, _ = collint(t, "schema", "--schema", path, "--format", "json", "--flavor", "mariadb-10.11")
	var doc struct {
		Flavor    string
		Databases []struct {
			Tables []struct {
				Columns []struct{ Name, Type string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if doc.Flavor != "mariadb-10.11" || doc.Databases[0].Tables[0].Columns[0].Type != "bigint(20)" {
		t.Errorf("MariaDB keeps display widths: %+v", doc)
	}
}

// A statement that cannot be applied is reported with its position, the
// rest is printed, and the exit status says so.
func TestSchemaReportsWhatItCannotApply(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.sql")
	os.WriteFile(path, []byte("CREATE TABLE t (a INT);\nALTER TABLE nope ADD COLUMN b INT;\nCREATE TABLE u (a TEXT, KEY (a));\nCREATE TABLE v (b VARCHAR(3));\n"), 0o644)
	code, out, stderr := collint(t, "schema", "--schema", path)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "s.sql:2:1: input error: Table 'db.nope' doesn't exist (error 1146)") || !strings.Contains(stderr, "s.sql:3:1: input error") || !strings.Contains(stderr, "1170") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if !strings.Contains(out, "table t") || !strings.Contains(out, "table v") || strings.Contains(out, "table u") {
		t.Errorf("the rest must be built (t, v), the refused table not (u):\n%s", out)
	}
	_, out, _ = collint(t, "schema", "--schema", path, "--format", "json")
	var doc struct{ Errors []map[string]any }
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Errors) != 2 || doc.Errors[0]["line"] != float64(2) {
		t.Errorf("json errors %v: %s", err, out)
	}
}

func TestSchemaDiffFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.sql"), filepath.Join(dir, "b.sql")
	os.WriteFile(a, []byte("CREATE DATABASE app; USE app; CREATE TABLE t (a VARCHAR(3), b INT);"), 0o644)
	os.WriteFile(b, []byte("CREATE DATABASE prod; USE prod; CREATE TABLE t (a VARCHAR(3) COLLATE utf8mb4_bin, b INT);"), 0o644)
	code, out, _ := collint(t, "schema", "diff", a, b)
	if code != 1 || !strings.Contains(out, "note: comparing database app (A) with prod (B)") || !strings.Contains(out, "app.t.a: collation: utf8mb4_0900_ai_ci | utf8mb4_bin") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if code, out, _ := collint(t, "schema", "diff", a, a); code != 0 || !strings.Contains(out, "no differences") {
		t.Errorf("same schema: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"schema"},
		{"schema", "--schema", a, "--dsn", "mysql://u@h/"},
		{"schema", "--schema", a, "--format", "xml"},
		{"schema", "diff", a},
		{"schema", "--dsn", "mysql://u:hunter2@127.0.0.1:1/?timeout=200ms"},
	} {
		code, out, stderr := collint(t, args...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		if strings.Contains(out+stderr, "hunter2") {
			t.Errorf("%v: the password is printed:\n%s%s", args, out, stderr)
		}
	}
}

// collint schema --dsn reads a live server in the shape collint prints a
// schema in, and collint schema diff finds no drift between a schema and
// the server it was loaded into, and the drift after an ALTER.
func TestSchemaAgainstServer(t *testing.T) {
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		srv := sandboxtest.StartWith(t, sandbox.Options{Image: image, Labels: map[string]string{"collint.suite": "schema-cli"}})
		ctx := context.Background()
		pool, err := srv.Open("")
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		conn, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// a kept container (COLLINT_SANDBOX_KEEP=1) may hold a previous run's databases
		var dbs []string
		rows, err := conn.QueryContext(ctx, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('mysql','information_schema','performance_schema','sys')")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			dbs = append(dbs, n)
		}
		rows.Close()
		for _, d := range dbs {
			if _, err := conn.ExecContext(ctx, "DROP DATABASE `"+d+"`"); err != nil {
				t.Fatal(err)
			}
		}
		schema := "../../fixtures/mysqldump-triggers/schema.sql"
		if strings.Contains(image, "mariadb") {
			schema = "../../fixtures/legacy-latin1-euckr/schema.sql"
		}
		data, _ := os.ReadFile(schema)
		stmts, _ := sqlsplit.Split(data, sqlsplit.Options{MariaDB: strings.Contains(image, "mariadb")})
		for _, st := range stmts {
			if _, err := conn.ExecContext(ctx, st.Text); err != nil {
				t.Fatalf("%s:%d: %v", schema, st.Start.Line, err)
			}
		}
		cfg, err := mysql.ParseDSN(srv.DSN(""))
		if err != nil {
			t.Fatal(err)
		}
		dsn := "mysql://" + cfg.User + ":" + cfg.Passwd + "@" + cfg.Addr + "/"
		code, out, stderr := collint(t, "schema", "--dsn", dsn, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if strings.Contains(out+stderr, cfg.Passwd) {
			t.Fatal("the password is printed")
		}
		var doc struct {
			ServerVersion string `json:"server_version"`
			Databases     []struct{ Name string }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.ServerVersion == "" || len(doc.Databases) == 0 {
			t.Fatalf("%v: %s", err, out)
		}
		code, out, stderr = collint(t, "schema", "diff", schema, dsn)
		if code != 0 {
			t.Errorf("schema vs the server it was loaded into: exit %d\n%s%s", code, out, stderr)
		}
		if strings.Contains(out+stderr, cfg.Passwd) {
			t.Fatal("the password is printed")
		}
		// drift
		db := doc.Databases[0].Name
		var table string
		if err := conn.QueryRowContext(ctx, "SELECT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND COLLATION_NAME IS NOT NULL ORDER BY TABLE_NAME LIMIT 1", db).Scan(&table); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "ALTER TABLE `"+db+"`.`"+table+"` ADD COLUMN drift_col VARCHAR(7) CHARACTER SET latin1"); err != nil {
			t.Fatal(err)
		}
		code, out, _ = collint(t, "schema", "diff", schema, dsn+db)
		if code != 1 || !strings.Contains(out, db+"."+table+".drift_col: (absent) | column varchar(7) latin1_swedish_ci") {
			t.Errorf("drift: exit %d\n%s", code, out)
		}
	})
}
