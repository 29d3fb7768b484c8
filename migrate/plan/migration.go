package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// plan groups the changes into migrations: one per table, or one per set
// of tables tied by a foreign key on a changed column.
func (b *builder) plan() *Plan {
	changed := map[*catalog.Column]*Change{}
	byTable := map[*catalog.Table][]*Change{}
	set := map[*catalog.Table]bool{}
	for _, ch := range b.order {
		changed[ch.From] = ch
		byTable[ch.Table] = append(byTable[ch.Table], ch)
		set[ch.Table] = true
	}
	keys := b.touchedKeys(changed, set)
	var tables []*catalog.Table
	for t := range set {
		tables = append(tables, t)
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].QualifiedName() < tables[j].QualifiedName() })
	p := &Plan{Skipped: b.skipped, QueryFixes: b.fixes}
	for _, g := range b.groups(tables, keys) {
		p.Migrations = append(p.Migrations, b.migration(g, byTable, keys))
	}
	return p
}

// tablePart is what one table contributes to a migration.
type tablePart struct {
	t        *catalog.Table
	up, down []string // ALTER clauses
	alg      string   // ALGORITHM/LOCK of the clauses
	copy     bool
	drops    []*catalog.ForeignKey
	names    []string
}

func (b *builder) migration(g []*catalog.Table, byTable map[*catalog.Table][]*Change, keys map[*catalog.Table][]*catalog.ForeignKey) *Migration {
	m := &Migration{Table: g[0], Tables: g}
	referenced := map[*catalog.Table]bool{}
	var parts []*tablePart
	for _, t := range g {
		for _, fk := range keys[t] {
			if pt := b.rep.Catalog.Table(fk.RefDB, fk.RefTable); pt != nil {
				referenced[pt] = true
			}
		}
	}
	var names []string
	for _, t := range g {
		changes := byTable[t]
		sort.Slice(changes, func(i, j int) bool { return columnIndex(t, changes[i].From) < columnIndex(t, changes[j].From) })
		m.Changes = append(m.Changes, changes...)
		p := b.tableClauses(m, t, changes)
		p.drops = keys[t]
		parts = append(parts, p)
		if len(p.names) > 0 {
			names = append(names, t.Name+"_"+strings.Join(p.names, "_"))
		}
	}
	m.Name = strings.ToLower(strings.Join(names, "_"))
	if m.Name == "" {
		m.Name = strings.ToLower(g[0].Name)
	}
	m.Statements, m.Up = b.statements(parts, referenced, func(p *tablePart) []string { return p.up })
	_, m.Down = b.statements(parts, referenced, func(p *tablePart) []string { return p.down })
	if broken := b.brokenKeys(parts); len(broken) > 0 {
		m.Down = b.brokenDown(parts)
		m.Risks = append(m.Risks, fmt.Sprintf("foreign key %s already joins columns that differ (MySQL let it be made with foreign_key_checks=0): up re-creates it on matching columns; down restores the mismatch the only way the server allows, by changing the columns back with foreign_key_checks=0 while the key stays", strings.Join(broken, ", ")))
	}
	for _, p := range parts {
		if len(p.up) > 0 {
			m.Algorithm = p.alg
			break
		}
	}
	if len(g) > 1 || len(parts[0].drops) > 0 {
		m.Risks = append(m.Risks, fmt.Sprintf("the foreign keys are dropped while the columns change (%d statements, not atomic): run the migration when nothing writes to %s, or rows that break the keys can slip in and make ADD CONSTRAINT fail with 1452", len(m.Statements), tableList(g)))
	}
	for _, c := range m.PreChecks {
		if rows := b.opts.Found[c.Name]; len(rows) > 0 {
			r := fmt.Sprintf("with --dsn the pre-check %q returned %s: fix them before up, or it fails", c.Name, plural(len(rows), "row"))
			for _, row := range rows {
				r += "\n--       " + strings.Join(row, " | ")
			}
			m.Risks = append(m.Risks, r)
		}
	}
	b.foreignKeyOnline(m)
	b.attachQueryFixes(m)
	if alt := b.alternative(m, keys); alt != nil {
		if rows := b.opts.Offending[columnKey(alt.Table, alt.Changes[0].From)]; len(rows) > 0 {
			alt.Chosen = fmt.Sprintf("with --dsn the pre-check found %s that would not convert to %s: the conversion would abort (strict mode) or change them, so the plan adds a generated column instead and leaves %s as it is", plural(len(rows), "row"), alt.Changes[0].To.Type.Spell(false), alt.Changes[0].From.Name)
			alt.Offending = rows
			alt.Alternative = m
			return alt
		}
		m.Alternative = alt
	}
	return m
}

