package typing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/collint/collint/lint/catalog"
)

// exprText renders an expression for messages: lower-case names, no quotes.
func exprText(e ast.Node) string {
	var b strings.Builder
	if v, ok := e.(*driver.ValueExpr); ok && v.Datum.Kind() == driver.KindString && v.Type.GetFlag()&mysql.UnderScoreCharsetFlag == 0 {
		// the parser stamps its own charset on plain literals; show them as written
		return "'" + strings.ReplaceAll(v.Datum.GetString(), "'", "''") + "'"
	}
	if err := e.Restore(format.NewRestoreCtx(format.RestoreStringSingleQuotes|format.RestoreKeyWordUppercase, &b)); err != nil {
		return "?"
	}
	return b.String()
}

func (a *analyzer) unknown(e ast.ExprNode) *Operand {
	return &Operand{Unknown: true, node: e, Off: e.OriginTextPosition()}
}

// typeExpr types e in scope sc, recording the comparisons found inside it.
func (a *analyzer) typeExpr(e ast.ExprNode, sc *scope) *Operand {
	if e == nil {
		return &Operand{Unknown: true}
	}
	switch n := e.(type) {
	case *ast.ColumnNameExpr:
		return a.column(n, sc)
	case *driver.ValueExpr:
		return a.literal(n)
	case *driver.ParamMarkerExpr:
		return &Operand{Param: true, Const: true, Class: catalog.ClassString, Coer: Coercible, text: "?", Off: n.OriginTextPosition()}
	case *ast.ParenthesesExpr:
		o := a.typeExpr(n.Expr, sc)
		cp := *o
		cp.Off = n.OriginTextPosition()
		cp.text, cp.node = "("+o.Text()+")", nil
		return &cp
	case *ast.VariableExpr:
		return a.variable(n, sc)
	case *ast.SetCollationExpr:
		return a.setCollation(n, sc)
	case *ast.FuncCastExpr:
		return a.cast(n, sc)
	case *ast.FuncCallExpr:
		return a.call(n, sc)
	case *ast.AggregateFuncExpr:
		return a.aggregateFunc(n, sc)
	case *ast.BinaryOperationExpr:
		return a.binary(n, sc)
	case *ast.UnaryOperationExpr:
		o := a.typeExpr(n.V, sc)
		if n.Op == opcode.Not || n.Op == opcode.Not2 {
			return a.boolean(e)
		}
		r := a.numeric(e, o.Class, o)
		if n.Op == opcode.Minus && o.Literal != nil && !o.Literal.String {
			r.Literal = &Literal{Value: "-" + o.Literal.Value}
			r.Unsigned = false
		}
		return r
	case *ast.PatternInExpr:
		a.in(n, sc)
		return a.boolean(e)
	case *ast.BetweenExpr:
		a.between(n, sc)
		return a.boolean(e)
	case *ast.PatternLikeOrIlikeExpr:
		a.like(n, sc)
		return a.boolean(e)
	case *ast.PatternRegexpExpr:
		l, r := a.typeExpr(n.Expr, sc), a.typeExpr(n.Pattern, sc)
		if l.IsString() && r.IsString() {
			a.record("REGEXP", e, []*Operand{l, r}, false)
		}
		return a.boolean(e)
	case *ast.IsNullExpr:
		a.typeExpr(n.Expr, sc)
		return a.boolean(e)
	case *ast.IsTruthExpr:
		a.typeExpr(n.Expr, sc)
		return a.boolean(e)
	case *ast.ExistsSubqueryExpr:
		if sq, ok := n.Sel.(*ast.SubqueryExpr); ok {
			a.resultSet(sq.Query, sc)
		}
		return a.boolean(e)
	case *ast.SubqueryExpr:
		cols := a.resultSet(n.Query, sc)
		if len(cols) != 1 {
			return a.unknown(e)
		}
		o := *cols[0]
		o.Column, o.Wrapped, o.Const, o.Literal = nil, nil, true, nil
		o.text, o.node, o.Off = "", e, e.OriginTextPosition()
		return &o
	case *ast.CompareSubqueryExpr:
		l := a.typeExpr(n.L, sc)
		if sq, ok := n.R.(*ast.SubqueryExpr); ok {
			cols := a.resultSet(sq.Query, sc)
			if len(cols) == 1 {
				r := *cols[0]
				r.Column, r.Wrapped = nil, nil
				a.record(n.Op.String(), e, []*Operand{l, &r}, false)
			}
		}
		return a.boolean(e)
	case *ast.CaseExpr:
		return a.caseExpr(n, sc)
	case *ast.RowExpr:
		for _, v := range n.Values {
			a.typeExpr(v, sc)
		}
		return a.unknown(e)
	case *ast.DefaultExpr, *ast.WindowFuncExpr, *ast.ValuesExpr, *ast.PositionExpr, *ast.MatchAgainst:

		a.walkChildren(e, sc)
		return a.unknown(e)
	}
	a.walkChildren(e, sc)
	return a.unknown(e)
}

