package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".collint.yaml")
	os.WriteFile(path, []byte(`flavor: mariadb-10.11
connection_collation: utf8mb4_general_ci
schema: [db/migrations]
rules:
  CL403: off
  index-unusable-type: error
exclude: ["**/testdata/**", "vendor/**"]
include: ["**/*.sql"]
`), 0o644)
	f, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if f.Flavor != "mariadb-10.11" || f.Resolve(f.Schema[0]) != filepath.Join(dir, "db/migrations") {
		t.Errorf("%+v", f)
	}
	dis, sev := f.RuleSettings()
	if !dis["CL403"] || sev["CL202"] != "error" {
		t.Errorf("rules: %v %v", dis, sev)
	}
	for p, want := range map[string]bool{
		"db/q.sql":                true,
		"db/testdata/x.sql":       false,
		"a/b/testdata/c/d.sql":    false,
		"vendor/lib/q.sql":        false,
		"db/q.txt":                false,
		"queries/nested/deep.sql": true,
	} {
		if got := f.Keep(p); got != want {
			t.Errorf("Keep(%s) = %v, want %v", p, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	for body, want := range map[string]bool{
		"flavr: mysql-8.4\n":      false, // unknown field
		"rules:\n  CL999: off\n":  false,
		"rules:\n  CL101: loud\n": false,
		"fail_on: warning\n":      true,
	} {
		p := filepath.Join(dir, "c.yaml")
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := Load(p, true); (err == nil) != want {
			t.Errorf("%q: err %v", body, err)
		}
	}
	if f, err := Load(filepath.Join(dir, "missing.yaml"), false); err != nil || f == nil {
		t.Errorf("a missing default file must be fine: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), true); err == nil {
		t.Error("a missing --config file must be an error")
	}
}