func tableList(g []*catalog.Table) string {
	var s []string
	for _, t := range g {
		s = append(s, t.Name)
	}
	return strings.Join(s, ", ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if n >= 10 {
		return fmt.Sprintf("at least %d %ss", n, what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func columnKey(t *catalog.Table, c *catalog.Column) string {
	return t.DB + "." + t.Name + "." + c.Name
}

// statements orders a migration's ALTERs so that each succeeds on the
// server: first the foreign keys of tables that are also referenced are
// dropped; then every child-only table drops its keys and changes its
// columns in one statement; then the remaining tables change theirs; last
// the keys are re-created (ALGORITHM=COPY: both servers refuse INPLACE for
// ADD FOREIGN KEY while foreign_key_checks is on, error 1846).
func (b *builder) statements(parts []*tablePart, referenced map[*catalog.Table]bool, clauses func(*tablePart) []string) ([]Statement, string) {
	var out []Statement
	emit := func(t *catalog.Table, cl []string, alg string) {
		q := quoteIdent(t.DB) + "." + quoteIdent(t.Name)
		out = append(out, Statement{Table: t, SQL: fmt.Sprintf("ALTER TABLE %s\n  %s,\n  %s;\n", q, strings.Join(cl, ",\n  "), alg)})
	}
	drops := func(p *tablePart) []string {
		var s []string
		for _, fk := range p.drops {
			s = append(s, "DROP FOREIGN KEY "+quoteIdent(fk.Name))
		}
		return s
	}
	const inplace = "ALGORITHM=INPLACE, LOCK=NONE"
	for _, p := range parts { // keys of tables that are also referenced
		if len(p.drops) > 0 && referenced[p.t] {
			emit(p.t, drops(p), inplace)
		}
	}
	for _, p := range parts { // child-only tables: drop and change at once
		if len(p.drops) > 0 && !referenced[p.t] {
			if cl := clauses(p); len(cl) > 0 {
				emit(p.t, append(drops(p), cl...), p.alg)
			} else {
				emit(p.t, drops(p), inplace)
			}
		}
	}
	for _, p := range parts {
		if (len(p.drops) == 0 || referenced[p.t]) && len(clauses(p)) > 0 {
			emit(p.t, clauses(p), p.alg)
		}
	}
	for _, p := range parts {
		if len(p.drops) > 0 {
			var adds []string
			for _, fk := range p.drops {
				adds = append(adds, addKeySQL(p.t, fk))
			}
			emit(p.t, adds, "ALGORITHM=COPY, LOCK=SHARED")
		}
	}
	var sb strings.Builder
	for _, s := range out {
		sb.WriteString(s.SQL)
	}
	return out, sb.String()
}

// tableClauses writes one table's MODIFY (or CONVERT TO) clauses for up
// and down, and adds its pre-checks, risks and online commands to m.
func (b *builder) tableClauses(m *Migration, t *catalog.Table, changes []*Change) *tablePart {
	p := &tablePart{t: t}
	if len(changes) == 0 {
		return p
	}
	convert := b.convertTarget(t, changes)
	if convert != nil {
		p.up = append(p.up, fmt.Sprintf("CONVERT TO CHARACTER SET %s COLLATE %s", convert.Charset, convert.Collation))
		p.down = append(p.down, fmt.Sprintf("DEFAULT CHARSET=%s COLLATE=%s", t.Charset, t.Collation))
	}
	for _, ch := range changes {
		p.names = append(p.names, ch.From.Name)
		if convert == nil {
			p.up = append(p.up, "MODIFY "+ColumnDefFor(t, ch.To, b.rep.Env.Flavor))
		}
		p.down = append(p.down, "MODIFY "+ColumnDefFor(t, ch.From, b.rep.Env.Flavor))
		m.PreChecks = append(m.PreChecks, preChecks(t, ch)...)
		if ch.Kind == "type" && len(t.IndexesOn(ch.From.Name)) == 0 {
			idx := "idx_" + ch.From.Name
			p.up = append(p.up, fmt.Sprintf("ADD INDEX %s (%s)", quoteIdent(idx), quoteIdent(ch.From.Name)))
			p.down = append([]string{fmt.Sprintf("DROP INDEX %s", quoteIdent(idx))}, p.down...)
		}
	}
	var why string
	p.alg, p.copy, why = b.algorithm(t, changes, convert != nil)
	if p.copy {
		m.Risks = append(m.Risks, fmt.Sprintf("%s is rebuilt (ALGORITHM=COPY: %s) and writes wait for the copy: for a large table run it with gh-ost or pt-online-schema-change after the pre-checks pass", t.Name, why))
	}
	m.Risks = append(m.Risks, keyLengthRisks(b.rep.Env.Flavor.Charsets, t, changes)...)
	if convert != nil {
		m.Risks = append(m.Risks, convert.risks...)
	}
	if rows, ok := b.rows(t); ok && p.copy && rows >= b.threshold() && len(t.ForeignKeys) == 0 && !b.isReferenced(t) {
		alter := strings.Join(p.up, ", ")
		m.Online = append(m.Online, fmt.Sprintf("gh-ost --database=%s --table=%s --alter=%s --panic-on-warnings --assume-rbr --execute", shellQuote(t.DB), shellQuote(t.Name), shellQuote(alter)))
		m.Online = append(m.Online, fmt.Sprintf("pt-online-schema-change --alter %s D=%s,t=%s --execute", shellQuote(alter), t.DB, t.Name))
		m.Risks = append(m.Risks, fmt.Sprintf("%s has %d rows: use the online command. Online tools copy rows with INSERT IGNORE and silently drop rows whose new keys collide, or store 0 for values that do not convert: run every pre-check first; --panic-on-warnings makes gh-ost stop on a lossy value", t.Name, rows))
	}
	return p
}

// foreignKeyOnline writes, for a migration whose tables have or are the
// target of foreign keys, one pt-online-schema-change line per up
// statement on a table at or above the online threshold, in the order of
// the up statements. gh-ost is not offered: it refuses tables with foreign
// keys (either side). A table other tables reference gets
// --alter-foreign-keys-method=rebuild_constraints: after the swap the
// children's keys are re-pointed at the new table with ALTER TABLE on each
// child (it blocks that child, which is why pt-osc uses it only for small
// children); auto would silently pick drop_swap for a large child, which
// disables foreign_key_checks, drops the original table and renames the
// new one, leaving a moment in which the table does not exist. A key
// dropped in --alter is named with pt-osc's leading underscore (the copy's
// constraints are renamed that way).
func (b *builder) foreignKeyOnline(m *Migration) {
	var lines, big []string
	seen := map[*catalog.Table]bool{}
	for _, st := range m.Statements {
		t := st.Table
		if len(t.ForeignKeys) == 0 && !b.isReferenced(t) || strings.HasSuffix(st.SQL, "ALGORITHM=INPLACE, LOCK=NONE;\n") {
			continue // no foreign key, or no copy: the statement runs online as it is
		}
		rows, ok := b.rows(t)
		if !ok || rows < b.threshold() {
			continue
		}
		alter := onlineAlter(st.SQL)
		line := fmt.Sprintf("pt-online-schema-change --alter %s", shellQuote(alter))
		if b.isReferenced(t) {
			line += " --alter-foreign-keys-method=rebuild_constraints"
		}
		lines = append(lines, line+fmt.Sprintf(" D=%s,t=%s --execute", t.DB, t.Name))
		if !seen[t] {
			seen[t] = true
			big = append(big, fmt.Sprintf("%s (%d rows)", t.Name, rows))
		}
	}
	if len(lines) == 0 {
		return
	}
	m.Online = append(m.Online, lines...)
	m.Risks = append(m.Risks, fmt.Sprintf("%s: run the pt-online-schema-change lines in order instead of the up statements. gh-ost is not offered: it refuses tables with foreign keys. --alter-foreign-keys-method=rebuild_constraints re-points the children's keys with an ALTER on each child (blocking it; auto could choose drop_swap, which leaves a moment without the table); the copied tables' constraints get or lose a leading underscore, so check SHOW CREATE TABLE before down, which names them. Online tools copy rows with INSERT IGNORE and silently drop rows whose new keys collide, or store 0 for values that do not convert: run every pre-check first", strings.Join(big, ", ")))
}

// onlineAlter turns an up statement into pt-osc's --alter: its clauses
// without ALGORITHM/LOCK, and dropped keys named with the leading
// underscore pt-osc gives the copy's constraints.
func onlineAlter(sql string) string {
	body := sql[strings.IndexByte(sql, '\n')+1:]
	var clauses []string
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		l = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(l), ";"), ",")
		if strings.HasPrefix(l, "ALGORITHM=") || l == "" {
			continue
		}
		if strings.HasPrefix(l, "DROP FOREIGN KEY `") {
			l = "DROP FOREIGN KEY `_" + strings.TrimPrefix(l, "DROP FOREIGN KEY `")
		}
		clauses = append(clauses, l)
	}
	return strings.Join(clauses, ", ")
}

