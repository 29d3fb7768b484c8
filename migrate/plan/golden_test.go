package plan_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/plan"
)

var update = flag.Bool("update", false, "rewrite fixtures/*/migrate.sql (review every diff)")

// TestGoldenPlans plans every fixture and compares the printed plan with
// its migrate.sql.
func TestGoldenPlans(t *testing.T) {
	dirs, _ := filepath.Glob("../../fixtures/*")
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var cfg lint.Config
			for _, n := range []string{"schema", "schema.sql"} {
				if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
					cfg.Schemas = append(cfg.Schemas, n)
				}
			}
			for _, n := range []string{"queries", "queries.sql"} {
				if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
					cfg.Queries = append(cfg.Queries, n)
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
					}
				}
			}
			wd, _ := os.Getwd()
			os.Chdir(dir)
			rep, err := lint.Run(cfg)
			os.Chdir(wd)
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
