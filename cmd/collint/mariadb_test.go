package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestMariaDBDigests: --digests end to end on MariaDB, whose
// performance_schema is OFF by default and whose DIGEST_TEXT differs from
// MySQL's. Each server starts with --performance-schema=ON, loads a
// fixture it accepts, and runs its queries through a connection with the
// server's default collation: the first one fails with 1267 (three
// times), the second runs (twice). collint lint --dsn --digests, as a user
// who can only read, must find each mismatch in its digest with the
// number of runs, and collint audit must render it with its evidence.
func TestMariaDBDigests(t *testing.T) {
	cases := []struct {
		image, db, schema string
		// rules wanted on the digest of each query (by index), and the
		// database default MariaDB 10.11 needs (it has no 0900 collations)
		want    [2][]string
		replace []string
	}{
		{image: "collint/mariadb:11.8", db: "crm", schema: "mariadb-uca1400",
			want: [2][]string{{"CL101"}, {"CL303"}}},
		{image: "collint/mariadb:10.11", db: "shop", schema: "seed",
			want:    [2][]string{{"CL101"}, {"CL202", "CL301"}},
			replace: []string{"utf8mb4_0900_ai_ci", "utf8mb4_general_ci"}},
	}
	for _, c := range cases {
		t.Run(sandboxtest.SubtestName(c.image), func(t *testing.T) {
			srv := sandboxtest.StartWith(t, sandbox.Options{Image: c.image, Args: []string{"--performance-schema=ON"}})
			ctx := context.Background()
			root, err := sql.Open("mysql", srv.DSN(""))
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			var ps int
			if err := root.QueryRowContext(ctx, "SELECT @@performance_schema").Scan(&ps); err != nil || ps != 1 {
				t.Fatalf("performance_schema = %d (%v), want ON", ps, err)
			}
			dir := filepath.Join("..", "..", "fixtures", c.schema)
			schema, err := os.ReadFile(filepath.Join(dir, "schema.sql"))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.replace) == 2 {
				schema = []byte(strings.ReplaceAll(string(schema), c.replace[0], c.replace[1]))
			}
			conn, err := root.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			stmts, _ := sqlsplit.Split(schema, sqlsplit.Options{MariaDB: true})
			for _, st := range stmts {
				if _, err := conn.ExecContext(ctx, st.Text); err != nil {
					t.Fatalf("%s: %v", st.Text, err)
				}
			}
			conn.Close()

			coll := srv.Defaults().CollationServer
			app, err := sql.Open("mysql", srv.DSNWith(c.db, map[string]string{"collation": coll}))
			if err != nil {
				t.Fatal(err)
			}
			defer app.Close()
			queries, err := os.ReadFile(filepath.Join(dir, "queries.sql"))
			if err != nil {
				t.Fatal(err)
			}
			qs, _ := sqlsplit.Split(queries, sqlsplit.Options{MariaDB: true})
			const failRuns, okRuns = 3, 2
			for i := 0; i < failRuns; i++ {
				_, err := app.ExecContext(ctx, qs[0].Text)
				var me *mysql.MySQLError
				if !errors.As(err, &me) || me.Number != 1267 {
					t.Fatalf("%s: %v, want error 1267", qs[0].Text, err)
				}
			}
			for i := 0; i < okRuns; i++ {
				rows, err := app.QueryContext(ctx, qs[1].Text)
				if err != nil {
					t.Fatalf("%s: %v", qs[1].Text, err)
				}
				rows.Close()
			}

			const pw = "Ro-pw#mariadb"
			for _, q := range []string{
				"CREATE USER 'ro'@'%' IDENTIFIED BY '" + pw + "'",
				"GRANT SELECT, SHOW VIEW ON *.* TO 'ro'@'%'",
			} {
				if _, err := root.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			dsn := fmt.Sprintf("mysql://ro:%s@%s/%s", strings.ReplaceAll(pw, "#", "%23"), srv.Addr(), c.db)

			code, out, stderr := collint(t, "lint", "--dsn", dsn, "--digests", "--format", "json")
			if code != 1 {
				t.Fatalf("lint: exit %d, want 1 (the 1267 is an error finding)\n%s\n%s", code, out, stderr)
			}
			var rep struct {
				Findings []struct {
					Rule, File, Message string
					Line, Column        int
					Occurrences         int
					Columns             []string
				}
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			// per digest file: its rules and occurrences
			byFile := map[string][]string{}
			occ := map[string]int{}
			for _, f := range rep.Findings {
				if !strings.HasPrefix(f.File, "performance_schema:"+c.db+":") {
					continue
				}
				byFile[f.File] = append(byFile[f.File], f.Rule)
				occ[f.File] = f.Occurrences
				t.Logf("%s:%d:%d %s (%d) %s", f.File, f.Line, f.Column, f.Rule, f.Occurrences, f.Message)
			}
			var got []string
			for file, rules := range byFile {
				sort.Strings(rules)
				got = append(got, fmt.Sprintf("%s ×%d", strings.Join(rules, ","), occ[file]))
			}
			sort.Strings(got)
			want := []string{
				fmt.Sprintf("%s ×%d", strings.Join(c.want[0], ","), failRuns),
				fmt.Sprintf("%s ×%d", strings.Join(c.want[1], ","), okRuns),
			}
			sort.Strings(want)
			if strings.Join(got, "; ") != strings.Join(want, "; ") {
				t.Errorf("digest findings %q, want %q\nstderr: %s", got, want, stderr)
			}

			code, md, stderr := collint(t, "audit", "--dsn", dsn)
			if code != 1 {
				t.Fatalf("audit: exit %d, want 1\n%s\n%s", code, md, stderr)
			}
			cl101 := section(md, "error CL101 illegal-collation-mix — `performance_schema:"+c.db+":")
			for _, w := range []string{
				fmt.Sprintf("ran %d time(s) (performance_schema digest ", failRuns),
				fmt.Sprintf("%d with an error", failRuns),
				"```sql\nSELECT ",
			} {
				if !strings.Contains(cl101, w) {
					t.Errorf("audit: the CL101 of the digest lacks %q:\n%s", w, md)
				}
			}
			for _, w := range []string{"| performance_schema | ON (", "| connection collation (a default client) | " + coll + " |", "## Migrations"} {
				if !strings.Contains(md, w) {
					t.Errorf("audit lacks %q", w)
				}
			}
			if strings.Contains(md+stderr, pw) {
				t.Error("the password appears in the audit")
			}
		})
	}
}
