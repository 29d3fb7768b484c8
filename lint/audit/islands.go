package audit

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
)

// Islands groups a schema's tables by collation and lists the comparisons
// between them.
type Islands struct {
	Islands []*Island
	Edges   []*Edge
	// Qualified is true when tables come from several databases: labels
	// are then db.table.
	Qualified bool
}

// Island is the tables whose dominant collation is one collation.
type Island struct {
	ID        string // "I1", "I2"…
	Collation string
	Charset   string
	Tables    []*IslandTable
	// Notes say whose default the collation is: "database shop default",
	// "connection collation".
	Notes []string
}

// IslandTable is one base table of an island.
type IslandTable struct {
	Key    string // db.table
	Label  string // table, or db.table when Qualified
	Island *Island
	// Strings counts the table's character columns; Others lists those in
	// another collation than the island's ("col collation").
	Strings int
	Others  []string
}

// Edge is a comparison between two columns: a join a finding names, a
// foreign key, or both.
type Edge struct {
	A, B     EdgeEnd
	Kinds    []string // "join" and/or "foreign key"
	Findings []string // "RULE file:line:col" of the findings on this pair
	// Cross is true when the two ends compare in different collations: the
	// tables lie in different islands, or two character columns differ.
	Cross bool
}

// EdgeEnd is one column of an edge.
type EdgeEnd struct {
	Table  *IslandTable
	Column string
	Type   string
	// Collation is the column's own collation for a character column,
	// "binary" for a binary string, else its table's island collation.
	Collation string
	String    bool // a character column
}

// Label is how the edge is captioned where it crosses islands: the two
// collations.
func (e *Edge) Label() string { return e.A.Collation + " ≠ " + e.B.Collation }

// BuildIslands groups the catalog's base tables into islands by their
// dominant collation (the one most of their character columns use; the
// table default on a tie or without character columns) and collects the
// edges: the column pairs of findings and the foreign keys.
func BuildIslands(cat *catalog.Catalog, findings []lint.Finding, conn string) *Islands {
	out := &Islands{}
	if cat == nil {
		return out
	}
	byColl := map[string]*Island{}
	tables := map[string]*IslandTable{}
	dbs := 0
	for _, d := range cat.Databases() {
		n := 0
		for _, t := range d.Tables() {
			if t.View {
				continue
			}
			n++
			co, strs, others := dominant(t, d)
			isl := byColl[co]
			if isl == nil {
				isl = &Island{Collation: co, Charset: charsetOf(cat, co)}
				byColl[co] = isl
				out.Islands = append(out.Islands, isl)
			}
			it := &IslandTable{Key: t.DB + "." + t.Name, Label: t.Name, Island: isl, Strings: strs, Others: others}
			isl.Tables = append(isl.Tables, it)
			tables[strings.ToLower(it.Key)] = it
		}
		if n > 0 {
			dbs++
		}
	}
	out.Qualified = dbs > 1
	for _, isl := range out.Islands {
		for _, d := range cat.Databases() {
			if d.Collation == isl.Collation && len(d.Tables()) > 0 {
				isl.Notes = append(isl.Notes, "database "+d.Name+" default")
			}
		}
		if conn != "" && conn == isl.Collation {
			isl.Notes = append(isl.Notes, "connection collation")
		}
		for _, t := range isl.Tables {
			if out.Qualified {
				t.Label = t.Key
			}
		}
		slices.SortFunc(isl.Tables, func(a, b *IslandTable) int { return cmp.Compare(a.Label, b.Label) })
	}
	// the biggest island first, then by name
	slices.SortFunc(out.Islands, func(a, b *Island) int {
		return cmp.Or(cmp.Compare(len(b.Tables), len(a.Tables)), cmp.Compare(a.Collation, b.Collation))
	})
	for i, isl := range out.Islands {
		isl.ID = fmt.Sprintf("I%d", i+1)
	}
	out.Edges = edges(cat, tables, findings)
	return out
}

