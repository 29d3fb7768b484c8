package typing

import (
	"fmt"
	"strings"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
)

// Hazard is a comparison the server runs whose result may surprise.
type Hazard struct {
	Kind string // "double-compare", "signed-unsigned", "pad-mismatch", "sensitivity-mismatch"
	Msg  string
}

// Verdict is what the server does with one comparison.
type Verdict struct {
	// ServerError is the error the server raises (1267, 1270, 1271, 1525,
	// 3854…), 0 when it accepts the statement.
	ServerError int
	ErrorMsg    string
	// As is the class the operands are compared as; Collation is the
	// comparison collation when As is string.
	As        catalog.Class
	Collation string
	// Lost lists the indexed columns whose index cannot serve the
	// comparison, each with why.
	Lost    []Loss
	Hazards []Hazard
}

// Loss is an index made useless by a comparison.
type Loss struct {
	Col  *ColRef
	Kind string // LossCollation, LossType or LossExpression
	Why  string
}

// Why an index cannot serve.
const (
	LossCollation  = "collation"  // converted to another charset, or compared under another collation
	LossType       = "type"       // compared as another type (DOUBLE, DATETIME…)
	LossExpression = "expression" // the column is inside a function, CAST or COLLATE
)

func (v *Verdict) lose(c *ColRef, kind, why string) {
	if c == nil || !c.Indexed() {
		return
	}
	for _, e := range v.Lost {
		if e.Col.Name() == c.Name() {
			return
		}
	}
	v.Lost = append(v.Lost, Loss{Col: c, Kind: kind, Why: why})
}

func (x facts) dtOf(o *Operand) dt {
	return dt{charset: o.Charset, collation: o.Collation, coer: o.Coer, ascii: o.ASCII}
}

// Compare decides a comparison between operands: two for =, <, LIKE…;
// the left operand and every list item for IN; three for BETWEEN.
// nary tells whether the server aggregates all of them at once (IN,
// BETWEEN) or compares pairs.
func (x facts) Compare(ops []*Operand, nary bool) Verdict {
	var v Verdict
	for _, o := range ops {
		if o.Unknown {
			return v
		}
	}
	allStrings := true
	for _, o := range ops {
		if !o.IsString() && o.Class != catalog.ClassNull && !o.Param {
			allStrings = false
		}
	}
	if allStrings {
		x.compareStrings(&v, ops)
		return v
	}
	if nary {
		for _, o := range ops[1:] {
			w := x.Compare([]*Operand{ops[0], o}, false)
			merge(&v, w)
		}
		return v
	}
	x.comparePair(&v, ops[0], ops[1])
	return v
}

func merge(v *Verdict, w Verdict) {
	if v.ServerError == 0 && w.ServerError != 0 {
		v.ServerError, v.ErrorMsg = w.ServerError, w.ErrorMsg
	}
	if v.As == catalog.ClassUnknown {
		v.As, v.Collation = w.As, w.Collation
	}
	for _, l := range w.Lost {
		v.lose(l.Col, l.Kind, l.Why)
	}
	for _, h := range w.Hazards {
		v.hazard(h)
	}
}

func (v *Verdict) hazard(h Hazard) {
	for _, e := range v.Hazards {
		if e.Kind == h.Kind {
			return
		}
	}
	v.Hazards = append(v.Hazards, h)
}

