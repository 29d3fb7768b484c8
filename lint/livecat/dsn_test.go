package livecat

import (
	"strings"
	"testing"
)

func TestDSN(t *testing.T) {
	for _, k := range []struct {
		in, addr, user, pass, db string
	}{
		{"mysql://app:s3cret@db.internal:3307/shop", "db.internal:3307", "app", "s3cret", "shop"},
		{"mysql://root@127.0.0.1/", "127.0.0.1:3306", "root", "", ""},
		{"mariadb://u:p%40ss@[::1]:3306/x?timeout=5s", "[::1]:3306", "u", "p@ss", "x"},
		{"app:s3cret@tcp(db:3306)/shop", "db:3306", "app", "s3cret", "shop"},
		{"root@/", "127.0.0.1:3306", "root", "", ""},
	} {
		if !IsDSN(k.in) {
			t.Errorf("IsDSN(%q) = false", k.in)
		}
		cfg, err := ParseDSN(k.in)
		if err != nil {
			t.Errorf("%s: %v", k.in, err)
			continue
		}
		if cfg.Addr != k.addr || cfg.User != k.user || cfg.Passwd != k.pass || cfg.DBName != k.db {
			t.Errorf("%s: addr %q user %q pass %q db %q", k.in, cfg.Addr, cfg.User, cfg.Passwd, cfg.DBName)
		}
	}
	for _, notDSN := range []string{"schema.sql", "migrations/", "fixtures/seed/schema.sql", "../a/b.sql"} {
		if IsDSN(notDSN) {
			t.Errorf("IsDSN(%q) = true", notDSN)
		}
	}
}

func TestPasswordsAreNeverShown(t *testing.T) {
	for in, want := range map[string]string{
		"mysql://app:s3cret@db:3306/shop":  "mysql://app:***@db:3306/shop",
		"app:s3cret@tcp(db:3306)/shop":     "app:***@tcp(db:3306)/shop",
		"mysql://app@db/shop":              "mysql://app@db/shop",
		"root@/":                           "root@/",
		"mysql://a:p%3Ass@db/x?timeout=1s": "mysql://a:***@db/x?timeout=1s",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	_, err := ParseDSN("mysql://app:s3cret@db:3306/shop?timeout=banana")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %v must exist and not show the password", err)
	}
}
