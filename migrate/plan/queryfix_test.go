package plan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/plan"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// operatorsSchema and operatorsQueries cover every operator the query
// fixes rewrite; they load on MySQL and MariaDB alike.
const operatorsSchema = `CREATE DATABASE q DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE q;
CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(32) NOT NULL, ref VARCHAR(32) NOT NULL, KEY idx_code (code), KEY idx_ref (ref));
CREATE TABLE u (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(32) COLLATE utf8mb4_general_ci NOT NULL, KEY idx_ucode (code));
`

const operatorsQueries = `SELECT t.id FROM t JOIN u ON t.ref = u.id;
SELECT t.id FROM u JOIN t ON u.id = t.ref;
SELECT t.id FROM t JOIN u ON t.code <=> u.code;
SELECT id FROM t WHERE ref IN (7, 8);
SELECT t.id FROM t JOIN u ON t.code IN (u.code, 'x');
SELECT id FROM t WHERE ref BETWEEN 1 AND 9;
SELECT t.id FROM t JOIN u ON t.code NOT BETWEEN u.code AND 'z';
SELECT t.id FROM t JOIN u ON t.code LIKE u.code;
SELECT id FROM t WHERE code IN (SELECT code FROM u);
`

// TestQueryFixOperators checks the rewrite of each operator, built from
// the comparison typing recorded (not from the message text).
func TestQueryFixOperators(t *testing.T) {
	p, _ := planFor(t, "mysql-8.4", operatorsSchema, operatorsQueries)
	var got []string
	for _, f := range p.QueryFixes {
		got = append(got, fmt.Sprintf("%s | %s | %s | %s", f.Finding, f.Original, f.Rewrite, f.Column))
	}
	want := []string{
		"queries.sql:1:30 CL202 | t.ref = u.id | t.ref = CAST(u.id AS CHAR) COLLATE utf8mb4_unicode_ci | q.t.ref",
		"queries.sql:1:30 CL202 | t.ref = u.id | CAST(t.ref AS SIGNED) = u.id | q.u.id",
		"queries.sql:2:30 CL202 | u.id = t.ref | CAST(u.id AS CHAR) COLLATE utf8mb4_unicode_ci = t.ref | q.t.ref",
		"queries.sql:2:30 CL202 | u.id = t.ref | u.id = CAST(t.ref AS SIGNED) | q.u.id",
		"queries.sql:3:30 CL101 | t.code <=> u.code | t.code <=> u.code COLLATE utf8mb4_unicode_ci | q.t.code",
		"queries.sql:4:24 CL202 | ref IN (7, 8) | ref IN ('7', '8') | q.t.ref",
		"queries.sql:5:30 CL101 | t.code IN (u.code, 'x') | t.code IN (u.code COLLATE utf8mb4_unicode_ci, 'x' COLLATE utf8mb4_unicode_ci) | q.t.code",
		"queries.sql:6:24 CL202 | ref BETWEEN 1 AND 9 | CAST(ref AS SIGNED) BETWEEN 1 AND 9 | ",
		"queries.sql:7:30 CL101 | t.code NOT BETWEEN u.code AND 'z' | t.code NOT BETWEEN u.code COLLATE utf8mb4_unicode_ci AND 'z' COLLATE utf8mb4_unicode_ci | q.t.code",
		"queries.sql:8:30 CL101 | t.code LIKE u.code | t.code LIKE u.code COLLATE utf8mb4_unicode_ci | q.t.code",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("query fixes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestQueryFixOperatorsOnServers runs every rewrite of TestQueryFixOperators
// on the real servers: each runs without error, and EXPLAIN lists the
// index the fix says it keeps.
func TestQueryFixOperatorsOnServers(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.flavor, func(t *testing.T) {
			srv := sandboxtest.Start(t, sv.image)
			ctx := context.Background()
			conn, err := srv.Open("")
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			c, err := conn.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			stmts, _ := sqlsplit.Split([]byte(operatorsSchema), sqlsplit.Options{})
			for _, st := range stmts {
				if _, err := c.ExecContext(ctx, st.Text); err != nil {
					t.Fatalf("%s: %v", st.Text, err)
				}
			}
			defer c.ExecContext(ctx, "DROP DATABASE q")
			// a few rows, so that EXPLAIN chooses among indexes rather than
			// reading empty const tables
			for i := 1; i <= 20; i++ {
				c.ExecContext(ctx, fmt.Sprintf("INSERT INTO t VALUES (%d, 'c%d', '%d'), (%d, 'x%d', 'r%d')", i, i, i, 100+i, i, i))
				c.ExecContext(ctx, fmt.Sprintf("INSERT INTO u VALUES (%d, 'c%d')", i, i))
			}
			conn2 := srv.Defaults().CollationServer
			s, err := lint.NewSession(sv.flavor, conn2)
			if err != nil {
				t.Fatal(err)
			}
			if errs := s.Apply("schema.sql", operatorsSchema); len(errs) > 0 {
				t.Fatal(errs)
			}
			rep := s.Lint("queries.sql", []byte(operatorsQueries))
			p, err := plan.Build(rep, plan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var qs []query
			for _, st := range mustSplit(operatorsQueries) {
				qs = append(qs, query{sourceName: "queries.sql", lines: map[int]bool{st.Start.Line: true}, text: st.Text})
			}
			if n := proveQueryFixes(t, ctx, c, rep, p, qs, "q"); n < 8 {
				t.Errorf("only %d query fixes ran (connection %s): %+v", n, conn2, p.QueryFixes)
			}
		})
	}
}

func mustSplit(s string) []sqlsplit.Statement {
	stmts, _ := sqlsplit.Split([]byte(s), sqlsplit.Options{})
	return stmts
}
