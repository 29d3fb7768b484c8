package typing

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
)

// Functions whose result is a string made from their string arguments:
// the result's collation is the aggregation of the arguments'
// (agg_arg_charsets_for_string_result), its coercibility the winner's.
// The value is which arguments take part (-1: all).
var stringFuncs = map[string]int{
	"concat": -1, "concat_ws": -1, "lower": -1, "lcase": -1, "upper": -1, "ucase": -1,
	"trim": 0, "ltrim": 0, "rtrim": 0, "substring": 0, "substr": 0, "mid": 0, "left": 0, "right": 0,
	"reverse": 0, "lpad": -1, "rpad": -1, "replace": -1, "insert": -1, "repeat": 0, "substring_index": -1,
	"elt": -2, "ifnull": -1, "coalesce": -1, "greatest": -1, "least": -1, "nullif": 0, "quote": 0,
	"space": -3, "char": -3, "export_set": -1, "make_set": -2, "soundex": 0, "to_base64": -3, "from_base64": -3,
	"json_unquote": -4, "format": -3, "hex": -3, "date_format": -3, "time_format": -3, "uuid": -3,
	"any_value": 0, "weight_string": -5,
}

// Functions returning numbers.
var numericFuncs = map[string]catalog.Class{
	"length": catalog.ClassInt, "char_length": catalog.ClassInt, "character_length": catalog.ClassInt,
	"octet_length": catalog.ClassInt, "bit_length": catalog.ClassInt, "locate": catalog.ClassInt, "instr": catalog.ClassInt,
	"position": catalog.ClassInt, "field": catalog.ClassInt, "find_in_set": catalog.ClassInt, "strcmp": catalog.ClassInt,
	"ascii": catalog.ClassInt, "ord": catalog.ClassInt, "crc32": catalog.ClassInt, "abs": catalog.ClassDecimal,
	"round": catalog.ClassDecimal, "truncate": catalog.ClassDecimal, "floor": catalog.ClassInt, "ceil": catalog.ClassInt,
	"ceiling": catalog.ClassInt, "mod": catalog.ClassDecimal, "sign": catalog.ClassInt, "year": catalog.ClassInt,
	"month": catalog.ClassInt, "day": catalog.ClassInt, "dayofmonth": catalog.ClassInt, "hour": catalog.ClassInt,
	"minute": catalog.ClassInt, "second": catalog.ClassInt, "unix_timestamp": catalog.ClassDecimal,
	"datediff": catalog.ClassInt, "timestampdiff": catalog.ClassInt, "last_insert_id": catalog.ClassInt,
	"rand": catalog.ClassDouble, "pi": catalog.ClassDouble, "pow": catalog.ClassDouble, "power": catalog.ClassDouble,
	"sqrt": catalog.ClassDouble, "conv": catalog.ClassString, "bit_count": catalog.ClassInt, "row_count": catalog.ClassInt,
	"found_rows": catalog.ClassInt, "connection_id": catalog.ClassInt, "inet_aton": catalog.ClassInt,
	"json_length": catalog.ClassInt, "json_contains": catalog.ClassInt, "isnull": catalog.ClassInt,
	"to_days": catalog.ClassInt, "dayofweek": catalog.ClassInt, "weekday": catalog.ClassInt, "week": catalog.ClassInt,
	"quarter": catalog.ClassInt,
}

// Functions returning temporal values.
var temporalFuncs = map[string]catalog.Class{
	"now": catalog.ClassDatetime, "current_timestamp": catalog.ClassDatetime, "sysdate": catalog.ClassDatetime,
	"localtime": catalog.ClassDatetime, "localtimestamp": catalog.ClassDatetime, "utc_timestamp": catalog.ClassDatetime,
	"curdate": catalog.ClassDate, "current_date": catalog.ClassDate, "utc_date": catalog.ClassDate,
	"curtime": catalog.ClassTime, "current_time": catalog.ClassTime, "date": catalog.ClassDate,
	"date_add": catalog.ClassDatetime, "date_sub": catalog.ClassDatetime, "adddate": catalog.ClassDatetime,
	"subdate": catalog.ClassDatetime, "from_unixtime": catalog.ClassDatetime, "str_to_date": catalog.ClassDatetime,
	"timestamp": catalog.ClassDatetime, "last_day": catalog.ClassDate, "makedate": catalog.ClassDate,
	"from_days": catalog.ClassDate, "time": catalog.ClassTime, "sec_to_time": catalog.ClassTime,
}

// System-constant functions: utf8mb3_general_ci at SYSCONST level.
var sysconstFuncs = map[string]bool{"user": true, "current_user": true, "session_user": true, "system_user": true, "database": true, "schema": true, "version": true, "current_role": true}

