package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/rules"
)

// QueryFix is a rewrite of one comparison that ends a finding without a
// schema change, with what it costs.
type QueryFix struct {
	Finding  string // "file:line:col RULE"
	Column   string // db.table.column whose index the rewrite keeps usable ("" for none)
	Original string // the comparison as the finding quotes it
	Rewrite  string
	Effect   string

	str, other, op string // operands, for the generated-column rewrite
}

// castChar matches CAST(x AS CHAR) and CAST(x AS CHAR(n)).
var castChar = regexp.MustCompile(`(?i)^CAST\((.+) AS CHAR(\(\d+\))?\)$`)

// operand is one side of the finding's comparison, with its catalog
// column when it is exactly a column of a table (not a view).
type operand struct {
	rules.ComparedOperand
	t *catalog.Table
	c *catalog.Column
}

func (o operand) isString() bool { return o.Class == catalog.ClassString.String() }
func (o operand) isInt() bool    { return o.Class == catalog.ClassInt.String() }

// strColumn reports whether the operand is a bare string column of a table.
func (o operand) strColumn() bool { return o.c != nil && o.c.Type.HasCharset() }

// queryFix derives the query-only fixes of a finding from the comparison
// typing recorded for it (lint.Finding.Compared). What keeps which index
// (measured, see mysql-semantics.md): a column compared under its own
// collation keeps its index whatever the other side is, so COLLATE (and
// CONVERT … USING when the charsets differ) goes on the side whose index
// does not matter — an expression, or the column whose index the finding
// does not need; `str = int` compares as DOUBLE and loses the string
// column's index, `str = CAST(int AS CHAR) COLLATE <str's>` compares
// strings exactly and keeps it.
func (b *builder) queryFix(f lint.Finding) {
	if !fixable[f.Rule] || f.Rule == "CL302" || f.Rule == "CL401" || f.Rule == "CL402" || f.Compared == nil {
		return
	}
	cmp := f.Compared
	if cmp.Subquery || len(cmp.Operands) < 2 {
		return // the other side is inside a subquery: no rewrite here
	}
	ops := make([]operand, len(cmp.Operands))
	for i, o := range cmp.Operands {
		ops[i].ComparedOperand = o
		if o.Column != "" {
			ops[i].t, ops[i].c = b.column(o.Column)
		}
	}
	q := &fixer{b: b, f: f, cmp: cmp, ops: ops, where: fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Rule)}
	q.orig = q.render(nil)
	switch cmp.Op {
	case "IN", "BETWEEN", "LIKE":
		q.subject()
	case "=", "<=>", "<>", "!=", "<", "<=", ">", ">=":
		if len(ops) == 2 {
			q.pair()
		}
	}
}

// fixer builds the rewrites of one finding's comparison.
type fixer struct {
	b     *builder
	f     lint.Finding
	cmp   *rules.Compared
	ops   []operand
	where string
	orig  string
}

// render writes the comparison with operand i replaced by with[i] when
// set, in the operands' own order (a < b stays a < b).
func (q *fixer) render(with map[int]string) string {
	text := func(i int) string {
		if s, ok := with[i]; ok {
			return s
		}
		return q.ops[i].SQL
	}
	not := ""
	if q.cmp.Not {
		not = "NOT "
	}
	switch q.cmp.Op {
	case "IN":
		var items []string
		for i := 1; i < len(q.ops); i++ {
			items = append(items, text(i))
		}
		return fmt.Sprintf("%s %sIN (%s)", text(0), not, strings.Join(items, ", "))
	case "BETWEEN":
		return fmt.Sprintf("%s %sBETWEEN %s AND %s", text(0), not, text(1), text(2))
	case "LIKE":
		return fmt.Sprintf("%s %sLIKE %s", text(0), not, text(1))
	}
	return fmt.Sprintf("%s %s %s", text(0), q.cmp.Op, text(1))
}

// add records a fix. col names the column whose index the rewrite keeps
// usable; when that column has no index, or the comparison is between two
// columns of one row (no index serves that), the fix claims none.
func (q *fixer) add(col, rewrite, effect, str, other string) {
	if t, c := q.b.column(col); c != nil && (len(t.IndexesOn(c.Name)) == 0 || q.sameRow()) {
		effect = strings.Replace(effect, "keeps the index on "+t.Name+"."+c.Name, "no index serves ("+q.noIndex(t, c)+")", 1)
		effect = strings.Replace(effect, "can use the index on "+t.Name+"."+c.Name, "no index serves ("+q.noIndex(t, c)+")", 1)
		effect = strings.Replace(effect, "the index on "+t.Name+"."+c.Name+" keeps serving", "no index serves ("+q.noIndex(t, c)+")", 1)
		col = ""
	}
	for _, x := range q.b.fixes {
		if x.Original == q.orig && x.Rewrite == rewrite && strings.HasPrefix(x.Finding, fmt.Sprintf("%s:%d:%d ", q.f.File, q.f.Line, q.f.Column)) {
			return
		}
	}
	q.b.fixes = append(q.b.fixes, QueryFix{Finding: q.where, Column: col, Original: q.orig, Rewrite: rewrite, Effect: effect, str: str, other: other, op: q.cmp.Op})
}

