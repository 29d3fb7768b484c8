package viewcols

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
)

// Typed is one result column as lint/typing sees it: its name and, for
// strings, the charset and collation the server derives.
type Typed struct {
	Name            string
	Charset         string
	Collation       string
	IsString        bool
	Binary          bool
	Unknown         bool
	ColumnCollation bool // the operand is a bare column: keep its own
}

// Columns derives the result columns of sel (a SELECT or UNION) in
// database db. typed are typing's result columns, in order; they give
// names and collations. ok is false when the query has a shape this
// package does not model (the caller keeps typing's coarser columns); a
// nil column is one whose expression it does not model (a stored
// function, …).
func Columns(cat *catalog.Catalog, db string, sel ast.Node, typed []Typed) (cols []*catalog.Column, ok bool) {
	defer func() {
		if recover() != nil { // a shape not foreseen: typing's columns stand in
			cols, ok = nil, false
		}
	}()
	d := &deriver{cat: cat, f: cat.Flavor, db: db}
	items, names, ok := d.query(sel, nil)
	if !ok || len(items) != len(typed) {
		return nil, false
	}
	for i, it := range items {
		tc := typed[i]
		if it.kind == kUnknown {
			cols = append(cols, nil) // the caller types it
			continue
		}
		if it.kind == kString && !it.binary && !it.fixedCS && tc.IsString && tc.Charset != "" && tc.Charset != "binary" && !tc.ColumnCollation {
			it.cs, it.coll = tc.Charset, tc.Collation
			if it.connDefault && d.f.MariaDB && d.f.Version >= 110200 {
				if co := d.f.Charsets.DefaultCollation(it.cs); co != "" {
					it.coll = co
				}
			}
		}
		t := typeOf(it, d.f, d.maxLen)
		col := &catalog.Column{Name: names[i], Type: t, Nullable: it.nullable, CollationSource: catalog.FromColumn}
		if it.col != nil && it.exact != nil && !it.expr {
			// a column read as it is keeps its default and AUTO_INCREMENT
			// (CREATE TABLE … SELECT drops the latter itself)
			col.Default, col.DefaultExpr, col.AutoIncrement = it.col.Default, it.col.DefaultExpr, it.col.AutoIncrement
		}
		if tc.Name != "" {
			col.Name = tc.Name
		}
		if t.Class() == catalog.ClassString {
			switch {
			case t.IsBinaryString():
				col.Charset, col.Collation = "binary", "binary"
			case it.exact != nil && (tc.ColumnCollation || it.fixedCS):
				col.Charset, col.Collation = it.cs, it.coll
			case d.f.MariaDB && t.Base == "longtext" && it.kind == kJSON:
				col.Charset, col.Collation = "utf8mb4", "utf8mb4_bin"
			default:
				col.Charset, col.Collation = it.cs, it.coll
			}
		}
		cols = append(cols, col)
	}
	return cols, true
}

type deriver struct {
	cat *catalog.Catalog
	f   *flavor.Flavor
	db  string
	agg int // inside an aggregate's arguments (see source.scalarRef)
}

func (d *deriver) maxLen(cs string) int {
	if ch, ok := d.f.Charsets.Charset(cs); ok {
		return ch.MaxLen
	}
	return 1
}

// source is a table of the FROM clause.
type source struct {
	name     string // alias or table name
	db       string
	cols     []*item
	names    []string
	nullable bool // on the inner side of an outer join
	// scalarRef: a scalar subquery of the select list reads this table
	// as an outer reference, which makes all of its columns nullable in
	// the result (MySQL 9.7: SELECT o.id, (SELECT … WHERE b.i = o.id)
	// gives a nullable id; MariaDB, EXISTS(…) and a subquery inside an
	// aggregate's arguments do not).
	scalarRef bool
}

// scope is the FROM clause of one query block, with its parent for
// correlated subqueries.
type scope struct {
	sources []*source
	parent  *scope
	scalar  bool // the block is a scalar subquery
}

// scalarQuery types a scalar subquery: its outer references mark their
// tables (see source.scalarRef).
func (d *deriver) scalarQuery(n ast.Node, parent *scope) ([]*item, []string, bool) {
	if s, ok := n.(*ast.SelectStmt); ok {
		return d.selectIn(s, &scope{parent: parent, scalar: true})
	}
	return d.query(n, parent)
}

