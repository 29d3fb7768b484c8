package plan_test

import (
	"context"
	"database/sql"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/collint/collint/migrate/plan"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestGeneratedColumnWithBadRows seeds the bad rows the issue names
// ('007', 'abc', ”, a value over 2^63) and proves, on both servers:
// the seed's query-only fix runs without 1267 and looks rows up through
// idx_b_id_str; Probe (read-only) finds exactly the bad rows and the row
// estimate; the plan then chooses the generated-column migration and
// shows the rows; its up applies with the bad rows present, the rewritten
// join uses the new index and finds only the convertible values; down
// restores SHOW CREATE TABLE byte for byte.
func TestGeneratedColumnWithBadRows(t *testing.T) {
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

			srv := sandboxtest.Start(t, tc.image)
			ctx := context.Background()
			db, err := sql.Open("mysql", srv.DSNWith("", map[string]string{"collation": tc.dbCollation}))
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
			exec(t, ctx, conn, `INSERT INTO shop.b (id, name) VALUES (1,'one'),(7,'seven'),(42,'x');
INSERT INTO shop.a (id, b_id_str) VALUES (1,'1'),(2,'007'),(3,'abc'),(4,''),(5,'9223372036854775808'),(6,'42'),(7,'-3');
ANALYZE TABLE shop.a, shop.b;`)

			// the query-only fix of the seed's 1267, as the plan writes it
			var fix string
			for _, f := range p.QueryFixes {
				if strings.HasPrefix(f.Finding, "queries.sql:2:38 CL101") && strings.Contains(f.Rewrite, "COLLATE") {
					fix = f.Rewrite
				}
			}
			if fix != "a.b_id_str = CAST(b.id AS CHAR) COLLATE utf8mb4_unicode_ci" {
				t.Fatalf("seed query fix: %q (all: %+v)", fix, p.QueryFixes)
			}
			orig := "SELECT a.id FROM shop.b JOIN shop.a ON a.b_id_str = CAST(b.id AS CHAR) WHERE b.id > 0"
			_, errOrig := conn.ExecContext(ctx, orig)
			if tc.flavor == "mysql-9" && serverError(errOrig) != 1267 {
				t.Errorf("the seed query must fail with 1267 on MySQL with a %s connection: %v", tc.dbCollation, errOrig)
			}
			fixed := "SELECT a.id FROM shop.b JOIN shop.a ON " + fix + " WHERE b.id > 0 ORDER BY a.id"
			var got []string
			for _, r := range rows(t, ctx, conn, fixed) {
				got = append(got, r[0])
			}
			if strings.Join(got, ",") != "1,6" { // '007' no longer equals 7
				t.Errorf("fixed query rows: %v", got)
			}
			if key := explainKey(t, ctx, conn, strings.Replace(fixed, "SELECT a.id", "SELECT STRAIGHT_JOIN a.id", 1), "a"); key != "idx_b_id_str" {
				t.Errorf("the fixed query does not use idx_b_id_str: key %q", key)
			}

			// Probe: read-only, finds exactly the bad rows
			ev, err := plan.Probe(ctx, db, p)
			if err != nil {
				t.Fatal(err)
			}
			var bad []string
			for _, r := range ev.Offending["shop.a.b_id_str"] {
				bad = append(bad, r[0]+":"+r[1])
			}
			sort.Strings(bad)
			if want := "'2':'007'|'3':'abc'|'4':''|'5':'9223372036854775808'"; strings.Join(bad, "|") != want {
				t.Fatalf("offending rows %v, want %s", bad, want)
			}
			if n, ok := ev.Rows["shop.a"]; !ok || n < 1 {
				t.Errorf("row estimate of shop.a: %d %v", n, ok)
			}
			opts := plan.Options{}
			ev.Apply(&opts)
			rep := s.Lint("queries.sql", seedQueries)
			p2, err := plan.Build(rep, opts)
			if err != nil {
				t.Fatal(err)
			}
			m := p2.Migrations[0]
			if m.Chosen == "" || m.Changes[0].Kind != "generated" || len(m.Offending) != 4 || m.Alternative == nil {
				t.Fatalf("the plan must choose the generated column: %+v", m)
			}
			before := rows(t, ctx, conn, "SHOW CREATE TABLE shop.a")[0][1]
			exec(t, ctx, conn, m.Up) // with the bad rows present
			var vals []string
			for _, r := range rows(t, ctx, conn, "SELECT id, COALESCE(b_id, 'NULL') FROM shop.a ORDER BY id") {
				vals = append(vals, r[0]+"="+r[1])
			}
			if want := "1=1,2=NULL,3=NULL,4=NULL,5=NULL,6=42,7=-3"; strings.Join(vals, ",") != want {
				t.Errorf("generated values %v, want %s", vals, want)
			}
			var rewrite string
			for _, q := range m.QueryFixes {
				if strings.Contains(q, "as a.b_id = b.id") {
					rewrite = "a.b_id = b.id"
				}
			}
			if rewrite == "" {
				t.Fatalf("no rewritten query on the generated column: %v", m.QueryFixes)
			}
			join := "SELECT STRAIGHT_JOIN a.id FROM shop.b JOIN shop.a ON " + rewrite + " WHERE b.id > 0 ORDER BY a.id"
			got = nil
			for _, r := range rows(t, ctx, conn, join) {
				got = append(got, r[0])
			}
			if strings.Join(got, ",") != "1,6" {
				t.Errorf("join on the generated column: %v", got)
			}
			if key := explainKey(t, ctx, conn, join, "a"); key != "idx_b_id" {
				t.Errorf("the join on b_id does not use idx_b_id: %q", key)
			}
			exec(t, ctx, conn, m.Down)
			if after := rows(t, ctx, conn, "SHOW CREATE TABLE shop.a")[0][1]; after != before {
				t.Errorf("down:\n%s\nvs\n%s", after, before)
			}
			// the conversion, offered as the alternative, is refused as the
			// pre-check said (strict mode)
			if _, err := conn.ExecContext(ctx, m.Alternative.Up); err == nil {
				t.Error("the conversion must fail with the bad rows present")
			} else {
				t.Logf("conversion with bad rows: %v", err)
			}
		})
	}
}

// explainKey is the key EXPLAIN shows for table alias in query.
func explainKey(t *testing.T, ctx context.Context, conn *sql.Conn, query, alias string) string {
	t.Helper()
	// MySQL 9.7 defaults to the tree format; MariaDB has no FORMAT=TRADITIONAL
	r, err := conn.QueryContext(ctx, "EXPLAIN FORMAT=TRADITIONAL "+query)
	if err != nil {
		r, err = conn.QueryContext(ctx, "EXPLAIN "+query)
	}
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", query, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		r.Scan(ptrs...)
		row := map[string]string{}
		for i, c := range cols {
			row[c] = vals[i].String
		}
		if row["table"] == alias {
			return row["key"]
		}
	}
	return ""
}
