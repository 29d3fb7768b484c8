package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/collint/collint/fixtures"
)

var update = flag.Bool("update", false, "rewrite fixtures/*/expected.{txt,sarif,github,checkstyle.xml} (review every diff)")

// goldenFixtures have a golden file for every format, compared byte for
// byte: the seed story and the fixture that reads every kind of input.
var goldenFixtures = []string{"seed", "inputs-logs"}

func TestFormatsGolden(t *testing.T) {
	formats := []struct{ format, file string }{
		{"text", "expected.txt"},
		{"json", "expected.json"}, // also TestFixtures' golden file
		{"sarif", "expected.sarif"},
		{"github", "expected.github"},
		{"checkstyle", "expected.checkstyle.xml"},
	}
	for _, name := range goldenFixtures {
		dir := filepath.Join("../../fixtures", name)
		rep, _, err := fixtures.Run(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range formats {
			t.Run(name+"/"+f.format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, rep, f.format, false); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, f.file)
				if *update && f.format != "json" {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./lint/report -run TestFormatsGolden -update, then review)", err)
				}
				if !bytes.Equal(want, buf.Bytes()) {
					t.Errorf("%s differs from the %s report:\n%s", path, f.format, buf.String())
				}
			})
		}
	}
}