func (a *analyzer) call(n *ast.FuncCallExpr, sc *scope) *Operand {
	name := n.FnName.L
	switch {
	case strings.Contains(name, "dateliteral"):
		return a.typedLiteral(n, catalog.ClassDate)
	case strings.Contains(name, "timestampliteral"):
		return a.typedLiteral(n, catalog.ClassDatetime)
	case strings.Contains(name, "timeliteral"):
		return a.typedLiteral(n, catalog.ClassTime)
	case name == "convert" && len(n.Args) == 2:
		return a.convertUsing(n, sc)
	case name == "if" && len(n.Args) == 3:
		a.typeExpr(n.Args[0], sc)
		return a.stringResult(n, []*Operand{a.typeExpr(n.Args[1], sc), a.typeExpr(n.Args[2], sc)})
	case name == "nullif" && len(n.Args) == 2:
		l, r := a.typeExpr(n.Args[0], sc), a.typeExpr(n.Args[1], sc)
		a.record("NULLIF", n, []*Operand{l, r}, false)
		return a.stringResult(n, []*Operand{l})
	case name == "json_extract":
		args := a.args(n, sc)
		return a.numeric(n, catalog.ClassJSON, args...)
	}
	if sysconstFuncs[name] {
		a.args(n, sc)
		return &Operand{Class: catalog.ClassString, Charset: "utf8mb3", Collation: a.utf8mb3General(), Coer: Sysconst, Const: true, node: n, Off: n.OriginTextPosition()}
	}
	args := a.args(n, sc)
	if which, ok := stringFuncs[name]; ok {
		switch which {
		case -3: // a string made from numbers/dates: connection collation, COERCIBLE, ASCII
			o := a.stringResult(n, nil)
			o.Wrapped = wrapAll(args)
			o.Const = len(o.Wrapped) == 0
			o.Unknown = anyUnknown(args)
			o.ASCII = true
			return o
		case -4: // JSON_UNQUOTE: utf8mb4_bin, COERCIBLE
			return &Operand{Class: catalog.ClassString, Charset: "utf8mb4", Collation: "utf8mb4_bin", Coer: Coercible, Wrapped: wrapAll(args), node: n, Off: n.OriginTextPosition(), Unknown: anyUnknown(args)}
		case -5:
			return &Operand{Class: catalog.ClassString, Charset: "binary", Collation: "binary", Coer: Coercible, Wrapped: wrapAll(args), node: n, Off: n.OriginTextPosition()}
		case -2: // ELT/MAKE_SET: the first argument is a number
			if len(args) > 1 {
				o := a.stringResult(n, args[1:])
				o.Wrapped = wrapAll(args)
				return o
			}
		case 0:
			if len(args) > 0 {
				o := a.stringResult(n, args[:1])
				o.Wrapped = wrapAll(args)
				return o
			}
		}
		return a.stringResult(n, args)
	}
	if c, ok := numericFuncs[name]; ok {
		return a.numeric(n, c, args...)
	}
	if c, ok := temporalFuncs[name]; ok {
		return a.numeric(n, c, args...)
	}
	return a.unknown(n)
}

func (a *analyzer) args(n *ast.FuncCallExpr, sc *scope) []*Operand {
	out := make([]*Operand, len(n.Args))
	for i, x := range n.Args {
		out[i] = a.typeExpr(x, sc)
	}
	return out
}

func wrapAll(ops []*Operand) []*ColRef {
	var out []*ColRef
	for _, o := range ops {
		out = append(out, o.wrap()...)
	}
	return out
}

func anyUnknown(ops []*Operand) bool {
	for _, o := range ops {
		if o.Unknown {
			return true
		}
	}
	return false
}

func (a *analyzer) typedLiteral(n *ast.FuncCallExpr, class catalog.Class) *Operand {
	o := &Operand{Class: class, Coer: Numeric, Const: true, node: n, Off: n.OriginTextPosition()}
	if len(n.Args) == 1 {
		if lit := a.typeExpr(n.Args[0], nil); lit.Literal != nil {
			o.Literal = &Literal{Value: lit.Literal.Value, Temporal: strings.ToUpper(class.String())}
		}
	}
	return o
}

// convertUsing types CONVERT(x USING cs): charset cs at IMPLICIT level
// (CAST on MariaDB 11).
func (a *analyzer) convertUsing(n *ast.FuncCallExpr, sc *scope) *Operand {
	in := a.typeExpr(n.Args[0], sc)
	o := &Operand{Class: catalog.ClassString, Coer: a.env.castCoer(), node: n, Off: n.OriginTextPosition(), Wrapped: in.wrap(), Const: in.Const, Unknown: in.Unknown}
	csName := ""
	if v, ok := n.Args[1].(ast.ValueExpr); ok {
		csName = strings.ToLower(v.GetString())
	}
	ch, ok := a.env.Flavor.Charsets.Charset(csName)
	if !ok {
		o.Unknown = true
		return o
	}
	// The charset's default collation (default_collation_for_utf8mb4 for
	// utf8mb4), whatever the connection collation: measured on MySQL 9.7
	// with SET NAMES utf8mb4 COLLATE utf8mb4_general_ci.
	o.Charset, o.Collation = ch.Name, ch.DefaultCollation
	if ch.Name == "binary" {
		o.Collation = "binary"
	}
	return o
}