// compareStrings aggregates the collations of string operands the way
// agg_arg_charsets_for_comparison does.
func (x facts) compareStrings(v *Verdict, ops []*Operand) {
	v.As = catalog.ClassString
	var dts []dt
	var real []*Operand
	for _, o := range ops {
		if o.Class == catalog.ClassNull || o.Param {
			continue
		}
		dts = append(dts, x.dtOf(o))
		real = append(real, o)
	}
	if len(dts) < 2 {
		return
	}
	res, ok := x.aggregateAll(dts, forComparison)
	if !ok {
		v.ServerError = illegalMixCode(len(ops))
		var parts []string
		for _, o := range ops {
			if o.Class == catalog.ClassNull || o.Param {
				continue
			}
			parts = append(parts, fmt.Sprintf("(%s,%s)", o.Collation, o.Coer))
		}
		v.ErrorMsg = "Illegal mix of collations " + strings.Join(parts, ", ")
		if len(parts) == 2 {
			v.ErrorMsg = fmt.Sprintf("Illegal mix of collations %s and %s", parts[0], parts[1])
		}
		return
	}
	v.Collation = res.collation
	for _, o := range real {
		// A constant that cannot be represented in the winning charset.
		if o.Literal != nil && o.Literal.String && o.Charset != res.charset && res.charset != "binary" {
			if ok, r := encodable(res.charset, o.Literal.Value); !ok {
				v.ServerError = 3854
				v.ErrorMsg = fmt.Sprintf("Cannot convert string '%s' from %s to %s (character %q)", o.Literal.Value, o.Charset, res.charset, r)
				return
			}
		}
	}
	for _, o := range real {
		for _, c := range o.Wrapped {
			v.lose(c, LossExpression, fmt.Sprintf("%s is inside an expression (%s)", c.Name(), o.Text))
		}
		c := o.Column
		if c == nil {
			continue
		}
		switch {
		case o.Charset != res.charset:
			v.lose(c, LossCollation, fmt.Sprintf("%s (%s) is converted to %s for the comparison", c.Name(), o.Charset, res.charset))
		case o.Collation != res.collation:
			if x.f.BinaryWinsKeepsIndex && x.binsort(res.collation) && !x.binsort(o.Collation) {
				continue
			}
			v.lose(c, LossCollation, fmt.Sprintf("%s (%s) is compared under %s", c.Name(), o.Collation, res.collation))
		}
	}
	x.stringHazards(v, real, res)
}

// stringHazards reports PAD SPACE/NO PAD and case/accent sensitivity
// differences between the columns and the collation actually used.
func (x facts) stringHazards(v *Verdict, ops []*Operand, res dt) {
	rc := x.coll(res.collation)
	if rc == nil {
		return
	}
	for _, o := range ops {
		if o.Const || o.Charset == "binary" {
			continue
		}
		oc := x.coll(o.Collation)
		if oc == nil || oc.Name == rc.Name {
			continue
		}
		if oc.Pad != rc.Pad {
			v.hazard(Hazard{"pad-mismatch", fmt.Sprintf("%s is %s but the comparison uses %s (%s): trailing spaces %s", o.Text, padName(oc.Pad), rc.Name, padName(rc.Pad), map[bool]string{true: "are ignored", false: "count"}[padName(rc.Pad) == "PAD SPACE"])})
		}
		if oc.CaseSensitive != rc.CaseSensitive || oc.AccentSensitive != rc.AccentSensitive {
			v.hazard(Hazard{"sensitivity-mismatch", fmt.Sprintf("%s is %s but the comparison uses %s: %s", o.Text, oc.Name, rc.Name, sensitivityNote(oc.CaseSensitive, rc.CaseSensitive))})
		}
	}
}

func sensitivityNote(colCS, cmpCS bool) string {
	if !colCS && cmpCS {
		return "values equal in the column's own collation ('a' vs 'A', 'e' vs 'é') do not match here"
	}
	return "values the column keeps apart match here"
}

