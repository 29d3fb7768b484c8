package rules

import (
	"fmt"

	"github.com/collint/collint/lint/typing"
)

// IllegalCollationMix is CL101.
var IllegalCollationMix = register(&Rule{
	ID: "CL101", Name: "illegal-collation-mix", Severity: Error, Impact: QueryError,
	Summary: "the server rejects a comparison whose operands' collations cannot be reconciled (errors 1267, 1270, 1271)",
	Doc: `MySQL picks one collation for every comparison: the operand with the lower
coercibility wins (EXPLICIT < IMPLICIT < COERCIBLE < NUMERIC). Two columns are
both IMPLICIT; CAST(x AS CHAR) and user variables are IMPLICIT too and carry
the connection collation; CONVERT(x USING cs) is IMPLICIT with cs's default
collation (utf8mb4_0900_ai_ci for utf8mb4 on MySQL 8+, whatever the
connection says). When both sides have the same
coercibility and different non-binary collations of one character set, or
non-Unicode character sets that cannot be converted, the server stops the
statement with "Illegal mix of collations" (1267 with two operands, 1270 with
three as in BETWEEN or a two-item IN, 1271 with more).

The verdict depends on the connection collation: the mysql CLI and
Connector/J inherit the server default (utf8mb4_0900_ai_ci on MySQL 8+),
go-sql-driver/mysql sends utf8mb4_general_ci. Pass --connection-collation.`,
	Failing: `-- a.b_id_str is utf8mb4_unicode_ci; the connection is utf8mb4_0900_ai_ci
SELECT * FROM a JOIN b ON a.b_id_str = CAST(b.id AS CHAR);`,
	Fixed: `-- compare as numbers (b.id's index serves), or make the collations agree
SELECT * FROM a JOIN b ON CAST(a.b_id_str AS UNSIGNED) = b.id;
ALTER TABLE a MODIFY b_id_str BIGINT NOT NULL;  -- after checking every value converts`,
	Query: func(p *QueryPass) {
		for i := range p.Result.Comparisons {
			c := &p.Result.Comparisons[i]
			switch c.Verdict.ServerError {
			case 1267, 1270, 1271:
				p.Report(Finding{
					ServerError: c.Verdict.ServerError, Pos: p.At(c.Off),
					Message: fmt.Sprintf("%s: %s rejects this with error %d (%s for operation '%s')", describeComparison(c), serverName(p.Env), c.Verdict.ServerError, c.Verdict.ErrorMsg, c.Op),
					Hint:    fmt.Sprintf("make the collations agree (ALTER … MODIFY … COLLATE), or add COLLATE to the side whose index does not matter; the connection collation is %s (--connection-collation)", p.Env.ConnCollation),
					Columns: columnsOf(c.Operands), Compared: compared(c),
				})
			}
		}
		for _, pr := range p.Result.Problems {
			switch pr.Code {
			case 1267, 1270, 1271:
				p.Report(Finding{
					ServerError: pr.Code, Pos: p.At(pr.Off),
					Message: fmt.Sprintf("%s: %s rejects this with error %d", pr.Msg, serverName(p.Env), pr.Code),
					Hint:    "make the arguments' collations agree or add COLLATE to one of them",
					Columns: columnsOf(pr.Operands),
				})
			}
		}
	},
})

// CollateMismatch is CL102.
var CollateMismatch = register(&Rule{
	ID: "CL102", Name: "collate-charset-mismatch", Severity: Error, Impact: QueryError,
	Summary: "COLLATE names a collation that does not belong to the expression's character set (error 1253) or does not exist (1273)",
	Doc: `expr COLLATE c is only valid when c is a collation of expr's character set.
A latin1 column cannot be given COLLATE utf8mb4_bin; convert it first with
CONVERT(expr USING utf8mb4) COLLATE utf8mb4_bin.`,
	Failing: `SELECT * FROM t WHERE latin1_col COLLATE utf8mb4_bin = 'x';`,
	Fixed:   `SELECT * FROM t WHERE CONVERT(latin1_col USING utf8mb4) COLLATE utf8mb4_bin = 'x';`,
	Query: func(p *QueryPass) {
		for _, pr := range p.Result.Problems {
			if pr.Code == 1253 || pr.Code == 1273 {
				p.Report(Finding{ServerError: pr.Code, Pos: p.At(pr.Off),
					Message: fmt.Sprintf("%s: %s rejects this with error %d", pr.Msg, serverName(p.Env), pr.Code),
					Hint:    "use a collation of the expression's character set, or CONVERT(… USING cs) first",
					Columns: columnsOf(pr.Operands)})
			}
		}
	},
})

// UnconvertibleLiteral is CL103.
var UnconvertibleLiteral = register(&Rule{
	ID: "CL103", Name: "unconvertible-literal", Severity: Error, Impact: QueryError,
	Summary: "a string literal holds characters the column's character set cannot represent (error 3854)",
	Doc: `The column's collation wins over a literal, so the literal is converted to the
column's character set. MySQL 8+ rejects the statement when a character has
no equivalent there: a Korean literal against a latin1 column, an emoji
against a utf8mb3 column.`,
	Failing: `SELECT * FROM legacy WHERE latin1_name = '가나다';`,
	Fixed:   `ALTER TABLE legacy MODIFY latin1_name VARCHAR(64) CHARACTER SET utf8mb4;  -- or search with a value it can hold`,
	Query: func(p *QueryPass) {
		reportCode(p, 3854, "store the column in a character set that holds the value (utf8mb4), or do not search for values it cannot contain")
	},
})

// InvalidTemporalLiteral is CL104.
var InvalidTemporalLiteral = register(&Rule{
	ID: "CL104", Name: "invalid-temporal-literal", Severity: Error, Impact: QueryError,
	Summary: "a string compared with a DATE/DATETIME column is not a valid date (error 1525)",
	Doc: `A string literal compared with a temporal column is converted to a date. MySQL
8+ rejects values that are not dates at all ('abc', '2024-13-01') with error
1525 instead of comparing them as strings.`,
	Failing: `SELECT * FROM orders WHERE created_on = 'yesterday';`,
	Fixed:   `SELECT * FROM orders WHERE created_on = CURDATE() - INTERVAL 1 DAY;`,
	Query: func(p *QueryPass) {
		reportCode(p, 1525, "write the value as 'YYYY-MM-DD' (or 'YYYY-MM-DD hh:mm:ss')")
	},
})

func reportCode(p *QueryPass, code int, hint string) {
	for i := range p.Result.Comparisons {
		c := &p.Result.Comparisons[i]
		if c.Verdict.ServerError == code {
			p.Report(Finding{ServerError: code, Pos: p.At(c.Off),
				Message: fmt.Sprintf("%s: %s rejects this with error %d (%s)", describeComparison(c), serverName(p.Env), code, c.Verdict.ErrorMsg),
				Hint:    hint, Columns: columnsOf(c.Operands), Compared: compared(c)})
		}
	}
}

// judged calls fn for every comparison the server accepts.
func judged(p *QueryPass, fn func(c *typing.Comparison)) {
	for i := range p.Result.Comparisons {
		c := &p.Result.Comparisons[i]
		if c.Verdict.ServerError == 0 {
			fn(c)
		}
	}
}

// serverName names the flavor's server in messages: the verdicts are the
// flavor's own, so the message must not say MySQL on MariaDB.
func serverName(env *typing.Env) string {
	if env != nil && env.Flavor != nil && env.Flavor.MariaDB {
		return "MariaDB"
	}
	return "MySQL"
}
