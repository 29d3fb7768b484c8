package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Comparisons run on the server over the copy a snapshot kept and the
// live table, and stream: rows are paired by key (or, when up changed a
// key column or the table has no unique key, by their rank in key
// order), and only the values a verdict needs cross the connection, one
// row at a time. Memory does not grow with the tables.

// pairing is the FROM clause pairing the copy b (alias o) with the live
// table a (alias n), and whether it pairs by rank.
func pairing(b, a *tableSnap) string {
	copyT := quoteIdent(b.DB) + "." + quoteIdent(b.Copy)
	live := quoteIdent(a.DB) + "." + quoteIdent(a.Name)
	byKey := b.Unique
	var on []string
	for _, k := range b.Key {
		c := b.Cols[k]
		j := colIndex(a.Cols, c.Name)
		if j < 0 || a.Cols[j].def() != c.def() {
			byKey = false
			break
		}
		on = append(on, "o."+quoteIdent(c.Name)+" = n."+quoteIdent(c.Name))
	}
	if byKey {
		return copyT + " AS o LEFT JOIN " + live + " AS n ON " + strings.Join(on, " AND ")
	}
	// Both sides are ranked in one order whatever their collations: the
	// characters' utf8mb4 bytes for strings, numbers as numbers (a string
	// key that became a number is ranked by its numeric value).
	order := func(t *tableSnap) string {
		var o []string
		for _, k := range b.Key {
			j, i := colIndex(t.Cols, b.Cols[k].Name), colIndex(a.Cols, b.Cols[k].Name)
			if j < 0 || i < 0 {
				continue
			}
			id := quoteIdent(b.Cols[k].Name)
			switch bs, as := b.Cols[k].String, a.Cols[i].String; {
			case bs && as:
				o = append(o, "CAST(CONVERT("+id+" USING utf8mb4) AS BINARY)")
			case bs != as && t.Cols[j].String:
				o = append(o, id+" + 0", "CAST(CONVERT("+id+" USING utf8mb4) AS BINARY)")
			default:
				o = append(o, id)
			}
		}
		return strings.Join(o, ", ")
	}
	return fmt.Sprintf("(SELECT ROW_NUMBER() OVER (ORDER BY %s) AS collint_rn, x.* FROM %s AS x) AS o LEFT JOIN (SELECT ROW_NUMBER() OVER (ORDER BY %s) AS collint_rn, y.* FROM %s AS y) AS n ON o.collint_rn = n.collint_rn",
		order(b), copyT, order(a), live)
}

// keySelect selects the copy's key columns (for evidence) and, last,
// whether the row found its pair.
func keySelect(b, a *tableSnap) []string {
	var sel []string
	for _, k := range b.Key {
		sel = append(sel, "o."+quoteIdent(b.Cols[k].Name))
	}
	return append(sel, "NOT ("+unpaired(b, a)+")")
}

// unpaired is the SQL of "the copy's row has no pair in the live table".
func unpaired(b, a *tableSnap) string {
	if strings.Contains(pairing(b, a), "collint_rn") {
		return "n.collint_rn IS NULL"
	}
	return "n." + quoteIdent(b.Cols[b.Key[0]].Name) + " IS NULL"
}

// keyText renders the key of a streamed row: "id=3" or "a=1, b='x'".
func keyText(b *tableSnap, vals []sql.NullString) string {
	var parts []string
	for i, k := range b.Key {
		parts = append(parts, b.Cols[k].Name+"="+show(cell{Null: !vals[i].Valid, Text: vals[i].String}))
	}
	return strings.Join(parts, ", ")
}

// stream runs a query and calls fn for each row.
func (v *verifier) stream(ctx context.Context, q string, ncols int, fn func(vals []sql.NullString)) error {
	rs, err := v.conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rs.Close()
	vals := make([]sql.NullString, ncols)
	ptrs := make([]any, ncols)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return err
		}
		fn(vals)
	}
	return rs.Err()
}

// compareData is step 6: row counts per table, per-column checksums of
// every column up did not change, and every value of a changed column
// against its old textual form.
func (v *verifier) compareData(ctx context.Context, s *Step, before, after snapshot, changed map[string]bool) {
	for _, name := range before.sortedKeys() {
		b, a := before[name], after[name]
		if a == nil {
			s.fail("%s: the table is gone after up", name)
			continue
		}
		if a.Count != b.Count {
			s.fail("%s: %d rows before up, %d after", name, b.Count, a.Count)
		}
		var conv []colInfo // changed columns
		for _, c := range b.Cols {
			j := colIndex(a.Cols, c.Name)
			if j < 0 {
				s.fail("%s.%s: the column is gone after up", name, c.Name)
				continue
			}
			if changed[strings.ToLower(name+"."+c.Name)] {
				conv = append(conv, c)
			} else if a.Checksums[a.Cols[j].Name] != b.Checksums[c.Name] {
				s.fail("%s.%s: checksum %s before up, %s after, yet up did not change the column", name, c.Name, b.Checksums[c.Name], a.Checksums[a.Cols[j].Name])
			}
		}
		if len(conv) > 0 {
			v.compareConverted(ctx, s, name, b, a, conv)
		}
		if s.Pass {
			s.note("%s: %d rows, %d column checksums equal", name, a.Count, len(b.Cols)-len(conv))
		}
	}
}

