package lint_test

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/charset"
)

// benchStatements builds n realistic statements over the seed schema.
func benchStatements(n int) []byte {
	// A query log's mix: most statements are fine, one in four has a
	// problem (the seed story's joins).
	shapes := []string{
		"SELECT a.id, b.name FROM a JOIN b ON a.b_id_str = CAST(b.id AS CHAR) WHERE b.id > %d;\n",
		"SELECT id, note FROM a WHERE b_id_str = '%d' ORDER BY id DESC LIMIT 10;\n",
		"UPDATE a SET note = CONCAT(note, '!') WHERE id = %d AND b_id_str BETWEEN '1' AND '9';\n",
		"SELECT COUNT(*) FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id AND b.name <> 'n%d');\n",
		"SELECT a.id FROM b JOIN a ON a.b_id_str = b.id WHERE a.note LIKE 'x%%' AND b.id IN (%d, 2, 3);\n",
		"SELECT b.id, b.name FROM b WHERE b.id IN (%d, 7, 9) AND b.name LIKE 'ab%%';\n",
		"DELETE FROM a WHERE id = %d AND note IS NULL;\n",
		"SELECT a.note, COUNT(*) FROM a WHERE a.id BETWEEN %d AND 100000 GROUP BY a.note HAVING COUNT(*) > 1;\n",
	}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, shapes[i%len(shapes)], i)
	}
	return []byte(sb.String())
}

// BenchmarkLintVsParse reports lint throughput as a ratio to bare TiDB
// parsing of the same statements, both measured in the same iteration
// (ratio = parse time / lint time; 1 would mean typing and rules are free).
func BenchmarkLintVsParse(b *testing.B) {
	schema, err := os.ReadFile("../fixtures/seed/schema.sql")
	if err != nil {
		b.Fatal(err)
	}
	src := benchStatements(1200)
	stmts := strings.Split(strings.TrimSpace(string(src)), ";\n")
	charset.RegisterWithParser()
	s, err := lint.NewSession("mysql-8.4", "")
	if err != nil {
		b.Fatal(err)
	}
	if errs := s.Apply("schema.sql", string(schema)); len(errs) > 0 {
		b.Fatal(errs)
	}
	// the collint command runs with GOGC=400 (see cmd/collint): measure that
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	p := parser.New()
	var parseT, lintT time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, st := range stmts {
			if _, _, err := p.Parse(st, "", ""); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		rep := s.Lint("bench.sql", src)
		t2 := time.Now()
		if len(rep.Errors) > 0 {
			b.Fatal(rep.Errors[0])
		}
		parseT += t1.Sub(t0)
		lintT += t2.Sub(t1)
	}
	n := float64(b.N * len(stmts))
	b.ReportMetric(float64(parseT.Nanoseconds())/n, "parse-ns/stmt")
	b.ReportMetric(float64(lintT.Nanoseconds())/n, "lint-ns/stmt")
	b.ReportMetric(float64(parseT)/float64(lintT), "lint/parse-throughput")
}