func (d *deriver) query(n ast.Node, parent *scope) ([]*item, []string, bool) {
	switch q := n.(type) {
	case *ast.SelectStmt:
		return d.selectStmt(q, parent)
	case *ast.SetOprStmt:
		return d.union(q, parent)
	}
	return nil, nil, false
}

func (d *deriver) union(u *ast.SetOprStmt, parent *scope) ([]*item, []string, bool) {
	if u.With != nil || u.SelectList == nil {
		return nil, nil, false
	}
	var out []*item
	var names []string
	for i, s := range u.SelectList.Selects {
		items, ns, ok := d.query(s, parent)
		if !ok {
			return nil, nil, false
		}
		if i == 0 {
			out, names = items, ns
			for k := range out {
				c := *out[k]
				out[k] = &c
			}
			continue
		}
		if len(items) != len(out) {
			return nil, nil, false
		}
		for k := range out {
			out[k] = d.aggregate([]*item{out[k], items[k]}, false)
		}
	}
	return out, names, true
}

func (d *deriver) selectStmt(s *ast.SelectStmt, parent *scope) ([]*item, []string, bool) {
	return d.selectIn(s, &scope{parent: parent})
}

func (d *deriver) selectIn(s *ast.SelectStmt, sc *scope) ([]*item, []string, bool) {
	if s.With != nil || s.Fields == nil {
		return nil, nil, false
	}
	if s.From != nil && s.From.TableRefs != nil {
		if !d.from(s.From.TableRefs, sc, false) {
			return nil, nil, false
		}
	}
	var items []*item
	var names []string
	for _, f := range s.Fields.Fields {
		if f.WildCard != nil {
			for _, src := range sc.sources {
				if f.WildCard.Table.O != "" && !strings.EqualFold(f.WildCard.Table.O, src.name) {
					continue
				}
				for i, c := range src.cols {
					it := *c
					it.nullable = it.nullable || src.nullable
					items = append(items, &it)
					names = append(names, src.names[i])
				}
			}
			continue
		}
		it, ok := d.expr(f.Expr, sc)
		if !ok {
			it = &item{kind: kUnknown} // typing's coarser column stands in
		}
		items = append(items, it)
		name := f.AsName.O
		if name == "" {
			if cn, ok := f.Expr.(*ast.ColumnNameExpr); ok {
				name = cn.Name.Name.O
			}
		}
		names = append(names, name)
	}
	if sc.scalar && !d.f.MariaDB {
		// outer references outside the select list count too
		w := &refWalker{d: d, sc: sc}
		for _, n := range []ast.Node{s.Where, s.Having} {
			if n != nil && !isNilNode(n) {
				n.Accept(w)
			}
		}
	}
	for _, it := range items {
		if it.src != nil && it.src.scalarRef && it.exact != nil {
			it.nullable = true
		}
		if s.GroupBy != nil && s.GroupBy.Rollup {
			it.nullable = true
		}
	}
	return items, names, true
}

// from adds the sources of a FROM clause; inner marks the inner side of
// an outer join (its columns become nullable).
func (d *deriver) from(n ast.ResultSetNode, sc *scope, inner bool) bool {
	switch x := n.(type) {
	case *ast.Join:
		if x.Right == nil {
			return d.from(x.Left, sc, inner)
		}
		return d.from(x.Left, sc, inner || x.Tp == ast.RightJoin) && d.from(x.Right, sc, inner || x.Tp == ast.LeftJoin)
	case *ast.TableSource:
		src := &source{name: x.AsName.O, nullable: inner}
		switch t := x.Source.(type) {
		case *ast.TableName:
			db := t.Schema.O
			if db == "" {
				db = d.db
			}
			tb := d.cat.Table(db, t.Name.O)
			if tb == nil {
				return false
			}
			if src.name == "" {
				src.name = t.Name.O
			}
			src.db = tb.DB
			for _, c := range tb.Columns {
				src.cols = append(src.cols, fromColumn(c, d.maxLen))
				src.names = append(src.names, c.Name)
			}
		case *ast.SelectStmt, *ast.SetOprStmt:
			items, names, ok := d.query(t, nil)
			if !ok {
				return false
			}
			src.cols, src.names = items, names
		default:
			return false
		}
		sc.sources = append(sc.sources, src)
		return true
	}
	return false
}

