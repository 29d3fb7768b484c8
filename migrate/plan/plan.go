// Package plan turns lint findings into schema migrations: for each
// mismatched pair of columns it chooses the change that ends the finding
// with the least risk, restates the full column definitions, and writes
// up and down SQL with the pre-checks that must return no rows first.
package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
)

// Options steer the planner.
type Options struct {
	// TargetCollation, when set, is the collation every string change
	// aligns to.
	TargetCollation string
	// Rows estimates table sizes ("db.table" or "table" → rows); tables at
	// or above OnlineThreshold get gh-ost and pt-online-schema-change
	// command lines instead of a blocking ALTER.
	Rows            map[string]int64
	OnlineThreshold int64
	// Offending holds, per string column ("db.table.column"), rows that a
	// pre-check found will not convert to an integer (from --dsn, at most
	// 10 each). Such a column gets the generated-column migration instead
	// of the conversion, and the plan shows the rows.
	Offending map[string][][]string
	// Found holds the rows other pre-checks returned (from --dsn), per
	// pre-check name: the plan shows them as risks to fix before up.
	Found map[string][][]string
}

// DefaultOnlineThreshold is the row count from which a rebuild is
// proposed through an online schema change tool.
const DefaultOnlineThreshold = 1_000_000

// Change is one column's new definition and why.
type Change struct {
	Table    *catalog.Table
	From, To *catalog.Column
	Why      string
	Findings []string // "file:line:col RULE" of the findings it ends
	Kind     string   // "collation" or "type"
}

// PreCheck is a query that must return no rows before the migration is safe.
type PreCheck struct {
	Name string
	Why  string
	SQL  string

	column string // "db.table.column" of a string → integer conversion check
}

// Migration changes one table, or every table a foreign key ties to a
// changed column (both sides of the key change in one migration).
type Migration struct {
	Name    string         // short, file-name safe
	Table   *catalog.Table // the first table altered
	Tables  []*catalog.Table
	Changes []*Change
	// Up and Down are the statements, in the order that makes each one
	// succeed on the server; Statements is Up split per statement.
	Up, Down   string
	Statements []Statement
	PreChecks  []PreCheck
	Algorithm  string // the ALGORITHM/LOCK clause the main up statement demands
	Risks      []string
	QueryFixes []string
	// Online holds gh-ost and pt-online-schema-change command lines for a
	// table large enough that a blocking rebuild is not acceptable.
	Online []string
	// Alternative is the generated-column migration for a string column
	// whose data may not convert to an integer: a STORED column of the
	// target type, computed only from the values that convert, with an
	// index. Chosen says why it replaced the conversion (pre-check rows
	// found with --dsn), "" when it is only offered.
	Alternative *Migration
	Chosen      string
	// Offending are the rows a pre-check found (with --dsn), at most 10.
	Offending [][]string
}

// Statement is one ALTER TABLE of a migration.
type Statement struct {
	Table *catalog.Table
	SQL   string // ends with ";\n"
}

// Plan is every migration, ordered by table.
type Plan struct {
	Migrations []*Migration
	Skipped    []string // findings no schema change can end, with why
	// QueryFixes are the query-only fixes of every finding, in finding
	// order: the rewrite that ends it without a schema change.
	QueryFixes []QueryFix
}

// Build plans migrations for the report's findings against its catalog.
func Build(rep *lint.Report, opts Options) (*Plan, error) {
	b := &builder{rep: rep, opts: opts, changes: map[*catalog.Column]*Change{}}
	for _, f := range rep.Findings {
		b.finding(f)
		b.queryFix(f)
	}
	b.followForeignKeys()
	return b.plan(), nil
}

type builder struct {
	rep     *lint.Report
	opts    Options
	changes map[*catalog.Column]*Change
	order   []*Change
	skipped []string
	fixes   []QueryFix
}

func (b *builder) column(name string) (*catalog.Table, *catalog.Column) {
	parts := strings.SplitN(name, ".", 3)
	if len(parts) != 3 {
		return nil, nil
	}
	t := b.rep.Catalog.Table(parts[0], parts[1])
	if t == nil || t.View {
		return nil, nil
	}
	return t, t.Column(parts[2])
}

// fixable lists the rules whose findings a column change can end.
var fixable = map[string]bool{"CL101": true, "CL201": true, "CL202": true, "CL301": true, "CL302": true, "CL303": true, "CL304": true, "CL401": true, "CL402": true}

