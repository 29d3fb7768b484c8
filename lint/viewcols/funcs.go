package viewcols

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
)

// call types a function call. The result types, lengths and
// nullability were measured on MySQL 9.7 and MariaDB 10.11/11.8
// (lint/catalog/testdata/schemas/view_expressions*.sql).
func (d *deriver) call(n *ast.FuncCallExpr, sc *scope) (*item, bool) {
	name := n.FnName.L
	var args []*item
	for _, a := range n.Args {
		if _, ok := a.(*ast.TimeUnitExpr); ok {
			args = append(args, &item{kind: kNull})
			continue
		}
		it, ok := d.expr(a, sc)
		if !ok {
			return nil, false
		}
		args = append(args, it)
	}
	anyNull := false
	for _, a := range args {
		anyNull = anyNull || a.nullable
	}
	switch name {
	case "left", "right", "lpad", "rpad", "repeat", "str_to_date", "elt", "concat_ws", "replace", "format":
		if len(args) < 2 {
			return nil, false
		}
	case "concat", "coalesce", "greatest", "least", "now", "current_timestamp", "localtime", "localtimestamp", "sysdate",
		"curdate", "current_date", "utc_date", "curtime", "current_time", "utc_time", "uuid", "char", "char_func", "unix_timestamp":
	default:
		if len(args) < 1 && d.cat.Function(d.db, n.FnName.O) == nil {
			return nil, false
		}
	}
	str := func(chars int) *item {
		r := &item{kind: kString, chars: chars, nullable: true, expr: true}
		for _, a := range args {
			if a.kind == kString {
				r.cs, r.coll = a.cs, a.coll
				if a.binary {
					r.binary = true
				}
				break
			}
		}
		return r
	}
	intOf := func(base string, digits int, nullable bool) *item {
		return &item{kind: kInt, base: base, digits: digits, nullable: nullable, expr: true}
	}
	argStr := func(i int) *item {
		if i < len(args) {
			return d.asString(args[i])
		}
		return &item{kind: kString}
	}
	switch name {
	case "concat":
		r := str(0)
		for i := range args {
			s := argStr(i)
			r.chars += s.chars
			r.binary = r.binary || s.binary
			if r.binary {
				r.blobBytes = 0
			}
		}
		if r.binary && !d.f.MariaDB {
			// bytes: a character string's characters count maxlen bytes each
			r.chars = 0
			for i, a := range args {
				s := argStr(i)
				if a.kind == kString && !a.binary {
					r.chars += s.chars * d.maxLen(a.cs)
				} else {
					r.chars += s.chars
				}
			}
		}
		return r, true
	case "concat_ws":
		r := str(0)
		if len(args) == 0 {
			return nil, false
		}
		sep := argStr(0).chars
		for i := 1; i < len(args); i++ {
			r.chars += argStr(i).chars
			if i > 1 {
				r.chars += sep
			}
		}
		return r, true
	case "ifnull", "nvl":
		if len(args) != 2 {
			return nil, false
		}
		r := d.aggregate(args, false)
		r.nullable = args[0].nullable && args[1].nullable
		if r.kind == kInt && !d.f.MariaDB {
			r.base = "bigint"
			if allLiterals(args) {
				r.base = ""
			}
		}
		return r, true
	case "coalesce":
		r := d.aggregate(args, false)
		r.nullable = true
		for _, a := range args {
			if !a.nullable {
				r.nullable = false
			}
		}
		return r, true
	case "if":
		if len(args) != 3 {
			return nil, false
		}
		r := d.aggregate(args[1:], false)
		r.nullable = args[1].nullable || args[2].nullable || args[1].kind == kNull || args[2].kind == kNull
		return r, true
	case "nullif":
		if len(args) != 2 {
			return nil, false
		}
		r := *args[0]
		r.nullable, r.expr = true, true
		if r.exact != nil && r.kind == kString {
			r.exact = nil
		}
		return &r, true
	case "upper", "ucase", "lower", "lcase", "trim", "ltrim", "rtrim", "reverse", "substring_index", "quote", "soundex":
		r := argStr(0)
		r.exact, r.nullable, r.expr = nil, true, true
		r.cs, r.coll = args[0].cs, args[0].coll
		if name == "quote" {
			r.chars = r.chars*2 + 2
		}
		return r, true
	case "substr", "substring", "mid":
		r := argStr(0)
		r.exact, r.nullable, r.expr = nil, true, true
		r.cs, r.coll = args[0].cs, args[0].coll
		if len(n.Args) >= 3 {
			if l, ok := intLiteral(n.Args[2]); ok {
				r.chars = min(r.chars, l)
			}
		} else if len(n.Args) == 2 {
			if p, ok := intLiteral(n.Args[1]); ok && p > 0 {
				if d.f.MariaDB {
					r.chars = r.chars*max(d.maxLen(r.cs), 1) - (p - 1)
				} else {
					r.chars = max(r.chars-(p-1), 0)
				}
			}
		}
		return r, true
	case "left", "right":
		r := argStr(0)
		r.exact, r.nullable, r.expr = nil, true, true
		r.cs, r.coll = args[0].cs, args[0].coll
		if l, ok := intLiteral(n.Args[1]); ok {
			r.chars = min(r.chars, l)
		}
		return r, true
	case "lpad", "rpad":
		r := argStr(0)
		r.exact, r.nullable, r.expr = nil, true, true
		r.cs, r.coll = args[0].cs, args[0].coll
		if l, ok := intLiteral(n.Args[1]); ok {
			r.chars = l
		}
		return r, true
	case "repeat":
		r := argStr(0)
		r.exact, r.nullable, r.expr = nil, true, true
		r.cs, r.coll = args[0].cs, args[0].coll
		if l, ok := intLiteral(n.Args[1]); ok {
			r.chars *= l
		}
		return r, true
	case "replace":
		r := argStr(0)
		r.exact, r.nullable, r.expr = nil, true, true
		r.cs, r.coll = args[0].cs, args[0].coll
		if d.f.MariaDB && len(args) == 3 {
			from, to := argStr(1).chars, argStr(2).chars
			if to > from && from > 0 {
				r.chars = r.chars * to / from
			}
		}
		return r, true
	case "elt":
		r := d.aggregate(args[1:], false)
		r.nullable = true
		return r, true
	case "hex":
		return d.strOfConn(16, true), true
	case "md5":
		return d.strOfConn(32, true), true
	case "sha1", "sha":
		return d.strOfConn(40, true), true
	case "uuid":
		if d.f.MariaDB { // MariaDB 10.7+: the UUID type
			return &item{kind: kString, exact: &catalog.Type{Base: "uuid", Len: -1, Dec: -1}, nullable: !d.mariadb11(), expr: true}, true
		}
		return &item{kind: kString, chars: 36, cs: "utf8mb3", coll: d.f.Charsets.DefaultCollation("utf8mb3"), fixedCS: true, nullable: true, expr: true}, true
	case "char", "char_func":
		k := len(args)
		if name == "char_func" && k > 0 {
			k-- // the parser passes the USING charset (or NULL) last
		}
		return &item{kind: kString, chars: 4 * max(k, 1), binary: true, nullable: true, expr: true}, true
	case "convert":
		// CONVERT(x USING cs): the parser passes cs as a second argument
		if len(args) != 2 {
			return nil, false
		}
		r := argStr(0)
		r.exact, r.nullable, r.expr, r.binary, r.blobBytes = nil, true, true, false, 0
		if v, ok := n.Args[1].(ast.ValueExpr); ok {
			if cs, ok := v.GetValue().(string); ok {
				if strings.EqualFold(cs, "binary") {
					r.binary = true
					r.chars *= max(d.maxLen(args[0].cs), 1)
				}
			}
		}
		return r, true
	case "date_format", "time_format":
		r := d.strOfConn(0, true)
		if len(n.Args) > 1 {
			if f, ok := n.Args[1].(ast.ValueExpr); ok {
				if s, ok := f.GetValue().(string); ok {
					r.chars = formatLength(s)
				}
			}
		}
		return r, true
	case "format":
		if d.f.MariaDB && len(args) > 0 {
			// MariaDB: the number's display length plus a group separator
			// for every three digits
			a := numeric(args[0])
			n := a.displayLen()
			return d.strOfConn(n+intPart(a)/3, true), true
		}
		return d.strOfConn(48, true), true
	case "length", "char_length", "character_length", "octet_length", "bit_length", "instr", "locate", "position", "field", "find_in_set", "ascii", "ord", "crc32":
		if d.f.MariaDB {
			switch name {
			case "field":
				return intOf("int", 2, anyNull), true
			case "instr", "locate", "position":
				return intOf("int", 10, anyNull), true
			}
			return intOf("int", 9, anyNull), true
		}
		return intOf("bigint", 19, anyNull), true
	case "abs":
		if len(args) != 1 {
			return nil, false
		}
		r := d.arith(args, "neg")
		r.unsigned = numeric(args[0]).unsigned
		if r.kind == kInt {
			r.digits = numeric(args[0]).digits
		}
		return r, true
	case "round", "truncate":
		a := numeric(args[0])
		switch a.kind {
		case kDouble:
			return &item{kind: kDouble, nullable: anyNull, expr: true}, true
		case kInt:
			r := *a
			r.exact, r.expr, r.nullable = nil, true, anyNull
			r.base = "bigint"
			return &r, true
		}
		s := 0
		if len(n.Args) > 1 {
			if v, ok := intLiteral(n.Args[1]); ok {
				s = v
			}
		}
		ip := intPart(a)
		if s < a.scale {
			return &item{kind: kDecimal, digits: ip + 1 + max(s, 0), scale: max(s, 0), nullable: anyNull, expr: true}, true
		}
		return &item{kind: kDecimal, digits: a.digits, scale: a.scale, nullable: anyNull, expr: true}, true
	case "floor", "ceil", "ceiling":
		a := numeric(args[0])
		if a.kind == kDouble {
			r := &item{kind: kDouble, nullable: anyNull, expr: true}
			if d.f.MariaDB {
				r.exact = &catalog.Type{Base: "double", Len: 17, Dec: 0}
			}
			return r, true
		}
		if d.f.MariaDB {
			return intOf("", intPart(a)+1, anyNull), true
		}
		return intOf("bigint", max(intPart(a), 1), anyNull), true
	case "greatest", "least":
		r := d.aggregate(args, false)
		r.nullable = anyNull
		if r.kind == kInt && !d.f.MariaDB {
			r.base = "bigint"
		}
		return r, true
	case "now", "current_timestamp", "localtime", "localtimestamp", "sysdate":
		fsp := 0
		if len(n.Args) == 1 {
			if v, ok := intLiteral(n.Args[0]); ok {
				fsp = v
			}
		}
		if d.mariadb11() {
			return &item{kind: kTimestamp, scale: fsp, expr: true}, true
		}
		return &item{kind: kDatetime, scale: fsp, expr: true}, true
	case "curdate", "current_date", "utc_date":
		return &item{kind: kDate, expr: true}, true
	case "curtime", "current_time", "utc_time":
		return &item{kind: kTime, expr: true}, true
	case "date", "last_day", "makedate", "from_days":
		return &item{kind: kDate, nullable: true, expr: true}, true
	case "year":
		if d.f.MariaDB {
			return intOf("int", 4, true), true
		}
		return &item{kind: kYear, nullable: true, expr: true, exact: yearType()}, true
	case "month", "day", "dayofmonth", "hour", "minute", "second", "week", "quarter", "dayofweek", "weekday", "dayofyear":
		digits := map[string]int{"month": 2, "day": 2, "dayofmonth": 2, "hour": 2, "minute": 2, "second": 2, "week": 2, "quarter": 1, "dayofweek": 1, "weekday": 1, "dayofyear": 3}[name]
		return intOf("int", digits, true), true
	case "to_days":
		return intOf("int", 6, true), true
	case "datediff":
		return intOf("int", 7, true), true
	case "timestampdiff":
		return intOf("bigint", 20, true), true
	case "unix_timestamp":
		if len(args) == 0 {
			return intOf("bigint", 11, false), true
		}
		if d.f.MariaDB {
			return intOf("bigint", 16, true), true
		}
		return intOf("bigint", 11, anyNull), true
	case "date_add", "date_sub", "adddate", "subdate":
		if len(args) == 0 {
			return nil, false
		}
		k := args[0].kind
		if k == kDate && len(n.Args) == 3 {
			if u, ok := n.Args[2].(*ast.TimeUnitExpr); ok && !dateUnit(u.Unit.String()) {
				k = kDatetime
			}
		}
		if k == kTimestamp {
			k = kDatetime
		}
		if k == kString {
			r := d.strOfConn(29, true)
			return r, true
		}
		return &item{kind: k, scale: args[0].scale, nullable: true, expr: true}, true
	case "from_unixtime":
		if len(args) != 1 {
			return nil, false
		}
		if d.mariadb11() {
			return &item{kind: kTimestamp, nullable: true, expr: true}, true
		}
		return &item{kind: kDatetime, nullable: true, expr: true}, true
	case "str_to_date":
		if f, ok := n.Args[1].(ast.ValueExpr); ok {
			if s, ok := f.GetValue().(string); ok {
				return &item{kind: strToDateKind(s), nullable: true, expr: true}, true
			}
		}
		return nil, false
	case "json_extract":
		return &item{kind: kJSON, nullable: true, expr: true}, true
	case "json_unquote":
		return &item{kind: kString, blobBytes: 1<<32 - 1, chars: (1<<32 - 1) / 4, cs: "utf8mb4", coll: "utf8mb4_bin", nullable: true, expr: true}, true
	}
	// a stored function: its RETURNS type
	db := n.Schema.O
	if db == "" {
		db = d.db
	}
	if col := d.cat.Function(db, n.FnName.O); col != nil {
		it := fromColumn(col, d.maxLen)
		it.nullable, it.expr, it.fixedCS = true, true, true
		return it, true
	}
	return nil, false
}