// column resolves a column reference in the scope chain.
func (d *deriver) column(n *ast.ColumnName, sc *scope) (*item, bool) {
	inScalar := false
	for s := sc; s != nil; s = s.parent {
		var found *item
		for _, src := range s.sources {
			if n.Table.O != "" && !strings.EqualFold(n.Table.O, src.name) {
				continue
			}
			if n.Schema.O != "" && src.db != "" && !strings.EqualFold(n.Schema.O, src.db) {
				continue
			}
			for i, name := range src.names {
				if strings.EqualFold(name, n.Name.O) {
					it := *src.cols[i]
					it.nullable = it.nullable || src.nullable
					it.src = src
					found = &it
					if s != sc && inScalar && !d.f.MariaDB && d.agg == 0 {
						src.scalarRef = true
					}
					break
				}
			}
			if found != nil {
				break
			}
		}
		if found != nil {
			return found, found.kind != kUnknown
		}
		inScalar = inScalar || s.scalar
	}
	return nil, false
}

func (d *deriver) expr(e ast.ExprNode, sc *scope) (*item, bool) {
	switch n := e.(type) {
	case *ast.ColumnNameExpr:
		return d.column(n.Name, sc)
	case *ast.ParenthesesExpr:
		return d.expr(n.Expr, sc)
	case ast.ValueExpr:
		return d.literal(n)
	case *ast.ExistsSubqueryExpr:
		return boolean(false), true
	case *ast.SubqueryExpr:
		items, _, ok := d.scalarQuery(n.Query, sc)
		if !ok || len(items) != 1 || items[0].kind == kUnknown {
			return nil, false
		}
		it := *items[0]
		it.nullable = true
		if it.exact != nil && it.kind == kInt && !d.f.MariaDB {
			it.exact, it.base = nil, "bigint" // MySQL: (SELECT MAX(int_col)) is bigint
		}
		return &it, true
	case *ast.BinaryOperationExpr:
		return d.binary(n, sc)
	case *ast.UnaryOperationExpr:
		a, ok := d.expr(n.V, sc)
		if !ok {
			return nil, false
		}
		switch n.Op {
		case opcode.Minus:
			r := d.arith([]*item{a}, "neg")
			return r, true
		case opcode.Not, opcode.Not2:
			return boolean(a.nullable), true
		case opcode.Plus:
			return a, true
		}
		return nil, false
	case *ast.IsNullExpr:
		if _, ok := d.expr(n.Expr, sc); !ok {
			return nil, false
		}
		return boolean(false), true
	case *ast.IsTruthExpr:
		return boolean(false), true
	case *ast.PatternLikeOrIlikeExpr:
		a, ok1 := d.expr(n.Expr, sc)
		b, ok2 := d.expr(n.Pattern, sc)
		if !ok1 || !ok2 {
			return nil, false
		}
		return boolean(a.nullable || b.nullable), true
	case *ast.PatternRegexpExpr:
		a, ok1 := d.expr(n.Expr, sc)
		b, ok2 := d.expr(n.Pattern, sc)
		if !ok1 || !ok2 {
			return nil, false
		}
		return boolean(a.nullable || b.nullable), true
	case *ast.PatternInExpr:
		nullable := false
		a, ok := d.expr(n.Expr, sc)
		if !ok {
			return nil, false
		}
		nullable = a.nullable
		for _, x := range n.List {
			b, ok := d.expr(x, sc)
			if !ok {
				return nil, false
			}
			nullable = nullable || b.nullable
		}
		if n.Sel != nil {
			nullable = true
		}
		return boolean(nullable), true
	case *ast.BetweenExpr:
		nullable := false
		for _, x := range []ast.ExprNode{n.Expr, n.Left, n.Right} {
			b, ok := d.expr(x, sc)
			if !ok {
				return nil, false
			}
			nullable = nullable || b.nullable
		}
		return boolean(nullable), true
	case *ast.CaseExpr:
		return d.caseExpr(n, sc)
	case *ast.FuncCastExpr:
		return d.cast(n, sc)
	case *ast.SetCollationExpr:
		a, ok := d.expr(n.Expr, sc)
		if !ok {
			return nil, false
		}
		r := d.asString(a)
		r.nullable = true
		return r, true
	case *ast.FuncCallExpr:
		return d.call(n, sc)
	case *ast.AggregateFuncExpr:
		return d.aggregateFunc(n, sc)
	case *ast.DefaultExpr, *ast.VariableExpr:
		return nil, false
	}
	return nil, false
}

