// Package datagen generates rows for a schema so that a migration can be
// tried on data that looks like production's worst: every table gets rows
// that respect its types, lengths and character sets, NOT NULL, primary and
// unique keys (compared the way the column's collation compares them) and
// foreign keys (parents first, child values taken from parent rows), seeded
// with hazard values — leading zeros, empty strings, trailing spaces,
// accents and case variants, emoji and other 4-byte characters, the
// smallest and largest integers, NULLs.
//
// Generation is deterministic: the same catalog and Options give the same
// rows, so a verification failure can be reproduced.
package datagen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
)

// DefaultRows is the number of rows generated per table when Options.Rows
// is zero.
const DefaultRows = 200

// Options steer the generator.
type Options struct {
	// Rows per table (DefaultRows if 0). Tables whose key cannot hold that
	// many distinct values (a TINYINT primary key) get fewer.
	Rows int
	// Seed makes the output reproducible; two seeds give different rows.
	Seed uint64
	// IDColumns maps string columns that hold integer ids ("db.table.col")
	// to the integer column whose values they hold ("db.table.col"): their
	// values are mostly that column's generated values as text, so that
	// joins find rows, plus the hazards of id text ('007', '7 ', '').
	IDColumns map[string]string
	// NoHazards generates only ordinary values (for tests that need
	// clean data).
	NoHazards bool
}

// Value is one generated cell.
type Value struct {
	SQL  string // a literal the server accepts for the column: 'x', 42, X'00', NULL
	Text string // the value as text (what the column returns), "" for NULL
	Null bool
}

// Table is one table's generated rows.
type Table struct {
	Table   *catalog.Table
	Columns []*catalog.Column // the columns given values (generated columns are left out)
	Rows    [][]Value         // Rows[i][j] is Columns[j] of row i
}

// Data is every generated table, parents before children.
type Data struct {
	Tables []*Table
	// Notes say what could not be honoured (a cycle of NOT NULL foreign
	// keys, rows dropped for lack of distinct key values).
	Notes []string
}

// Generate builds rows for every base table of the catalog.
func Generate(cat *catalog.Catalog, o Options) *Data {
	if o.Rows <= 0 {
		o.Rows = DefaultRows
	}
	g := &gen{
		opts:  o,
		reg:   cat.Flavor.Charsets,
		rng:   rand.New(rand.NewPCG(o.Seed, 0x636f6c6c696e74)),
		done:  map[*catalog.Table]*Table{},
		cat:   cat,
		state: map[*catalog.Table]bool{},
	}
	d := &Data{}
	for _, t := range g.order() {
		tt := g.table(t)
		g.done[t] = tt
		d.Tables = append(d.Tables, tt)
	}
	d.Notes = g.notes
	return d
}

type gen struct {
	opts  Options
	reg   *charset.Registry
	rng   *rand.Rand
	cat   *catalog.Catalog
	done  map[*catalog.Table]*Table
	state map[*catalog.Table]bool // visiting (false) / visited (true) for order
	notes []string
	out   []*catalog.Table
}

// order lists base tables parents first (depth-first over foreign keys,
// catalog order otherwise); a cycle is broken where it is found.
func (g *gen) order() []*catalog.Table {
	for _, db := range g.cat.Databases() {
		for _, t := range db.Tables() {
			if !t.View {
				g.visit(t)
			}
		}
	}
	return g.out
}

func (g *gen) visit(t *catalog.Table) {
	if _, seen := g.state[t]; seen {
		return
	}
	g.state[t] = false
	for _, fk := range t.ForeignKeys {
		if p := g.parent(t, fk); p != nil && p != t {
			g.visit(p)
		}
	}
	g.state[t] = true
	g.out = append(g.out, t)
}

func (g *gen) parent(t *catalog.Table, fk *catalog.ForeignKey) *catalog.Table {
	db := fk.RefDB
	if db == "" {
		db = t.DB
	}
	p := g.cat.Table(db, fk.RefTable)
	if p == nil || p.View {
		return nil
	}
	return p
}

// row is one row under construction.
type row map[string]Value // lower-case column name → value

func (g *gen) table(t *catalog.Table) *Table {
	tt := &Table{Table: t}
	for _, c := range t.Columns {
		if c.Generated == "" {
			tt.Columns = append(tt.Columns, c)
		}
	}
	n := g.opts.Rows
	if m := maxRows(t); m < n {
		n = m
	}
	keys := uniqueKeys(t)
	seen := make([]map[string]bool, len(keys))
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	dropped := 0
	for i := 0; i < n; i++ {
		r := g.row(t, tt.Columns, i, 0)
		ok := false
		for attempt := 1; attempt <= 30; attempt++ {
			clash := g.clash(t, keys, seen, r)
			if clash == nil {
				ok = true
				break
			}
			g.redo(t, clash, r, i, attempt)
		}
		if !ok {
			dropped++
			continue
		}
		for k, ix := range keys {
			if key, has := keyOf(g.reg, t, ix, r); has {
				seen[k][key] = true
			}
		}
		vals := make([]Value, len(tt.Columns))
		for j, c := range tt.Columns {
			vals[j] = r[strings.ToLower(c.Name)]
		}
		tt.Rows = append(tt.Rows, vals)
	}
	if dropped > 0 {
		g.notes = append(g.notes, fmt.Sprintf("%s: %d of %d rows dropped: no distinct key values left", t.QualifiedName(), dropped, n))
	}
	return tt
}

