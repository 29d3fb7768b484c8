package querylog

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestCorpus scans the third-party sample logs under
// $COLLINT_CORPUS/percona_toolkit_logs (slowlogs/ as Slow, genlogs/ as
// General; gzipped files are decompressed) and checks that scanning
// succeeds, that every statement is where its position says, and that
// Detect agrees with the directory. It prints the statement count per log.
// The logs are GPL and are never copied into this repository.
//
//	COLLINT_CORPUS=/work/shared/corpus go test -run TestCorpus -v ./lint/querylog
func TestCorpus(t *testing.T) {
	root := os.Getenv("COLLINT_CORPUS")
	if root == "" {
		t.Skip("COLLINT_CORPUS not set")
	}
	base := filepath.Join(root, "percona_toolkit_logs")
	total := 0
	for _, d := range []struct {
		dir string
		f   Format
	}{{"slowlogs", Slow}, {"genlogs", General}} {
		files, err := filepath.Glob(filepath.Join(base, d.dir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no logs in %s: %v", filepath.Join(base, d.dir), err)
		}
		sort.Strings(files)
		for _, path := range files {
			rc, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			var got []Statement
			if err := Scan(bytes.NewReader(data), d.f, func(s Statement) error { got = append(got, s); return nil }); err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			dbs := map[string]bool{}
			lines := splitLines(data)
			for _, s := range got {
				if err := checkPositions(lines, s); err != nil {
					t.Errorf("%s: %v", path, err)
					break
				}
				if s.DB != "" {
					dbs[s.DB] = true
				}
			}
			det := Detect(data[:min(len(data), headSize)])
			note := ""
			if det != d.f {
				note = " (Detect: " + det.String() + ")"
			}
			var names []string
			for db := range dbs {
				names = append(names, db)
			}
			sort.Strings(names)
			t.Logf("%-34s %6d statements  dbs=%s%s", d.dir+"/"+filepath.Base(path), len(got), strings.Join(names, ","), note)
			total += len(got)
		}
	}
	t.Logf("total: %d statements", total)
}