// boolean is the result of a comparison or logical operator: int(1).
func boolean(nullable bool) *item {
	return &item{kind: kInt, digits: 1, width: 1, nullable: nullable, expr: true}
}

func (d *deriver) literal(v ast.ValueExpr) (*item, bool) {
	val := v.GetValue()
	text := ""
	if r, ok := v.(interface{ GetString() string }); ok {
		text = r.GetString()
	}
	_ = text
	switch x := val.(type) {
	case nil:
		return &item{kind: kNull, nullable: true, literal: true}, true
	case int64:
		n := strconv.FormatInt(x, 10)
		it := &item{kind: kInt, digits: len(strings.TrimPrefix(n, "-")), width: len(n), literal: true}
		if x > 2147483647 || x < -2147483648 {
			it.base = "bigint"
		} else {
			it.base = "int"
		}
		return it, true
	case uint64:
		n := strconv.FormatUint(x, 10)
		return &item{kind: kInt, digits: len(n), width: len(n), unsigned: true, base: "bigint", literal: true}, true
	case float64:
		return &item{kind: kDouble, literal: true}, true
	case string:
		chars := len([]rune(x))
		return &item{kind: kString, chars: chars, literal: true, fixedChar: chars == 0 && d.f.MariaDB}, true
	case interface{ String() string }:
		s := x.String()
		if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0b") { // hex and bit literals: binary strings
			return &item{kind: kString, chars: (len(s) - 2 + 1) / 2, binary: true, literal: true}, true
		}
		// decimal literal
		digits, scale := 0, 0
		intPart, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
		digits = len(strings.TrimLeft(intPart, "0")) + len(frac)
		if digits == 0 {
			digits = 1
		}
		scale = len(frac)
		if len(strings.TrimLeft(intPart, "0")) == 0 {
			digits = scale + 1
		}
		return &item{kind: kDecimal, digits: max(digits, scale), scale: scale, literal: true}, true
	}
	return nil, false
}

func (d *deriver) binary(n *ast.BinaryOperationExpr, sc *scope) (*item, bool) {
	a, ok1 := d.expr(n.L, sc)
	b, ok2 := d.expr(n.R, sc)
	if !ok1 || !ok2 {
		return nil, false
	}
	switch n.Op {
	case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE, opcode.LogicAnd, opcode.LogicOr, opcode.LogicXor:
		return boolean(a.nullable || b.nullable), true
	case opcode.NullEQ:
		return boolean(false), true
	case opcode.Plus, opcode.Minus:
		if isTemporal(a) || isTemporal(b) {
			return nil, false
		}
		return d.arith([]*item{a, b}, "add"), true
	case opcode.Mul:
		return d.arith([]*item{a, b}, "mul"), true
	case opcode.Div:
		return d.arith([]*item{a, b}, "div"), true
	case opcode.IntDiv:
		r := &item{kind: kInt, digits: max(intPart(numeric(a))-1, 1), unsigned: a.unsigned || b.unsigned, base: "bigint", nullable: true, expr: true}
		return r, true
	case opcode.Mod:
		r := d.arith([]*item{a, b}, "mod")
		r.nullable = true
		return r, true
	}
	return nil, false
}

func isTemporal(it *item) bool {
	switch it.kind {
	case kDate, kDatetime, kTimestamp, kTime:
		return true
	}
	return false
}

// numeric turns an operand into its numeric view: strings become double.
func numeric(it *item) *item {
	switch it.kind {
	case kInt, kDecimal, kDouble:
		return it
	case kYear:
		return &item{kind: kInt, digits: 4, unsigned: true, nullable: it.nullable}
	case kBit:
		return &item{kind: kInt, digits: 20, unsigned: true, nullable: it.nullable}
	}
	return &item{kind: kDouble, nullable: it.nullable}
}

