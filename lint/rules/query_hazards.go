package rules

import (
	"github.com/collint/collint/lint/typing"
)

func hazardRule(kind, hint string) func(p *QueryPass) {
	return func(p *QueryPass) {
		judged(p, func(c *typing.Comparison) {
			for _, h := range c.Verdict.Hazards {
				if h.Kind == kind {
					p.Report(Finding{Pos: p.At(c.Off), Message: describeComparison(c) + ": " + h.Msg, Hint: hint, Columns: columnsOf(c.Operands), Compared: compared(c)})
				}
			}
		})
	}
}

// DoubleCompare is CL301.
var DoubleCompare *Rule

// SignedUnsigned is CL302.
var SignedUnsigned *Rule

// PadMismatch is CL303.
var PadMismatch *Rule

// SensitivityMismatch is CL304.
var SensitivityMismatch *Rule

func init() {
	DoubleCompare = register(&Rule{
		ID: "CL301", Name: "string-number-comparison", Severity: Warning, Impact: ResultHazard,
		Summary: "a string is compared with a number as DOUBLE: '01' = 1 and '1abc' = 1 are true, integers above 2^53 collide",
		Doc: `When one side is a string and the other a number, MySQL converts both to
DOUBLE. Leading zeros, trailing garbage and spaces are ignored, and 64-bit ids
above 2^53 lose precision, so distinct ids can match. The result can even
change with the plan: a ref lookup into the integer index converts exactly, a
hash join compares doubles.`,
		Failing: `SELECT * FROM a JOIN b ON a.b_id_str = b.id;`,
		Fixed:   `ALTER TABLE a MODIFY b_id_str BIGINT NOT NULL;`,
	})
	DoubleCompare.Query = hazardRule("double-compare", "store both sides with the same type")
	SignedUnsigned = register(&Rule{
		ID: "CL302", Name: "signed-unsigned-comparison", Severity: Info, Impact: ResultHazard,
		Summary: "a signed integer is compared with an unsigned one: negative values and values above 2^63-1 never match",
		Doc: `Join columns that hold the same ids should have the same integer type. A
BIGINT joined to a BIGINT UNSIGNED works for ids in the common range only,
and the mismatch blocks a foreign key between them.`,
		Failing: `SELECT * FROM post JOIN user ON post.user_id = user.id;  -- INT vs INT UNSIGNED`,
		Fixed:   `ALTER TABLE post MODIFY user_id INT UNSIGNED NOT NULL;`,
	})
	SignedUnsigned.Query = hazardRule("signed-unsigned", "give both columns the same integer type")
	PadMismatch = register(&Rule{
		ID: "CL303", Name: "pad-attribute-mismatch", Severity: Info, Impact: ResultHazard,
		Summary: "the comparison's collation treats trailing spaces differently (PAD SPACE vs NO PAD) from a column's own collation",
		Doc: `utf8mb4_0900_* collations are NO PAD: 'a ' <> 'a'. The older _general_ci,
_unicode_ci and _bin collations are PAD SPACE: 'a ' = 'a'. A comparison done
in the other attribute matches rows the column's own unique key treats as
different, or misses rows it treats as equal.`,
		Failing: `SELECT * FROM a JOIN b ON a.code = b.code COLLATE utf8mb4_0900_bin;`,
		Fixed:   `SELECT * FROM a JOIN b ON a.code = b.code;`,
	})
	PadMismatch.Query = hazardRule("pad-mismatch", "compare columns whose collations share the pad attribute")
	SensitivityMismatch = register(&Rule{
		ID: "CL304", Name: "sensitivity-mismatch", Severity: Warning, Impact: ResultHazard,
		Summary: "a case/accent-insensitive column is compared under a case- or accent-sensitive collation (or the reverse)",
		Doc: `When a _bin or _cs collation wins a comparison, values a _ci column
considers equal ('Ann' and 'ann') stop matching, and the reverse: an
insensitive comparison matches values a _bin column keeps apart.`,
		Failing: `SELECT * FROM users u JOIN logins l ON u.email = l.email;  -- _ci vs _bin`,
		Fixed:   `ALTER TABLE logins MODIFY email VARCHAR(255) COLLATE utf8mb4_0900_ai_ci NOT NULL;`,
	})
	SensitivityMismatch.Query = hazardRule("sensitivity-mismatch", "give both columns the same collation")
}
