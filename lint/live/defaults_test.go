package live

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint/livecat"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultsFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "conf.d", "b.cnf"), "[collint]\ndatabase = shop\n")
	write(t, filepath.Join(dir, "conf.d", "a.cnf"), "[client]\nport=3307\n")
	write(t, filepath.Join(dir, "conf.d", "ignored.txt"), "[client]\nport=1\n")
	write(t, filepath.Join(dir, "extra.cnf"), "[client]\nhost = db.internal # a comment\n")
	write(t, filepath.Join(dir, "my.cnf"), `# top comment
; another
[mysqld]
user = mysql
[client]
user = "app user"
password = 'p@ss#w/rd:\'x'
loose_host = ignored-later
!include extra.cnf
!includedir conf.d
[collint]
user=app
`)
	d, err := ReadDefaults(filepath.Join(dir, "my.cnf"), "client", "collint")
	if err != nil {
		t.Fatal(err)
	}
	if d.User != "app" || d.Password != `p@ss#w/rd:'x` || d.Host != "db.internal" || d.Port != "3307" || d.Database != "shop" {
		t.Fatalf("%+v", d)
	}
	dsn := d.DSN()
	cfg, err := livecat.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "app" || cfg.Passwd != `p@ss#w/rd:'x` || cfg.Addr != "db.internal:3307" || cfg.DBName != "shop" {
		t.Fatalf("%s → %+v", dsn, cfg)
	}
	if strings.Contains(Redact(dsn), "rd") {
		t.Errorf("Redact(%q) = %q", dsn, Redact(dsn))
	}
}

func TestDefaultsSocket(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "my.cnf"), "[client]\nuser=root\npassword=\nsocket=/run/mysqld/mysqld.sock\n")
	d, err := ReadDefaults(filepath.Join(dir, "my.cnf"), "client")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := livecat.ParseDSN(d.DSN())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Net != "unix" || cfg.Addr != "/run/mysqld/mysqld.sock" || cfg.User != "root" {
		t.Fatalf("%s → %+v", d.DSN(), cfg)
	}
}

func TestDefaultsErrorsHidePassword(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"unterminated.cnf": "[client]\nuser=u\npassword='hunter2\n",
		"trailing.cnf":     "[client]\npassword=\"hunter2\" junk\n",
		"header.cnf":       "[client\npassword=hunter2\n",
		"include.cnf":      "[client]\npassword=hunter2\n!include missing.cnf\n",
	} {
		p := filepath.Join(dir, name)
		write(t, p, text)
		_, err := ReadDefaults(p, "client")
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: %v", name, err)
		}
		if !strings.Contains(err.Error(), name+":") {
			t.Errorf("%s: error does not name the file and line: %v", name, err)
		}
	}
}

func TestResolveDSNOrder(t *testing.T) {
	dir := t.TempDir()
	cnf := filepath.Join(dir, "my.cnf")
	write(t, cnf, "[client]\nuser=f\nhost=127.0.0.1\n")
	t.Setenv(EnvDSN, "")
	if got, _ := ResolveDSN("", ""); got != "" {
		t.Errorf("none: %q", got)
	}
	if got, _ := ResolveDSN("", cnf); got != "mysql://f@127.0.0.1:3306/" {
		t.Errorf("defaults file: %q", got)
	}
	t.Setenv(EnvDSN, "mysql://env@127.0.0.1/")
	if got, _ := ResolveDSN("", cnf); got != "mysql://env@127.0.0.1/" {
		t.Errorf("env over file: %q", got)
	}
	if got, _ := ResolveDSN("mysql://flag@127.0.0.1/", cnf); got != "mysql://flag@127.0.0.1/" {
		t.Errorf("flag over env: %q", got)
	}
}