// arith types +, -, *, /, % and unary minus the way the server does:
// integers give bigint (unsigned when an operand is), decimals grow by
// the operands' digits, anything else is double.
func (d *deriver) arith(args []*item, op string) *item {
	r := &item{expr: true}
	var k kind = kInt
	if d.f.MariaDB {
		// MariaDB takes an ENUM/SET as its member number in arithmetic
		for i, a := range args {
			if a.exact != nil && (a.exact.Base == "enum" || a.exact.Base == "set") {
				args[i] = &item{kind: kInt, digits: 3, nullable: a.nullable}
			}
		}
	}
	for _, a := range args {
		a = numeric(a)
		r.nullable = r.nullable || a.nullable
		switch {
		case a.kind == kDouble:
			k = kDouble
		case a.kind == kDecimal && k == kInt:
			k = kDecimal
		}
		r.unsigned = r.unsigned || a.unsigned
	}
	if op == "div" {
		if k == kInt {
			k = kDecimal
		}
		r.nullable = true
	}
	if op == "neg" {
		r.unsigned = false
	}
	r.kind = k
	a := numeric(args[0])
	var b *item
	if len(args) > 1 {
		b = numeric(args[1])
	}
	switch k {
	case kInt:
		switch op {
		case "add":
			r.digits = max(a.digits, b.digits) + 1
			if r.unsigned {
				r.digits = max(a.digits, b.digits) + 1
			}
		case "mul":
			r.digits = a.digits + b.digits
		case "mod":
			r.digits = max(a.digits, b.digits)
		case "neg":
			r.digits = a.digits + 1
		}
		if d.f.MariaDB && r.digits < 10 {
			r.base = "int" // e + 0 is int(5); i + 1 is bigint(12)
		} else {
			r.base = "bigint"
		}
		if !r.unsigned && op != "neg" {
			// MariaDB prints the sign in the width
		}
		if r.unsigned && (op == "add") {
			r.digits--
			r.digits++
		}
	case kDecimal:
		ai, as := intPart(a), scaleOf(a)
		switch op {
		case "add":
			bi, bs := intPart(b), scaleOf(b)
			r.scale = max(as, bs)
			r.digits = max(ai, bi) + r.scale + 1
		case "mul":
			bi, bs := intPart(b), scaleOf(b)
			r.scale = as + bs
			r.digits = ai + bi + r.scale
		case "div":
			bs := scaleOf(b)
			r.scale = as + 4
			r.digits = ai + bs + r.scale
		case "mod":
			bi, bs := intPart(b), scaleOf(b)
			r.scale = max(as, bs)
			r.digits = max(ai, bi) + r.scale
		case "neg":
			r.scale, r.digits = as, a.digits
		}
	}
	return r
}

// intPart is the number of integer digits of a numeric item.
func intPart(it *item) int {
	switch it.kind {
	case kInt:
		return it.digits
	case kDecimal:
		return it.digits - it.scale
	}
	return 0
}

func scaleOf(it *item) int {
	if it.kind == kDecimal {
		return it.scale
	}
	return 0
}

// asString is an operand turned into a string (CONCAT's arguments, CAST AS CHAR).
func (d *deriver) asString(it *item) *item {
	r := &item{kind: kString, nullable: it.nullable, cs: it.cs, coll: it.coll, expr: true}
	switch it.kind {
	case kString:
		r.chars, r.binary, r.blobBytes = it.chars, it.binary, it.blobBytes
	case kNull:
		r.chars, r.binary = 0, true
	case kJSON:
		r.blobBytes, r.chars = 1<<32-1, (1<<32-1)/4
		r.cs, r.coll = "utf8mb4", "utf8mb4_bin"
	default:
		r.chars = it.displayLen()
	}
	return r
}

