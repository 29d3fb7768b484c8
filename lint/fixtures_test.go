package lint_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/report"
)

var update = flag.Bool("update", false, "rewrite the fixtures' expected.json (review every diff)")

// fixtureConfig reads a fixture folder: schema.sql or schema/, queries.sql
// or queries/, and an optional "args" file with --flavor,
// --connection-collation and --default-database.
func fixtureConfig(t *testing.T, dir string) lint.Config {
	var cfg lint.Config
	for _, name := range []string{"schema", "schema.sql"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			cfg.Schemas = append(cfg.Schemas, name)
		}
	}
	for _, name := range []string{"queries", "queries.sql"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			cfg.Queries = append(cfg.Queries, name)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
		f := strings.Fields(string(data))
		for i := 0; i+1 < len(f); i += 2 {
			switch f[i] {
			case "--flavor":
				cfg.Flavor = f[i+1]
			case "--connection-collation":
				cfg.ConnCollation = f[i+1]
			case "--default-database":
				cfg.DefaultDB = f[i+1]
			default:
				t.Fatalf("%s/args: unknown flag %s", dir, f[i])
			}
		}
	}
	return cfg
}

// TestFixtures lints every fixture folder and compares the JSON report
// with its expected.json (go test ./lint -update rewrites them).
func TestFixtures(t *testing.T) {
	dirs, _ := filepath.Glob("../fixtures/*")
	n := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		n++
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cfg := fixtureConfig(t, dir)
			wd, _ := os.Getwd()
			if err := os.Chdir(dir); err != nil {
				t.Fatal(err)
			}
			rep, err := lint.Run(cfg)
			os.Chdir(wd)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := report.JSON(&buf, rep); err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(dir, "expected.json")
			if *update {
				if err := os.WriteFile(want, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test ./lint -update and review the diff)", err)
			}
			if !bytes.Equal(exp, buf.Bytes()) {
				t.Errorf("%s differs from the report:\n%s", want, diffLines(string(exp), buf.String()))
			}
			var parsed map[string]any
			if err := json.Unmarshal(buf.Bytes(), &parsed); err != nil {
				t.Fatalf("report is not JSON: %v", err)
			}
		})
	}
	if n < 1 {
		t.Fatal("no fixtures found")
	}
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "- "+x, "+ "+y)
		}
		if len(out) > 40 {
			break
		}
	}
	return strings.Join(out, "\n")
}