// walkChildren types every direct child expression of e so that the
// comparisons inside unknown constructs are still checked.
func (a *analyzer) walkChildren(e ast.Node, sc *scope) {
	e.Accept(&childVisitor{a: a, sc: sc, root: e})
}

type childVisitor struct {
	a    *analyzer
	sc   *scope
	root ast.Node
}

func (v *childVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if n == v.root {
		return n, false
	}
	if e, ok := n.(ast.ExprNode); ok {
		v.a.typeExpr(e, v.sc)
		return n, true
	}
	return n, false
}

func (v *childVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func (a *analyzer) boolean(e ast.ExprNode) *Operand {
	return &Operand{Class: catalog.ClassInt, Coer: Numeric, node: e, Off: e.OriginTextPosition(), Const: true}
}

// numeric is a number computed from the given operands.
func (a *analyzer) numeric(e ast.ExprNode, class catalog.Class, from ...*Operand) *Operand {
	o := &Operand{Class: class, Coer: Numeric, node: e, Off: e.OriginTextPosition(), Const: true}
	for _, f := range from {
		if f.Unknown {
			o.Unknown = true
		}
		o.Wrapped = append(o.Wrapped, f.wrap()...)
	}
	if len(o.Wrapped) > 0 {
		o.Const = false
	}
	return o
}

func (a *analyzer) column(n *ast.ColumnNameExpr, sc *scope) *Operand {
	o := sc.lookup(n.Name)
	if o == nil {
		a.unresolved(n)
		return a.unknown(n)
	}
	cp := *o
	cp.text, cp.node, cp.Off = "", n, n.OriginTextPosition()
	return &cp
}

// columnOperand types a catalog column.
func columnOperand(t *catalog.Table, c *catalog.Column) *Operand {
	o := &Operand{Class: c.Type.Class(), Unsigned: c.Type.Unsigned, Coer: Implicit, Enum: c.Type.Base == "enum" || c.Type.Base == "set"}
	if o.Class == catalog.ClassString {
		o.Charset, o.Collation = c.Charset, c.Collation
		o.ASCII = c.Charset == "ascii"
	}
	if o.Class == catalog.ClassJSON {
		o.Charset, o.Collation = "utf8mb4", "utf8mb4_bin"
	}
	o.Column = &ColRef{Table: t, Column: c}
	return o
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (a *analyzer) literal(n *driver.ValueExpr) *Operand {
	o := &Operand{node: n, Off: n.OriginTextPosition(), Const: true, Coer: Numeric}
	switch n.Datum.Kind() {
	case driver.KindNull:
		o.Class, o.Coer = catalog.ClassNull, Ignorable
	case driver.KindInt64:
		o.Class = catalog.ClassInt
		o.Literal = &Literal{Value: strconv.FormatInt(n.Datum.GetInt64(), 10)}
	case driver.KindUint64:
		o.Class, o.Unsigned = catalog.ClassInt, true
		o.Literal = &Literal{Value: strconv.FormatUint(n.Datum.GetUint64(), 10)}
	case driver.KindMysqlDecimal:
		o.Class = catalog.ClassDecimal
		o.Literal = &Literal{Value: n.Datum.GetMysqlDecimal().String()}
	case driver.KindFloat64, driver.KindFloat32:
		o.Class = catalog.ClassDouble
		o.Literal = &Literal{Value: fmt.Sprint(n.Datum.GetFloat64())}
	case driver.KindBinaryLiteral, driver.KindMysqlBit:
		o.Class, o.Charset, o.Collation, o.Coer = catalog.ClassString, "binary", "binary", Coercible
		b := []byte(n.Datum.GetBinaryLiteral())
		o.Literal = &Literal{Value: string(b), String: true}
		o.ASCII = isASCII(string(b))
	case driver.KindString, driver.KindBytes:
		s := n.Datum.GetString()
		o.Class, o.Coer, o.ASCII = catalog.ClassString, Coercible, isASCII(s)
		o.Literal = &Literal{Value: s, String: true}
		o.Charset, o.Collation = a.env.ConnCharset, a.env.ConnCollation
		cs, intro := a.introducers[n.OriginTextPosition()]
		if intro || n.Type.GetFlag()&mysql.UnderScoreCharsetFlag != 0 {
			if !intro {
				cs = n.Type.GetCharset()
			}
			if ch, ok := a.env.Flavor.Charsets.Charset(cs); ok {
				o.Charset, o.Collation = ch.Name, ch.DefaultCollation
				o.Literal.Introducer = ch.Name
				if !ch.Unicode && ch.Name != "binary" && !o.ASCII {
					// the literal's bytes (UTF-8 as the client sent them) are
					// read in ch: which characters they make is not modelled
					o.Unknown = true
				}
			}
			if o.Charset == "binary" {
				o.Collation = "binary"
			}
		}
	default:
		o.Unknown = true
	}
	return o
}

func (a *analyzer) variable(n *ast.VariableExpr, sc *scope) *Operand {
	if n.Value != nil {
		a.typeExpr(n.Value, sc)
	}
	if n.IsSystem {
		return &Operand{Class: catalog.ClassString, Charset: "utf8mb3", Collation: a.utf8mb3General(), Coer: Sysconst, Const: true, node: n, Off: n.OriginTextPosition()}
	}
	// A user variable holds whatever was assigned; a string assigned from a
	// literal carries the connection collation at IMPLICIT level (USERVAR on
	// MariaDB 11). One never assigned in the input is taken to be such a
	// string, set by the application (a connection pool's tenant id, say).
	if o, ok := a.env.userVars[strings.ToLower(n.Name)]; ok {
		cp := *o
		cp.text, cp.node, cp.Off = "", n, n.OriginTextPosition()
		return &cp
	}
	return &Operand{Class: catalog.ClassString, Charset: a.env.ConnCharset, Collation: a.env.ConnCollation, Coer: a.env.userVarCoer(), Const: true, UserVar: true, node: n, Off: n.OriginTextPosition()}
}

func (a *analyzer) utf8mb3General() string {
	if c, ok := a.env.Flavor.Charsets.CollationFor("utf8mb3", "utf8mb3_general_ci"); ok {
		return c.Name
	}
	return "utf8mb3_general_ci"
}

func (a *analyzer) setCollation(n *ast.SetCollationExpr, sc *scope) *Operand {
	in := a.typeExpr(n.Expr, sc)
	o := &Operand{Class: catalog.ClassString, Coer: Explicit, node: n, Off: n.OriginTextPosition(), Const: in.Const, Wrapped: in.wrap(), Unknown: in.Unknown}
	if in.Unknown {
		return o
	}
	cs := in.Charset
	if !in.IsString() {
		cs = a.env.ConnCharset
	}
	co, ok := a.env.Flavor.Charsets.CollationFor(cs, n.Collate)
	if !ok {
		if _, exists := a.env.Flavor.Charsets.Collation(n.Collate); exists {
			a.problem(n.OriginTextPosition(), 1253, fmt.Sprintf("COLLATION '%s' is not valid for CHARACTER SET '%s'", n.Collate, cs), in)
		} else {
			a.problem(n.OriginTextPosition(), 1273, fmt.Sprintf("Unknown collation: '%s'", n.Collate), in)
		}
		o.Unknown = true
		return o
	}
	o.Charset, o.Collation, o.ASCII, o.Literal = co.Charset, co.Name, in.ASCII, in.Literal
	return o
}

// cast types CAST/CONVERT/BINARY. CAST(x AS CHAR) and CONVERT(x, CHAR)
// carry the connection collation at IMPLICIT level (CAST on MariaDB 11),
// whatever x is (measured); CAST(x AS BINARY) is IMPLICIT everywhere.
func (a *analyzer) cast(n *ast.FuncCastExpr, sc *scope) *Operand {
	in := a.typeExpr(n.Expr, sc)
	o := &Operand{node: n, Off: n.OriginTextPosition(), Const: in.Const, Wrapped: in.wrap(), Unknown: in.Unknown, Coer: Numeric}
	if n.FunctionType == ast.CastBinaryOperator {
		o.Class, o.Charset, o.Collation, o.Coer = catalog.ClassString, "binary", "binary", Implicit
		return o
	}
	switch n.Tp.GetType() {
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar:
		o.Class, o.Coer = catalog.ClassString, Implicit
		if n.Tp.GetCharset() == "binary" {
			o.Charset, o.Collation = "binary", "binary"
			return o
		}
		o.Coer = a.env.castCoer()
		o.Charset, o.Collation = a.env.ConnCharset, a.env.ConnCollation
		if cs := explicitCastCharset(a.text, n.OriginTextPosition()); cs != "" {
			if ch, ok := a.env.Flavor.Charsets.Charset(cs); ok {
				o.Charset, o.Collation = ch.Name, ch.DefaultCollation
			}
		}
		if in.Literal != nil {
			o.Literal = &Literal{Value: in.Literal.Value, String: true}
		}
	case mysql.TypeLonglong:
		o.Class, o.Unsigned = catalog.ClassInt, mysql.HasUnsignedFlag(n.Tp.GetFlag())
	case mysql.TypeNewDecimal:
		o.Class = catalog.ClassDecimal
	case mysql.TypeDouble, mysql.TypeFloat:
		o.Class = catalog.ClassDouble
	case mysql.TypeDate:
		o.Class = catalog.ClassDate
	case mysql.TypeDatetime:
		o.Class = catalog.ClassDatetime
	case mysql.TypeDuration:
		o.Class = catalog.ClassTime
	case mysql.TypeJSON:
		o.Class = catalog.ClassJSON
	case mysql.TypeYear:
		o.Class = catalog.ClassYear
	default:
		o.Unknown = true
	}
	return o
}

// explicitCastCharset finds "CHARACTER SET x"/"CHARSET x"/ASCII/UNICODE in
// the CAST starting at off: the parser stamps its own default charset on
// every CAST, so the text is the only witness of what the user wrote.
func explicitCastCharset(text string, off int) string {
	if off < 0 || off >= len(text) {
		return ""
	}
	depth, end := 0, len(text)
	for i := off; i < len(text); i++ {
		if text[i] == '(' {
			depth++
		} else if text[i] == ')' {
			depth--
			if depth == 0 {
				end = i
				break
			}
		}
	}
	up := strings.ToUpper(text[off:end])
	for _, kw := range []string{"CHARACTER SET ", "CHARSET "} {
		if i := strings.LastIndex(up, kw); i >= 0 {
			f := strings.Fields(text[off+i+len(kw) : end])
			if len(f) > 0 {
				return strings.Trim(f[0], "`'\"")
			}
		}
	}
	switch {
	case strings.HasSuffix(strings.TrimSpace(up), " ASCII"):
		return "latin1"
	case strings.HasSuffix(strings.TrimSpace(up), " UNICODE"):
		return "ucs2"
	}
	return ""
}

func (a *analyzer) binary(n *ast.BinaryOperationExpr, sc *scope) *Operand {
	switch n.Op {
	case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE, opcode.NullEQ:
		if lr, ok := n.L.(*ast.RowExpr); ok {
			if rr, ok := n.R.(*ast.RowExpr); ok && len(lr.Values) == len(rr.Values) {
				for i := range lr.Values {
					l, r := a.typeExpr(lr.Values[i], sc), a.typeExpr(rr.Values[i], sc)
					a.record(n.Op.String(), lr.Values[i], []*Operand{l, r}, false)
				}
				return a.boolean(n)
			}
		}
		l, r := a.typeExpr(n.L, sc), a.typeExpr(n.R, sc)
		a.record(opSymbol(n.Op), n, []*Operand{l, r}, false)
		return a.boolean(n)
	case opcode.LogicAnd, opcode.LogicOr, opcode.LogicXor:
		a.typeExpr(n.L, sc)
		a.typeExpr(n.R, sc)
		return a.boolean(n)
	}
	l, r := a.typeExpr(n.L, sc), a.typeExpr(n.R, sc)
	class := catalog.ClassDecimal
	switch {
	case n.Op == opcode.IntDiv || (l.Class == catalog.ClassInt && r.Class == catalog.ClassInt && n.Op != opcode.Div):
		class = catalog.ClassInt
	case l.Class == catalog.ClassDouble || r.Class == catalog.ClassDouble || l.IsString() || r.IsString():
		class = catalog.ClassDouble
	}
	if n.Op == opcode.And || n.Op == opcode.Or || n.Op == opcode.Xor || n.Op == opcode.LeftShift || n.Op == opcode.RightShift {
		class = catalog.ClassInt
	}
	return a.numeric(n, class, l, r)
}

func opSymbol(op opcode.Op) string {
	switch op {
	case opcode.EQ:
		return "="
	case opcode.NE:
		return "<>"
	case opcode.LT:
		return "<"
	case opcode.LE:
		return "<="
	case opcode.GT:
		return ">"
	case opcode.GE:
		return ">="
	case opcode.NullEQ:
		return "<=>"
	}
	return op.String()
}

func (a *analyzer) in(n *ast.PatternInExpr, sc *scope) {
	l := a.typeExpr(n.Expr, sc)
	if n.Sel != nil {
		if sq, ok := n.Sel.(*ast.SubqueryExpr); ok {
			cols := a.resultSet(sq.Query, sc)
			if len(cols) == 1 {
				r := *cols[0]
				r.Column, r.Wrapped = nil, nil
				a.record("IN", n, []*Operand{l, &r}, false)
				a.last().Not, a.last().Subquery = n.Not, true
			}
		}
		return
	}
	ops := []*Operand{l}
	for _, v := range n.List {
		ops = append(ops, a.typeExpr(v, sc))
	}
	a.record("IN", n, ops, true)
	a.last().Not = n.Not
}

func (a *analyzer) between(n *ast.BetweenExpr, sc *scope) {
	ops := []*Operand{a.typeExpr(n.Expr, sc), a.typeExpr(n.Left, sc), a.typeExpr(n.Right, sc)}
	a.record("BETWEEN", n, ops, true)
	a.last().Not = n.Not
}

func (a *analyzer) like(n *ast.PatternLikeOrIlikeExpr, sc *scope) {
	l, r := a.typeExpr(n.Expr, sc), a.typeExpr(n.Pattern, sc)
	if !l.IsString() || !r.IsString() {
		return // LIKE on a number converts it to a string; no collation at stake
	}
	a.record("LIKE", n, []*Operand{l, r}, false)
	a.last().Not = n.Not
}
