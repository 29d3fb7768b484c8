package rules

import (
	"fmt"
	"strings"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/typing"
)

// describe renders an operand the way MySQL's error messages do:
// "a.b_id_str (utf8mb4_unicode_ci, IMPLICIT)" for strings, the class
// otherwise.
func describe(o *typing.Operand) string {
	switch {
	case o.Param:
		return "?"
	case o.IsString():
		return fmt.Sprintf("%s (%s, %s)", o.Text(), o.Collation, o.Coer)
	case o.Class == catalog.ClassNull:
		return o.Text()
	}
	cls := o.Class.String()
	if o.Unsigned {
		cls += " unsigned"
	}
	return fmt.Sprintf("%s (%s)", o.Text(), cls)
}

// describeComparison renders "l = r", "x IN (a, b)", "x BETWEEN a AND b".
func describeComparison(c *typing.Comparison) string {
	ops := c.Operands
	switch c.Op {
	case "IN":
		var items []string
		for _, o := range ops[1:] {
			items = append(items, describe(o))
		}
		return fmt.Sprintf("%s IN (%s)", describe(ops[0]), strings.Join(items, ", "))
	case "BETWEEN":
		return fmt.Sprintf("%s BETWEEN %s AND %s", describe(ops[0]), describe(ops[1]), describe(ops[2]))
	}
	if len(ops) == 2 {
		return fmt.Sprintf("%s %s %s", describe(ops[0]), c.Op, describe(ops[1]))
	}
	return c.Op
}

// columnsOf lists db.table.column of every column the comparison reads.
func columnsOf(ops []*typing.Operand) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range ops {
		for _, c := range o.Columns() {
			if n := c.Name(); !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func names(cs []*typing.ColRef) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Name())
	}
	return out
}
