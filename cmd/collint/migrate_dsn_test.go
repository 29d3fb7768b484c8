package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestMigrateDSNChoosesFromData runs `collint migrate --dsn` against a
// MySQL 9.7 server loaded with the seed schema, as a SELECT-only user.
// With rows that do not convert to BIGINT ('007' converts but changes,
// 'abc', ”, 2^63+1 overflows) it chooses the generated-column migration
// and shows them; with clean data it chooses the type change. The password
// never appears in stdout or stderr, and the server's write counters do
// not move.
func TestMigrateDSNChoosesFromData(t *testing.T) {
	srv := sandboxtest.Start(t, "collint/mysql:9.7")
	ctx := context.Background()
	root, err := srv.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	conn, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	schemaPath, queriesPath := "../../fixtures/seed/schema.sql", "../../fixtures/seed/queries.sql"
	schema, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	stmts, _ := sqlsplit.Split(schema, sqlsplit.Options{})
	const password = "Ro-Pa55word-7f3k"
	setup := []string{
		"INSERT INTO shop.b (id, name) VALUES (7, 'seven'), (42, 'answer')",
		"INSERT INTO shop.a (b_id_str, note) VALUES ('42', 'ok'), ('007', 'leading zeros'), ('abc', 'not a number'), ('', 'empty'), ('9223372036854775809', '2^63+1')",
		"CREATE USER 'reader'@'%' IDENTIFIED BY '" + password + "'",
		"GRANT SELECT ON *.* TO 'reader'@'%'",
	}
	setup = append(stmtsText(stmts), setup...)
	for _, q := range setup {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cfg, err := mysql.ParseDSN(srv.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Passwd = "reader", password
	dsn := cfg.FormatDSN()

	counters := func() map[string]string {
		out := map[string]string{}
		r, err := conn.QueryContext(ctx, "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_insert', 'Com_update', 'Com_delete', 'Com_alter_table', 'Com_create_table', 'Com_drop_table', 'Com_insert_select', 'Com_replace')")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for r.Next() {
			var k, v string
			r.Scan(&k, &v)
			out[k] = v
		}
		return out
	}
	migrate := func() (int, string) {
		t.Helper()
		before := counters()
		code, out, stderr := collint(t, "migrate", "--schema", schemaPath, "--queries", queriesPath, "--dsn", dsn)
		if strings.Contains(out+stderr, password) {
			t.Errorf("the password is printed:\n%s%s", out, stderr)
		}
		if after := counters(); len(after) != 8 || !equalMaps(before, after) {
			t.Errorf("collint migrate --dsn wrote to the server: counters %v → %v", before, after)
		}
		if stderr != "" {
			t.Logf("stderr: %s", stderr)
		}
		return code, out
	}

	code, out := migrate()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"chosen: with --dsn the pre-check found", "GENERATED ALWAYS AS", "'abc' | 'not an integer'", "'' | 'not an integer'", "'9223372036854775809' | 'out of range'", "'007' | 'not canonical"} {
		if !strings.Contains(out, want) {
			t.Errorf("bad rows: %q missing from the plan:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\nALTER TABLE `shop`.`a`\n  MODIFY `b_id_str` bigint NOT NULL") {
		t.Errorf("the type change is the up migration although rows do not convert:\n%s", out)
	}

	if _, err := conn.ExecContext(ctx, "DELETE FROM shop.a WHERE b_id_str NOT IN ('42')"); err != nil {
		t.Fatal(err)
	}
	code, out = migrate()
	if code != 0 {
		t.Fatalf("clean data: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "chosen:") || !strings.Contains(out, "MODIFY `b_id_str` bigint NOT NULL") {
		t.Errorf("clean data: the type change must be chosen:\n%s", out)
	}
}

func stmtsText(stmts []sqlsplit.Statement) []string {
	var out []string
	for _, s := range stmts {
		out = append(out, s.Text)
	}
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