// stringResult aggregates the string arguments of a string function.
// Numbers and temporal values among them become strings in the connection
// collation at NUMERIC level; a result made only of them is COERCIBLE.
func (a *analyzer) stringResult(n ast.ExprNode, args []*Operand) *Operand {
	o := &Operand{Class: catalog.ClassString, node: n, Off: n.OriginTextPosition(), Wrapped: wrapAll(args), Unknown: anyUnknown(args)}
	o.Const = len(o.Wrapped) == 0
	var dts []dt
	for _, x := range args {
		switch {
		case x.Unknown || x.Param || x.Class == catalog.ClassNull:
		case x.IsString():
			dts = append(dts, a.env.facts().dtOf(x))
		default:
			dts = append(dts, dt{charset: a.env.ConnCharset, collation: a.env.ConnCollation, coer: Numeric, ascii: true})
		}
	}
	if len(dts) == 0 {
		o.Charset, o.Collation, o.Coer, o.ASCII = a.env.ConnCharset, a.env.ConnCollation, Coercible, true
		return o
	}
	res, ok := a.env.facts().aggregateAll(dts, forResult)
	if !ok {
		code := illegalMixCode(len(dts))
		a.problem(n.OriginTextPosition(), code, "Illegal mix of collations for operation '"+funcName(n)+"'", args...)
		o.Unknown = true
		return o
	}
	for _, x := range args {
		if x.IsString() && !x.Unknown && !x.Param && a.env.facts().lossyConversion(x, res) {
			a.problem(n.OriginTextPosition(), illegalMixCode(len(dts)), "Illegal mix of collations for operation '"+funcName(n)+"': "+x.Text()+" cannot be converted to "+res.charset+" without loss", args...)
			o.Unknown = true
			return o
		}
	}
	o.Charset, o.Collation, o.Coer, o.ASCII = res.charset, res.collation, res.coer, res.ascii
	if o.Coer == Numeric {
		o.Coer = Coercible
	}
	return o
}

func funcName(n ast.ExprNode) string {
	if f, ok := n.(*ast.FuncCallExpr); ok {
		return f.FnName.L
	}
	if _, ok := n.(*ast.CaseExpr); ok {
		return "case"
	}
	return exprText(n)
}

func (a *analyzer) aggregateFunc(n *ast.AggregateFuncExpr, sc *scope) *Operand {
	var args []*Operand
	for _, x := range n.Args {
		args = append(args, a.typeExpr(x, sc))
	}
	switch strings.ToLower(n.F) {
	case "max", "min", "any_value":
		if len(args) == 1 {
			o := *args[0]
			o.Wrapped, o.Column = args[0].wrap(), nil
			o.text, o.node, o.Off = "", n, n.OriginTextPosition()
			return &o
		}
	case "count":
		return a.numeric(n, catalog.ClassInt, args...)
	case "sum", "avg":
		if len(args) == 1 && args[0].Class == catalog.ClassDouble {
			return a.numeric(n, catalog.ClassDouble, args...)
		}
		return a.numeric(n, catalog.ClassDecimal, args...)
	case "group_concat":
		return a.stringResult(n, args)
	}
	return a.unknown(n)
}

func (a *analyzer) caseExpr(n *ast.CaseExpr, sc *scope) *Operand {
	var results []*Operand
	var value *Operand
	if n.Value != nil {
		value = a.typeExpr(n.Value, sc)
	}
	for _, w := range n.WhenClauses {
		c := a.typeExpr(w.Expr, sc)
		if value != nil {
			a.record("CASE", w.Expr, []*Operand{value, c}, false)
		}
		results = append(results, a.typeExpr(w.Result, sc))
	}
	if n.ElseClause != nil {
		results = append(results, a.typeExpr(n.ElseClause, sc))
	}
	allString := true
	for _, r := range results {
		if !r.IsString() && r.Class != catalog.ClassNull && !r.Unknown {
			allString = false
		}
	}
	if allString {
		return a.stringResult(n, results)
	}
	class := catalog.ClassUnknown
	for _, r := range results {
		if r.Class != catalog.ClassNull {
			if class == catalog.ClassUnknown {
				class = r.Class
			} else if class != r.Class {
				return a.unknown(n)
			}
		}
	}
	return a.numeric(n, class, results...)
}
