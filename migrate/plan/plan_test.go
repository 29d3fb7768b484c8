package plan_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/plan"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

func planFor(t *testing.T, flavor, schema, queries string) (*plan.Plan, *lint.Session) {
	t.Helper()
	return planWith(t, flavor, schema, queries, plan.Options{})
}

func planWith(t *testing.T, flavor, schema, queries string, opts plan.Options) (*plan.Plan, *lint.Session) {
	t.Helper()
	s, err := lint.NewSession(flavor, "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("schema.sql", schema); len(errs) > 0 {
		t.Fatal(errs)
	}
	rep := s.Lint("queries.sql", []byte(queries))
	p, err := plan.Build(rep, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p, s
}

func TestSeedPlan(t *testing.T) {
	schema, _ := os.ReadFile("../../fixtures/seed/schema.sql")
	queries, _ := os.ReadFile("../../fixtures/seed/queries.sql")
	p, _ := planFor(t, "mysql-8.4", string(schema), string(queries))
	if len(p.Migrations) != 1 {
		t.Fatalf("want one migration, got %d", len(p.Migrations))
	}
	m := p.Migrations[0]
	wantUp := "ALTER TABLE `shop`.`a`\n  MODIFY `b_id_str` bigint NOT NULL,\n  ALGORITHM=COPY, LOCK=SHARED;\n"
	// the column inherited the table's collation: down restates it the same way
	wantDown := "ALTER TABLE `shop`.`a`\n  MODIFY `b_id_str` varchar(32) NOT NULL,\n  ALGORITHM=COPY, LOCK=SHARED;\n"
	if m.Up != wantUp || m.Down != wantDown {
		t.Errorf("up:\n%s\ndown:\n%s", m.Up, m.Down)
	}
	if len(m.PreChecks) != 1 || len(m.Changes[0].Findings) != 3 {
		t.Errorf("pre-checks %d, findings ended %v", len(m.PreChecks), m.Changes[0].Findings)
	}
	// deterministic: the same input gives byte-identical files
	dir1, dir2 := t.TempDir(), t.TempDir()
	for _, f := range plan.Formats {
		a, err := p.WriteFiles(dir1+"/"+f, f)
		if err != nil {
			t.Fatal(err)
		}
		p2, _ := planFor(t, "mysql-8.4", string(schema), string(queries))
		b, _ := p2.WriteFiles(dir2+"/"+f, f)
		for i := range a {
			x, _ := os.ReadFile(a[i])
			y, _ := os.ReadFile(b[i])
			if string(x) != string(y) {
				t.Errorf("%s: not deterministic", a[i])
			}
		}
	}
}

// exec runs every statement of a script on one connection.
func exec(t *testing.T, ctx context.Context, conn *sql.Conn, script string) {
	t.Helper()
	stmts, errs := sqlsplit.Split([]byte(script), sqlsplit.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, st := range stmts {
		if _, err := conn.ExecContext(ctx, st.Text); err != nil {
			t.Fatalf("%s: %v", st.Text, err)
		}
	}
}

func rows(t *testing.T, ctx context.Context, conn *sql.Conn, q string) [][]string {
	t.Helper()
	r, err := conn.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var out [][]string
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		r.Scan(ptrs...)
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out
}

func serverError(err error) int {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return int(me.Number)
	}
	return 0
}

// TestSeedMigrationOnServer proves the seed migration on real servers:
// the pre-check names exactly the rows that would be damaged, up applies,
// the rejected query runs and uses the new index, the migrated schema
// lints clean, and down restores SHOW CREATE TABLE byte for byte.
func TestSeedMigrationOnServer(t *testing.T) {
	if testing.Short() {
		t.Skip("needs real servers; skipped with -short")
	}
	for _, tc := range []struct{ image, flavor, dbCollation string }{
		{"collint/mysql:9.7", "mysql-9", "utf8mb4_0900_ai_ci"},
		{"collint/mariadb:10.11", "mariadb-10.11", "utf8mb4_general_ci"},
	} {
		t.Run(tc.flavor, func(t *testing.T) {
			seedSchema, _ := os.ReadFile("../../fixtures/seed/schema.sql")
			seedQueries, _ := os.ReadFile("../../fixtures/seed/queries.sql")
			schema := strings.ReplaceAll(string(seedSchema), "utf8mb4_0900_ai_ci", tc.dbCollation)
			p, s := planFor(t, tc.flavor, schema, string(seedQueries))
			if len(p.Migrations) != 1 {
				t.Fatalf("want one migration, got %d", len(p.Migrations))
			}
			m := p.Migrations[0]

			srv := sandboxtest.Start(t, tc.image)
			ctx := context.Background()
			db, err := sql.Open("mysql", srv.DSN(""))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			exec(t, ctx, conn, schema)
			exec(t, ctx, conn, "SET NAMES utf8mb4 COLLATE "+tc.dbCollation)
			exec(t, ctx, conn, `INSERT INTO shop.b (id, name) VALUES (1,'one'),(2,'two'),(7,'seven'),(42,'x');
INSERT INTO shop.a (id, b_id_str) VALUES (1,'1'),(2,'2'),(3,'007'),(4,'abc'),(5,''),(6,'99999999999999999999'),(7,'42'),(8,'+7'),(9,'-3');`)

			// the pre-check names exactly the damaged rows
			var bad []string
			for _, r := range rows(t, ctx, conn, m.PreChecks[0].SQL) {
				bad = append(bad, r[0]+":"+r[2])
			}
			sort.Strings(bad)
			want := []string{"3:not canonical (leading zeros or sign would be lost)", "4:not an integer", "5:not an integer", "6:out of range", "8:not canonical (leading zeros or sign would be lost)"}
			if strings.Join(bad, "|") != strings.Join(want, "|") {
				t.Fatalf("pre-check rows:\n%v\nwant\n%v", bad, want)
			}
			exec(t, ctx, conn, "DELETE FROM shop.a WHERE id IN (3,4,5,6,8)")
			if r := rows(t, ctx, conn, m.PreChecks[0].SQL); len(r) != 0 {
				t.Fatalf("pre-check after cleaning: %v", r)
			}

			before := rows(t, ctx, conn, "SHOW CREATE TABLE shop.a")[0][1]
			join := "SELECT a.id, b.name FROM shop.a JOIN shop.b ON a.b_id_str = CAST(b.id AS CHAR) WHERE b.id > 0"
			_, errBefore := conn.ExecContext(ctx, join)

			exec(t, ctx, conn, m.Up)
			if _, err := conn.ExecContext(ctx, join); err != nil {
				t.Errorf("after up the seed query still fails: %v", err)
			}
			if tc.flavor == "mysql-9" && serverError(errBefore) != 1267 {
				t.Errorf("before up the seed query should fail with 1267 on MySQL, got %v", errBefore)
			}
			plan := rows(t, ctx, conn, "EXPLAIN FORMAT=TRADITIONAL SELECT STRAIGHT_JOIN a.id FROM shop.b JOIN shop.a FORCE INDEX (idx_b_id_str) ON a.b_id_str = b.id")
			if tc.flavor != "mysql-9" {
				plan = rows(t, ctx, conn, "EXPLAIN SELECT STRAIGHT_JOIN a.id FROM shop.b JOIN shop.a FORCE INDEX (idx_b_id_str) ON a.b_id_str = b.id")
			}
			if len(plan) != 2 || (plan[1][4] != "ref" && plan[1][3] != "ref") {
				t.Errorf("EXPLAIN after up does not look a up through idx_b_id_str: %v", plan)
			}
			var values []string
			for _, r := range rows(t, ctx, conn, "SELECT b_id_str FROM shop.a ORDER BY id") {
				values = append(values, r[0])
			}
			if strings.Join(values, ",") != "1,2,42,-3" {
				t.Errorf("values after up: %v", values)
			}
			// the findings the migration ends are gone from the migrated schema
			fixed := map[string]bool{}
			for _, where := range m.Changes[0].Findings {
				fixed[where[strings.Index(where, ":")+1:]] = true // "line:col RULE"
			}
			if errs := s.Apply("up.sql", m.Up); len(errs) > 0 {
				t.Fatal(errs)
			}
			for _, f := range s.Lint("queries.sql", seedQueries).Findings {
				if fixed[fmt.Sprintf("%d:%d %s", f.Line, f.Column, f.Rule)] {
					t.Errorf("after up collint still reports %s at %d:%d: %s", f.Rule, f.Line, f.Column, f.Message)
				}
			}

			exec(t, ctx, conn, m.Down)
			after := rows(t, ctx, conn, "SHOW CREATE TABLE shop.a")[0][1]
			if after != before {
				t.Errorf("down does not restore the table:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			values = nil
			for _, r := range rows(t, ctx, conn, "SELECT b_id_str FROM shop.a ORDER BY id") {
				values = append(values, r[0])
			}
			if strings.Join(values, ",") != "1,2,42,-3" {
				t.Errorf("values after down: %v", values)
			}
		})
	}
}

// TestCollationPreCheckOnServer: moving a UNIQUE utf8mb4_bin column to
// utf8mb4_0900_ai_ci (--target-collation) would merge 'a' and 'á'; the
// pre-check finds them. (Without a target the referencing post_tag.code
// would follow the unique tag.code instead.)
func TestCollationPreCheckOnServer(t *testing.T) {
	if testing.Short() {
		t.Skip("needs real servers; skipped with -short")
	}
	schema := `CREATE DATABASE u DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
USE u;
CREATE TABLE tag (id INT PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_code (code));
CREATE TABLE post_tag (post_id INT NOT NULL, code VARCHAR(20) NOT NULL, KEY k_code (code));
`
	if p, _ := planFor(t, "mysql-9", schema, "SELECT 1 FROM u.post_tag pt JOIN u.tag t ON t.code = pt.code;"); len(p.Migrations) != 1 || p.Migrations[0].Table.Name != "post_tag" {
		t.Fatalf("without a target the referencing side changes: %+v", p.Migrations)
	}
	p, _ := planWith(t, "mysql-9", schema, "SELECT 1 FROM u.post_tag pt JOIN u.tag t ON t.code = pt.code;", plan.Options{TargetCollation: "utf8mb4_0900_ai_ci"})
	if len(p.Migrations) != 1 || p.Migrations[0].Table.Name != "tag" || len(p.Migrations[0].PreChecks) != 1 {
		t.Fatalf("want the tag.code change with one unique-key pre-check: %+v", p.Migrations)
	}
	m := p.Migrations[0]
	srv := sandboxtest.Start(t, "collint/mysql:9.7")
	ctx := context.Background()
	db, _ := sql.Open("mysql", srv.DSN(""))
	defer db.Close()
	conn, _ := db.Conn(ctx)
	defer conn.Close()
	exec(t, ctx, conn, schema)
	exec(t, ctx, conn, "INSERT INTO u.tag VALUES (1,'a'),(2,'á'),(3,'b')")
	if r := rows(t, ctx, conn, m.PreChecks[0].SQL); len(r) != 1 || r[0][1] != "2" {
		t.Fatalf("pre-check must report the a/á collision: %v", r)
	}
	if _, err := conn.ExecContext(ctx, m.Up); serverError(err) != 1062 {
		t.Errorf("the collision makes up fail with 1062, got %v", err)
	}
	exec(t, ctx, conn, "DELETE FROM u.tag WHERE id = 2")
	if r := rows(t, ctx, conn, m.PreChecks[0].SQL); len(r) != 0 {
		t.Fatalf("pre-check after fixing: %v", r)
	}
	before := rows(t, ctx, conn, "SHOW CREATE TABLE u.tag")[0][1]
	exec(t, ctx, conn, m.Up)
	exec(t, ctx, conn, m.Down)
	if after := rows(t, ctx, conn, "SHOW CREATE TABLE u.tag")[0][1]; after != before {
		t.Errorf("down:\n%s\nvs\n%s", after, before)
	}
}

func TestOnlineCommandsAndKeyLength(t *testing.T) {
	schema := `CREATE DATABASE k; USE k;
CREATE TABLE legacy (id INT PRIMARY KEY, path VARCHAR(1000) CHARACTER SET utf8mb3 NOT NULL, KEY k_path (path));
CREATE TABLE modern (id INT PRIMARY KEY, path VARCHAR(1000) NOT NULL, KEY k_path (path(100)));`
	s, err := lint.NewSession("mysql-8.4", "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("s.sql", schema); len(errs) > 0 {
		t.Fatal(errs)
	}
	rep := s.Lint("q.sql", []byte("SELECT 1 FROM k.modern m JOIN k.legacy l ON l.path = m.path;"))
	p, err := plan.Build(rep, plan.Options{Rows: map[string]int64{"k.legacy": 2_000_000}})
	if err != nil || len(p.Migrations) != 1 {
		t.Fatalf("%v %+v", err, p)
	}
	m := p.Migrations[0]
	if m.Table.Name != "legacy" || !strings.Contains(m.Up, "MODIFY `path` varchar(1000) COLLATE utf8mb4_0900_ai_ci NOT NULL") {
		t.Fatalf("the utf8mb3 side must widen: %s", m.Up)
	}
	risks := strings.Join(m.Risks, "\n")
	if !strings.Contains(risks, "index k_path would be 4000 bytes, over InnoDB's 3072-byte key limit") {
		t.Errorf("key length risk missing:\n%s", risks)
	}
	if len(m.Online) != 2 || !strings.Contains(m.Online[0], "--panic-on-warnings") || !strings.HasPrefix(m.Online[1], "pt-online-schema-change") {
		t.Errorf("online commands: %v", m.Online)
	}
	small, _ := plan.Build(rep, plan.Options{Rows: map[string]int64{"legacy": 10}})
	if len(small.Migrations[0].Online) != 0 {
		t.Error("a small table needs no online tool")
	}
}
