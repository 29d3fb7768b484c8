package lint_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/report"
)

var update = flag.Bool("update", false, "rewrite the fixtures' expected.json (review every diff)")

// fixtureConfig reads a fixture folder's lint configuration.
func fixtureConfig(t *testing.T, dir string) lint.Config {
	cfg, err := fixtures.Config(dir)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestFixtures lints every fixture folder and compares the JSON report
// with its expected.json (go test ./lint -update rewrites them).
func TestFixtures(t *testing.T) {
	dirs := fixtures.Dirs("../fixtures")
	for _, dir := range dirs {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			rep, _, err := fixtures.Run(dir)
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
	if len(dirs) < 10 {
		t.Fatalf("%d fixtures found, want at least 10", len(dirs))
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