func (b *builder) finding(f lint.Finding) {
	if !fixable[f.Rule] {
		return
	}
	where := fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Rule)
	if len(f.Columns) != 2 {
		if f.Rule == "CL101" && len(f.Columns) == 1 {
			b.skipped = append(b.skipped, where+": the other side is not a column (CAST, literal or variable): the query fix applies")
		}
		return
	}
	ta, a := b.column(f.Columns[0])
	tb, c := b.column(f.Columns[1])
	if a == nil || c == nil {
		return
	}
	switch ca, cc := a.Type.Class(), c.Type.Class(); {
	case ca == catalog.ClassString && cc == catalog.ClassInt:
		b.toIntegerIfID(ta, a, c, where)
	case cc == catalog.ClassString && ca == catalog.ClassInt:
		b.toIntegerIfID(tb, c, a, where)
	case ca == catalog.ClassInt && cc == catalog.ClassInt && a.Type.Unsigned != c.Type.Unsigned:
		// the signed side follows the unsigned one (ids are never negative)
		if a.Type.Unsigned {
			b.toInteger(tb, c, a, where)
		} else {
			b.toInteger(ta, a, c, where)
		}
	case a.Type.HasCharset() && c.Type.HasCharset() && (a.Collation != c.Collation || a.Charset != c.Charset):
		b.align(ta, a, tb, c, where)
	}
}

// idName matches column names that hold ids: id, b_id, b_id_str, bId, id_ref…
var idName = regexp.MustCompile(`(^|_)(id|ids)($|_)|[a-z0-9]Id($|[A-Z_])`)

// toIntegerIfID converts a string column to its partner's integer type only
// when its name says it holds ids; otherwise the column holds other data
// (a meta value, a slug) and only the query can be fixed.
func (b *builder) toIntegerIfID(t *catalog.Table, str, id *catalog.Column, where string) {
	if !idName.MatchString(str.Name) || str.Type.IsText() {
		b.skipped = append(b.skipped, fmt.Sprintf("%s: %s.%s does not look like an id column: compare it with CAST(%s AS CHAR) COLLATE %s in the query, or add a generated %s column with an index", where, t.Name, str.Name, id.Name, str.Collation, id.Type.Spell(false)))
		return
	}
	b.toInteger(t, str, id, where)
}

// toInteger converts str (a string or narrower integer column holding ids)
// to the exact integer type of id.
func (b *builder) toInteger(t *catalog.Table, str, id *catalog.Column, where string) {
	to := *str
	to.Type = catalog.Type{Base: id.Type.Base, Len: -1, Dec: -1, Unsigned: id.Type.Unsigned}
	to.Charset, to.Collation, to.CollationSource = "", "", ""
	if to.Default != nil && !isInteger(*to.Default) {
		to.Default = nil
	}
	why := fmt.Sprintf("%s holds the ids of %s (%s): storing them as %s makes the comparison an integer one, so the index serves and '01' = 1 stops matching", str.Name, id.Name, id.Type.Spell(false), id.Type.Spell(false))
	if str.Type.Class() == catalog.ClassInt {
		why = fmt.Sprintf("%s takes the exact type of %s (%s): the two then compare without a sign mismatch, and a foreign key between them becomes possible", str.Name, id.Name, id.Type.Spell(false))
	}
	b.add(t, str, &to, why, where, "type")
}

// align gives one of two string columns the other's charset and collation
// (or --target-collation to both). Which side changes, in order: never
// towards a narrower charset (the narrower side widens; two non-Unicode
// charsets both move to utf8mb4); the side that is not a primary or unique
// key (the referencing side follows the referenced one); the side whose
// collation differs from its database's default.
func (b *builder) align(ta *catalog.Table, a *catalog.Column, tc *catalog.Table, c *catalog.Column, where string) {
	set := func(t *catalog.Table, col *catalog.Column, cs, co, why string) {
		if col.Charset == cs && col.Collation == co {
			return
		}
		to := *col
		to.Charset, to.Collation, to.CollationSource = cs, co, catalog.FromColumn
		b.add(t, col, &to, why, where, "collation")
	}
	reg := b.rep.Env.Flavor.Charsets
	if tgt := b.opts.TargetCollation; tgt != "" {
		co, ok := reg.Collation(tgt)
		if !ok {
			return
		}
		set(ta, a, co.Charset, co.Name, "--target-collation "+co.Name)
		set(tc, c, co.Charset, co.Name, "--target-collation "+co.Name)
		return
	}
	if a.Charset != c.Charset {
		wa, wc := width(reg, a.Charset), width(reg, c.Charset)
		switch {
		case wa == 0 && wc == 0: // two non-Unicode charsets: both to utf8mb4
			co := b.utf8mb4Collation(ta)
			why := fmt.Sprintf("%s and %s are both non-Unicode: both move to utf8mb4 (%s), which holds every character of each", a.Charset, c.Charset, co)
			set(ta, a, "utf8mb4", co, why)
			set(tc, c, "utf8mb4", co, why)
		case wa < wc:
			set(ta, a, c.Charset, c.Collation, fmt.Sprintf("%s widens from %s to %s (%s) so that no character is lost and no side is converted", a.Name, a.Charset, c.Charset, c.Collation))
		default:
			set(tc, c, a.Charset, a.Collation, fmt.Sprintf("%s widens from %s to %s (%s) so that no character is lost and no side is converted", c.Name, c.Charset, a.Charset, a.Collation))
		}
		return
	}
	change, t, keep, kt := a, ta, c, tc
	switch ka, kc := isKey(ta, a), isKey(tc, c); {
	case ka && !kc:
		change, t, keep, kt = c, tc, a, ta
	case kc && !ka:
	default:
		da, dc := b.rep.Catalog.Database(ta.DB), b.rep.Catalog.Database(tc.DB)
		if a.Collation == da.Collation && c.Collation != dc.Collation {
			change, t, keep, kt = c, tc, a, ta
		}
	}
	set(t, change, keep.Charset, keep.Collation, fmt.Sprintf("%s (%s) takes the collation of %s.%s (%s) so that the two compare in one collation", change.Name, change.Collation, kt.Name, keep.Name, keep.Collation))
}

