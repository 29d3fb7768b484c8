package live

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// execAll runs every statement of a SQL file on conn.
func execAll(t *testing.T, conn *sql.Conn, path string, mariadb bool, force bool) (failed map[int]int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	stmts, _ := sqlsplit.Split(data, sqlsplit.Options{MariaDB: mariadb})
	failed = map[int]int{}
	for _, st := range stmts {
		if _, err := conn.ExecContext(context.Background(), st.Text); err != nil {
			me, ok := err.(*mysql.MySQLError)
			if !force || !ok {
				t.Fatalf("%s:%d: %v", path, st.Start.Line, err)
			}
			failed[st.Start.Line] = int(me.Number)
		}
	}
	return failed
}

// readOnlyUser creates a user that may only read: SELECT and SHOW VIEW on
// everything (performance_schema included). Its password has characters a
// DSN must escape.
func readOnlyUser(t *testing.T, conn *sql.Conn) (user, password string) {
	user, password = "collint_ro", "s3cr#t/p@ss:word"
	ctx := context.Background()
	for _, q := range []string{
		"CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
		"GRANT SELECT, SHOW VIEW ON *.* TO '" + user + "'@'%'",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	return user, password
}

// TestSeedDigests loads the seed fixture on MySQL 9.7 (performance_schema
// is ON in the image), runs its queries three times — the first fails
// with 1267 each time, and is digested all the same — and lints the
// server with its digests as a user that can only read: the mismatched
// join is found in the digest, counted 3 times; the user ran nothing but
// reads.
func TestSeedDigests(t *testing.T) {
	srv := sandboxtest.Start(t, "collint/mysql:9.7")
	ctx := context.Background()
	db, err := sql.Open("mysql", srv.DSNWith("", map[string]string{"collation": "utf8mb4_0900_ai_ci"}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	execAll(t, conn, "../../fixtures/seed/schema.sql", false, false)
	for i := 0; i < 3; i++ {
		failed := execAll(t, conn, "../../fixtures/seed/queries.sql", false, true)
		if failed[2] != 1267 || len(failed) != 1 {
			t.Fatalf("the seed's queries should fail at line 2 with 1267, and only there: %v", failed)
		}
	}
	user, password := readOnlyUser(t, conn)
	u := (&userDSN{user: user, password: password, addr: srv.Addr(), db: "shop"}).String()
	snap, err := Read(ctx, u, Options{Digests: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(snap.DSN, password) {
		t.Errorf("snapshot DSN shows the password: %s", snap.DSN)
	}
	if !snap.Server.PerformanceSchema || snap.Server.Flavor != "mysql-9" || snap.Server.CollationConnection != "utf8mb4_0900_ai_ci" {
		t.Errorf("server: %+v", snap.Server)
	}
	var sample string
	for _, d := range snap.Digests {
		if strings.Contains(d.Text, "CAST ( `b` . `id` AS CHARACTER )") {
			sample = d.Sample
			if d.Count != 3 || d.Errors != 3 {
				t.Errorf("digest %s: count %d errors %d, want 3 and 3", d.Digest, d.Count, d.Errors)
			}
		}
	}
	if !strings.Contains(sample, "CAST(b.id AS CHAR)") {
		t.Errorf("QUERY_SAMPLE_TEXT of the failing join: %q", sample)
	}
	rep, err := lint.Run(snap.Config())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.File, "performance_schema:shop:") {
			got = append(got, f.Rule+" "+strings.Join(f.Columns, ",")+" "+strconv.Itoa(f.Occurrences)+" col "+strconv.Itoa(f.Column))
		}
	}
	// columns are positions in DIGEST_TEXT:
	// SELECT `a` . `id` , `b` . `name` FROM `a` JOIN `b` ON `a` . `b_id_str` = CAST …
	//                                                       ^ 55
	want := []string{
		"CL202 shop.a.b_id_str,shop.b.id 3 col 55", // FROM `b` JOIN `a` ON `a` . `b_id_str` = `b` . `id`
		"CL301 shop.a.b_id_str,shop.b.id 3 col 55",
		"CL101 shop.a.b_id_str,shop.b.id 3 col 55",
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("missing %q among the digest findings %q", w, got)
		}
	}
	if len(rep.Errors) > 0 {
		t.Errorf("errors: %+v", rep.Errors)
	}
	// Nothing but reads: every statement the read-only user ran, by kind.
	rows, err := conn.QueryContext(ctx, "SELECT EVENT_NAME, COUNT_STAR FROM performance_schema.events_statements_summary_by_user_by_event_name WHERE USER = ? AND COUNT_STAR > 0", user)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ran := map[string]int{}
	for rows.Next() {
		var ev string
		var n int
		if err := rows.Scan(&ev, &n); err != nil {
			t.Fatal(err)
		}
		ran[strings.TrimPrefix(ev, "statement/sql/")] = n
	}
	for ev := range ran {
		switch {
		case ev == "select", ev == "begin", ev == "commit", ev == "rollback", strings.HasPrefix(ev, "show_"), strings.HasPrefix(ev, "statement/com/"): // protocol: prepare/execute/close of the SELECTs, quit
		default:
			t.Errorf("the read-only user ran %q (%d times): %v", ev, ran[ev], ran)
		}
	}
	if ran["begin"] == 0 || ran["select"] == 0 || ran["show_create_table"] == 0 {
		t.Errorf("expected START TRANSACTION, SELECT and SHOW CREATE TABLE among %v", ran)
	}
	t.Logf("statements of the read-only user: %v", ran)
}

// TestServerDefaults: what Read reports for each image's stock server.
// The connection collation is @@GLOBAL.collation_connection (measured: the
// mysql CLI in the 10.11 image gets utf8mb3_general_ci, its client's own
// default; go-sql-driver gets utf8mb4_general_ci everywhere).
func TestServerDefaults(t *testing.T) {
	want := map[string]string{
		"collint/mysql:9.7":     "mysql-9 utf8mb4 utf8mb4_0900_ai_ci utf8mb4_0900_ai_ci true",
		"collint/mariadb:10.11": "mariadb-10.11 utf8mb4 utf8mb4_general_ci utf8mb4_general_ci false",
		"collint/mariadb:11.8":  "mariadb-11 utf8mb4 utf8mb4_uca1400_ai_ci utf8mb4_uca1400_ai_ci false",
	}
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		srv := sandboxtest.Start(t, image)
		snap, err := Read(context.Background(), srv.DSN(""), Options{Digests: true})
		if err != nil {
			t.Fatal(err)
		}
		sv := snap.Server
		got := strings.Join([]string{sv.Flavor, sv.CharacterSetServer, sv.CollationServer, sv.CollationConnection, strconv.FormatBool(sv.PerformanceSchema)}, " ")
		if w, ok := want[image]; ok && got != w {
			t.Errorf("%s: got %s, want %s", image, got, w)
		}
		if !sv.PerformanceSchema && len(snap.Problems) == 0 {
			t.Errorf("performance_schema OFF is not reported")
		}
		if notes := snap.Notes(sv.Flavor); len(notes) != len(snap.Problems) {
			t.Errorf("the stock server differs from the flavor's tables: %q", notes)
		}
	})
}

