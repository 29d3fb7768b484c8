package plan_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/migrate/plan"
)

var update = flag.Bool("update", false, "rewrite fixtures/*/migrate.sql (review every diff)")

// TestGoldenPlans plans every fixture and compares the printed plan with
// its migrate.sql.
func TestGoldenPlans(t *testing.T) {
	for _, dir := range fixtures.Dirs("../../fixtures") {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			rep, _, err := fixtures.Run(dir)
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.Build(rep, plan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			p.Text(&buf)
			golden := filepath.Join(dir, "migrate.sql")
			if *update {
				os.WriteFile(golden, buf.Bytes(), 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./migrate/plan -update, then review)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("%s differs:\n%s", golden, buf.String())
			}
		})
	}
}
