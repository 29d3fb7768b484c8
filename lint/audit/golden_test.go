package audit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// goldenFixtures are reviewed by hand: the seed (one island plus a table
// in another collation, the CAST join) and two multi-collation schemas.
var goldenFixtures = []string{"seed", "legacy-latin1-euckr", "saas-tenants"}

func TestGolden(t *testing.T) {
	for _, name := range goldenFixtures {
		t.Run(name, func(t *testing.T) {
			md, html := render(t, fixtureAudit(t, name))
			golden(t, filepath.Join("testdata", name+".md"), md)
			golden(t, filepath.Join("testdata", name+".html"), html)
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/audit -run TestGolden -update and review the diff)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run with -update and review the diff)", path)
	}
}
