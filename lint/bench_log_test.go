package lint_test

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/querylog"
)

// BenchmarkLintSlowLog lints a generated MySQL slow log end to end through
// lint.Run (what collint lint --queries slow.log does) and, in the same
// iteration, parses every statement of the same log with the bare TiDB
// parser on every core (read and split by querylog, then parser.Parse).
// It reports lint throughput, the ratio parse time / lint time (above 1:
// linting the log is faster than merely parsing it, thanks to
// de-duplication) and the peak heap during the lint (sampled every
// millisecond from runtime/metrics: /memory/classes/heap/objects:bytes,
// live and not yet collected objects, and /gc/heap/live:bytes, the heap
// the last collection found live).
func BenchmarkLintSlowLog(b *testing.B) {
	// 1M-repeat is the 100k log ten times: the same distinct statements,
	// ten times the log (the peak heap must stay that of 100k).
	for _, c := range []struct {
		name      string
		n, period int
	}{{"100k", 100_000, 0}, {"1M-repeat", 1_000_000, 100_000}, {"1M", 1_000_000, 0}} {
		n := c.n
		b.Run(c.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "slow.log")
			if _, err := writeSlowLog(path, n, c.period); err != nil {
				b.Fatal(err)
			}
			st, _ := os.Stat(path)
			charset.RegisterWithParser()
			defer debug.SetGCPercent(debug.SetGCPercent(400)) // as the collint command runs
			var parseT, lintT time.Duration
			var peak, live uint64
			for b.Loop() {
				t0 := time.Now()
				if got := parseLog(b, path); got != n {
					b.Fatalf("parsed %d statements, want %d", got, n)
				}
				t1 := time.Now()
				var rep *lint.Report
				p, l := peakHeap(func() {
					var err error
					rep, err = lint.Run(lint.Config{Schemas: benchLogSchemas, Queries: []string{path}})
					if err != nil {
						b.Fatal(err)
					}
				})
				lintT += time.Since(t1)
				parseT += t1.Sub(t0)
				peak, live = max(peak, p), max(live, l)
				if len(rep.Errors) > 0 {
					b.Fatalf("%d errors, first %+v", len(rep.Errors), rep.Errors[0])
				}
				if len(rep.Findings) == 0 {
					b.Fatal("no findings")
				}
				b.ReportMetric(float64(rep.Statements), "analysed")
			}
			iters := float64(b.N)
			b.ReportMetric(float64(n)*iters/lintT.Seconds(), "stmts/s")
			b.ReportMetric(lintT.Seconds()/iters, "lint-s")
			b.ReportMetric(parseT.Seconds()/iters, "parse-s")
			b.ReportMetric(float64(parseT)/float64(lintT), "parse/lint")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(live)/(1<<20), "live-heap-MB")
			b.ReportMetric(float64(st.Size())/(1<<20), "log-MB")
		})
	}
}

// parseLog reads a log with querylog and parses every statement with the
// TiDB parser on every core; it returns the number of statements.
func parseLog(tb testing.TB, path string) int {
	f, err := querylog.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	batches := make(chan []string, 4)
	var wg sync.WaitGroup
	var failed atomic.Value
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := parser.New()
			for batch := range batches {
				for _, sql := range batch {
					if _, _, err := p.Parse(sql, "", ""); err != nil {
						failed.Store(err)
					}
				}
			}
		}()
	}
	n := 0
	batch := make([]string, 0, 2048)
	err = querylog.Scan(f, querylog.Slow, func(s querylog.Statement) error {
		n++
		batch = append(batch, s.SQL)
		if len(batch) == cap(batch) {
			batches <- batch
			batch = make([]string, 0, 2048)
		}
		return nil
	})
	batches <- batch
	close(batches)
	wg.Wait()
	if err != nil {
		tb.Fatal(err)
	}
	if e := failed.Load(); e != nil {
		tb.Fatal(e)
	}
	return n
}

// peakHeap runs fn and returns the largest heap (objects live or not yet
// swept) and the largest live heap (as the last GC marked it) seen while
// it ran, sampled every millisecond.
func peakHeap(fn func()) (heap, live uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var peak, peakLive atomic.Uint64
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
		if v := sample[1].Value.Uint64(); v > peakLive.Load() {
			peakLive.Store(v)
		}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	fn()
	close(stop)
	<-done
	read()
	return peak.Load(), peakLive.Load()
}

// TestWriteSlowLogForCommand writes the benchmark's 1,000,000-statement
// log to $COLLINT_WRITE_SLOW_LOG, to time the whole collint command on it
// (see the README's performance section); without the variable it does
// nothing.
func TestWriteSlowLogForCommand(t *testing.T) {
	path := os.Getenv("COLLINT_WRITE_SLOW_LOG")
	if path == "" {
		return
	}
	if _, err := writeSlowLog(path, 1_000_000, 0); err != nil {
		t.Fatal(err)
	}
}
