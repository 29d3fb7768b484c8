package rules

import "github.com/collint/collint/lint/typing"

// Compared is a comparison as a finding saw it: its operator and every
// operand's SQL text and type. It is structured data for the migration
// planner's query rewrites (never printed: messages stay as they are).
type Compared struct {
	Op       string // "=", "<=>", "IN", "BETWEEN", "LIKE", …
	Operands []ComparedOperand
	// Not is set for NOT IN, NOT BETWEEN and NOT LIKE; Subquery for
	// IN (SELECT …), whose second operand stands for the subquery.
	Not, Subquery bool
}

// ComparedOperand is one operand of a Compared.
type ComparedOperand struct {
	SQL       string // as the finding's message quotes it
	Column    string // "db.table.column" when the operand is exactly that column
	Wrapped   []string
	Class     string // catalog.Class: "string", "integer", "decimal", …
	Unsigned  bool
	Charset   string // string operands only
	Collation string
	Const     bool   // no column: literal, placeholder, function of them
	Param     bool   // a ? placeholder
	Literal   string // the value of a plain literal
	// LiteralString is true for a quoted string literal.
	LiteralString bool
}

// compared records c for a Finding.
func compared(c *typing.Comparison) *Compared {
	out := &Compared{Op: c.Op, Not: c.Not, Subquery: c.Subquery}
	for _, o := range c.Operands {
		co := ComparedOperand{SQL: o.Text(), Class: o.Class.String(), Unsigned: o.Unsigned, Const: o.Const, Param: o.Param}
		if o.Param {
			co.SQL = "?"
		}
		if o.IsString() {
			co.Charset, co.Collation = o.Charset, o.Collation
		}
		if o.Column != nil {
			co.Column = o.Column.Name()
		}
		for _, w := range o.Wrapped {
			co.Wrapped = append(co.Wrapped, w.Name())
		}
		if o.Literal != nil {
			co.Literal, co.LiteralString = o.Literal.Value, o.Literal.String
		}
		out.Operands = append(out.Operands, co)
	}
	return out
}
