package sandbox

import (
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestSplitImage(t *testing.T) {
	for _, tc := range []struct{ in, repo, tag string }{
		{"collint/mysql:9.7", "collint/mysql", "9.7"},
		{"mariadb", "mariadb", "latest"},
		{"localhost:5000/collint/mariadb:10.11", "localhost:5000/collint/mariadb", "10.11"},
		{"localhost:5000/mysql", "localhost:5000/mysql", "latest"},
	} {
		repo, tag := splitImage(tc.in)
		if repo != tc.repo || tag != tc.tag {
			t.Errorf("splitImage(%q) = %q, %q; want %q, %q", tc.in, repo, tag, tc.repo, tc.tag)
		}
	}
}

func TestCharsetOf(t *testing.T) {
	for in, want := range map[string]string{
		"utf8mb4_0900_ai_ci":    "utf8mb4",
		"utf8mb4_uca1400_ai_ci": "utf8mb4",
		"latin1_swedish_ci":     "latin1",
		"binary":                "binary",
	} {
		if got := CharsetOf(in); got != want {
			t.Errorf("CharsetOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDSNWith(t *testing.T) {
	s := &Server{cfg: newConfig("127.0.0.1:4242", "root", "p@ss/w:rd"), database: "appdb"}

	cfg, err := mysql.ParseDSN(s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DBName != "appdb" || cfg.Addr != "127.0.0.1:4242" || cfg.Passwd != "p@ss/w:rd" || cfg.Collation != "" {
		t.Errorf("DSN(\"\") parsed to %+v", cfg)
	}

	dsn := s.DSNWith("other", map[string]string{
		"collation":       "utf8mb4_uca1400_ai_ci",
		"multiStatements": "true",
	})
	cfg, err = mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s: %v", dsn, err)
	}
	if cfg.DBName != "other" || cfg.Collation != "" || !cfg.MultiStatements ||
		cfg.Params["collation_connection"] != "'utf8mb4_uca1400_ai_ci'" {
		t.Errorf("DSNWith parsed to %+v", cfg)
	}
	// The charset must be present so the driver issues SET NAMES first.
	if want := "charset=utf8mb4"; !strings.Contains(dsn, want) {
		t.Errorf("DSNWith = %q, missing %q", dsn, want)
	}
	// An explicit charset wins.
	dsn = s.DSNWith("", map[string]string{"collation": "latin1_bin", "charset": "latin1"})
	if !strings.Contains(dsn, "charset=latin1&collation_connection=%27latin1_bin%27") {
		t.Errorf("DSNWith = %q", dsn)
	}
}
