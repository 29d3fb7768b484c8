package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// secret is the password of TestPasswordsNeverShown: every character a DSN
// or an option file treats specially (@ : / # ' and a space-free ?&=%),
// between distinctive 5-character runs so that a leaked fragment is found
// too.
const secret = "Pw9Kq@Xv7Lm:Rt4Zs/Hy8Jd#Nc3Bf'Gu6Wp?Qe2Ta&Mo5Yx=Ki1Vr%Ls"

// secretPieces are the strings that must appear nowhere: the password, its
// URL-escaped forms, and every run between special characters.
func secretPieces() []string {
	out := []string{secret, url.QueryEscape(secret), url.PathEscape(secret), url.UserPassword("u", secret).String()[2:]}
	for _, f := range strings.FieldsFunc(secret, func(r rune) bool { return strings.ContainsRune("@:/#'?&=%", r) }) {
		out = append(out, f)
	}
	return out
}

// leaks returns the secret pieces text holds.
func leaks(text string) []string {
	var out []string
	for _, p := range secretPieces() {
		if strings.Contains(text, p) {
			out = append(out, p)
		}
	}
	return out
}

// cnfQuote quotes a value for a my.cnf file.
func cnfQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestPasswordsNeverShown runs every command that takes a DSN through
// run() against MySQL 9.7 with a user whose password holds @ : / # ' ? & =
// %, given by --dsn (URL and go-sql-driver forms), $COLLINT_DSN and
// --defaults-file, correct and wrong (password, port, host, database, a
// URL whose password is not escaped): the password, its escaped forms and
// every fragment of it appear in no stdout, stderr or file written with
// --out/-o.
func TestPasswordsNeverShown(t *testing.T) {
	srv := sandboxtest.StartWith(t, sandbox.Options{Image: "collint/mysql:9.7", Args: []string{"--performance-schema=ON"}})
	ctx := context.Background()
	root, err := sql.Open("mysql", srv.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	conn, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, f := range []string{"schema.sql", "queries.sql"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "seed", f))
		if err != nil {
			t.Fatal(err)
		}
		stmts, _ := sqlsplit.Split(data, sqlsplit.Options{})
		for _, st := range stmts {
			if _, err := conn.ExecContext(ctx, st.Text); err != nil && f == "schema.sql" {
				t.Fatalf("%s:%d: %v", f, st.Start.Line, err)
			}
		}
	}
	// the user may create the scratch database verify needs
	for _, q := range []string{
		"CREATE USER 'leaky'@'%' IDENTIFIED BY '" + strings.ReplaceAll(secret, "'", "''") + "'",
		"GRANT ALL ON *.* TO 'leaky'@'%'",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	host, port, _ := strings.Cut(srv.Addr(), ":")
	urlDSN := func(pw, addr, db string) string {
		return (&url.URL{Scheme: "mysql", User: url.UserPassword("leaky", pw), Host: addr, Path: "/" + db}).String()
	}
	drvDSN := func(pw, addr, db string) string { return "leaky:" + pw + "@tcp(" + addr + ")/" + db }
	dir := t.TempDir()
	cnf := func(name, pw, h, p, db string) string {
		path := filepath.Join(dir, name+".cnf")
		text := fmt.Sprintf("[client]\nuser=leaky\npassword=%s\nhost=%s\nport=%s\n[collint]\ndatabase=%s\n", cnfQuote(pw), h, p, db)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// a DSN source: how the command gets it
	type source struct {
		name string
		dsn  string // --dsn / positional / COLLINT_DSN value
		how  string // "flag", "env", "file"
		file string
		ok   bool // the server accepts it
	}
	var sources []source
	for _, v := range []struct {
		name, pw, h, p, db string
		ok                 bool
	}{
		{"correct", secret, host, port, "shop", true},
		{"wrong password", secret + "-wrong", host, port, "shop", false},
		{"wrong port", secret, host, "1", "shop", false},
		{"wrong host", secret, "127.0.0.2", port, "shop", false}, // loopback, nothing listens
		{"unknown database", secret, host, port, "no_such_db", false},
	} {
		addr := v.h + ":" + v.p
		sources = append(sources,
			source{name: v.name + " (URL)", dsn: urlDSN(v.pw, addr, v.db), how: "flag", ok: v.ok},
			source{name: v.name + " (driver DSN)", dsn: drvDSN(v.pw, addr, v.db), how: "flag", ok: v.ok},
			source{name: v.name + " ($COLLINT_DSN)", dsn: urlDSN(v.pw, addr, v.db), how: "env", ok: v.ok},
			source{name: v.name + " (--defaults-file)", how: "file", file: cnf(strings.ReplaceAll(v.name, " ", "-"), v.pw, v.h, v.p, v.db), ok: v.ok},
		)
	}
	sources = append(sources,
		source{name: "URL with the password not escaped", dsn: "mysql://leaky:" + secret + "@" + srv.Addr() + "/shop", how: "flag"},
		source{name: "driver DSN with a bad parameter", dsn: drvDSN(secret, srv.Addr(), "shop") + "?tls=bogus", how: "flag"},
		source{name: "driver DSN without tcp()", dsn: "leaky:" + secret + "@" + srv.Addr() + "/shop", how: "flag"},
	)

	mig := seedMigration(t, "../../fixtures/seed/schema.sql", "mysql-9")
	type command struct {
		name   string
		args   func(out string) []string // out: a path for --out/-o
		dsns   string                    // the sources it takes: "fel" flag, env, defaults-file; "p" positional; "f" flag only
		okCode int
	}
	commands := []command{
		{"lint", func(string) []string { return []string{"lint"} }, "fel", 0}, // the schema alone: one info finding
		{"lint --digests", func(string) []string { return []string{"lint", "--digests", "--format", "json"} }, "fel", 1},
		{"baseline", func(o string) []string { return []string{"baseline", "-o", o} }, "fel", 0},
		{"schema", func(string) []string { return []string{"schema"} }, "fel", 0},
		{"audit", func(o string) []string { return []string{"audit", "--out", o, "--fail-on", "none"} }, "fel", 0},
		{"migrate", func(o string) []string { return []string{"migrate", "--out", o} }, "fel", 0},
		{"verify", func(string) []string {
			return []string{"verify", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql", "--migration", mig}
		}, "f", 0},
		{"schema diff", func(string) []string { return []string{"schema", "diff"} }, "p", 0},
	}
	ran, failed := 0, 0
	for _, c := range commands {
		for _, s := range sources {
			if c.dsns == "f" && s.how != "flag" || c.dsns == "p" && s.how != "flag" {
				continue
			}
			if c.name == "verify" && strings.HasPrefix(s.dsn, "mysql://") {
				continue // verify takes go-sql-driver DSNs only
			}
			t.Run(c.name+"/"+s.name, func(t *testing.T) {
				t.Setenv("COLLINT_DSN", "")
				t.Setenv("MYSQL_PWD", "")
				outPath := filepath.Join(t.TempDir(), "out")
				args := c.args(outPath)
				switch {
				case c.dsns == "p":
					args = append(args, s.dsn, s.dsn)
				case s.how == "flag":
					args = append(args, "--dsn", s.dsn)
				case s.how == "env":
					t.Setenv("COLLINT_DSN", s.dsn)
				case s.how == "file":
					args = append(args, "--defaults-file", s.file)
				}
				code, stdout, stderr := collint(t, args...)
				ran++
				all := stdout + stderr + filesUnder(t, outPath)
				if l := leaks(all); len(l) > 0 {
					failed++
					t.Errorf("exit %d: the output shows %q:\nstdout: %s\nstderr: %s", code, l, stdout, stderr)
				}
				ok := s.ok || c.name == "verify" && strings.HasPrefix(s.name, "unknown database") // verify ignores the DSN's database
				switch {
				case ok && code != c.okCode:
					t.Errorf("exit %d, want %d:\nstdout: %.2000s\nstderr: %s", code, c.okCode, stdout, stderr)
				case !ok && (code == 0 || stderr == "" && c.name != "verify"):
					t.Errorf("exit %d with an error on stderr expected:\nstdout: %.2000s\nstderr: %s", code, stdout, stderr)
				}
				if !ok {
					t.Logf("exit %d: %s", code, strings.TrimSpace(stderr+stdout))
				}
			})
		}
	}
	t.Logf("%d command runs, %d showed a piece of the password", ran, failed)
}

// filesUnder returns the contents of path, a file or a directory's files.
func filesUnder(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			b.Write(data)
		}
		return nil
	})
	return b.String()
}
