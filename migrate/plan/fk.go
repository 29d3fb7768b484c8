package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// fkLink is a foreign key seen from one of its columns: the key, the table
// that declares it (the child) and the column on the other side.
type fkLink struct {
	fk          *catalog.ForeignKey
	child       *catalog.Table
	other       *catalog.Table
	otherColumn *catalog.Column
	childSide   bool // the column is the referencing (child) one
}

// links lists the foreign keys col takes part in, on either side.
func (b *builder) links(t *catalog.Table, col *catalog.Column) []fkLink {
	var out []fkLink
	for _, fk := range t.ForeignKeys {
		for i, c := range fk.Columns {
			if !strings.EqualFold(c, col.Name) || i >= len(fk.RefColumns) {
				continue
			}
			if pt := b.rep.Catalog.Table(fk.RefDB, fk.RefTable); pt != nil {
				if pc := pt.Column(fk.RefColumns[i]); pc != nil {
					out = append(out, fkLink{fk: fk, child: t, other: pt, otherColumn: pc, childSide: true})
				}
			}
		}
	}
	for _, d := range b.rep.Catalog.Databases() {
		for _, ct := range d.Tables() {
			for _, fk := range ct.ForeignKeys {
				if !strings.EqualFold(fk.RefDB, t.DB) || !strings.EqualFold(fk.RefTable, t.Name) {
					continue
				}
				for i, rc := range fk.RefColumns {
					if !strings.EqualFold(rc, col.Name) || i >= len(fk.Columns) {
						continue
					}
					if cc := ct.Column(fk.Columns[i]); cc != nil {
						out = append(out, fkLink{fk: fk, child: ct, other: ct, otherColumn: cc})
					}
				}
			}
		}
	}
	return out
}

// followForeignKeys gives the column on the other side of every foreign
// key a changed column takes part in the same new type or collation:
// InnoDB refuses keys whose two sides differ (error 3780 on MySQL) and
// MariaDB refuses to change a key's column at all (1832 on the child side,
// 1833 on the referenced side), so both sides change in one migration,
// around a DROP and re-creation of the key.
func (b *builder) followForeignKeys() {
	for i := 0; i < len(b.order); i++ { // b.order grows while we walk it
		ch := b.order[i]
		for _, l := range b.links(ch.Table, ch.From) {
			partner := l.otherColumn
			to := *partner
			switch ch.Kind {
			case "type":
				to.Type = ch.To.Type
				to.Charset, to.Collation, to.CollationSource = ch.To.Charset, ch.To.Collation, ch.To.CollationSource
				if to.Default != nil && !isInteger(*to.Default) {
					to.Default = nil
				}
			default:
				to.Charset, to.Collation, to.CollationSource = ch.To.Charset, ch.To.Collation, catalog.FromColumn
			}
			if sameDefinition(partner, &to) {
				continue
			}
			side := "references" // the partner is the child
			if l.childSide {
				side = "is referenced by"
			}
			why := fmt.Sprintf("%s.%s %s %s.%s through foreign key %s: both sides of a key must have the same type and collation (MySQL error 3780; MariaDB refuses to change either side while the key exists, 1832/1833), so it follows to %s", l.other.Name, partner.Name, side, ch.Table.Name, ch.From.Name, l.fk.Name, describe(&to))
			for _, where := range ch.Findings {
				b.add(l.other, partner, &to, why, where, ch.Kind)
			}
		}
	}
}

func sameDefinition(a, b *catalog.Column) bool {
	return a.Type.Spell(true) == b.Type.Spell(true) && a.Charset == b.Charset && a.Collation == b.Collation
}

func describe(c *catalog.Column) string {
	if c.Type.HasCharset() {
		return c.Type.Spell(false) + " " + c.Collation
	}
	return c.Type.Spell(false)
}

// touchedKeys returns, per child table, the foreign keys that must be
// dropped and re-created around the changes: those with a changed column
// on either side, and every key of the same table declared after the first
// of them. Re-creating a key moves the index InnoDB made for it behind the
// other such indexes (measured on MySQL 9.7 and MariaDB 10.11), so keys
// declared later are re-created too, in order, to keep SHOW CREATE TABLE
// identical after down.
func (b *builder) touchedKeys(changed map[*catalog.Column]*Change, tables map[*catalog.Table]bool) map[*catalog.Table][]*catalog.ForeignKey {
	out := map[*catalog.Table][]*catalog.ForeignKey{}
	for _, d := range b.rep.Catalog.Databases() {
		for _, ct := range d.Tables() {
			first := -1
			for i, fk := range ct.ForeignKeys {
				if b.keyTouched(ct, fk, changed) {
					first = i
					break
				}
			}
			if first < 0 {
				continue
			}
			out[ct] = append([]*catalog.ForeignKey(nil), ct.ForeignKeys[first:]...)
			tables[ct] = true
		}
	}
	return out
}

func (b *builder) keyTouched(ct *catalog.Table, fk *catalog.ForeignKey, changed map[*catalog.Column]*Change) bool {
	for _, c := range fk.Columns {
		if col := ct.Column(c); col != nil && changed[col] != nil {
			return true
		}
	}
	if pt := b.rep.Catalog.Table(fk.RefDB, fk.RefTable); pt != nil {
		for _, c := range fk.RefColumns {
			if col := pt.Column(c); col != nil && changed[col] != nil {
				return true
			}
		}
	}
	return false
}

// groups splits the changed tables into migrations: tables tied by a
// dropped and re-created foreign key migrate together.
func (b *builder) groups(tables []*catalog.Table, keys map[*catalog.Table][]*catalog.ForeignKey) [][]*catalog.Table {
	parent := map[*catalog.Table]*catalog.Table{}
	var find func(t *catalog.Table) *catalog.Table
	find = func(t *catalog.Table) *catalog.Table {
		if p, ok := parent[t]; ok && p != t {
			r := find(p)
			parent[t] = r
			return r
		}
		parent[t] = t
		return t
	}
	for _, t := range tables {
		find(t)
	}
	for ct, fks := range keys {
		for _, fk := range fks {
			if pt := b.rep.Catalog.Table(fk.RefDB, fk.RefTable); pt != nil && parent[pt] != nil {
				parent[find(pt)] = find(ct)
			}
		}
	}
	byRoot := map[*catalog.Table][]*catalog.Table{}
	var roots []*catalog.Table
	for _, t := range tables {
		r := find(t)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], t)
	}
	var out [][]*catalog.Table
	for _, r := range roots {
		g := byRoot[r]
		sort.Slice(g, func(i, j int) bool { return g[i].QualifiedName() < g[j].QualifiedName() })
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0].QualifiedName() < out[j][0].QualifiedName() })
	return out
}

// addKeySQL re-creates a foreign key exactly as declared: name, columns,
// referenced table and columns, and the ON DELETE/ON UPDATE actions as
// written.
func addKeySQL(child *catalog.Table, fk *catalog.ForeignKey) string {
	ref := quoteIdent(fk.RefTable)
	if !strings.EqualFold(fk.RefDB, child.DB) {
		ref = quoteIdent(fk.RefDB) + "." + ref
	}
	s := fmt.Sprintf("ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)", quoteIdent(fk.Name), identList(fk.Columns), ref, identList(fk.RefColumns))
	if fk.OnDelete != "" {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.OnUpdate != "" {
		s += " ON UPDATE " + fk.OnUpdate
	}
	return s
}

func identList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}
