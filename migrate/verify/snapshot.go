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

// tableSnap is one table's definition, row count and per-column
// checksums. Rows stay on the server: a snapshot taken before up copies
// each table (Copy, in the same database) so that the data after up and
// after down can be compared with it row by row on the server, streaming,
// whatever the table's size.
type tableSnap struct {
	DB, Name  string
	Create    string
	Cols      []colInfo
	Key       []int             // indexes into Cols identifying a row
	Unique    bool              // Key is a unique key (else every column)
	Count     int64             // rows
	Checksums map[string]string // column → sum of CRC32 of its values
	Copy      string            // the copy of the rows ("" for none)
}

// cell is one value: its text as the server returns it (characters,
// converted to the connection's utf8mb4).
type cell struct {
	Null bool
	Text string
}

// snapshot is every base table of the schema's databases.
type snapshot map[string]*tableSnap // "db.table"

// copyPrefix names the tables holding a snapshot's rows; they are not
// part of any snapshot.
const copyPrefix = "collint_before_"

// snapshot describes every table; with n > 0 it also copies each table's
// rows as snapshot n.
func (v *verifier) snapshot(ctx context.Context, n int) (snapshot, error) {
	out := snapshot{}
	for _, d := range v.dbs {
		db := v.serverDB(d)
		for _, t := range v.tables(ctx, db) {
			ts, err := v.snapTable(ctx, db, t)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", db, t, err)
			}
			if n > 0 {
				if err := v.copyTable(ctx, ts, n); err != nil {
					return nil, fmt.Errorf("%s.%s: copy: %w", db, t, err)
				}
			}
			out[db+"."+t] = ts
		}
	}
	return out, nil
}

// copyTable copies the table's rows into a table of the same definition
// (without foreign keys and triggers).
func (v *verifier) copyTable(ctx context.Context, ts *tableSnap, n int) error {
	ts.Copy = fmt.Sprintf("%s%d_%08x", copyPrefix, n, crc32.ChecksumIEEE([]byte(ts.Name)))
	cp, src := quoteIdent(ts.DB)+"."+quoteIdent(ts.Copy), quoteIdent(ts.DB)+"."+quoteIdent(ts.Name)
	if _, err := v.conn.ExecContext(ctx, "DROP TABLE IF EXISTS "+cp); err != nil {
		return err
	}
	if _, err := v.conn.ExecContext(ctx, "CREATE TABLE "+cp+" LIKE "+src); err != nil {
		return err
	}
	var cols []string
	for _, c := range ts.Cols {
		if !generatedColumn.MatchString(c.Extra) { // not DEFAULT_GENERATED
			cols = append(cols, quoteIdent(c.Name))
		}
	}
	list := strings.Join(cols, ", ")
	_, err := v.conn.ExecContext(ctx, "INSERT INTO "+cp+" ("+list+") SELECT "+list+" FROM "+src)
	return err
}

// generatedColumn matches information_schema's EXTRA of a generated
// column, whose values cannot be inserted.
var generatedColumn = regexp.MustCompile(`(?i)\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b`)

// dropCopies drops the copies of a snapshot.
func (v *verifier) dropCopies(ctx context.Context, s snapshot) {
	for _, ts := range s {
		if ts.Copy != "" {
			v.conn.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteIdent(ts.DB)+"."+quoteIdent(ts.Copy))
		}
	}
}

// dropRows deletes rows set aside after the snapshot was taken from its
// copies: they are not expected back after down.
func (v *verifier) dropRows(ctx context.Context, s snapshot, d deletedRows) error {
	for name, keys := range d {
		ts := s[name]
		if ts == nil || ts.Copy == "" {
			continue
		}
		for _, k := range keys {
			var where []string
			var args []any
			for i, c := range k.Cols {
				where = append(where, quoteIdent(c)+" <=> ?")
				if k.Vals[i].Valid {
					args = append(args, k.Vals[i].String)
				} else {
					args = append(args, nil)
				}
			}
			res, err := v.conn.ExecContext(ctx, "DELETE FROM "+quoteIdent(ts.DB)+"."+quoteIdent(ts.Copy)+" WHERE "+strings.Join(where, " AND "), args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			ts.Count -= n
		}
	}
	return nil
}

// textOf is the SQL of a column's text form for checksums: the bytes of
// strings (HEX), the server's text of other values.
func textOf(alias string, c colInfo) string {
	id := quoteIdent(c.Name)
	if alias != "" {
		id = alias + "." + id
	}
	if c.String {
		return "HEX(" + id + ")"
	}
	return "CAST(" + id + " AS CHAR)"
}

func (v *verifier) snapTable(ctx context.Context, db, t string) (*tableSnap, error) {
	q := quoteIdent(db) + "." + quoteIdent(t)
	ts := &tableSnap{DB: db, Name: t, Checksums: map[string]string{}}
	var name string
	if err := v.conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+q).Scan(&name, &ts.Create); err != nil {
		return nil, err
	}
	var err error
	if ts.Cols, err = v.columns(ctx, db, t); err != nil {
		return nil, err
	}
	ts.Key, ts.Unique = v.uniqueKey(ctx, db, t, ts.Cols)
	sel := []string{"COUNT(*)"}
	for _, c := range ts.Cols {
		sel = append(sel, "CAST(IFNULL(SUM(CRC32(IFNULL("+textOf("", c)+", '\\N'))), 0) AS CHAR)")
	}
	vals := make([]sql.NullString, len(sel))
	ptrs := make([]any, len(sel))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := v.conn.QueryRowContext(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+q).Scan(ptrs...); err != nil {
		return nil, err
	}
	fmt.Sscan(vals[0].String, &ts.Count)
	for i, c := range ts.Cols {
		ts.Checksums[c.Name] = vals[i+1].String
	}
	return ts, nil
}

// columns reads a table's columns from information_schema.
func (v *verifier) columns(ctx context.Context, db, t string) ([]colInfo, error) {
	var cols []colInfo
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
		cols = append(cols, c)
	}
	rows.Close()
	return cols, rows.Err()
}

// rowKey picks the primary key, else the first unique key of NOT NULL
// columns, else every column.
func (v *verifier) rowKey(ctx context.Context, db, t string, cols []colInfo) []int {
	k, _ := v.uniqueKey(ctx, db, t, cols)
	return k
}

// uniqueKey is rowKey, and whether the key is a unique key.
func (v *verifier) uniqueKey(ctx context.Context, db, t string, cols []colInfo) ([]int, bool) {
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
			return idx, true
		}
	}
	all := make([]int, len(cols))
	for i := range cols {
		all[i] = i
	}
	return all, false
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