func (q *fixer) noIndex(t *catalog.Table, c *catalog.Column) string {
	if q.sameRow() {
		return "both sides are columns of one row of " + t.Name
	}
	return t.Name + "." + c.Name + " has no index"
}

// sameRow reports whether a two-operand comparison reads two columns of
// one row: the same table under the same qualifier.
func (q *fixer) sameRow() bool {
	if len(q.ops) != 2 {
		return false
	}
	var tabs []*catalog.Table
	var quals []string
	for _, o := range q.ops {
		name, sql := o.Column, o.SQL
		if name == "" && len(o.Wrapped) == 1 {
			name = o.Wrapped[0]
			if m := castChar.FindStringSubmatch(sql); m != nil {
				sql = m[1]
			}
		}
		t, c := q.b.column(name)
		if c == nil {
			return false
		}
		qual := ""
		if i := strings.LastIndexByte(sql, '.'); i >= 0 {
			qual = strings.ToLower(strings.Trim(sql[:i], "`"))
		}
		tabs, quals = append(tabs, t), append(quals, qual)
	}
	return tabs[0] == tabs[1] && quals[0] == quals[1]
}

// collate renders expr (of charset from) in column c's collation.
func collate(expr, from string, c *catalog.Column) string {
	if from == c.Charset {
		return expr + " COLLATE " + c.Collation
	}
	return fmt.Sprintf("CONVERT(%s USING %s) COLLATE %s", expr, c.Charset, c.Collation)
}

// safe reports whether converting from charset from to c's loses nothing.
func (q *fixer) safe(c *catalog.Column, from string) bool {
	reg := q.b.rep.Env.Flavor.Charsets
	return from == c.Charset || width(reg, c.Charset) >= width(reg, from) && width(reg, c.Charset) > 0
}

// asString renders operand o as a string in column s's collation, exactly
// (a number becomes its decimal digits, so '007' no longer equals 7); ""
// when that would lose characters.
func (q *fixer) asString(o operand, s *catalog.Column) string {
	conn := q.b.rep.Env.ConnCharset
	switch {
	case o.isString():
		if o.Collation == s.Collation {
			return o.SQL
		}
		if !q.safe(s, o.Charset) {
			return ""
		}
		return collate(o.SQL, o.Charset, s)
	case o.isInt() && o.Literal != "" && !o.LiteralString:
		return "'" + strings.TrimPrefix(o.Literal, "+") + "'"
	case o.isInt() && !o.Param:
		if !q.safe(s, conn) {
			return ""
		}
		return collate("CAST("+o.SQL+" AS CHAR)", conn, s)
	}
	return ""
}

// pair fixes a two-operand comparison with a bare string column on one
// side.
func (q *fixer) pair() {
	si := 0
	if !q.ops[0].strColumn() && q.ops[1].strColumn() {
		si = 1
	}
	s, o := q.ops[si], q.ops[1-si]
	if !s.strColumn() {
		return
	}
	oi := 1 - si
	sKey := columnKey(s.t, s.c)
	conn := q.b.rep.Env.ConnCharset
	switch {
	case o.c != nil && o.c.Type.Class() == catalog.ClassInt:
		// str = int: two fixes, each keeping one side's index
		if q.safe(s.c, conn) {
			q.add(sKey, q.render(map[int]string{oi: collate("CAST("+o.SQL+" AS CHAR)", conn, s.c)}),
				fmt.Sprintf("keeps the index on %s.%s: strings compared exactly in %s ('007' no longer equals 7); the index on %s.%s cannot serve", s.t.Name, s.c.Name, s.c.Collation, o.t.Name, o.c.Name), s.SQL, o.SQL)
		}
		q.add(columnKey(o.t, o.c), q.render(map[int]string{si: fmt.Sprintf("CAST(%s AS %s)", s.SQL, castType(o.c))}),
			fmt.Sprintf("keeps the index on %s.%s: integers compared (no DOUBLE rounding above 2^53); the index on %s.%s cannot serve, and values that are not integers become 0 with a warning", o.t.Name, o.c.Name, s.t.Name, s.c.Name), s.SQL, o.SQL)
	case o.isString() && castChar.MatchString(o.SQL) && len(o.Wrapped) == 1:
		// str = CAST(int AS CHAR)
		it, ic := q.b.column(o.Wrapped[0])
		if ic == nil || ic.Type.Class() != catalog.ClassInt {
			return
		}
		inner := castChar.FindStringSubmatch(o.SQL)[1]
		if q.safe(s.c, o.Charset) {
			q.add(sKey, q.render(map[int]string{oi: collate(o.SQL, o.Charset, s.c)}),
				fmt.Sprintf("no error 1267 whatever the connection collation; keeps the index on %s.%s (strings compared in %s)", s.t.Name, s.c.Name, s.c.Collation), s.SQL, o.SQL)
		}
		q.add(columnKey(it, ic), q.render(map[int]string{oi: inner}),
			fmt.Sprintf("no CAST: runs on every connection and can use the index on %s.%s, but compares as DOUBLE ('01' = 1) and the index on %s.%s cannot serve until %s becomes an integer column", it.Name, ic.Name, s.t.Name, s.c.Name, s.c.Name), s.SQL, o.SQL)
	case o.strColumn():
		// two string columns: keep the index the finding needs
		keep, give, gi := s, o, oi
		unusable := q.f.IndexUnusable
		if slices.Contains(unusable, columnKey(o.t, o.c)) || (!slices.Contains(unusable, sKey) && len(s.t.IndexesOn(s.c.Name)) == 0 && len(o.t.IndexesOn(o.c.Name)) > 0) {
			keep, give, gi = o, s, si
		}
		if !q.safe(keep.c, give.c.Charset) {
			return
		}
		q.add(columnKey(keep.t, keep.c), q.render(map[int]string{gi: collate(give.SQL, give.c.Charset, keep.c)}),
			fmt.Sprintf("compares in %s: keeps the index on %s.%s; the index on %s.%s cannot serve", keep.c.Collation, keep.t.Name, keep.c.Name, give.t.Name, give.c.Name), "", "")
	case o.isString() && o.c == nil:
		// a variable, literal or expression of another collation
		if w := q.asString(o, s.c); w != "" {
			q.add(sKey, q.render(map[int]string{oi: w}),
				fmt.Sprintf("compares in %s: no error 1267 and the index on %s.%s keeps serving", s.c.Collation, s.t.Name, s.c.Name), "", "")
		}
	case o.isInt() && o.Const:
		// str = 7: compare with the string '7'
		if w := q.asString(o, s.c); w != "" {
			q.add(sKey, q.render(map[int]string{oi: w}),
				fmt.Sprintf("keeps the index on %s.%s: strings compared exactly in %s ('007' no longer equals 7)", s.t.Name, s.c.Name, s.c.Collation), "", "")
		}
	}
}

