package rules

import (
	"fmt"
	"strings"

	"github.com/collint/collint/lint/typing"
)

func lossRule(kind string, hint func(c *typing.Comparison) string) func(p *QueryPass) {
	return func(p *QueryPass) {
		judged(p, func(c *typing.Comparison) {
			var lost []string
			var why []string
			for _, l := range c.Verdict.Lost {
				if l.Kind == kind {
					lost = append(lost, l.Col.Name())
					why = append(why, l.Why)
				}
			}
			if len(lost) == 0 {
				return
			}
			p.Report(Finding{Pos: p.At(c.Off),
				Message:       fmt.Sprintf("%s: the index on %s cannot serve this comparison: %s", describeComparison(c), strings.Join(lost, ", "), strings.Join(why, "; ")),
				Hint:          hint(c),
				Columns:       columnsOf(c.Operands),
				IndexUnusable: lost,
				Compared:      compared(c)})
		})
	}
}

// IndexCollation is CL201.
var IndexCollation *Rule

// IndexType is CL202.
var IndexType *Rule

// IndexExpression is CL203.
var IndexExpression *Rule

func init() {
	IndexCollation = register(&Rule{
		ID: "CL201", Name: "index-unusable-collation", Severity: Warning, Impact: IndexUnusable,
		Summary: "a column is converted to another character set or compared under another collation, so its index cannot serve the comparison",
		Doc: `When the two sides of a comparison differ in character set, the narrower side
(utf8mb3 against utf8mb4, latin1 against utf8mb4) is converted and compared
in the wider one; when one side is a _bin collation of the same character
set it wins silently (MySQL; MariaDB keeps the index). Either way the losing
column's index is ordered by a collation the comparison does not use, so a
join through it becomes a full scan.`,
		Failing: `-- legacy.code is utf8mb3_general_ci, item.code utf8mb4_0900_ai_ci
SELECT * FROM item JOIN legacy ON legacy.code = item.code;`,
		Fixed: `ALTER TABLE legacy MODIFY code VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL;`,
	})
	IndexCollation.Query = lossRule(typing.LossCollation, func(*typing.Comparison) string {
		return "give both columns the same character set and collation"
	})
	IndexType = register(&Rule{
		ID: "CL202", Name: "index-unusable-type", Severity: Warning, Impact: IndexUnusable,
		Summary: "a column is compared as another type (a string as DOUBLE, a date as a number), so its index cannot serve the comparison",
		Doc: `A string column compared with a number is compared as DOUBLE: every string
could equal the number ('1', '01', '1abc'), so the string column's index is
useless. A DATE compared with a DECIMAL is compared as a number. The column on
the other side usually keeps its index, so which index is lost depends on the
direction of the join; collint names the column whose index cannot serve.`,
		Failing: `-- a.b_id_str is VARCHAR, b.id BIGINT
SELECT * FROM b JOIN a ON a.b_id_str = b.id;`,
		Fixed: `ALTER TABLE a MODIFY b_id_str BIGINT NOT NULL;  -- after checking every value converts losslessly`,
	})
	IndexType.Query = lossRule(typing.LossType, func(*typing.Comparison) string {
		return "store both sides with the same type, or compare against a value of the column's own type"
	})
	IndexExpression = register(&Rule{
		ID: "CL203", Name: "index-unusable-expression", Severity: Info, Impact: IndexUnusable,
		Summary: "an indexed column is wrapped in a function, CAST or COLLATE, so its index cannot serve the comparison",
		Doc: `An index is ordered by the column's own values in its own collation.
LOWER(col), CONCAT(col, ''), CAST(col AS SIGNED) or col COLLATE other produce
values the index does not order, so the comparison scans.`,
		Failing: `SELECT * FROM users WHERE LOWER(email) = 'ann@example.com';`,
		Fixed:   `SELECT * FROM users WHERE email = 'ann@example.com';  -- email is _ci already`,
	})
	IndexExpression.Query = lossRule(typing.LossExpression, func(*typing.Comparison) string {
		return "compare the bare column, moving the function to the other side; or add a functional index"
	})
}
