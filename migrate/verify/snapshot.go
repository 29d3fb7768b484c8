package verify

import (
	"context"
	"database/sql"
	"fmt"
	"hash/crc32"
	"regexp"
	"sort"
	"strings"
)

// colInfo is a column as information_schema describes it.
type colInfo struct {
	Name, Type, Charset, Collation, Nullable, Default, Extra string
	String                                                   bool // a character or binary string (HEX gives its bytes)
}

func (c colInfo) def() string {
	return strings.Join([]string{c.Type, c.Charset, c.Collation, c.Nullable, c.Default, c.Extra}, "|")
}

// tableSnap is one table's definition and rows.
type tableSnap struct {
	DB, Name  string
	Create    string
	Cols      []colInfo
	Key       []int             // indexes into Cols identifying a row
	Rows      map[string][]cell // key text → cells (in Cols order)
	Order     []string          // keys in first-seen order
	Dups      map[string]int    // rows sharing a key (no unique key: all columns)
	Checksums map[string]uint32 // column → CRC32 of its text forms
}

// cell is one value: its text as the server returns it (characters,
// converted to the connection's utf8mb4) and its bytes (HEX).
type cell struct {
	Null bool
	Text string
	Hex  string
}

// snapshot is every base table of the schema's databases.
type snapshot map[string]*tableSnap // "db.table"

func (v *verifier) snapshot(ctx context.Context) (snapshot, error) {
	out := snapshot{}
	for _, d := range v.dbs {
		db := v.serverDB(d)
		for _, t := range v.tables(ctx, db) {
			ts, err := v.snapTable(ctx, db, t)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", db, t, err)
			}
			out[db+"."+t] = ts
		}
	}
	return out, nil
}

func (v *verifier) snapTable(ctx context.Context, db, t string) (*tableSnap, error) {
	q := quoteIdent(db) + "." + quoteIdent(t)
	ts := &tableSnap{DB: db, Name: t, Rows: map[string][]cell{}, Dups: map[string]int{}, Checksums: map[string]uint32{}}
	var name string
	if err := v.conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+q).Scan(&name, &ts.Create); err != nil {
		return nil, err
	}
	rows, err := v.conn.QueryContext(ctx, `SELECT COLUMN_NAME, COLUMN_TYPE, IFNULL(CHARACTER_SET_NAME,''), IFNULL(COLLATION_NAME,''), IS_NULLABLE, IFNULL(COLUMN_DEFAULT,'<none>'), EXTRA, DATA_TYPE
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, db, t)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c colInfo
		var dt string
		if err := rows.Scan(&c.Name, &c.Type, &c.Charset, &c.Collation, &c.Nullable, &c.Default, &c.Extra, &dt); err != nil {
			rows.Close()
			return nil, err
		}
		c.String = strings.Contains(dt, "char") || strings.Contains(dt, "text") || strings.Contains(dt, "binary") || strings.Contains(dt, "blob") || dt == "enum" || dt == "set"
		ts.Cols = append(ts.Cols, c)
	}
	rows.Close()
	ts.Key = v.rowKey(ctx, db, t, ts.Cols)
	var sel []string
	for _, c := range ts.Cols {
		id := quoteIdent(c.Name)
		hex := "NULL"
		if c.String {
			hex = "HEX(" + id + ")"
		}
		sel = append(sel, id, hex)
	}
	rs, err := v.conn.QueryContext(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	sums := make([]uint32, len(ts.Cols))
	for rs.Next() {
		raw := make([]sql.RawBytes, 2*len(ts.Cols))
		ptrs := make([]any, len(raw))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		cells := make([]cell, len(ts.Cols))
		for i := range ts.Cols {
			cells[i] = cell{Null: raw[2*i] == nil, Text: string(raw[2*i]), Hex: string(raw[2*i+1])}
			h := crc32.ChecksumIEEE([]byte(cells[i].Text))
			if cells[i].Null {
				h = 0x9e3779b9
			}
			sums[i] += h // order-independent
		}
		key := ts.keyOf(cells)
		if _, dup := ts.Rows[key]; dup {
			ts.Dups[key]++
			key = fmt.Sprintf("%s#%d", key, ts.Dups[key])
		}
		ts.Rows[key] = cells
		ts.Order = append(ts.Order, key)
	}
	for i, c := range ts.Cols {
		ts.Checksums[c.Name] = sums[i]
	}
	return ts, rs.Err()
}

// rowKey picks the primary key, else the first unique key of NOT NULL
// columns, else every column.
func (v *verifier) rowKey(ctx context.Context, db, t string, cols []colInfo) []int {
	rows, err := v.conn.QueryContext(ctx, `SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`, db, t)
	if err == nil {
		keys := map[string][]string{}
		var order []string
		for rows.Next() {
			var ix string
			var col sql.NullString
			if rows.Scan(&ix, &col) == nil {
				if _, ok := keys[ix]; !ok {
					order = append(order, ix)
				}
				keys[ix] = append(keys[ix], col.String)
			}
		}
		rows.Close()
	next:
		for _, ix := range order {
			var idx []int
			for _, name := range keys[ix] {
				i := colIndex(cols, name)
				if i < 0 || cols[i].Nullable == "YES" {
					continue next
				}
				idx = append(idx, i)
			}
			return idx
		}
	}
	all := make([]int, len(cols))
	for i := range cols {
		all[i] = i
	}
	return all
}

func colIndex(cols []colInfo, name string) int {
	for i, c := range cols {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// keyOf is the row's key text, "id=3" or "a=1, b='x'".
func (ts *tableSnap) keyOf(cells []cell) string {
	var parts []string
	for _, i := range ts.Key {
		parts = append(parts, ts.Cols[i].Name+"="+show(cells[i]))
	}
	return strings.Join(parts, ", ")
}

// show renders a value for evidence: NULL, numbers bare, strings quoted.
func show(c cell) string {
	if c.Null {
		return "NULL"
	}
	if numeric.MatchString(c.Text) {
		return c.Text
	}
	return "'" + strings.ReplaceAll(c.Text, "'", "''") + "'"
}

var numeric = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// widening accepts a new text that is the old one plus what a wider type
// appends: a time of midnight, zero fractional digits.
var widening = regexp.MustCompile(`^( 00:00:00)?(\.?0*)$`)

// sameValue reports whether a converted value keeps the old one: the
// same characters (compared as text, so latin1 → utf8mb4 keeps 'é'), or
// the old text extended only by zeros a wider type shows ('1.5' →
// '1.50', '2024-01-02' → '2024-01-02 00:00:00'). '007' → '7' and
// '12.5' → '13' are losses.
func sameValue(old, new cell) bool {
	if old.Null || new.Null {
		return old.Null == new.Null
	}
	if old.Text == new.Text {
		return true
	}
	if strings.HasPrefix(new.Text, old.Text) {
		rest := new.Text[len(old.Text):]
		if rest != "" && widening.MatchString(rest) && (strings.Contains(old.Text, ".") || strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, " ")) {
			return true
		}
	}
	return false
}

// sortedKeys returns the snapshot's table names in order.
func (s snapshot) sortedKeys() []string {
	var out []string
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