// dominant returns a table's island collation, its number of character
// columns, and those not in that collation.
func dominant(t *catalog.Table, d *catalog.Database) (string, int, []string) {
	counts := map[string]int{}
	strs := 0
	for _, c := range t.Columns {
		if c.Type.HasCharset() {
			counts[c.Collation]++
			strs++
		}
	}
	best := t.Collation
	if best == "" {
		best = d.Collation
	}
	// most columns win; on a tie the table default, else the first name
	names := slices.Sorted(maps.Keys(counts))
	for _, co := range names {
		if counts[co] > counts[best] {
			best = co
		}
	}
	var others []string
	for _, c := range t.Columns {
		if c.Type.HasCharset() && c.Collation != best {
			others = append(others, c.Name+" "+c.Collation)
		}
	}
	return best, strs, others
}

func charsetOf(cat *catalog.Catalog, co string) string {
	if cat.Flavor != nil {
		if c, ok := cat.Flavor.Charsets.Collation(co); ok {
			return c.Charset
		}
	}
	if i := strings.IndexByte(co, '_'); i > 0 {
		return co[:i]
	}
	return co
}

// edges collects the column pairs of findings and foreign keys between
// base tables, one edge per unordered pair.
func edges(cat *catalog.Catalog, tables map[string]*IslandTable, findings []lint.Finding) []*Edge {
	byKey := map[string]*Edge{}
	var out []*Edge
	add := func(a, b, kind, finding string) {
		ea, ok1 := end(cat, tables, a)
		eb, ok2 := end(cat, tables, b)
		if !ok1 || !ok2 || strings.EqualFold(a, b) {
			return
		}
		ka, kb := strings.ToLower(a), strings.ToLower(b)
		if kb < ka {
			ea, eb, ka, kb = eb, ea, kb, ka
		}
		e := byKey[ka+"|"+kb]
		if e == nil {
			e = &Edge{A: ea, B: eb}
			e.Cross = ea.Table.Island != eb.Table.Island || (ea.String && eb.String && ea.Collation != eb.Collation)
			byKey[ka+"|"+kb] = e
			out = append(out, e)
		}
		if !slices.Contains(e.Kinds, kind) {
			e.Kinds = append(e.Kinds, kind)
			slices.Sort(e.Kinds)
		}
		if finding != "" && !slices.Contains(e.Findings, finding) {
			e.Findings = append(e.Findings, finding)
		}
	}
	for _, f := range findings {
		if len(f.Columns) == 2 {
			add(f.Columns[0], f.Columns[1], "join", fmt.Sprintf("%s %s:%d:%d", f.Rule, f.File, f.Line, f.Column))
		}
	}
	for _, d := range cat.Databases() {
		for _, t := range d.Tables() {
			for _, fk := range t.ForeignKeys {
				refDB := fk.RefDB
				if refDB == "" {
					refDB = t.DB
				}
				for i, c := range fk.Columns {
					if i < len(fk.RefColumns) {
						add(t.DB+"."+t.Name+"."+c, refDB+"."+fk.RefTable+"."+fk.RefColumns[i], "foreign key", "")
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y *Edge) int {
		return cmp.Or(cmp.Compare(x.A.Table.Key, y.A.Table.Key), cmp.Compare(x.A.Column, y.A.Column),
			cmp.Compare(x.B.Table.Key, y.B.Table.Key), cmp.Compare(x.B.Column, y.B.Column))
	})
	return out
}

// end resolves "db.table.column" to an edge end on a base table.
func end(cat *catalog.Catalog, tables map[string]*IslandTable, name string) (EdgeEnd, bool) {
	t, c := lookupColumn(cat, name)
	if c == nil || t.View {
		return EdgeEnd{}, false
	}
	it := tables[strings.ToLower(t.DB+"."+t.Name)]
	if it == nil {
		return EdgeEnd{}, false
	}
	e := EdgeEnd{Table: it, Column: c.Name, Type: c.Type.SpellFor(cat.Flavor), String: c.Type.HasCharset()}
	switch {
	case e.String:
		e.Collation = c.Collation
	case c.Type.IsBinaryString():
		e.Collation = "binary"
	default:
		e.Collation = it.Island.Collation
	}
	return e, true
}

// Crossing returns the edges that cross islands.
func (is *Islands) Crossing() []*Edge {
	var out []*Edge
	for _, e := range is.Edges {
		if e.Cross {
			out = append(out, e)
		}
	}
	return out
}