// aggregate types IF/IFNULL/COALESCE/CASE/UNION: one result type for
// several values.
func (d *deriver) aggregate(args []*item, nullableIfAny bool) *item {
	var vals []*item
	allNull := true
	for _, a := range args {
		if a.kind != kNull {
			vals = append(vals, a)
			allNull = false
		}
	}
	r := &item{expr: true}
	for _, a := range args {
		r.nullable = r.nullable || a.nullable
	}
	if allNull {
		r.kind = kNull
		r.nullable = true
		return r
	}
	// the same column type on every side keeps it
	if t := vals[0].exact; t != nil {
		same := true
		for _, v := range vals[1:] {
			if v.exact == nil || v.exact.SpellFor(d.f) != t.SpellFor(d.f) || v.cs != vals[0].cs {
				same = false
			}
		}
		if same && (len(vals) == len(args) || t.Class() == catalog.ClassString) && t.Class() != catalog.ClassInt {
			c := *vals[0]
			c.nullable = r.nullable
			c.expr = true
			if t.IsText() {
				c.exact = nil
				c.chars = c.blobBytes
			}
			if c.exact != nil && (t.Base == "char" || t.Base == "enum" || t.Base == "set") {
				c.exact = nil
			}
			return &c
		}
	}
	kinds := map[kind]bool{}
	for _, v := range vals {
		kinds[v.kind] = true
	}
	switch {
	case len(kinds) == 1 && (kinds[kInt] || kinds[kDecimal]) || onlyNumeric(kinds) && !kinds[kDouble]:
		intDigits, scale, unsigned := 0, 0, true
		for _, v := range vals {
			nv := numeric(v)
			intDigits = max(intDigits, intPart(nv))
			scale = max(scale, scaleOf(nv))
			unsigned = unsigned && nv.unsigned
		}
		mixedSign := false
		if d.f.MariaDB && !kinds[kDecimal] {
			for _, v := range vals {
				if numeric(v).unsigned != unsigned {
					mixedSign = true
				}
			}
		}
		if kinds[kDecimal] || mixedSign {
			// MariaDB: a signed and an unsigned integer meet as a decimal
			r.kind, r.digits, r.scale = kDecimal, intDigits+scale, scale
		} else {
			r.kind, r.digits = kInt, intDigits
			if !d.f.MariaDB {
				for _, v := range vals {
					if !v.literal && v.exact != nil && (v.exact.Base == "int" || v.exact.Base == "bigint") {
						r.base = "bigint"
					}
				}
			}
		}
		r.unsigned = unsigned
	case onlyNumeric(kinds):
		r.kind = kDouble
	case len(kinds) == 1 && (kinds[kDate] || kinds[kDatetime] || kinds[kTime] || kinds[kTimestamp] || kinds[kYear]):
		r.kind = vals[0].kind
		for _, v := range vals {
			r.scale = max(r.scale, v.scale)
		}
		if r.kind == kTimestamp {
			r.kind = kDatetime
		}
		if r.kind == kYear {
			r.exact = vals[0].exact
		}
	case len(kinds) == 2 && kinds[kDate] && kinds[kDatetime]:
		r.kind = kDatetime
		for _, v := range vals {
			r.scale = max(r.scale, v.scale)
		}
	default:
		r.kind = kString
		binary := false
		for _, v := range vals {
			s := d.asString(v)
			chars := s.chars
			if s.blobBytes > 0 {
				chars = s.blobBytes // the server aggregates a TEXT's bytes as characters
			}
			r.chars = max(r.chars, chars)
			binary = binary || s.binary
			if r.cs == "" && v.kind == kString && !v.binary {
				r.cs, r.coll = v.cs, v.coll
			}
		}
		r.binary = binary
	}
	return r
}

func onlyNumeric(kinds map[kind]bool) bool {
	for k := range kinds {
		if k != kInt && k != kDecimal && k != kDouble {
			return false
		}
	}
	return true
}

func (d *deriver) caseExpr(n *ast.CaseExpr, sc *scope) (*item, bool) {
	if n.Value != nil {
		if _, ok := d.expr(n.Value, sc); !ok {
			return nil, false
		}
	}
	var results []*item
	for _, w := range n.WhenClauses {
		if _, ok := d.expr(w.Expr, sc); !ok {
			return nil, false
		}
		r, ok := d.expr(w.Result, sc)
		if !ok {
			return nil, false
		}
		results = append(results, r)
	}
	if n.ElseClause != nil {
		r, ok := d.expr(n.ElseClause, sc)
		if !ok {
			return nil, false
		}
		results = append(results, r)
	}
	r := d.aggregate(results, true)
	if n.ElseClause == nil {
		r.nullable = true
	}
	return r, true
}

