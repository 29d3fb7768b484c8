package querylog

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// slowGen is an io.Reader producing a slow log of n statements, so tests
// and benchmarks can scan big logs without holding them. The statements
// cycle through a handful of shapes with varying literals; every 1,000th
// entry has a "use", every 100th is followed by an administrator command
// entry (no SQL).
type slowGen struct {
	n, i int
	buf  []byte
	off  int
}

var genShapes = []string{
	"SELECT o.id, o.total FROM orders o JOIN customers c ON c.email = o.customer_email WHERE c.country = 'DE' AND o.id > %d;\n",
	"UPDATE products SET stock = stock - 1, note = 'sold; again' WHERE sku = 'SKU-%d';\n",
	"SELECT name\n  FROM customers\n WHERE id IN (%d, 2, 3, 4, 5)\n   AND status = 'active';\n",
	"INSERT INTO events (kind, payload, created_at) VALUES ('click', '{\"n\": %d}', NOW());\n",
	"SELECT COUNT(*) FROM sessions WHERE user_id = %d AND expires_at > '2024-03-05 10:00:00';\n",
}

func (g *slowGen) Read(p []byte) (int, error) {
	for g.off == len(g.buf) {
		if g.i == g.n {
			return 0, io.EOF
		}
		g.buf, g.off = g.entry(g.buf[:0], g.i), 0
		g.i++
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

func (g *slowGen) entry(b []byte, i int) []byte {
	b = append(b, "# Time: 2024-03-05T10:"...)
	b = append(b, byte('0'+i/600%6), byte('0'+i/60%10), ':', byte('0'+i/10%6), byte('0'+i%10))
	b = append(b, ".418273Z\n# User@Host: shop_app[shop_app] @  [10.20.1.17]  Id: "...)
	b = strconv.AppendInt(b, int64(i%500), 10)
	b = append(b, "\n# Query_time: 1.417311  Lock_time: 0.000012 Rows_sent: 1  Rows_examined: 184213\n"...)
	if i%1000 == 0 {
		b = append(b, "use shop;\n"...)
	}
	b = append(b, "SET timestamp="...)
	b = strconv.AppendInt(b, 1709633702+int64(i), 10)
	b = append(b, ";\n"...)
	b = fmt.Appendf(b, genShapes[i%len(genShapes)], i)
	if i%100 == 99 {
		b = append(b, "# User@Host: shop_app[shop_app] @  [10.20.1.17]  Id: 1\n# Query_time: 0.000002  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n# administrator command: Quit;\n"...)
	}
	return b
}

// statements in a slowGen log of n statements.
func genStatements(n int) int { return n }

var (
	bigLogOnce sync.Once
	bigLog     []byte
)

const bigLogEntries = 1_000_000

func bigSlowLog(b *testing.B) []byte {
	bigLogOnce.Do(func() {
		var buf bytes.Buffer
		buf.Grow(300 << 20)
		if _, err := io.Copy(&buf, &slowGen{n: bigLogEntries}); err != nil {
			b.Fatal(err)
		}
		bigLog = buf.Bytes()
	})
	return bigLog
}

// BenchmarkScanSlowLog scans a generated slow log of 1,000,000 statements
// (296 MB) held in memory.
func BenchmarkScanSlowLog(b *testing.B) {
	data := bigSlowLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = 0
		if err := Scan(bytes.NewReader(data), Auto, func(Statement) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	if n != genStatements(bigLogEntries) {
		b.Fatalf("%d statements, want %d", n, genStatements(bigLogEntries))
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
}

// BenchmarkScanSlowLogKey is what a caller de-duplicating a log does: scan
// and key every statement on (database, Key).
func BenchmarkScanSlowLogKey(b *testing.B) {
	data := bigSlowLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	n, distinct := 0, 0
	for b.Loop() {
		n = 0
		seen := map[string]bool{}
		if err := Scan(bytes.NewReader(data), Auto, func(s Statement) error {
			n++
			seen[s.DB+"\x00"+Key(s.SQL)] = true
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		distinct = len(seen)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
	b.ReportMetric(float64(distinct), "distinct")
}

var digestInputs = []string{
	"SELECT o.id, o.total FROM orders o JOIN customers c ON c.email = o.customer_email WHERE c.country = 'DE' AND o.id > 12345",
	"UPDATE products SET stock = stock - 1, note = 'sold; again' WHERE sku = 'SKU-42'",
	"SELECT name\n  FROM customers\n WHERE id IN (1, 2, 3, 4, 5)\n   AND status = 'active'",
	"INSERT INTO events (kind, payload, created_at) VALUES ('click', '{\"n\": 7}', NOW()), ('view', '{}', NOW())",
	"select count(*) from sessions /* app=web */ where user_id = 99 and expires_at > '2024-03-05 10:00:00'",
}

func BenchmarkDigest(b *testing.B) {
	size := 0
	for _, q := range digestInputs {
		size += len(q)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range digestInputs {
			Digest(q)
		}
	}
	b.ReportMetric(float64(len(digestInputs))*float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
}

func BenchmarkKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range digestInputs {
			Key(q)
		}
	}
	b.ReportMetric(float64(len(digestInputs))*float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
}

// TestScanStreams scans a 1,000,000-statement log produced on the fly: the heap
// stays small (Scan holds one statement at a time) and it takes well under
// 10 s.
func TestScanStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("scans a generated 296 MB log")
	}
	start := time.Now()
	var peak uint64
	var ms runtime.MemStats
	n := 0
	keys := map[string]int{}
	err := Scan(&slowGen{n: bigLogEntries}, Auto, func(s Statement) error {
		n++
		keys[s.DB+"\x00"+Key(s.SQL)]++
		if n%100_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != genStatements(bigLogEntries) {
		t.Fatalf("%d statements", n)
	}
	d := time.Since(start)
	t.Logf("%d statements, %d distinct keys, %v, peak live heap %.1f MB", n, len(keys), d, float64(peak)/(1<<20))
	if peak > 64<<20 {
		t.Errorf("live heap reached %d MB", peak>>20)
	}
	if d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}