// width ranks charsets for widening: utf8mb4 (and utf16/utf32) 2, other
// Unicode charsets 1, the rest 0.
func width(reg *charset.Registry, cs string) int {
	ch, ok := reg.Charset(cs)
	switch {
	case !ok || !ch.Unicode:
		return 0
	case ch.MaxLen == 4:
		return 2
	}
	return 1
}

// utf8mb4Collation is the database's collation when it is utf8mb4, else
// the flavor's default utf8mb4 collation.
func (b *builder) utf8mb4Collation(t *catalog.Table) string {
	if d := b.rep.Catalog.Database(t.DB); d != nil && d.Charset == "utf8mb4" {
		return d.Collation
	}
	return b.rep.Env.Flavor.Charsets.DefaultCollation("utf8mb4")
}

// isKey reports whether the column is the first part of a primary or
// unique key: the referenced side of a join.
func isKey(t *catalog.Table, c *catalog.Column) bool {
	for _, ix := range t.IndexesOn(c.Name) {
		if ix.Unique || ix.Primary {
			return true
		}
	}
	return false
}

func (b *builder) add(t *catalog.Table, from, to *catalog.Column, why, where, kind string) {
	if ch, ok := b.changes[from]; ok {
		ch.Findings = appendUnique(ch.Findings, where)
		return
	}
	ch := &Change{Table: t, From: from, To: to, Why: why, Findings: []string{where}, Kind: kind}
	b.changes[from] = ch
	b.order = append(b.order, ch)
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func isInteger(s string) bool {
	s = strings.Trim(s, "'")
	if s == "" {
		return false
	}
	for i, r := range s {
		if (r < '0' || r > '9') && !(i == 0 && (r == '-' || r == '+')) {
			return false
		}
	}
	return true
}

func castType(c *catalog.Column) string {
	if c.Type.Unsigned {
		return "UNSIGNED"
	}
	return "SIGNED"
}

func columnIndex(t *catalog.Table, c *catalog.Column) int {
	for i, x := range t.Columns {
		if x == c {
			return i
		}
	}
	return len(t.Columns)
}

func inAnyIndex(t *catalog.Table, col string) bool {
	for _, ix := range t.Indexes {
		for _, p := range ix.Parts {
			if strings.EqualFold(p.Column, col) {
				return true
			}
		}
	}
	return false
}

func (b *builder) threshold() int64 {
	if b.opts.OnlineThreshold > 0 {
		return b.opts.OnlineThreshold
	}
	return DefaultOnlineThreshold
}

// rows looks the table's row estimate up by "db.table" or "table".
func (b *builder) rows(t *catalog.Table) (int64, bool) {
	if n, ok := b.opts.Rows[t.QualifiedName()]; ok {
		return n, true
	}
	n, ok := b.opts.Rows[t.Name]
	return n, ok
}

// shellQuote quotes a word for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// keyLengthRisks flags indexes whose key would exceed InnoDB's limit once
// a column's charset grows: 3072 bytes (DYNAMIC/COMPRESSED rows), 767
// (COMPACT/REDUNDANT). The server refuses such an ALTER.
func keyLengthRisks(reg *charset.Registry, t *catalog.Table, changes []*Change) []string {
	to := map[string]*catalog.Column{}
	for _, ch := range changes {
		to[strings.ToLower(ch.From.Name)] = ch.To
	}
	limit := 3072
	if t.RowFormat == "COMPACT" || t.RowFormat == "REDUNDANT" {
		limit = 767
	}
	var out []string
	for _, ix := range t.Indexes {
		total, touched := 0, false
		for _, p := range ix.Parts {
			c := to[strings.ToLower(p.Column)]
			if c != nil {
				touched = true
			} else {
				c = t.Column(p.Column)
			}
			if c == nil || !c.Type.HasCharset() {
				continue
			}
			chars := p.Prefix
			if chars == 0 {
				chars = c.Type.Len
			}
			if chars <= 0 {
				continue
			}
			if ch, ok := reg.Charset(c.Charset); ok {
				total += chars * ch.MaxLen
			}
		}
		if touched && total > limit {
			out = append(out, fmt.Sprintf("index %s would be %d bytes, over InnoDB's %d-byte key limit: the server refuses the ALTER (shorten the column or index a prefix)", ix.Name, total, limit))
		}
	}
	return out
}