// subject fixes IN, BETWEEN and LIKE whose first operand is a bare string
// column: the other operands are rendered in its collation (IN, LIKE,
// BETWEEN with string bounds), which keeps its index; BETWEEN with
// numeric bounds compares the column as an integer instead (strings order
// '10' before '9', so quoting the bounds would change the rows).
func (q *fixer) subject() {
	s := q.ops[0]
	if !s.strColumn() {
		return
	}
	sKey := columnKey(s.t, s.c)
	numeric := false
	for _, o := range q.ops[1:] {
		if !o.isString() {
			numeric = true
		}
	}
	if q.cmp.Op == "BETWEEN" && numeric {
		for _, o := range q.ops[1:] {
			if !o.isInt() {
				return
			}
		}
		q.add("", q.render(map[int]string{0: fmt.Sprintf("CAST(%s AS SIGNED)", s.SQL)}),
			fmt.Sprintf("integers compared (no DOUBLE rounding above 2^53); the index on %s.%s cannot serve, and values that are not integers become 0 with a warning", s.t.Name, s.c.Name), "", "")
		return
	}
	with := map[int]string{}
	for i, o := range q.ops[1:] {
		w := q.asString(o, s.c)
		if w == "" {
			return
		}
		if w != o.SQL {
			with[i+1] = w
		}
	}
	if len(with) == 0 {
		return
	}
	effect := fmt.Sprintf("compares in %s: keeps the index on %s.%s", s.c.Collation, s.t.Name, s.c.Name)
	if numeric {
		effect += " ('007' no longer equals 7)"
	}
	if q.cmp.Op == "LIKE" {
		effect = fmt.Sprintf("compares in %s: the index on %s.%s keeps serving a constant prefix", s.c.Collation, s.t.Name, s.c.Name)
	}
	q.add(sKey, q.render(with), effect, "", "")
}

// withColumn is the comparison rewritten to use the generated column name
// instead of the string column: a.b_id_str = CAST(b.id AS CHAR) becomes
// a.b_id = b.id.
func (f QueryFix) withColumn(name string) string {
	if f.str == "" {
		return ""
	}
	s := f.str
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[:i+1] + name
	} else {
		s = name
	}
	other := f.other
	if m := castChar.FindStringSubmatch(other); m != nil {
		other = m[1]
	}
	return fmt.Sprintf("%s %s %s", s, f.op, other)
}

// attachQueryFixes lists, on a migration, the query-only fixes of the
// findings it ends.
func (b *builder) attachQueryFixes(m *Migration) {
	for _, f := range b.fixes {
		for _, ch := range m.Changes {
			if slices.Contains(ch.Findings, f.Finding) {
				m.QueryFixes = appendUnique(m.QueryFixes, f.String())
			}
		}
	}
}

// String is "finding: rewrite — effect".
func (f QueryFix) String() string {
	return fmt.Sprintf("%s: %s — %s", f.Finding, f.Rewrite, f.Effect)
}
