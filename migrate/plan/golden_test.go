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

// TestGoldenFiles writes every fixture's plan as files — in every format
// for the seed and the foreign-key fixture, as plain SQL for the others —
// and compares each file with fixtures/<name>/migrate/<format>/ byte for
// byte; a second, independent run must write identical files. A fixture
// whose plan has no migration must have no golden folder.
func TestGoldenFiles(t *testing.T) {
	for _, dir := range fixtures.Dirs("../../fixtures") {
		name := filepath.Base(dir)
		formats := []string{"sql"}
		if name == "seed" || name == "orders-fk" {
			formats = plan.Formats
		}
		for _, format := range formats {
			t.Run(name+"/"+format, func(t *testing.T) {
				var runs [2]map[string][]byte
				for i := range runs {
					rep, _, err := fixtures.Run(dir)
					if err != nil {
						t.Fatal(err)
					}
					p, err := plan.Build(rep, plan.Options{})
					if err != nil {
						t.Fatal(err)
					}
					out := t.TempDir()
					files, err := p.WriteFiles(out, format)
					if err != nil || len(files) != 2*len(p.Migrations) && format != "goose" || len(files) != len(p.Migrations) && format == "goose" {
						t.Fatalf("%v: %d files for %d migrations", err, len(files), len(p.Migrations))
					}
					runs[i] = map[string][]byte{}
					for _, f := range files {
						runs[i][filepath.Base(f)], _ = os.ReadFile(f)
					}
				}
				for f, data := range runs[0] {
					if !bytes.Equal(data, runs[1][f]) {
						t.Errorf("%s differs between two runs", f)
					}
				}
				golden := filepath.Join(dir, "migrate", format)
				if *update {
					os.RemoveAll(golden)
					if len(runs[0]) == 0 {
						return
					}
					os.MkdirAll(golden, 0o755)
					for f, data := range runs[0] {
						os.WriteFile(filepath.Join(golden, f), data, 0o644)
					}
					return
				}
				want, _ := filepath.Glob(filepath.Join(golden, "*"))
				if len(want) != len(runs[0]) {
					t.Errorf("%s holds %d files, the plan writes %d (go test ./migrate/plan -update, then review)", golden, len(want), len(runs[0]))
				}
				for _, w := range want {
					data, _ := os.ReadFile(w)
					if got, ok := runs[0][filepath.Base(w)]; !ok || !bytes.Equal(got, data) {
						t.Errorf("%s differs:\n%s", w, got)
					}
				}
			})
		}
	}
}