// TestPasswordNeverShown: wrong password, wrong port, unknown host name —
// the password is in no error.
func TestPasswordNeverShown(t *testing.T) {
	srv := sandboxtest.Start(t, "collint/mysql:9.7")
	const pw = "Sup3rSecretPw"
	host, port, _ := strings.Cut(srv.Addr(), ":")
	for _, dsn := range []string{
		"root:" + pw + "@tcp(" + srv.Addr() + ")/",
		"mysql://root:" + pw + "@" + srv.Addr() + "/",
		"root:" + pw + "@tcp(" + host + ":1)/",
		"mysql://nobody:" + pw + "@" + host + ":" + port + "/nodb",
		"root:" + pw + "@tcp(" + srv.Addr() + ")/nodb?badparam=%zz",
		"root:" + pw + "@tcp(" + srv.Addr() + ")/?tls=bogus",
	} {
		_, err := Read(context.Background(), dsn, Options{})
		if err == nil {
			t.Errorf("%s: no error", Redact(dsn))
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("the error shows the password: %v", err)
		}
		t.Logf("%v", err)
	}
	// a defaults file with the wrong password
	dir := t.TempDir()
	cnf := filepath.Join(dir, "my.cnf")
	os.WriteFile(cnf, []byte("[client]\nuser=root\npassword=\""+pw+"\"\nhost="+host+"\nport="+port+"\n"), 0o600)
	dsn, err := ResolveDSN("", cnf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(context.Background(), dsn, Options{}); err == nil || strings.Contains(err.Error(), pw) {
		t.Errorf("defaults file with a wrong password: %v", err)
	}
	os.WriteFile(cnf, []byte("[client]\nuser=root\npassword='"+pw+"\n"), 0o600)
	if _, err := ResolveDSN("", cnf); err == nil || strings.Contains(err.Error(), pw) {
		t.Errorf("bad defaults file: %v", err)
	}
}

type userDSN struct{ user, password, addr, db string }

func (u *userDSN) String() string {
	d := &Defaults{User: u.user, Password: u.password, HasPassword: true, Database: u.db}
	d.Host, d.Port, _ = strings.Cut(u.addr, ":")
	return d.DSN()
}