// clash returns the first unique key whose value in r is already taken.
func (g *gen) clash(t *catalog.Table, keys []*catalog.Index, seen []map[string]bool, r row) *catalog.Index {
	for k, ix := range keys {
		if key, has := keyOf(g.reg, t, ix, r); has && seen[k][key] {
			return ix
		}
	}
	return nil
}

// redo draws new values for the columns of a clashing key: another
// parent row for foreign-key columns, another ordinary value otherwise.
func (g *gen) redo(t *catalog.Table, ix *catalog.Index, r row, i, attempt int) {
	for _, p := range ix.Parts {
		name := strings.ToLower(p.Column)
		fk := fkOf(t, p.Column)
		if fk != nil {
			g.foreignKey(t, fk, i, attempt, r)
			if _, set := r[name]; set {
				continue
			}
		}
		if c := t.Column(p.Column); c != nil && c.Generated == "" {
			r[name] = g.value(t, c, i, attempt)
		}
	}
}

func fkOf(t *catalog.Table, col string) *catalog.ForeignKey {
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			if strings.EqualFold(c, col) {
				return fk
			}
		}
	}
	return nil
}

// row generates row i of t; attempt > 0 asks for other values than the
// previous attempt (after a unique-key collision).
func (g *gen) row(t *catalog.Table, cols []*catalog.Column, i, attempt int) row {
	r := row{}
	fkCols := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		g.foreignKey(t, fk, i, attempt, r)
		for _, c := range fk.Columns {
			fkCols[strings.ToLower(c)] = true
		}
	}
	for _, c := range cols {
		name := strings.ToLower(c.Name)
		if fkCols[name] {
			if _, set := r[name]; set {
				continue
			}
		}
		r[name] = g.value(t, c, i, attempt)
	}
	return r
}

// foreignKey copies the referenced values of a parent row into r. The
// parent row is chosen at random (attempt varies it); a nullable key is
// NULL now and then; a parent without rows (a cycle) leaves the columns
// to ordinary generation.
func (g *gen) foreignKey(t *catalog.Table, fk *catalog.ForeignKey, i, attempt int, r row) {
	p := g.parent(t, fk)
	pt := g.done[p]
	if p == t || pt == nil || len(pt.Rows) == 0 {
		if p != nil && !g.notedCycle(t, fk) {
			g.notes = append(g.notes, fmt.Sprintf("%s: foreign key %s: parent rows not available (self-reference or cycle): values are generated independently", t.QualifiedName(), fk.Name))
		}
		return
	}
	nullable := true
	for _, c := range fk.Columns {
		if col := t.Column(c); col == nil || !col.Nullable {
			nullable = false
		}
	}
	if nullable && !g.opts.NoHazards && i%17 == 3 && attempt == 0 {
		for _, c := range fk.Columns {
			r[strings.ToLower(c)] = null()
		}
		return
	}
	pr := pt.Rows[g.rng.IntN(len(pt.Rows))]
	if attempt == 0 && i < len(pt.Rows) {
		pr = pt.Rows[i] // every parent gets a child first
	}
	for k, c := range fk.Columns {
		if k >= len(fk.RefColumns) {
			break
		}
		for j, pc := range pt.Columns {
			if strings.EqualFold(pc.Name, fk.RefColumns[k]) {
				r[strings.ToLower(c)] = pr[j]
			}
		}
	}
}