// brokenKeys names the keys of the migration whose columns already differ
// from the columns they reference (CL401 on the schema as it is).
func (b *builder) brokenKeys(parts []*tablePart) []string {
	var out []string
	for _, p := range parts {
		for _, fk := range p.drops {
			ref := b.rep.Catalog.Table(fk.RefDB, fk.RefTable)
			if ref == nil {
				continue
			}
			for i, cn := range fk.Columns {
				c := p.t.Column(cn)
				var rc *catalog.Column
				if i < len(fk.RefColumns) {
					rc = ref.Column(fk.RefColumns[i])
				}
				if c != nil && rc != nil && (c.Charset != rc.Charset || c.Collation != rc.Collation || c.Type.Base != rc.Type.Base || c.Type.Unsigned != rc.Type.Unsigned) {
					out = append(out, fk.Name)
					break
				}
			}
		}
	}
	return out
}

// brokenDown is the down of a migration that repaired keys whose columns
// differed: each table's columns change back with foreign_key_checks=0
// and the keys in place. Dropping and re-adding them, as the ordinary
// down does, is refused (3780): no server re-creates a key on differing
// columns.
func (b *builder) brokenDown(parts []*tablePart) string {
	var sb strings.Builder
	sb.WriteString("SET foreign_key_checks = 0;\n")
	for _, p := range parts {
		if len(p.down) == 0 {
			continue
		}
		fmt.Fprintf(&sb, "ALTER TABLE %s.%s\n  %s,\n  %s;\n", quoteIdent(p.t.DB), quoteIdent(p.t.Name), strings.Join(p.down, ",\n  "), p.alg)
	}
	sb.WriteString("SET foreign_key_checks = 1;\n")
	return sb.String()
}

