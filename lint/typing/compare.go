package typing

import (
	"fmt"
	"math"
	"strconv"
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
func (x facts) Compare(ops []*Operand, op string) Verdict {
	var v Verdict
	for _, o := range ops {
		if o.Unknown {
			return v
		}
	}
	nary := op == "IN" || op == "BETWEEN"
	if op == "BETWEEN" && len(ops) == 3 {
		ops[0].between = true
		ops[2].upperBound = true
		if done := x.between(&v, ops); done {
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
		x.compareStrings(&v, ops, eqOp(op, ops))
		return v
	}
	if nary {
		if op == "IN" {
			x.inItems, x.inTemporalConsts = len(ops)-1, true
			dates, nonDates := false, false
			for _, o := range ops[1:] {
				if !o.Const || !o.Class.Temporal() {
					x.inTemporalConsts = false
				}
				if o.Literal != nil && !o.Literal.String && o.Class.Numeric() {
					if mariadbDateNumber(o.Literal.Value) {
						dates = true
					} else {
						nonDates = true
					}
				}
			}
			x.inMixedDates = dates && nonDates
		}
		for _, o := range ops[1:] {
			var w Verdict
			if o.IsString() && ops[0].IsString() {
				x.compareStrings(&w, []*Operand{ops[0], o}, eqOp(op, ops))
			} else {
				x.comparePair(&w, ops[0], o, op, eqOp(op, ops))
			}
			merge(&v, w)
		}
		return v
	}
	x.comparePair(&v, ops[0], ops[1], op, eqOp(op, ops))
	return v
}

// isBetween marks operand lists built for BETWEEN (see Compare).
func isBetween(ops []*Operand) bool { return len(ops) == 3 && ops[0].between }

// eqOp reports whether the comparison is an equality lookup: =, <=>, IN,
// or a BETWEEN whose two bounds are the same literal or the same user
// variable.
func eqOp(op string, ops []*Operand) bool {
	switch op {
	case "=", "<=>", "IN":
		return true
	case "BETWEEN":
		if len(ops) != 3 {
			return false
		}
		lo, hi := ops[1], ops[2]
		if lo.UserVar && hi.UserVar {
			return strings.EqualFold(lo.Text(), hi.Text())
		}
		return lo.Literal != nil && hi.Literal != nil && lo.Literal.Value == hi.Literal.Value
	}
	return false
}

// between handles the measured special cases of BETWEEN on flavors with
// BetweenConvertsBounds (MySQL 9.7): a string column between two temporal
// constants is compared as a string (its index serves), and a number or
// date between strings that latin1 cannot hold fails with 3854 (the
// strings go through latin1 on their way to a number).
func (x facts) between(v *Verdict, ops []*Operand) bool {
	if !x.f.BetweenConvertsBounds {
		return false
	}
	e := ops[0]
	if e.IsString() && ops[1].Const && ops[2].Const && ops[1].Class.Temporal() && ops[2].Class.Temporal() {
		v.As = catalog.ClassString
		if e.Column != nil && (e.Charset == "latin1" || e.Charset == "binary") {
			v.lose(e.Column, LossType, fmt.Sprintf("%s (%s) is compared with temporal constants as a string in another character set", e.Column.Name(), e.Charset))
		}
		return true
	}
	bigint := e.Column != nil && e.Column.Column.Type.Base == "bigint"
	if (e.Class.Numeric() || e.Class.Temporal()) && !bigint {
		for _, o := range ops[1:] {
			if o.Literal != nil && o.Literal.String {
				if ok, r := encodable("latin1", o.Literal.Value); !ok {
					v.ServerError = 3854
					v.ErrorMsg = fmt.Sprintf("Cannot convert string '%s' from %s to latin1 (character %q)", o.Literal.Value, o.Charset, r)
					return true
				}
			}
		}
	}
	return false
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
func (x facts) compareStrings(v *Verdict, ops []*Operand, eq bool) {
	betweenConsts := x.f.BetweenConvertsBounds && len(ops) == 3 && ops[1].Const && ops[2].Const && !ops[1].UserVar && !ops[2].UserVar && ops[0].Column != nil && isBetween(ops)
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
	if !ok && x.f.ConstConvertsToColumn {
		if done := x.convertConst(v, real, eq); done {
			return
		}
	}
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
		if x.lossyConversion(o, res) {
			v.ServerError = illegalMixCode(len(ops))
			v.ErrorMsg = fmt.Sprintf("Illegal mix of collations: %s (%s,%s) cannot be converted to %s without loss", o.Text(), o.Collation, o.Coer, res.charset)
			return
		}
	}
	for _, o := range real {
		// A constant that cannot be represented in the winning charset.
		if o.Literal != nil && o.Literal.String && o.Charset != res.charset && res.charset != "binary" {
			if ok, r := encodable(res.charset, o.Literal.Value); !ok {
				// MySQL 8+ fails at execution (3854); MariaDB refuses the
				// conversion while resolving, as an illegal mix (measured;
				// LossyConversionIsError).
				v.ServerError = 3854
				v.ErrorMsg = fmt.Sprintf("Cannot convert string '%s' from %s to %s (character %q)", o.Literal.Value, o.Charset, res.charset, r)
				if x.f.LossyConversionIsError {
					v.ServerError = illegalMixCode(len(ops))
					v.ErrorMsg = fmt.Sprintf("Illegal mix of collations: '%s' cannot be converted to %s", o.Literal.Value, res.charset)
				}
				return
			}
		}
	}
	for _, o := range real {
		for _, c := range o.Wrapped {
			v.lose(c, LossExpression, fmt.Sprintf("%s is inside an expression (%s)", c.Name(), o.Text()))
		}
		c := o.Column
		if c == nil {
			continue
		}
		if o.Enum && !eq {
			v.lose(c, LossType, fmt.Sprintf("%s is an ENUM/SET: its index orders member positions and serves only equality", c.Name()))
			continue
		}
		if eq && x.f.ConstCollateLookup && binConstPartner(x, real, o) {
			// Measured on MySQL 9.7: col = 'v' COLLATE <binary collation>
			// still looks the value up through col's index (every row equal
			// under the binary collation is equal under col's), then filters.
			continue
		}
		if betweenConsts && o == real[0] && !(o.Charset == "binary" && real[1].Coer == Explicit) {
			// (a VARBINARY column between EXPLICIT bounds of another
			// charset is converted instead: measured on MySQL 9.7)
			// BETWEEN converts constant bounds to the column's character
			// set and collation: its index serves (measured on MySQL 9.7)
			continue
		}
		switch {
		case o.Enum && x.f.EnumKeySameCollation:
			if o.Collation != res.collation {
				v.lose(c, LossCollation, fmt.Sprintf("%s (ENUM/SET, %s) is compared under %s: its index serves only its own collation", c.Name(), o.Collation, res.collation))
			}
		case o.Enum:
			// an ENUM is stored as its member's position: a lookup under
			// another collation of its charset still goes through the index
		case o.Charset != res.charset:
			if eq && x.f.BinaryWinsKeepsIndex && (res.charset == "binary" || o.Charset == "binary" && binConstPartner(x, real, o) && x.maxLen(res.charset) == 1) {
				// compared byte-wise without converting the column (also a
				// VARBINARY column against a _bin constant of a single-byte
				// charset: measured on MariaDB 10.11/11.8 with _latin1'abc'
				// COLLATE latin1_bin, while 'abc' COLLATE utf8mb4_bin scans)
				continue
			}
			if eq && x.narrowed(o, real, res) {
				continue
			}
			v.lose(c, LossCollation, fmt.Sprintf("%s (%s) is converted to %s for the comparison", c.Name(), o.Charset, res.charset))
		case o.Collation != res.collation:
			if eq && x.f.BinaryWinsKeepsIndex && x.binsort(res.collation) {
				continue
			}
			v.lose(c, LossCollation, fmt.Sprintf("%s (%s) is compared under %s", c.Name(), o.Collation, res.collation))
		}
	}
	x.stringHazards(v, real, res)
}

// narrowed reports whether column operand o (utf8mb3) keeps its index
// although the comparison converts it to utf8mb4, by cset_narrowing
// (CsetNarrowing): o is utf8mb3_general_ci, the comparison runs under
// utf8mb4_general_ci, and the other side is not a constant (ref access).
func (x facts) narrowed(o *Operand, ops []*Operand, res dt) bool {
	if !x.f.CsetNarrowing || o.Collation != "utf8mb3_general_ci" || res.collation != "utf8mb4_general_ci" {
		return false
	}
	for _, p := range ops {
		if p != o && p.Const {
			return false
		}
	}
	return true
}

// lossyConversion reports whether the flavor refuses to convert operand o
// into the aggregated charset (LossyConversionIsError): o is not a
// constant, and the conversion can lose characters — it is not into
// Unicode or binary, not from binary, and o may hold non-ASCII data.
func (x facts) lossyConversion(o *Operand, res dt) bool {
	if !x.f.LossyConversionIsError || o.Const || o.Charset == res.charset {
		return false
	}
	return o.Charset != "binary" && res.charset != "binary" && !o.ASCII && !x.unicode(res)
}

// binConstPartner reports whether every other operand is a constant with
// an EXPLICIT binary collation.
func binConstPartner(x facts, ops []*Operand, self *Operand) bool {
	found := false
	for _, o := range ops {
		if o == self {
			continue
		}
		if !o.Const || o.Coer != Explicit || !x.binsort(o.Collation) {
			return false
		}
		found = true
	}
	return found
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
			v.hazard(Hazard{"pad-mismatch", fmt.Sprintf("%s is %s but the comparison uses %s (%s): trailing spaces %s", o.Text(), padName(oc.Pad), rc.Name, padName(rc.Pad), map[bool]string{true: "are ignored", false: "count"}[padName(rc.Pad) == "PAD SPACE"])})
		}
		if oc.CaseSensitive != rc.CaseSensitive || oc.AccentSensitive != rc.AccentSensitive {
			v.hazard(Hazard{"sensitivity-mismatch", fmt.Sprintf("%s is %s but the comparison uses %s: %s", o.Text(), oc.Name, rc.Name, sensitivityNote(oc.CaseSensitive, rc.CaseSensitive))})
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
// inList is true for one item of an IN list: an invalid date there is
// not an error, the item just cannot be looked up.
func (x facts) comparePair(v *Verdict, l, r *Operand, op string, eq bool) {
	inList := op == "IN"
	if l.Class == catalog.ClassNull || r.Class == catalog.ClassNull || l.Param || r.Param {
		return
	}
	if l.Class == catalog.ClassJSON || r.Class == catalog.ClassJSON || l.Class == catalog.ClassSpatial || r.Class == catalog.ClassSpatial {
		return
	}
	v.As = cmpClass(l, r)
	// A constant string compared with a temporal value must be a valid
	// date: MySQL rejects the statement, MariaDB takes a zero date, which
	// only equality-type lookups can still search for.
	for _, p := range [][2]*Operand{{l, r}, {r, l}} {
		s, t := p[0], p[1]
		if s.IsString() && s.Literal != nil && s.Literal.String && (t.Class == catalog.ClassDate || t.Class == catalog.ClassDatetime) && t.Column != nil {
			if !validTemporal(s.Literal.Value, t.Class) {
				switch {
				case x.f.TemporalKeyZeroDates && zeroDateLookup(op):
				case s.UserVar && op == "BETWEEN" && eq:
					// BETWEEN @v AND @v is a ref lookup converting @v at
					// execution: no error, the index serves (MySQL 9.7)
				case inList || !x.f.InvalidTemporalIsError || s.UserVar && op != "=" && op != "<=>":
					// (measured on MySQL 9.7: date_col = @v is 1525 for
					// @v = 'abc', date_col < @v just cannot use the index)
					v.lose(t.Column, LossType, fmt.Sprintf("'%s' is not a valid %s", s.Literal.Value, t.Class))
				default:
					v.ServerError = 1525
					v.ErrorMsg = fmt.Sprintf("Incorrect %s value: '%s'", strings.ToUpper(t.Column.Column.Type.Base), s.Literal.Value)
					return
				}
			}
		}
	}
	for _, p := range [][2]*Operand{{l, r}, {r, l}} {
		c, other := p[0], p[1]
		for _, w := range c.Wrapped {
			v.lose(w, LossExpression, fmt.Sprintf("%s is inside an expression (%s)", w.Name(), c.Text()))
		}
		if c.Column == nil {
			continue
		}
		if why := x.constantMisfit(c, other, op, eq); why != "" {
			v.lose(c.Column, LossType, why)
			continue
		}
		if c.Enum && !eq {
			v.lose(c.Column, LossType, fmt.Sprintf("%s is an ENUM/SET: its index orders member positions and serves only equality", c.Column.Name()))
			continue
		}
		if !x.indexServes(c, other, op) {
			v.lose(c.Column, LossType, fmt.Sprintf("%s (%s) is compared as %s with %s (%s)", c.Column.Name(), c.Class, v.As, other.Text(), other.Class))
		}
	}
	switch {
	case l.Enum && r.Class.Numeric() && !r.IsString() || r.Enum && l.Class.Numeric() && !l.IsString():
		e, n := l, r
		if r.Enum {
			e, n = r, l
		}
		v.hazard(Hazard{"enum-ordinal", fmt.Sprintf("%s is an ENUM/SET compared with the number %s: the number is matched against the member's position, not its label", e.Text(), n.Text())})
	case l.IsString() && r.Class.Numeric() || r.IsString() && l.Class.Numeric():
		s, n := l, r
		if r.IsString() {
			s, n = r, l
		}
		if !(s.Const && n.Class == catalog.ClassInt) {
			v.hazard(Hazard{"double-compare", fmt.Sprintf("%s (string) and %s (%s) are compared as DOUBLE: '01' = 1 and '1abc' = 1 are true, and integers above 2^53 can collide", s.Text(), n.Text(), n.Class)})
		}
	case l.Class == catalog.ClassInt && r.Class == catalog.ClassInt && l.Unsigned != r.Unsigned && !l.Const && !r.Const:
		v.hazard(Hazard{"signed-unsigned", fmt.Sprintf("%s and %s differ in signedness: negative values and values above 2^63-1 can never match", l.Text(), r.Text())})
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
func (x facts) indexServes(c, other *Operand, op string) bool {
	cc := c.Class
	oc := other.Class
	if other.Const {
		oc = constClass(other)
	}
	if c.Enum {
		// ENUM/SET against a number compares the member's position (an
		// integer only on MySQL); against a string, the label
		if x.f.EnumKeySameCollation {
			return oc.Numeric() || oc == catalog.ClassString
		}
		return oc == catalog.ClassInt || oc == catalog.ClassString
	}
	if c.Column != nil && c.Column.Column.Type.Base == "bigint" && other.Const && oc.Temporal() && x.temporalToBigint(op) {
		return true
	}
	return indexUse(x.f, cc, oc)
}

// temporalToBigint reports whether the flavor turns the temporal
// constants of a comparison with a BIGINT column into integers
// (TemporalConstToBigint, TemporalListToBigint).
func (x facts) temporalToBigint(op string) bool {
	switch {
	case op == "BETWEEN":
		return false
	case op == "IN" && x.inItems > 1:
		return x.f.TemporalListToBigint && x.inTemporalConsts
	}
	return x.f.TemporalConstToBigint
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

// constantMisfit explains why a constant cannot be looked up in column c's
// index although its class could be.
//
// MySQL 9.7 (measured): a number that is not a date against a temporal
// column (except for =, where the range optimizer proves the row set
// empty through the index), and for BETWEEN an integer column against
// fractional or out-of-range bounds.
//
// MariaDB 10.11/11.8 (measured): a number that is not a date becomes a
// zero date that only equality-type lookups search (TemporalKeyZeroDates),
// and a number that does not fit the column makes =, <=> and IN
// impossible — answered from the index — but every other operator unable
// to search it (TruncatedBoundsRule).
func (x facts) constantMisfit(c, k *Operand, op string, eq bool) string {
	if k.Literal == nil || k.Literal.String {
		return ""
	}
	col := c.Column.Column
	number := k.Class == catalog.ClassInt || k.Class == catalog.ClassDecimal || k.Class == catalog.ClassDouble
	switch {
	case c.Class.Temporal() && number && x.f.TemporalKeyZeroDates:
		if !zeroDateLookup(op) && !mariadbDateNumber(k.Literal.Value) {
			return fmt.Sprintf("%s is not a date: it becomes a zero date, which %s's index can be searched for only by equality", k.Text(), c.Column.Name())
		}
		if op == "IN" && x.inMixedDates {
			// measured: d IN (42, 43) and d IN (20240101, 20240102) use
			// the index, d IN (42, 20240101) does not
			return fmt.Sprintf("the IN list mixes dates and numbers that are not dates: %s's index cannot be searched for it", c.Column.Name())
		}
	case c.Class.Temporal() && number:
		lookup := op == "=" || op == "<=>" || op == "BETWEEN" && eq
		// IN with a number that no date can have (negative, more than 14
		// digits) is settled by one index probe ("no matching row in const
		// table"); other non-dates make IN give up the index.
		if op == "IN" && (strings.HasPrefix(k.Literal.Value, "-") || len(k.Literal.Value) > 14) {
			lookup = true
		}
		if !lookup && !validDateNumber(k.Literal.Value) {
			return fmt.Sprintf("%s is not a date, so %s's index cannot be searched for it", k.Text(), c.Column.Name())
		}
	case x.f.TruncatedBoundsRule:
		if why := truncatedBound(c, k, op, eq); why != "" {
			return why
		}
	case op == "BETWEEN" && c.Class == catalog.ClassInt:
		if k.Class != catalog.ClassInt && strings.ContainsAny(k.Literal.Value, ".eE") {
			return fmt.Sprintf("%s is not an integer: BETWEEN cannot range over %s's index", k.Text(), c.Column.Name())
		}
		if col.Type.Unsigned && strings.HasPrefix(k.Literal.Value, "-") {
			return fmt.Sprintf("%s is negative and %s is unsigned", k.Text(), c.Column.Name())
		}
	case op == "BETWEEN" && c.Class == catalog.ClassDecimal:
		if decimalOverflows(col, k.Literal.Value) {
			return fmt.Sprintf("%s is out of %s's range", k.Text(), c.Column.Name())
		}
	}
	return ""
}

// decimalOverflows reports whether the number v has more integer digits
// than the DECIMAL column col can hold (measured on MySQL 9.7 and MariaDB
// 10.11: 18446744073709551615 and 1e30 do not fit DECIMAL(20,2)).
func decimalOverflows(col *catalog.Column, v string) bool {
	if col.Type.Len <= 0 {
		return false
	}
	f, err := strconv.ParseFloat(strings.TrimPrefix(v, "-"), 64)
	if err != nil {
		return false
	}
	return f >= math.Pow10(col.Type.Len-max(col.Type.Dec, 0))
}

// zeroDateLookup reports whether MariaDB still searches a temporal index
// for a constant that is not a valid date (taken as a zero date): =, <=>
// and IN look it up, BETWEEN converts both bounds to dates when it is
// resolved (measured: d BETWEEN 'abc' AND 'xyz' is a range), any other
// operator gives up the index.
func zeroDateLookup(op string) bool {
	switch op {
	case "=", "<=>", "IN", "BETWEEN":
		return true
	}
	return false
}

// truncatedBound explains why MariaDB's range optimizer cannot search
// numeric column c for constant k that does not fit it
// (stored_field_make_mm_leaf_truncated / _bounded_int, measured on 10.11
// and 11.8): a negative number against an UNSIGNED integer column makes
// =, <=>, IN, < and <= impossible (answered from the index) and >, >=, <>
// unsearchable; a number with more integer digits than a DECIMAL column
// holds makes =, <=> and IN impossible and every other operator
// unsearchable. BETWEEN x AND x is an equality; otherwise BETWEEN is
// searchable unless its lower bound is not (an unsearchable upper bound
// only widens the range).
func truncatedBound(c, k *Operand, op string, eq bool) string {
	col := c.Column.Column
	var why string
	impossible := map[string]bool{"=": true, "<=>": true, "IN": true}
	switch {
	case c.Class == catalog.ClassInt && col.Type.Unsigned && strings.HasPrefix(k.Literal.Value, "-"):
		why = fmt.Sprintf("%s is negative and %s is unsigned", k.Text(), c.Column.Name())
		impossible["<"], impossible["<="] = true, true
	case c.Class == catalog.ClassDecimal && decimalOverflows(col, k.Literal.Value):
		why = fmt.Sprintf("%s is out of %s's range", k.Text(), c.Column.Name())
	default:
		return ""
	}
	if op == "BETWEEN" {
		if eq || k.upperBound {
			return ""
		}
		return why + ": BETWEEN cannot range from it"
	}
	if impossible[op] {
		return ""
	}
	return why + ": the range optimizer cannot search for it"
}

// validDateNumber reports whether a number reads as a date: YYMMDD,
// YYYYMMDD, YYMMDDhhmmss or YYYYMMDDhhmmss with a valid month and day.
func validDateNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	switch len(s) {
	case 6, 8, 12, 14:
		return digitsValid(s)
	}
	return false
}

// convertConst handles a column (or other non-constant) compared with a
// string literal of another charset that aggregation refuses: the server
// converts the literal to the column's charset (ConstConvertsToColumn).
// It reports whether it decided the comparison.
func (x facts) convertConst(v *Verdict, ops []*Operand, eq bool) bool {
	var col *Operand
	for _, o := range ops {
		if !o.Const {
			if col != nil {
				return false // two non-constants: a real illegal mix
			}
			col = o
		}
	}
	if col == nil {
		return false
	}
	for _, k := range ops {
		if k == col {
			continue
		}
		// a literal (not a CAST of one), of another charset
		if k.Literal == nil || !k.Literal.String || k.UserVar || k.Coer == Implicit || k.Charset == col.Charset {
			return false
		}
	}
	for _, k := range ops {
		if k == col || k.Charset == col.Charset {
			continue
		}
		if ok, r := encodable(col.Charset, k.Literal.Value); !ok {
			v.ServerError = 3854
			v.ErrorMsg = fmt.Sprintf("Cannot convert string '%s' from %s to %s (character %q)", k.Literal.Value, k.Charset, col.Charset, r)
			return true
		}
	}
	v.Collation = col.Collation
	for _, c := range col.Wrapped {
		v.lose(c, LossExpression, fmt.Sprintf("%s is inside an expression (%s)", c.Name(), col.Text()))
	}
	if col.Column != nil && !col.Enum && len(ops) > 2 && !isBetween(ops) && !binConstPartner(x, ops, col) {
		// an IN list of converted constants is not looked up through the
		// index unless they carry a binary collation (measured on MySQL 9.7)
		v.lose(col.Column, LossCollation, fmt.Sprintf("%s is compared with constants converted from another character set", col.Column.Name()))
	}
	if col.Enum && !eq && col.Column != nil {
		v.lose(col.Column, LossType, fmt.Sprintf("%s is an ENUM/SET: its index orders member positions and serves only equality", col.Column.Name()))
	}
	return true
}
