package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	dc "github.com/ory/dockertest/v3/docker"

	"github.com/collint/collint/migrate/sandbox/sandboxtest"
	"github.com/collint/collint/migrate/verify"
)

// seedMigration writes the seed plan with collint migrate for a flavor.
func seedMigration(t *testing.T, schema, flavor string) string {
	t.Helper()
	out := t.TempDir()
	if code, _, stderr := collint(t, "migrate", "--schema", schema, "--queries", "../../fixtures/seed/queries.sql", "--flavor", flavor, "--out", out); code != 0 {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	return out
}

// ownContainers lists the containers this process started and did not
// remove.
func ownContainers(t *testing.T) []string {
	t.Helper()
	c, err := dc.NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	list, err := c.ListContainers(dc.ListContainersOptions{All: true, Filters: map[string][]string{"label": {"collint.pid=" + strconv.Itoa(os.Getpid())}}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range list {
		if x.Labels["collint.keep"] != "1" {
			out = append(out, x.Names...)
		}
	}
	return out
}

func verifyJSON(t *testing.T, args ...string) (int, *verify.Report, string) {
	t.Helper()
	code, stdout, stderr := collint(t, append([]string{"verify", "--format", "json"}, args...)...)
	var rep verify.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("exit %d, not JSON: %v\n%s\n%s", code, err, stdout, stderr)
	}
	return code, &rep, stdout
}

// TestVerifySeed: the seed fixture end to end on MySQL 9.7 and (with the
// database default MariaDB has) on MariaDB 10.11: the rejected query runs
// after up and looks b_id_str up through idx_b_id_str, no value is lost,
// down restores; the containers are gone afterwards.
func TestVerifySeed(t *testing.T) {
	for _, tc := range []struct{ image, flavor, schema string }{
		{"collint/mysql:9.7", "mysql-9", "../../fixtures/seed/schema.sql"},
		{"collint/mariadb:10.11", "mariadb-10.11", "testdata/verify/seed-mariadb/schema.sql"},
	} {
		t.Run(sandboxtest.SubtestName(tc.image), func(t *testing.T) {
			sandboxtest.Require(t, tc.image)
			mig := seedMigration(t, tc.schema, tc.flavor)
			code, rep, out := verifyJSON(t, "--schema", tc.schema, "--queries", "../../fixtures/seed/queries.sql", "--migration", mig, "--image", tc.image)
			if code != 0 || !rep.Pass || len(rep.Runs) != 1 || len(rep.Runs[0].Migrations) != 1 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			m := rep.Runs[0].Migrations[0]
			notes := map[string]string{}
			for _, s := range m.Steps {
				notes[s.Name] = strings.Join(s.Notes, "\n")
			}
			if !strings.Contains(notes["queries after up"], "queries.sql:2:1: fixed: failed before (Error 1267") {
				t.Errorf("the 1267 query is not reported fixed:\n%s", notes["queries after up"])
			}
			if !strings.Contains(notes["queries after up"], "queries.sql:2:1: CL101 illegal-collation-mix fixed; EXPLAIN looks shop.a.b_id_str up through its index: table a: type ref, key idx_b_id_str") {
				t.Errorf("EXPLAIN of the fixed query does not use idx_b_id_str:\n%s", notes["queries after up"])
			}
			if !strings.Contains(notes["data"], "every one equal to its old text") {
				t.Errorf("data:\n%s", notes["data"])
			}
			if !strings.Contains(notes["pre-checks"], "generated hazard row(s) found") || !strings.Contains(notes["pre-checks"], "b_id_str='007'") {
				t.Errorf("the pre-check must catch the generated '007':\n%s", notes["pre-checks"])
			}
			if !strings.Contains(notes["down"], "equal the originals") {
				t.Errorf("down:\n%s", notes["down"])
			}
			if left := ownContainers(t); len(left) > 0 {
				t.Errorf("containers left: %v", left)
			}
		})
	}
}

// TestVerifyLossy: a hand-written migration without a pre-check turns
// '007' into 7; verify fails and names the row.
func TestVerifyLossy(t *testing.T) {
	sandboxtest.Require(t, "collint/mysql:9.7")
	code, out, _ := collint(t, "verify", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql",
		"--migration", "testdata/verify/lossy", "--data", "testdata/verify/lossy-data.sql")
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{
		"FAIL shop.a.b_id_str: 1 of 5 value(s) changed by the conversion (varchar(32) → bigint)",
		"> shop.a id=3: b_id_str '007' → 7 (varchar(32) → bigint): value lost",
		"4. pre-checks       pass", "none in testdata/verify/lossy/001_a_bigint.up.sql",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// TestVerifyPreCheckStops: the collint migration's pre-check finds the
// '007' row of the user's data and stops before up, showing the row.
func TestVerifyPreCheckStops(t *testing.T) {
	sandboxtest.Require(t, "collint/mysql:9.7")
	mig := seedMigration(t, "../../fixtures/seed/schema.sql", "mysql-9")
	code, out, _ := collint(t, "verify", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql",
		"--migration", mig, "--data", "testdata/verify/lossy-data.sql")
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "pre-check \"a.b_id_str converts to bigint without loss\" returns 1 row(s)") ||
		!strings.Contains(out, "> id=3, b_id_str='007', problem='not canonical (leading zeros or sign would be lost)'") {
		t.Errorf("the offending row is not shown:\n%s", out)
	}
	if strings.Contains(out, ". up ") {
		t.Errorf("up ran after a failed pre-check:\n%s", out)
	}
}

// TestVerifyDownMustRestore: a down that gives the column another
// collation fails with both table definitions; a single file without a
// down fails unless --no-down.
func TestVerifyDownMustRestore(t *testing.T) {
	sandboxtest.Require(t, "collint/mysql:9.7")
	base := []string{"verify", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql", "--data", "testdata/verify/clean-data.sql"}
	code, out, _ := collint(t, append(base, "--migration", "testdata/verify/badrestore")...)
	if code != 1 || !strings.Contains(out, "FAIL shop.a: SHOW CREATE TABLE differs after down") || !strings.Contains(out, "COLLATE utf8mb4_bin NOT NULL") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "5. up               pass") || !strings.Contains(out, "7. data             pass") {
		t.Errorf("up and data should pass:\n%s", out)
	}
	up := "testdata/verify/lossy/001_a_bigint.up.sql"
	if code, out, _ := collint(t, append(base, "--migration", up)...); code != 1 || !strings.Contains(out, "no down migration for "+up+" (give it with --down FILE, or pass --no-down to accept that)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, out, _ := collint(t, append(base, "--migration", up, "--no-down")...); code != 0 || !strings.Contains(out, "no down migration: not checked (--no-down)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// --down gives a single file its down, which must restore
	down := "testdata/verify/lossy/001_a_bigint.down.sql"
	if code, out, _ := collint(t, append(base, "--migration", up, "--down", down)...); code != 0 || !strings.Contains(out, "applied "+down+": every SHOW CREATE TABLE and every row equal the originals") {
		t.Errorf("--down: exit %d:\n%s", code, out)
	}
	if code, out, _ := collint(t, append(base, "--migration", up, "--down", "testdata/verify/badrestore/001_a_bigint.down.sql")...); code != 1 || !strings.Contains(out, "FAIL shop.a: SHOW CREATE TABLE differs after down") {
		t.Errorf("--down that does not restore: exit %d:\n%s", code, out)
	}
	// a goose file carries its own down
	goose := "testdata/verify/goose/001_a_bigint.sql"
	if code, out, _ := collint(t, append(base, "--migration", goose)...); code != 0 || !strings.Contains(out, "applied "+goose+": every SHOW CREATE TABLE") {
		t.Errorf("goose: exit %d:\n%s", code, out)
	}
}

// TestVerifyDownUsage: --down is for a single, non-goose up file and
// excludes --no-down; each misuse is a usage error (exit 2) that names it.
func TestVerifyDownUsage(t *testing.T) {
	base := []string{"verify", "--schema", "../../fixtures/seed/schema.sql"}
	down := "testdata/verify/lossy/001_a_bigint.down.sql"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--migration", "testdata/verify/lossy", "--down", down}, "is a folder, whose down files are found by name"},
		{[]string{"--migration", "testdata/verify/goose/001_a_bigint.sql", "--down", down}, "is a goose migration and carries its own -- +goose Down section"},
		{[]string{"--migration", "testdata/verify/lossy/001_a_bigint.up.sql", "--down", down, "--no-down"}, "--down and --no-down exclude each other"},
		{[]string{"--migration", "testdata/verify/lossy/001_a_bigint.up.sql", "--down", "testdata/verify/missing.sql"}, "--down testdata/verify/missing.sql: open"},
		{[]string{"--migration", "testdata/verify/lossy/001_a_bigint.up.sql", "--label", "collint.pid=1"}, "with a key not starting with"},
	} {
		code, _, stderr := collint(t, append(base, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestVerifyDSN: on a user's server everything goes into one scratch
// database, which is dropped; a schema naming another database is
// refused with its position and creates nothing.
func TestVerifyDSN(t *testing.T) {
	srv := sandboxtest.Start(t, "collint/mysql:9.7")
	db, err := sql.Open("mysql", srv.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	databases := func() string {
		rows, err := db.Query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return strings.Join(out, ",")
	}
	before := databases()
	dsn := srv.DSN("")
	code, out, _ := collint(t, "verify", "--dsn", dsn, "--schema", "testdata/verify/other-db.sql", "--migration", "testdata/verify/lossy", "--data", "testdata/verify/clean-data.sql")
	if code != 1 || !strings.Contains(out, "testdata/verify/other-db.sql:4:1: names database audit, but with --dsn everything goes into the one scratch database") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if after := databases(); after != before {
		t.Errorf("databases before %s, after %s", before, after)
	}
	mig := seedMigration(t, "../../fixtures/seed/schema.sql", "mysql-9")
	code, out, _ = collint(t, "verify", "--dsn", dsn, "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql", "--migration", mig)
	if code != 0 || !strings.Contains(out, "EXPLAIN looks collint_scratch_") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if after := databases(); after != before {
		t.Errorf("databases before %s, after %s", before, after)
	}
}

// BenchmarkVerifySeedCold: command start to verdict for the seed fixture
// with a new container each time.
func BenchmarkVerifySeedCold(b *testing.B) { benchSeed(b, false) }

// BenchmarkVerifySeedWarm: the same with a kept container reused (the
// first, untimed run starts it).
func BenchmarkVerifySeedWarm(b *testing.B) { benchSeed(b, true) }

func benchSeed(b *testing.B, keep bool) {
	sandboxtest.Require(b, "collint/mysql:9.7")
	mig := b.TempDir()
	if code, _, stderr := runArgs("migrate", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql", "--flavor", "mysql-9", "--out", mig); code != 0 {
		b.Fatal(stderr)
	}
	args := []string{"verify", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql", "--migration", mig}
	if keep {
		args = append(args, "--keep", "--image", "collint/mysql:9.7")
		b.Cleanup(func() { removeOwnKept(b) })
		if code, out, _ := runArgs(args...); code != 0 {
			b.Fatal(out)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, out, _ := runArgs(args...); code != 0 {
			b.Fatal(out)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/verdict")
}

// removeOwnKept removes the kept containers this process started.
func removeOwnKept(tb testing.TB) {
	c, err := dc.NewClientFromEnv()
	if err != nil {
		tb.Fatal(err)
	}
	list, _ := c.ListContainers(dc.ListContainersOptions{All: true, Filters: map[string][]string{"label": {"collint.pid=" + strconv.Itoa(os.Getpid()), "collint.keep=1"}}})
	for _, x := range list {
		c.RemoveContainer(dc.RemoveContainerOptions{ID: x.ID, Force: true, RemoveVolumes: true})
	}
}

func runArgs(args ...string) (int, string, string) {
	var out, errb strings.Builder
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}