func (b *builder) isReferenced(t *catalog.Table) bool {
	for _, d := range b.rep.Catalog.Databases() {
		for _, ct := range d.Tables() {
			for _, fk := range ct.ForeignKeys {
				if strings.EqualFold(fk.RefDB, t.DB) && strings.EqualFold(fk.RefTable, t.Name) {
					return true
				}
			}
		}
	}
	return false
}

// algorithm is the ALGORITHM/LOCK clause the server accepts for a table's
// changes, the least blocking one, measured per flavor (MySQL 9.7, MariaDB
// 10.11; INSTANT is refused for every change kind here):
//
//	change                              MySQL 9.7         MariaDB 10.11
//	collation, column not indexed       INPLACE, NONE     INPLACE, NONE
//	collation, indexed column           COPY (1846)       INPLACE, NONE
//	collation, primary key column       COPY (1846)       COPY (1846)
//	utf8mb3 → utf8mb4                   COPY (1846)       INPLACE, NONE
//	latin1 → utf8mb4, CONVERT TO        COPY (1846)       COPY (1846)
//	type change (varchar→bigint, sign)  COPY (1846)       COPY (1846)
//	COPY with LOCK=NONE                 refused (1846)    refused (1846)
//
// The statement demands it: the server refuses a statement it cannot run
// that way instead of silently taking a more blocking path.
func (b *builder) algorithm(t *catalog.Table, changes []*Change, convert bool) (clause string, copy bool, why string) {
	mariadb := b.rep.Env.Flavor.MariaDB
	switch {
	case convert:
		return "ALGORITHM=COPY, LOCK=SHARED", true, "CONVERT TO CHARACTER SET"
	}
	for _, ch := range changes {
		indexed := len(t.IndexesOn(ch.From.Name)) > 0 || inAnyIndex(t, ch.From.Name)
		switch {
		case ch.Kind == "type":
			return "ALGORITHM=COPY, LOCK=SHARED", true, "a column changes type"
		case ch.From.Charset != ch.To.Charset && !(mariadb && ch.From.Charset == "utf8mb3" && ch.To.Charset == "utf8mb4"):
			return "ALGORITHM=COPY, LOCK=SHARED", true, "a column changes character set"
		case indexed && !mariadb:
			return "ALGORITHM=COPY, LOCK=SHARED", true, "an indexed column changes collation"
		case mariadb && inPrimaryKey(t, ch.From.Name):
			return "ALGORITHM=COPY, LOCK=SHARED", true, "a primary key column changes collation"
		}
	}
	return "ALGORITHM=INPLACE, LOCK=NONE", false, ""
}

func inPrimaryKey(t *catalog.Table, col string) bool {
	for _, ix := range t.Indexes {
		if ix.Primary && hasColumn(ix, col) {
			return true
		}
	}
	return false
}
