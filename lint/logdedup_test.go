package lint_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
)

// trickyTemplates put literals where their values change verdicts: numbers
// against DATE and DECIMAL columns (valid and invalid date numbers,
// overflowing decimals), BETWEEN with equal and different bounds, negative
// numbers against unsigned columns, non-ASCII strings against ascii
// columns, invalid date strings, hex values, IN lists of one and more items.
var trickyTemplates = []logTemplate{
	{"shop", "SELECT id FROM orders WHERE placed_on = %n"},
	{"shop", "SELECT id FROM orders WHERE placed_on > %n"},
	{"shop", "SELECT id FROM orders WHERE placed_on IN (%n, %n)"},
	{"shop", "SELECT id FROM orders WHERE placed_on BETWEEN %n AND %n"},
	{"shop", "SELECT id FROM orders WHERE placed_on = %s"},
	{"shop", "SELECT id FROM orders WHERE placed_on < %s"},
	{"shop", "SELECT id FROM products WHERE price = %n"},
	{"shop", "SELECT id FROM products WHERE price BETWEEN %n AND %n"},
	{"shop", "SELECT id FROM products WHERE price > %n"},
	{"shop", "SELECT id FROM customers WHERE id BETWEEN %n AND %n"},
	{"shop", "SELECT id FROM customers WHERE id < %n"},
	{"shop", "SELECT id FROM customers WHERE id IN (%n)"},
	{"shop", "SELECT id FROM customers WHERE id IN (%n, %n, %n)"},
	{"shop", "SELECT id FROM customers WHERE country = %s"},
	{"shop", "SELECT id FROM customers WHERE country IN (%s, %s)"},
	{"shop", "SELECT id FROM customers WHERE email = %s"},
	{"shop", "SELECT id FROM customers WHERE email = %n"},
	{"shop", "SELECT id FROM orders WHERE customer_id = %s"},
	{"shop", "SELECT p.id FROM products p JOIN order_items oi ON oi.sku = p.sku WHERE p.sku = %s"},
	{"saas", "SELECT id FROM tenants WHERE id = %s"},
	{"saas", "SELECT id FROM invoices WHERE total BETWEEN %n AND %n"},
	{"saas", "SELECT id FROM users WHERE tenant_id = %s AND id > %n"},
}

var (
	trickyNumbers = []string{"0", "1", "7", "-1", "42", "101", "691231", "700101", "20240101", "20241399", "20240230",
		"19991231235959", "123456789012345", "1.5", "-2.25", "9999999999.99", "10000000000.00", "1e30", "0x41", "100", "1234567", "007"}
	trickyStrings = []string{"'DE'", "'de'", "'Ü'", "'ü'", "'2024-01-01'", "'2024-02-30'", "'2024-13-01'", "'2024-02-30x'", "'abc'", "'01'", "'1'", "'1abc'",
		"''", "'20240101'", "'SKU-1'", "'sku-1'", "_latin1'DE'", "N'DE'", "X'C3A9'", "'€'", "'a@b.c'", "'2024-01-01 10:00:00'", "'  '"}
)