func (d *deriver) cast(n *ast.FuncCastExpr, sc *scope) (*item, bool) {
	a, ok := d.expr(n.Expr, sc)
	if !ok {
		return nil, false
	}
	ft := n.Tp
	switch ft.GetType() {
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar:
		if n.FunctionType == ast.CastConvertFunction || n.FunctionType == ast.CastBinaryOperator || ft.GetCharset() != "" || true {
			r := d.asString(a)
			r.exact = nil
			r.nullable = true
			r.connDefault = true
			if ft.GetCharset() == "binary" {
				ml := 1
				if !r.binary {
					ml = d.maxLen(a.cs)
				}
				r.binary, r.chars = true, r.chars*max(ml, 1)
			} else {
				r.binary = false
			}
			if n.FunctionType == ast.CastConvertFunction && ft.GetCharset() != "" && ft.GetCharset() != "binary" {
				// CONVERT(x USING cs): the length in characters stays
				r.binary = false
			}
			if fl := ft.GetFlen(); fl > 0 {
				r.chars = fl
			}
			if r.kind == kString && r.blobBytes > 0 {
				r.blobBytes = 0
			}
			return r, true
		}
	case mysql.TypeLonglong:
		r := &item{kind: kInt, digits: 20, base: "bigint", nullable: a.nullable, expr: true}
		if mysql.HasUnsignedFlag(ft.GetFlag()) {
			r.unsigned, r.digits = true, 20
		}
		return r, true
	case mysql.TypeNewDecimal:
		p, s := ft.GetFlen(), ft.GetDecimal()
		if p <= 0 {
			p = 10
		}
		if s < 0 {
			s = 0
		}
		return &item{kind: kDecimal, digits: p, scale: s, nullable: a.nullable, expr: true}, true
	case mysql.TypeDate:
		return &item{kind: kDate, nullable: true, expr: true}, true
	case mysql.TypeDatetime:
		return &item{kind: kDatetime, scale: max(ft.GetDecimal(), 0), nullable: true, expr: true}, true
	case mysql.TypeDuration:
		return &item{kind: kTime, scale: max(ft.GetDecimal(), 0), nullable: true, expr: true}, true
	case mysql.TypeDouble:
		return &item{kind: kDouble, nullable: a.nullable, expr: true}, true
	case mysql.TypeJSON:
		return &item{kind: kJSON, nullable: true, expr: true}, true
	}
	return nil, false
}

func (d *deriver) aggregateFunc(n *ast.AggregateFuncExpr, sc *scope) (*item, bool) {
	d.agg++
	defer func() { d.agg-- }()
	var args []*item
	for _, a := range n.Args {
		it, ok := d.expr(a, sc)
		if !ok {
			return nil, false
		}
		args = append(args, it)
	}
	switch strings.ToLower(n.F) {
	case ast.AggFuncCount:
		return &item{kind: kInt, digits: 20, base: "bigint", expr: true}, true
	case ast.AggFuncSum:
		if len(args) == 0 {
			return nil, false
		}
		a := numeric(args[0])
		switch a.kind {
		case kDouble:
			return &item{kind: kDouble, nullable: true, expr: true}, true
		case kInt:
			return &item{kind: kDecimal, digits: min(a.digits+22, 65), nullable: true, expr: true}, true
		}
		return &item{kind: kDecimal, digits: min(a.digits+22, 65), scale: a.scale, nullable: true, expr: true}, true
	case ast.AggFuncAvg:
		if len(args) == 0 {
			return nil, false
		}
		a := numeric(args[0])
		if a.kind == kDouble {
			return &item{kind: kDouble, nullable: true, expr: true}, true
		}
		return &item{kind: kDecimal, digits: min(a.digits+4, 65), scale: min(scaleOf(a)+4, 30), nullable: true, expr: true}, true
	case ast.AggFuncMax, ast.AggFuncMin:
		if len(args) == 0 {
			return nil, false
		}
		r := *args[0]
		r.nullable = true
		return &r, true
	case ast.AggFuncGroupConcat:
		// group_concat_max_len: 1024 on MySQL (text), 1M on MariaDB (mediumtext)
		r := &item{kind: kString, chars: 1024, nullable: true, expr: true}
		if d.f.MariaDB {
			r.chars = 1 << 20
		}
		for _, a := range args {
			if a.kind == kString && a.binary {
				r.binary = true
			}
		}
		return r, true
	case ast.AggFuncBitOr, ast.AggFuncBitAnd, ast.AggFuncBitXor:
		return &item{kind: kInt, digits: 20, width: 21, unsigned: true, base: "bigint", expr: true}, true
	case ast.AggFuncStddevPop, ast.AggFuncStddevSamp, ast.AggFuncVarPop, ast.AggFuncVarSamp, "stddev", "std", "variance":
		return &item{kind: kDouble, nullable: true, expr: true}, true
	}
	return nil, false
}

// refWalker resolves every column reference of a clause, for the side
// effect of marking outer references (source.scalarRef).
type refWalker struct {
	d  *deriver
	sc *scope
}

func (w *refWalker) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ColumnNameExpr:
		w.d.column(x.Name, w.sc)
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr:
		return n, true // their own references are theirs
	}
	return n, false
}

func (w *refWalker) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func isNilNode(n ast.Node) bool {
	switch x := n.(type) {
	case ast.ExprNode:
		return x == nil
	case *ast.HavingClause:
		return x == nil
	}
	return false
}
