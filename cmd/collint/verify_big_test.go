package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestVerifyBigDumpMemory: a 200,000-row-per-table dump (400,000 rows,
// 11 MB) of the seed schema, verified with the seed migration on MySQL:
// the data comparisons stream on the server, so the heap stays far below
// the size of the rows (the whole-table snapshots this replaced peaked at
// 646 MB RSS on this dump).
func TestVerifyBigDumpMemory(t *testing.T) {
	sandboxtest.Require(t, "collint/mysql:9.7")
	const rows = 200_000
	dump := filepath.Join(t.TempDir(), "big.sql")
	f, err := os.Create(dump)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for table, row := range map[string]func(i int) string{
		"shop.b (id, name)":           func(i int) string { return fmt.Sprintf("(%d,'name %d é')", i, i) },
		"shop.a (id, b_id_str, note)": func(i int) string { return fmt.Sprintf("(%d,'%d','note %d')", i, (i*7919)%rows+1, i) },
	} {
		for start := 1; start <= rows; start += 1000 {
			var vals []string
			for i := start; i < start+1000; i++ {
				vals = append(vals, row(i))
			}
			fmt.Fprintf(w, "INSERT INTO %s VALUES %s;\n", table, strings.Join(vals, ","))
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	mig := seedMigration(t, "../../fixtures/seed/schema.sql", "mysql-9")

	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // heap sampled every millisecond: live and not yet collected objects
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	code, out, _ := collint(t, "verify", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql",
		"--migration", mig, "--data", dump)
	close(stop)
	<-done
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{
		"shop.a.b_id_str: 200000 value(s) converted (varchar(32) → bigint), every one equal to its old text",
		"shop.b: 200000 rows, 2 column checksums equal",
		"every SHOW CREATE TABLE and every row equal the originals",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	mb := float64(peak.Load()) / (1 << 20)
	t.Logf("peak heap %.1f MB for a %d-row dump", mb, 2*rows)
	if mb > 80 {
		t.Errorf("peak heap %.1f MB: the comparisons hold rows in memory", mb)
	}
}
