package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
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

// operandRe splits a finding message "L (desc) OP R (desc): …" into its
// operands; the descriptions are "(collation, COERCIBILITY)" or "(integer…)".
var operandRe = regexp.MustCompile(`^(.+?) \([^()]*\) (=|<=>|<>|!=|<|<=|>|>=) (.+?) \([^()]*\): `)

// castChar matches CAST(x AS CHAR) and CAST(x AS CHAR(n)).
var castChar = regexp.MustCompile(`(?i)^CAST\((.+) AS CHAR(\(\d+\))?\)$`)

// queryFix derives the query-only fixes of a finding. What keeps which
// index (measured, see mysql-semantics.md): a column compared under its own
// collation keeps its index whatever the other side is, so COLLATE (and
// CONVERT … USING when the charsets differ) goes on the side whose index
// does not matter — an expression, or the column whose index the finding
// does not need; `str = int` compares as DOUBLE and loses the string
// column's index, `str = CAST(int AS CHAR) COLLATE <str's>` compares
// strings exactly and keeps it.
func (b *builder) queryFix(f lint.Finding) {
	if !fixable[f.Rule] || f.Rule == "CL302" || f.Rule == "CL401" || f.Rule == "CL402" {
		return
	}
	mm := operandRe.FindStringSubmatch(f.Message)
	if mm == nil {
		return
	}
	left, op, right := mm[1], mm[2], mm[3]
	where := fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Rule)
	orig := left + " " + op + " " + right
	var cols []*catalog.Column
	var tabs []*catalog.Table
	for _, name := range f.Columns {
		t, c := b.column(name)
		if c == nil {
			return
		}
		tabs, cols = append(tabs, t), append(cols, c)
	}
	// which operand is which column, used bare
	bare := func(operand string, c *catalog.Column) bool {
		return strings.EqualFold(operand, c.Name) || strings.HasSuffix(strings.ToLower(operand), "."+strings.ToLower(c.Name)) || strings.EqualFold(strings.Trim(operand, "`"), c.Name)
	}
	conn := b.rep.Env.ConnCharset
	var strOp, otherOp string // set for the string = integer cases
	add := func(col string, rewrite, effect string) {
		for _, x := range b.fixes {
			if x.Original == orig && x.Rewrite == rewrite && strings.HasPrefix(x.Finding, fmt.Sprintf("%s:%d:%d ", f.File, f.Line, f.Column)) {
				return
			}
		}
		b.fixes = append(b.fixes, QueryFix{Finding: where, Column: col, Original: orig, Rewrite: rewrite, Effect: effect, str: strOp, other: otherOp, op: op})
	}
	// collate renders expr (of charset from) in column c's collation.
	collate := func(expr, from string, c *catalog.Column) string {
		if from == c.Charset {
			return expr + " COLLATE " + c.Collation
		}
		return fmt.Sprintf("CONVERT(%s USING %s) COLLATE %s", expr, c.Charset, c.Collation)
	}
	reg := b.rep.Env.Flavor.Charsets
	safe := func(c *catalog.Column, from string) bool { // converting from → c.Charset loses nothing
		return from == c.Charset || width(reg, c.Charset) >= width(reg, from) && width(reg, c.Charset) > 0
	}
	switch {
	case len(cols) >= 1 && cols[0].Type.HasCharset():
		// string column against something: find the string column operand
		s, st, sOp, oOp := cols[0], tabs[0], left, right
		if !bare(left, s) && bare(right, s) {
			sOp, oOp = right, left
		}
		if !bare(sOp, s) {
			if len(cols) == 2 && cols[1].Type.HasCharset() && bare(right, cols[1]) {
				s, st, sOp, oOp = cols[1], tabs[1], right, left
			} else {
				return
			}
		}
		var other *catalog.Column
		var otherT *catalog.Table
		if len(cols) == 2 {
			other, otherT = cols[1], tabs[1]
			if other == s {
				other, otherT = cols[0], tabs[0]
			}
		}
		sKey := columnKey(st, s)
		switch {
		case other != nil && other.Type.Class() == catalog.ClassInt && bare(oOp, other):
			// str = int: two fixes, each keeping one side's index
			strOp, otherOp = sOp, oOp
			if safe(s, conn) {
				add(sKey, fmt.Sprintf("%s %s %s", sOp, op, collate("CAST("+oOp+" AS CHAR)", conn, s)),
					fmt.Sprintf("keeps the index on %s.%s: strings compared exactly in %s ('007' no longer equals 7); the index on %s.%s cannot serve", st.Name, s.Name, s.Collation, otherT.Name, other.Name))
			}
			add(columnKey(otherT, other), fmt.Sprintf("CAST(%s AS %s) %s %s", sOp, castType(other), op, oOp),
				fmt.Sprintf("keeps the index on %s.%s: integers compared (no DOUBLE rounding above 2^53); the index on %s.%s cannot serve, and values that are not integers become 0 with a warning", otherT.Name, other.Name, st.Name, s.Name))
		case castChar.MatchString(oOp) && other != nil && other.Type.Class() == catalog.ClassInt:
			inner := castChar.FindStringSubmatch(oOp)[1]
			strOp, otherOp = sOp, oOp
			if safe(s, conn) {
				add(sKey, fmt.Sprintf("%s %s %s", sOp, op, collate(oOp, conn, s)),
					fmt.Sprintf("no error 1267 whatever the connection collation; keeps the index on %s.%s (strings compared in %s)", st.Name, s.Name, s.Collation))
			}
			add(columnKey(otherT, other), fmt.Sprintf("%s %s %s", sOp, op, inner),
				fmt.Sprintf("no CAST: runs on every connection and can use the index on %s.%s, but compares as DOUBLE ('01' = 1) and the index on %s.%s cannot serve until %s becomes an integer column", otherT.Name, other.Name, st.Name, s.Name, s.Name))
		case other != nil && other.Type.HasCharset() && bare(oOp, other):
			// two string columns: keep the index the finding needs
			keep, keepT, keepOp, give, giveT, giveOp := s, st, sOp, other, otherT, oOp
			if contains(f.IndexUnusable, columnKey(otherT, other)) || (!contains(f.IndexUnusable, sKey) && len(st.IndexesOn(s.Name)) == 0 && len(otherT.IndexesOn(other.Name)) > 0) {
				keep, keepT, keepOp, give, giveT, giveOp = other, otherT, oOp, s, st, sOp
			}
			if !safe(keep, give.Charset) {
				return
			}
			rewrite := fmt.Sprintf("%s %s %s", keepOp, op, collate(giveOp, give.Charset, keep))
			if keepOp == oOp {
				rewrite = fmt.Sprintf("%s %s %s", collate(giveOp, give.Charset, keep), op, keepOp)
			}
			add(columnKey(keepT, keep), rewrite, fmt.Sprintf("compares in %s: keeps the index on %s.%s; the index on %s.%s cannot serve", keep.Collation, keepT.Name, keep.Name, giveT.Name, give.Name))
		case other == nil && !castChar.MatchString(oOp) && safe(s, conn):
			// a variable, literal or expression in the connection collation
			add(sKey, fmt.Sprintf("%s %s %s", sOp, op, collate(oOp, conn, s)),
				fmt.Sprintf("compares in %s: no error 1267 and the index on %s.%s keeps serving", s.Collation, st.Name, s.Name))
		}
	case len(cols) == 2 && cols[1].Type.HasCharset() && cols[0].Type.Class() == catalog.ClassInt:
		// int = str: the mirror case, handled by swapping the finding's columns
		g := f
		g.Columns = []string{f.Columns[1], f.Columns[0]}
		b.queryFix(g)
	}
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
			if contains(ch.Findings, f.Finding) {
				m.QueryFixes = appendUnique(m.QueryFixes, f.String())
			}
		}
	}
}

// String is "finding: rewrite — effect".
func (f QueryFix) String() string {
	return fmt.Sprintf("%s: %s — %s", f.Finding, f.Rewrite, f.Effect)
}