// compareConverted streams every row's old and new text of the changed
// columns.
func (v *verifier) compareConverted(ctx context.Context, s *Step, name string, b, a *tableSnap, conv []colInfo) {
	sel := keySelect(b, a)
	nk := len(sel)
	for _, c := range conv {
		sel = append(sel, "o."+quoteIdent(c.Name), "n."+quoteIdent(c.Name))
	}
	lost := make([]int, len(conv))
	var rows int
	missing := 0
	err := v.stream(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+pairing(b, a), len(sel), func(vals []sql.NullString) {
		rows++
		if vals[nk-1].String != "1" {
			missing++
			if missing <= maxEvidence {
				s.evidence("%s %s: row not found after up", name, keyText(b, vals))
			}
			return
		}
		for i, c := range conv {
			o, n := vals[nk+2*i], vals[nk+2*i+1]
			old, nw := cell{Null: !o.Valid, Text: o.String}, cell{Null: !n.Valid, Text: n.String}
			if !sameValue(old, nw) {
				lost[i]++
				if lost[i] <= maxEvidence {
					s.evidence("%s %s: %s %s → %s (%s → %s): value lost", name, keyText(b, vals), c.Name, show(old), show(nw), c.Type, a.Cols[colIndex(a.Cols, c.Name)].Type)
				}
			}
		}
	})
	if err != nil {
		s.fail("%s: comparing the converted values: %v", name, err)
		return
	}
	if missing > 0 {
		s.fail("%s: %d row(s) not found after up", name, missing)
	}
	for i, c := range conv {
		to := a.Cols[colIndex(a.Cols, c.Name)].Type
		if lost[i] > 0 {
			s.fail("%s.%s: %d of %d value(s) changed by the conversion (%s → %s)", name, c.Name, lost[i], rows, c.Type, to)
		} else {
			s.note("%s.%s: %d value(s) converted (%s → %s), every one equal to its old text", name, c.Name, rows-missing, c.Type, to)
		}
	}
}

// same is the SQL of "o.c and n.c hold the same value": bytes for
// strings, the value otherwise.
func same(c colInfo) string {
	id := quoteIdent(c.Name)
	if c.String {
		return "CAST(o." + id + " AS BINARY) <=> CAST(n." + id + " AS BINARY)"
	}
	return "o." + id + " <=> n." + id
}

// compareRestored is step 7's judgement: every table's SHOW CREATE TABLE
// and every row (bytes, by key) as before up. Only rows that differ are
// streamed.
func (v *verifier) compareRestored(ctx context.Context, s *Step, before, now snapshot) {
	for _, name := range before.sortedKeys() {
		b, a := before[name], now[name]
		if a == nil {
			s.fail("%s: the table is gone after down", name)
			continue
		}
		if a.Create != b.Create {
			s.fail("%s: SHOW CREATE TABLE differs after down", name)
			s.evidence("before:\n%s", b.Create)
			s.evidence("after down:\n%s", a.Create)
		}
		if a.Count != b.Count {
			s.fail("%s: %d rows before up, %d after down", name, b.Count, a.Count)
		}
		sel := keySelect(b, a)
		nk := len(sel)
		var differ []string
		var cols []colInfo
		for _, c := range b.Cols {
			if colIndex(a.Cols, c.Name) < 0 {
				s.fail("%s.%s: the column is gone after down", name, c.Name)
				continue
			}
			cols = append(cols, c)
			sel = append(sel, "o."+quoteIdent(c.Name), "n."+quoteIdent(c.Name), "NOT ("+same(c)+")")
			differ = append(differ, "NOT ("+same(c)+")")
		}
		where := unpaired(b, a)
		if len(differ) > 0 {
			where += " OR " + strings.Join(differ, " OR ")
		}
		n := 0
		err := v.stream(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+pairing(b, a)+" WHERE "+where, len(sel), func(vals []sql.NullString) {
			key := keyText(b, vals)
			if vals[nk-1].String != "1" {
				n++
				if n <= maxEvidence {
					s.evidence("%s %s: row missing after down", name, key)
				}
				return
			}
			for i, c := range cols {
				o, w := vals[nk+3*i], vals[nk+3*i+1]
				if vals[nk+3*i+2].String == "1" {
					n++
					if n <= maxEvidence {
						s.evidence("%s %s: %s was %s, is %s after down", name, key, c.Name, show(cell{Null: !o.Valid, Text: o.String}), show(cell{Null: !w.Valid, Text: w.String}))
					}
				}
			}
		})
		if err != nil {
			s.fail("%s: comparing the rows: %v", name, err)
			continue
		}
		if n > 0 {
			s.fail("%s: %d value(s) differ from the originals after down", name, n)
		}
	}
}