func (g *gen) notedCycle(t *catalog.Table, fk *catalog.ForeignKey) bool {
	prefix := fmt.Sprintf("%s: foreign key %s:", t.QualifiedName(), fk.Name)
	for _, n := range g.notes {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// uniqueKeys returns the primary and unique indexes of t.
func uniqueKeys(t *catalog.Table) []*catalog.Index {
	var out []*catalog.Index
	for _, ix := range t.Indexes {
		if (ix.Primary || ix.Unique) && ix.Kind != "FULLTEXT" && ix.Kind != "SPATIAL" {
			out = append(out, ix)
		}
	}
	return out
}

// inUniqueKey reports whether the column is part of a primary or unique key.
func inUniqueKey(t *catalog.Table, c *catalog.Column) bool {
	for _, ix := range uniqueKeys(t) {
		for _, p := range ix.Parts {
			if strings.EqualFold(p.Column, c.Name) {
				return true
			}
		}
	}
	return false
}

// keyOf is the row's key for ix as the server compares it; has is false
// when a part is NULL (NULLs never collide in a unique key).
func keyOf(reg *charset.Registry, t *catalog.Table, ix *catalog.Index, r row) (string, bool) {
	var parts []string
	for _, p := range ix.Parts {
		if p.Expr {
			continue
		}
		v, ok := r[strings.ToLower(p.Column)]
		if !ok {
			continue
		}
		if v.Null {
			return "", false
		}
		c := t.Column(p.Column)
		parts = append(parts, Fold(reg, c, v.Text, p.Prefix))
	}
	return strings.Join(parts, "\x00"), true
}

// Fold returns the form of s that the column's collation compares equal:
// case and accents folded and trailing spaces dropped for a non-binary
// collation, trailing spaces dropped for a PAD SPACE binary one. It errs
// on the side of folding more than the server (two values this calls equal
// may be distinct on the server), which only costs a retry. prefix > 0
// keeps that many characters first (a prefix key part).
func Fold(reg *charset.Registry, c *catalog.Column, s string, prefix int) string {
	if prefix > 0 {
		if rs := []rune(s); len(rs) > prefix {
			s = string(rs[:prefix])
		}
	}
	if c == nil || !c.Type.HasCharset() {
		if c != nil && c.Type.Base == "binary" {
			return strings.TrimRight(s, "\x00")
		}
		return s
	}
	co, ok := reg.Collation(c.Collation)
	if ok && co.Binary {
		if co.Pad == charset.PadSpace {
			return strings.TrimRight(s, " ")
		}
		return s
	}
	var b strings.Builder
	for _, r := range strings.TrimRight(s, " ") {
		if r > 0xFFFF {
			r = 0xFFFD // older UCA and general_ci weigh every supplementary character alike
		}
		if f, ok := unaccent[r]; ok {
			r = f
		}
		b.WriteString(strings.ToLower(string(r)))
	}
	return b.String()
}

// unaccent folds the accented letters the generator uses.
var unaccent = map[rune]rune{
	'é': 'e', 'É': 'e', 'è': 'e', 'ê': 'e', 'à': 'a', 'á': 'a', 'Á': 'a', 'ü': 'u', 'Ü': 'u',
	'ö': 'o', 'ñ': 'n', 'ç': 'c', 'ø': 'o', 'å': 'a',
}

// maxRows bounds the rows of a table by the distinct values its
// smallest integer, ENUM or YEAR unique key can hold.
func maxRows(t *catalog.Table) int {
	best := int(^uint(0) >> 1)
	for _, ix := range uniqueKeys(t) {
		if len(ix.Parts) != 1 {
			continue
		}
		c := t.Column(ix.Parts[0].Column)
		if c == nil {
			continue
		}
		n := best
		switch c.Type.Base {
		case "tinyint":
			n = 127
		case "enum":
			n = len(c.Type.Elems)
		case "year":
			n = 250
		case "bit":
			if c.Type.Len > 0 && c.Type.Len < 16 {
				n = 1 << c.Type.Len
			}
		}
		if c.Type.Base == "tinyint" && c.Type.Len == 1 {
			n = 2
		}
		if n < best {
			best = n
		}
	}
	return best
}

// Statements returns INSERT statements (up to batch rows each, 100 if
// batch <= 0) for every table, parents first. name gives the table's name
// as the statement should spell it (e.g. `db`.`t`).
func (d *Data) Statements(batch int, name func(*catalog.Table) string) []string {
	if batch <= 0 {
		batch = 100
	}
	var out []string
	for _, t := range d.Tables {
		if len(t.Rows) == 0 || len(t.Columns) == 0 {
			continue
		}
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = QuoteIdent(c.Name)
		}
		head := fmt.Sprintf("INSERT INTO %s (%s) VALUES ", name(t.Table), strings.Join(cols, ", "))
		for start := 0; start < len(t.Rows); start += batch {
			end := min(start+batch, len(t.Rows))
			var b strings.Builder
			b.WriteString(head)
			for i, r := range t.Rows[start:end] {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteByte('(')
				for j, v := range r {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString(v.SQL)
				}
				b.WriteByte(')')
			}
			out = append(out, b.String())
		}
	}
	return out
}

// Counts returns the generated row count per table ("db.table"), sorted
// by name, for reports.
func (d *Data) Counts() []string {
	var out []string
	for _, t := range d.Tables {
		out = append(out, fmt.Sprintf("%s=%d", t.Table.QualifiedName(), len(t.Rows)))
	}
	sort.Strings(out)
	return out
}

// QuoteIdent quotes a MySQL identifier with backquotes.
func QuoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
