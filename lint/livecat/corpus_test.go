package livecat_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// EnvCorpus points at a folder of third-party schemas (see
// /work/shared/corpus/README.md): one folder per application, each with
// _load_corpus_NAME.as_is.sql files (and .fixed.sql where the
// application's installer does more). Tests reading it are skipped when it
// is unset; nothing of it is copied into this repository.
const EnvCorpus = "COLLINT_CORPUS"

var loadHeader = regexp.MustCompile(`(?m)^-- generated load file for (\S+) .*DB created with (.*)$`)

// corpusCases returns one case per load file (the .fixed.sql variant where
// there is one), each preceded by a prelude creating its database as the
// load file's header says.
func corpusCases(t *testing.T) []parityCase {
	root := os.Getenv(EnvCorpus)
	if root == "" {
		t.Skipf("set %s to the corpus folder (e.g. /work/shared/corpus) to run", EnvCorpus)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "_load_corpus_*.sql"))
	chosen := map[string]string{}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".sql"), ".as_is"), ".fixed")
		if prev, ok := chosen[name]; !ok || strings.HasSuffix(f, ".fixed.sql") && !strings.HasSuffix(prev, ".fixed.sql") {
			chosen[name] = f
		}
	}
	if len(chosen) == 0 {
		t.Fatalf("%s=%s holds no */_load_corpus_*.sql", EnvCorpus, root)
	}
	dir := t.TempDir()
	var cases []parityCase
	for name, f := range chosen {
		head := make([]byte, 512)
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := fh.Read(head)
		fh.Close()
		m := loadHeader.FindSubmatch(head[:n])
		if m == nil {
			t.Fatalf("%s: no load header", f)
		}
		db, opts := string(m[1]), strings.TrimSpace(string(m[2]))
		if opts == "server defaults" {
			opts = ""
		}
		prelude := filepath.Join(dir, name+".prelude.sql")
		if err := os.WriteFile(prelude, []byte(fmt.Sprintf("CREATE DATABASE `%s` %s;\nUSE `%s`;\n", db, opts, db)), 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, parityCase{name: strings.TrimPrefix(name, "_load_corpus_"), files: []string{prelude, f}})
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].name < cases[j].name })
	return cases
}

// TestCorpusReadsWithoutErrors builds every corpus schema for the MySQL
// flavors (the corpus was loaded into MySQL 9.7) and requires no error.
func TestCorpusReadsWithoutErrors(t *testing.T) {
	cases := corpusCases(t)
	for _, fl := range []string{"mysql-8.0", "mysql-8.4", "mysql-9"} {
		for _, c := range cases {
			rep, err := lint.Run(lint.Config{Schemas: c.files, Flavor: fl})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rep.Errors {
				t.Errorf("%s %s: %s:%d:%d: %s", fl, c.name, e.File, e.Line, e.Column, e.Message)
			}
			if fl == "mysql-9" {
				tables := 0
				for _, d := range rep.Catalog.Databases() {
					tables += len(d.Tables())
				}
				t.Logf("%s: %d tables and views, %d errors", c.name, tables, len(rep.Errors))
			}
		}
	}
}

// TestCorpusMatchesServer loads every corpus schema into each test image
// and compares collint's catalog with information_schema, as
// TestCatalogMatchesServer does for the built-in schemas, printing the
// agreement. Statements a server refuses (MariaDB does not know MySQL's
// 0900 collations, …) are counted, and collint must report an error for
// each of them too.
func TestCorpusMatchesServer(t *testing.T) {
	cases := corpusCases(t)
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		srv := sandboxtest.StartWith(t, sandbox.Options{Image: image, Labels: map[string]string{"collint.suite": "schema-parity"}})
		fl, err := flavor.Lookup(flavor.FromVersion(srv.Version()))
		if err != nil {
			t.Fatal(err)
		}
		pool, err := srv.Open("")
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		var total tally
		refusedTotal, unmatchedTotal := 0, 0
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res, refusals, errs := runCase(t, pool, fl, c)
				unmatched := 0
				for _, r := range refusals {
					if !reportedAt(r, errs) {
						unmatched++
						t.Errorf("the server refuses, collint does not report it: %s", r)
					}
				}
				for _, m := range res.mismatches {
					t.Error(m)
				}
				t.Logf("%s: %s; %d statements refused by the server (%d not reported by collint), %d collint errors", c.name, res, len(refusals), unmatched, len(errs))
				refusedTotal += len(refusals)
				unmatchedTotal += unmatched
				total.add(res)
			})
		}
		t.Logf("corpus on %s (%s, flavor %s): %d schemas: %s; %d statements refused by the server, %d of them not reported by collint",
			image, srv.Version(), fl.Name, len(cases), total, refusedTotal, unmatchedTotal)
	})
}

// reportedAt reports whether one of collint's errors is on the line of the
// server's refusal ("file:line: message").
func reportedAt(refusal string, errs []string) bool {
	parts := strings.SplitN(refusal, ":", 3)
	if len(parts) < 3 {
		return false
	}
	prefix := parts[0] + ":" + parts[1] + ":"
	for _, e := range errs {
		if strings.HasPrefix(e, prefix) {
			return true
		}
	}
	return false
}