// strOfConn is a string result in the connection's charset (typing
// supplies the collation).
func (d *deriver) strOfConn(chars int, nullable bool) *item {
	return &item{kind: kString, chars: chars, nullable: nullable, expr: true, connDefault: true}
}

// mariadb11 reports MariaDB 11, whose NOW() and FROM_UNIXTIME() are
// TIMESTAMP and whose UUID() is never NULL (measured on 11.8).
func (d *deriver) mariadb11() bool { return d.f.MariaDB && d.f.Version >= 110000 }

func yearType() *catalog.Type {
	t := catalog.Type{Base: "year", Len: -1, Dec: -1}
	return &t
}

func allLiterals(args []*item) bool {
	for _, a := range args {
		if !a.literal {
			return false
		}
	}
	return true
}

func intLiteral(e ast.ExprNode) (int, bool) {
	if v, ok := e.(ast.ValueExpr); ok {
		switch x := v.GetValue().(type) {
		case int64:
			return int(x), true
		case uint64:
			return int(x), true
		}
	}
	return 0, false
}

func dateUnit(u string) bool {
	switch strings.ToUpper(u) {
	case "DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "YEAR_MONTH":
		return true
	}
	return false
}

// formatLength is DATE_FORMAT's result length for a format: the longest
// text each specifier produces.
func formatLength(f string) int {
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			n++
			continue
		}
		i++
		switch f[i] {
		case 'M', 'W':
			n += 9 // the longest month/day name, in characters
		case 'D', 'X', 'x':
			n += 4
		case 'Y':
			n += 4
		case 'a', 'b', 'j':
			n += 3
		case 'U', 'u', 'V', 'v', 'y', 'm', 'c', 'd', 'e', 'H', 'k', 'h', 'I', 'l', 'i', 'S', 's', 'p':
			n += 2
		case 'f':
			n += 6
		case 'r':
			n += 11
		case 'T':
			n += 8
		case 'w':
			n++
		default:
			n++
		}
	}
	return n
}

// strToDateKind is STR_TO_DATE's result type for a format: a date unless
// the format reads a time.
func strToDateKind(f string) kind {
	date, clock := false, false
	for i := 0; i+1 < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		switch f[i+1] {
		case 'H', 'h', 'I', 'i', 'k', 'l', 'S', 's', 'T', 'r', 'p', 'f':
			clock = true
		case 'Y', 'y', 'm', 'c', 'd', 'e', 'D', 'M', 'b', 'j', 'U', 'u', 'V', 'v', 'X', 'x', 'W', 'a', 'w':
			date = true
		}
		i++
	}
	switch {
	case clock && date:
		return kDatetime
	case clock:
		return kTime
	}
	return kDate
}
