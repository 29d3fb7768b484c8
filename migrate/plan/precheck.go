package plan

import (
	"fmt"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// preChecks returns the queries that must find no rows before a change
// is safe to apply.
func preChecks(t *catalog.Table, ch *Change) []PreCheck {
	q := quoteIdent(t.DB) + "." + quoteIdent(t.Name)
	col := quoteIdent(ch.From.Name)
	key := primaryKey(t)
	sel := key + ", " + col // the rows' identity and the value
	if strings.Contains(", "+key+", ", ", "+col+", ") {
		sel = key
	}
	var out []PreCheck
	if ch.Kind == "type" && ch.From.Type.Class() == catalog.ClassString {
		lo, hi, cast := intBounds(ch.To.Type)
		// Byte-wise comparisons (CAST … AS BINARY) keep the check itself
		// free of the collation mix it is meant to fix.
		problem := fmt.Sprintf(`CASE
    WHEN %[1]s IS NULL THEN 'ok'
    WHEN %[1]s NOT REGEXP '^[+-]?[0-9]+$' THEN 'not an integer'
    WHEN CAST(%[1]s AS DECIMAL(65,0)) NOT BETWEEN %[2]s AND %[3]s THEN 'out of range'
    WHEN CAST(CAST(%[1]s AS %[4]s) AS BINARY) <> CAST(%[1]s AS BINARY) THEN 'not canonical (leading zeros or sign would be lost)'
    ELSE 'ok' END`, col, lo, hi, cast)
		out = append(out, PreCheck{
			Name:   fmt.Sprintf("%s.%s converts to %s without loss", t.Name, ch.From.Name, ch.To.Type.Spell(false)),
			Why:    "strict mode aborts the ALTER at the first bad row (MySQL: 'abc', '' → 1366, '12abc' → 1265, out of range → 1264; MariaDB: 1292), and '007' → 7 or '12.5' → 13 would change silently",
			SQL:    fmt.Sprintf("SELECT %s, problem FROM (SELECT %s, %s AS problem FROM %s) AS c WHERE problem <> 'ok';", sel, sel, problem, q),
			column: t.DB + "." + t.Name + "." + ch.From.Name,
		})
	}
	if ch.Kind == "type" && ch.From.Type.Class() == catalog.ClassInt {
		if _, ok := intRange[ch.To.Type.Base]; ok {
			lo, hi, _ := intBounds(ch.To.Type)
			out = append(out, PreCheck{
				Name: fmt.Sprintf("%s.%s fits %s", t.Name, ch.From.Name, ch.To.Type.Spell(false)),
				Why:  "a value outside the new type's range aborts the ALTER with 1264 in strict mode (and is clipped without it)",
				SQL:  fmt.Sprintf("SELECT %s FROM %s WHERE %s NOT BETWEEN %s AND %s;", sel, q, col, lo, hi),
			})
		}
	}
	if ch.Kind == "collation" {
		for _, ix := range t.Indexes {
			if !ix.Unique || !hasColumn(ix, ch.From.Name) {
				continue
			}
			var parts []string
			for _, p := range ix.Parts {
				if strings.EqualFold(p.Column, ch.From.Name) {
					parts = append(parts, fmt.Sprintf("CONVERT(%s USING %s) COLLATE %s", col, ch.To.Charset, ch.To.Collation))
				} else {
					parts = append(parts, quoteIdent(p.Column))
				}
			}
			keyExpr := strings.Join(parts, ", ")
			out = append(out, PreCheck{
				Name: fmt.Sprintf("unique key %s stays unique under %s", ix.Name, ch.To.Collation),
				Why:  "values distinct under the old collation can be equal under the new one ('a'/'á' under an accent-insensitive collation, 'a'/'a ' under PAD SPACE): the ALTER fails with 1062, and gh-ost/pt-osc silently drop rows",
				SQL:  fmt.Sprintf("SELECT %s, COUNT(*) AS n FROM %s GROUP BY %s HAVING COUNT(*) > 1;", keyExpr, q, keyExpr),
			})
		}
	}
	return out
}

// intBounds is the range of an integer type and the CAST target that
// reads a string as it: BIGINT's range when the type is not one of
// intRange's.
func intBounds(ty catalog.Type) (lo, hi, cast string) {
	lo, hi, cast = "-9223372036854775808", "9223372036854775807", "SIGNED"
	if ty.Unsigned {
		lo, hi, cast = "0", "18446744073709551615", "UNSIGNED"
	}
	if r, ok := intRange[ty.Base]; ok {
		lo, hi = r[0], r[1]
		if ty.Unsigned {
			lo, hi = "0", r[2]
		}
	}
	return lo, hi, cast
}

// intRange is signed min, signed max and unsigned max of each integer type.
var intRange = map[string][3]string{
	"tinyint":   {"-128", "127", "255"},
	"smallint":  {"-32768", "32767", "65535"},
	"mediumint": {"-8388608", "8388607", "16777215"},
	"int":       {"-2147483648", "2147483647", "4294967295"},
	"bigint":    {"-9223372036854775808", "9223372036854775807", "18446744073709551615"},
}

func hasColumn(ix *catalog.Index, col string) bool {
	for _, p := range ix.Parts {
		if strings.EqualFold(p.Column, col) {
			return true
		}
	}
	return false
}

// primaryKey lists the primary key columns (or every column when there is
// none) to identify offending rows.
func primaryKey(t *catalog.Table) string {
	for _, ix := range t.Indexes {
		if ix.Primary {
			var cols []string
			for _, p := range ix.Parts {
				cols = append(cols, quoteIdent(p.Column))
			}
			return strings.Join(cols, ", ")
		}
	}
	var cols []string
	for _, c := range t.Columns {
		cols = append(cols, quoteIdent(c.Name))
	}
	return strings.Join(cols, ", ")
}