// TestLogDedupMatchesStatementByStatement lints the same statements twice:
// as a slow log (de-duplicated by logKeys) and as an SQL script (each
// statement analysed on its own). For every rule the occurrences the log's
// findings carry must add up to the findings of the script, and each
// de-duplicated finding must be one the script reports for the
// statement's first occurrence: a key that merged statements with
// different verdicts would break either.
func TestLogDedupMatchesStatementByStatement(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := logShapes()
	var logb, sqlb strings.Builder
	db := ""
	const n = 6000
	lines := make([]int, n) // line of each statement in the script
	line := 1
	for i := 0; i < n; i++ {
		// half the statements from the tricky templates
		s := trickyTemplates[rng.IntN(len(trickyTemplates))]
		if i%2 == 0 {
			s = shapes[rng.IntN(len(shapes))]
		}
		sql := fillTricky(rng, s.sql)
		fmt.Fprintf(&logb, "# User@Host: app[app] @  [10.0.0.1]  Id: 1\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0\n")
		if s.db != db {
			fmt.Fprintf(&logb, "use %s;\n", s.db)
			fmt.Fprintf(&sqlb, "USE %s;\n", s.db)
			line++
			db = s.db
		}
		fmt.Fprintf(&logb, "SET timestamp=1709633702;\n%s;\n", sql)
		fmt.Fprintf(&sqlb, "%s;\n", sql)
		lines[i] = line
		line += strings.Count(sql, "\n") + 1
	}
	logPath, sqlPath := filepath.Join(dir, "slow.log"), filepath.Join(dir, "each.sql")
	os.WriteFile(logPath, []byte(logb.String()), 0o644)
	os.WriteFile(sqlPath, []byte(sqlb.String()), 0o644)

	run := func(q string) *lint.Report {
		rep, err := lint.Run(lint.Config{Schemas: benchLogSchemas, Queries: []string{q}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	fromLog, each := run(logPath), run(sqlPath)
	count := func(rep *lint.Report, weighted bool) map[string]int {
		m := map[string]int{}
		for _, f := range rep.Findings {
			w := 1
			if weighted {
				w = max(f.Occurrences, 1) // schema findings have none
			}
			m[f.Rule] += w
		}
		for range rep.Errors {
			m["error"]++
		}
		return m
	}
	got, want := count(fromLog, true), count(each, false)
	if !maps.Equal(got, want) {
		t.Errorf("occurrences per rule from the log %v, statement by statement %v", got, want)
	}
	if len(want) < 6 {
		t.Errorf("only %v found: the statements do not exercise the rules", want)
	}
	if len(fromLog.Findings) >= len(each.Findings) {
		t.Errorf("no de-duplication: %d findings from the log, %d statement by statement", len(fromLog.Findings), len(each.Findings))
	}
	t.Logf("%d statements: %d findings statement by statement, %d distinct in the log; per rule %v", n, len(each.Findings), len(fromLog.Findings), want)
}

// fillTricky fills a template: the tricky placeholders %n (a number) and
// %s (a string) from their pools, the others as writeSlowLog does.
func fillTricky(rng *rand.Rand, sql string) string {
	var b strings.Builder
	for i := 0; i < len(sql); i++ {
		if sql[i] != '%' || i+1 == len(sql) {
			b.WriteByte(sql[i])
			continue
		}
		i++
		switch sql[i] {
		case 'n':
			b.WriteString(trickyNumbers[rng.IntN(len(trickyNumbers))])
		case 's':
			b.WriteString(trickyStrings[rng.IntN(len(trickyStrings))])
		case 'I':
			fmt.Fprintf(&b, "%d", 1+rng.IntN(999_999))
		case 'E':
			fmt.Fprintf(&b, "'u%d@example.com'", rng.IntN(1000))
		case 'K':
			fmt.Fprintf(&b, "'SKU-%d'", rng.IntN(1000))
		case 'D':
			fmt.Fprintf(&b, "'2024-%02d-%02d'", 1+rng.IntN(12), 1+rng.IntN(31))
		case 'P':
			b.WriteString(trickyNumbers[rng.IntN(len(trickyNumbers))])
		case 'N', 'C', 'U':
			b.WriteString(trickyStrings[rng.IntN(len(trickyStrings))])
		default:
			b.WriteByte('%')
			b.WriteByte(sql[i])
		}
	}
	return b.String()
}

// TestASCIIEncodableEverywhere backs the de-duplication of ASCII strings by
// class: every character set of every flavor but swe7 (whose literals
// make a statement value-sensitive) holds every printable ASCII character.
func TestASCIIEncodableEverywhere(t *testing.T) {
	var ascii strings.Builder
	for c := byte(' '); c < 0x7f; c++ {
		ascii.WriteByte(c)
	}
	charset.RegisterWithParser()
	for _, name := range flavor.Names() {
		f, _ := flavor.Lookup(name)
		for _, cs := range f.Charsets.Charsets() {
			if cs.Name == "swe7" {
				if ok, _ := charset.Encodable(cs.Name, ascii.String()); ok {
					t.Errorf("%s: swe7 now holds ASCII: valueSensitive need not single it out", name)
				}
				continue
			}
			if ok, r := charset.Encodable(cs.Name, ascii.String()); !ok {
				t.Errorf("%s: %s cannot encode %q", name, cs.Name, r)
			}
		}
	}
}
