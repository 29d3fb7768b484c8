package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
	"github.com/collint/collint/migrate/verify"
)

// serverError finds the server's error in a failed load step.
var serverErrorText = regexp.MustCompile(`Error \d{4} \([0-9A-Z]{5}\): .*`)

// TestVerifyEveryFixture: every bundled fixture, end to end, on MySQL 9.7
// and MariaDB 10.11: `collint migrate --flavor <the server's> --out DIR`,
// then `collint verify … --migration DIR` must pass. One kept container
// per image serves every fixture (--keep with a label of this run). A
// fixture whose schema the server refuses is listed with the server's
// error and not counted; one for which migrate plans nothing has nothing
// to verify and is listed too.
func TestVerifyEveryFixture(t *testing.T) {
	dirs := fixtures.Dirs("../../fixtures")
	if len(dirs) == 0 {
		t.Fatal("no fixtures")
	}
	label := "verify-fixtures=" + strconv.Itoa(os.Getpid())
	for _, tc := range []struct{ image, flavor string }{
		{"collint/mysql:9.7", "mysql-9"},
		{"collint/mariadb:10.11", "mariadb-10.11"},
	} {
		t.Run(sandboxtest.SubtestName(tc.image), func(t *testing.T) {
			sandboxtest.Require(t, tc.image)
			t.Cleanup(func() { removeOwnKept(t) })
			t0 := time.Now()
			var passed, cannotLoad, nothing []string
			for _, dir := range dirs {
				name := filepath.Base(dir)
				cfg, err := fixtures.Config(dir)
				if err != nil {
					t.Fatal(err)
				}
				var in []string
				for _, s := range cfg.Schemas {
					in = append(in, "--schema", filepath.Join(dir, s))
				}
				for _, q := range cfg.Queries {
					in = append(in, "--queries", filepath.Join(dir, q))
				}
				// The fixture's connection collation belongs to its flavor;
				// another family's server may not have it (then the server
				// default is used, and the schema decides whether it loads).
				if cfg.ConnCollation != "" && (cfg.Flavor == "" || family(cfg.Flavor) == family(tc.flavor)) {
					in = append(in, "--connection-collation", cfg.ConnCollation)
				}
				if cfg.DefaultDB != "" {
					in = append(in, "--default-database", cfg.DefaultDB)
				}
				mig := t.TempDir()
				code, _, stderr := collint(t, append([]string{"migrate", "--flavor", tc.flavor, "--out", mig}, in...)...)
				if code != 0 && code != 1 {
					t.Errorf("%s: collint migrate --flavor %s: exit %d: %s", name, tc.flavor, code, stderr)
					continue
				}
				if files, _ := filepath.Glob(filepath.Join(mig, "*.sql")); len(files) == 0 {
					nothing = append(nothing, name)
					continue
				}
				args := append([]string{"--migration", mig, "--image", tc.image, "--keep", "--label", label}, in...)
				code, rep, out := verifyJSON(t, args...)
				if len(rep.Runs) != 1 {
					t.Fatalf("%s: %d runs:\n%s", name, len(rep.Runs), out)
				}
				if msg := loadRefused(rep.Runs[0]); msg != "" {
					cannotLoad = append(cannotLoad, name+": "+msg)
					continue
				}
				if code != 0 || !rep.Pass {
					var b strings.Builder
					rep.Write(&b, "text")
					t.Errorf("%s on %s: collint verify exit %d:\n%s", name, tc.image, code, b.String())
					continue
				}
				passed = append(passed, name)
				if name == "inputs-logs" {
					checkLogsAndMapper(t, rep.Runs[0])
				}
			}
			t.Logf("%s: %d fixtures verified (%s) in %v", tc.image, len(passed), strings.Join(passed, ", "), time.Since(t0).Round(time.Millisecond))
			for _, n := range nothing {
				t.Logf("%s: %s: collint migrate plans no migration: nothing to verify", tc.image, n)
			}
			for _, c := range cannotLoad {
				t.Logf("%s: cannot load %s (not counted)", tc.image, c)
			}
			if len(passed) == 0 {
				t.Errorf("no fixture verified on %s", tc.image)
			}
		})
	}
}

func family(flavor string) string { return strings.SplitN(flavor, "-", 2)[0] }

// loadRefused returns the server's error when the load step failed
// because the server refused a schema statement, "" otherwise.
func loadRefused(run *verify.ServerRun) string {
	for _, s := range run.Steps {
		if s.Name != "load" || s.Pass {
			continue
		}
		for _, f := range s.Failures {
			if serverErrorText.MatchString(f) {
				return f
			}
		}
		return fmt.Sprintf("load failed: %s", strings.Join(s.Failures, "; "))
	}
	return ""
}

// checkLogsAndMapper: the queries of the inputs-logs fixture are read as
// collint lint reads them — log statements run (and are EXPLAINed), every
// MyBatis variant with placeholders runs with values bound from the data.
func checkLogsAndMapper(t *testing.T, run *verify.ServerRun) {
	t.Helper()
	var notes []string
	for _, s := range run.Steps {
		notes = append(notes, s.Notes...)
	}
	for _, m := range run.Migrations {
		for _, s := range m.Steps {
			notes = append(notes, s.Notes...)
		}
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{
		// 8 variants of the mapper's statement, 7 of them with a "?"
		"23 queries (7 with bound placeholders, 0 not run)",
		"queries.xml:5:5 (if[0]=true,if[1]=true,if[2]=true): ? bound to values of the data: billing.payments.amount = ",
		", billing.accounts.id = ",
		// the JSON-lines statement comparing payments.invoice_id with a number
		"queries.jsonl:2:101: CL202 index-unusable-type fixed; EXPLAIN looks billing.payments.invoice_id up through its index",
		// the slow log's 1267, run three times in the log, once here
		"queries.slow.log:9:1: fixed: failed before (Error 1267",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("inputs-logs on %s: missing %q in:\n%s", run.Target, want, all)
		}
	}
}