// comparePair decides a comparison of two operands of different classes.
func (x facts) comparePair(v *Verdict, l, r *Operand) {
	if l.Class == catalog.ClassNull || r.Class == catalog.ClassNull || l.Param || r.Param {
		return
	}
	if l.Class == catalog.ClassJSON || r.Class == catalog.ClassJSON || l.Class == catalog.ClassSpatial || r.Class == catalog.ClassSpatial {
		return
	}
	v.As = cmpClass(l, r)
	// A constant string compared with a temporal value must be a valid date.
	for _, p := range [][2]*Operand{{l, r}, {r, l}} {
		s, t := p[0], p[1]
		if s.IsString() && s.Literal != nil && s.Literal.String && (t.Class == catalog.ClassDate || t.Class == catalog.ClassDatetime) && t.Column != nil {
			if !validTemporal(s.Literal.Value, t.Class) {
				v.ServerError = 1525
				v.ErrorMsg = fmt.Sprintf("Incorrect %s value: '%s'", strings.ToUpper(t.Column.Column.Type.Base), s.Literal.Value)
				return
			}
		}
	}
	for _, p := range [][2]*Operand{{l, r}, {r, l}} {
		c, other := p[0], p[1]
		for _, w := range c.Wrapped {
			v.lose(w, LossExpression, fmt.Sprintf("%s is inside an expression (%s)", w.Name(), c.Text))
		}
		if c.Column == nil {
			continue
		}
		if !x.indexServes(c, other) {
			v.lose(c.Column, LossType, fmt.Sprintf("%s (%s) is compared as %s with %s (%s)", c.Column.Name(), c.Class, v.As, other.Text, other.Class))
		}
	}
	switch {
	case l.IsString() && r.Class.Numeric() || r.IsString() && l.Class.Numeric():
		s, n := l, r
		if r.IsString() {
			s, n = r, l
		}
		if !(s.Const && n.Class == catalog.ClassInt) {
			v.hazard(Hazard{"double-compare", fmt.Sprintf("%s (string) and %s (%s) are compared as DOUBLE: '01' = 1 and '1abc' = 1 are true, and integers above 2^53 can collide", s.Text, n.Text, n.Class)})
		}
	case l.Class == catalog.ClassInt && r.Class == catalog.ClassInt && l.Unsigned != r.Unsigned && !l.Const && !r.Const:
		v.hazard(Hazard{"signed-unsigned", fmt.Sprintf("%s and %s differ in signedness: negative values and values above 2^63-1 can never match", l.Text, r.Text)})
	}
}

// cmpClass is the class both sides are compared as (Arg_comparator).
func cmpClass(l, r *Operand) catalog.Class {
	a, b := l.Class, r.Class
	switch {
	case a == b:
		return a
	case a.Temporal() && b == catalog.ClassString, b.Temporal() && a == catalog.ClassString:
		if a == catalog.ClassDate || b == catalog.ClassDate {
			if a == catalog.ClassString || b == catalog.ClassString {
				return catalog.ClassDate
			}
		}
		return catalog.ClassDatetime
	case a.Temporal() && b.Temporal():
		return catalog.ClassDatetime
	case a == catalog.ClassString || b == catalog.ClassString:
		return catalog.ClassDouble
	case a == catalog.ClassDouble || b == catalog.ClassDouble:
		return catalog.ClassDouble
	case a == catalog.ClassDecimal || b == catalog.ClassDecimal:
		return catalog.ClassDecimal
	}
	return catalog.ClassInt
}

// indexServes tells whether the index on column operand c can be used to
// look up values of other, for comparisons between different classes.
// It is data measured on real servers (see indexuse.go), not theory.
func (x facts) indexServes(c, other *Operand) bool {
	cc := c.Class
	oc := other.Class
	if other.Const {
		oc = constClass(other)
	}
	if cc == catalog.ClassString && c.Charset == "binary" {
		cc = catalog.ClassString
	}
	return indexUse(x.f.MariaDB, cc, oc)
}

// constClass is the class a constant behaves as for index lookups.
func constClass(o *Operand) catalog.Class {
	return o.Class
}

func padName(p charset.Pad) string {
	if p == charset.NoPad {
		return "NO PAD"
	}
	return "PAD SPACE"
}

func encodable(cs, s string) (bool, rune) { return charset.Encodable(cs, s) }
