// Package flavor describes the server kinds collint can judge for: their
// versions, their defaults and the places where their comparison rules
// differ. Collation tables themselves live in lint/charset as data.
//
// Every fact below was measured with the differential suite
// (lint/difftest) on MySQL 9.7.4, MariaDB 10.11.18 and MariaDB 11.8.9;
// flavors that were not measured (MySQL 5.7/8.0/8.4) take the facts of
// their family's measured version.
package flavor

import (
	"fmt"
	"sort"
	"strings"

	"github.com/collint/collint/lint/charset"
)

// Flavor is one server family and version line.
type Flavor struct {
	Name    string // "mysql-8.4"
	MariaDB bool
	// Version is the server version used for executable comments
	// (/*!80000 ... */), e.g. 80400 or 101100.
	Version int

	Facts

	Charsets *charset.Registry
}

// Facts are the comparison rules that differ between flavors.
type Facts struct {
	// NoneWeakest is true where DERIVATION_NONE (the result of combining two
	// IMPLICIT collations, e.g. CONCAT(a_unicode, b_0900)) ranks weakest
	// (MySQL 9.x) instead of just above EXPLICIT (MySQL 8.x, MariaDB).
	NoneWeakest bool

	// CastDerivations is true where CAST(x AS CHAR) / CONVERT(x USING cs)
	// derive at CAST and user variables at USERVAR, two levels between
	// SYSCONST and COERCIBLE, instead of IMPLICIT. Measured on MariaDB 11.8:
	// COERCIBILITY() is 4 for CAST(42 AS CHAR) and CONVERT(col USING
	// utf8mb4), 5 for @v, 6 for 'a' (COERCIBLE), 7 for 42, 8 for NULL; so
	// CAST(x.c AS CHAR) = y.unicode_ci_col compares under y's collation and
	// keeps y's index, and latin1_col = @v converts @v to latin1 (10.11 and
	// MySQL 9.7 rank both IMPLICIT: 1267, or latin1_col converted).
	CastDerivations bool

	// LossyConversionIsError is true where the server checks, while
	// resolving the statement, every conversion a comparison or string
	// function needs, and raises the illegal-mix error (1267/1270/1271) for
	// a constant whose value the target charset cannot hold, and for an
	// operand that is not a constant unless the conversion is lossless
	// (into Unicode or binary, from binary, or of ASCII-only data).
	// Measured on MariaDB 10.11/11.8: latin1_col = '가' is 1267; on 11.8
	// CAST(x.c AS CHAR) = y.latin1_col, CAST(x.int AS CHAR) = y.latin1_col
	// and CONCAT(latin1_col, CAST(c AS CHAR)) are 1267 (the CAST side loses
	// to the column and would be converted to latin1), while latin1_col =
	// CAST('é' AS CHAR) runs. MySQL 9.7 converts at execution and fails
	// only on a value that does not fit (3854).
	LossyConversionIsError bool

	// InvalidTemporalIsError is true where a string constant that is not a
	// valid date compared with a DATE/DATETIME column is error 1525 (MySQL
	// 9.7: date_col = 'abc'). MariaDB takes it as a zero date with a
	// warning (see TemporalKeyZeroDates).
	InvalidTemporalIsError bool

	// BinaryWinsKeepsIndex is true where a string column compared for
	// equality (=, <=>, IN, BETWEEN x AND x) under a binary collation
	// stricter than its own — a _bin collation of its charset, or the
	// binary charset of a VARBINARY/_binary partner, to which the column is
	// not converted — still looks values up through its index (MariaDB's
	// "stricter collation" rule for ref access). Any other comparison needs
	// the column's own collation. Measured on MariaDB 10.11/11.8:
	// x.varbinary = y.latin1_col and y.unicode_ci_col = 'a' COLLATE
	// utf8mb4_bin use y's index; y.unicode_ci_col < 'a' COLLATE utf8mb4_bin
	// and y.utf8mb3_col = 'a' COLLATE utf8mb4_bin (converted) do not.
	BinaryWinsKeepsIndex bool

	// ConstCollateLookup is true where col = 'v' COLLATE <binary collation>
	// looks 'v' up through col's index even when col's charset differs,
	// then filters (measured on MySQL 9.7 for utf8mb3, latin1, ascii,
	// euckr, VARBINARY and ENUM columns against 'abc' COLLATE utf8mb4_bin).
	ConstCollateLookup bool

	// ConstConvertsToColumn is true where a column compared with a string
	// constant of another charset that aggregation would refuse (latin1_col
	// = _euckr'x' COLLATE euckr_korean_ci) converts the constant to the
	// column's charset instead: no illegal mix, error 3854 only when a
	// character does not convert (measured on MySQL 9.7).
	ConstConvertsToColumn bool

	// BetweenConvertsBounds is true where BETWEEN treats constant bounds
	// specially (measured on MySQL 9.7): they are converted to the
	// column's charset and collation so its index serves
	// (utf8mb3_col BETWEEN CAST(42 AS CHAR) AND …); a string column
	// between two temporal constants is compared as a string; and a number
	// or date between strings latin1 cannot hold is error 3854. MariaDB
	// aggregates BETWEEN like any comparison.
	BetweenConvertsBounds bool

	// EnumKeySameCollation is true where an ENUM/SET column's index serves
	// a string comparison only under the column's own collation, and serves
	// numbers of every class (compared with the member's position) but not
	// temporal values. Measured on MariaDB 10.11/11.8: e_col = x.c_bin and
	// e_col = 'a' COLLATE utf8mb4_bin scan, e_col = 4.2 / x.decimal_col and
	// e_col = 1e3 use the index, e_col BETWEEN DATE '…' AND DATE '…' scans.
	// MySQL 9.7: any collation of the charset, integers only.
	EnumKeySameCollation bool

	// NumericKeyRefusesTemporal is true where a numeric column (INT,
	// DECIMAL, DOUBLE…) compared with a temporal value is compared as a
	// temporal value and its index cannot serve. Measured on MariaDB
	// 10.11/11.8: x.date = y.bigint, x.date = y.decimal, y.double = DATE
	// '2024-01-01' scan (MySQL 9.7 uses the index).
	NumericKeyRefusesTemporal bool

	// TemporalKeyZeroDates is true where a DATE/DATETIME column's index
	// serves numbers of every class, and a constant that is not a valid
	// date (by str_to_datetime, or number_to_datetime for numbers: 1e3 is
	// 2000-10-00, 42 is not a date) becomes a zero date: =, <=>, IN and
	// BETWEEN still search the index, <, <>, … cannot. Measured on MariaDB
	// 10.11/11.8: d = 'abc', d IN (42, 42), d BETWEEN 'abc' AND 'abc' use
	// the index, d < 'abc', d <> 42 scan, d < 1e3 uses it. MySQL 9.7 rules
	// are in typing.constantMisfit.
	TemporalKeyZeroDates bool

	// TruncatedBoundsRule is true where a numeric constant that does not
	// fit the column (a negative number for an UNSIGNED column, more
	// integer digits than a DECIMAL holds) makes = / <=> / IN impossible
	// — answered from the index — and every other operator unable to
	// search it; BETWEEN x AND x counts as =. Measured on MariaDB
	// 10.11/11.8: ubigint <> -1, decimal(20,2) < 18446744073709551615 scan;
	// ubigint BETWEEN -1 AND -1, int BETWEEN 4.2 AND 4.2 use the index.
	// MySQL 9.7 instead gives up the index for BETWEEN with such bounds.
	TruncatedBoundsRule bool

	// TemporalConstToBigint is true where a temporal constant compared
	// with a BIGINT column by a scalar operator (=, <=>, <>, <, …, or IN
	// with one item) is first turned into an integer (convert_const_to_int),
	// so the column's index serves. Measured on MariaDB 10.11:
	// bigint_col = DATE '2024-01-01' and bigint_col < CURDATE() use the
	// index; int_col = DATE '…' and bigint_col BETWEEN DATE … AND DATE …
	// do not. MariaDB 11.8 scans for all of them.
	TemporalConstToBigint bool

	// TemporalListToBigint is true where an IN list of two or more
	// temporal constants against a BIGINT column is turned into integers
	// the same way. Measured on MariaDB 10.11 and 11.8: bigint_col IN
	// (DATE '…', DATE '…') uses the index; IN (DATE '…', 5) and int_col IN
	// (DATE '…', DATE '…') do not.
	TemporalListToBigint bool

	// CsetNarrowing is true where the optimizer switch cset_narrowing is on
	// by default: a utf8mb3_general_ci column's index serves an equality
	// join with a non-constant utf8mb4_general_ci expression (the value is
	// narrowed to utf8mb3). Measured on MariaDB 11.8 (on) and 10.11 (off):
	// only that collation pair, only ref access (=, <=>).
	CsetNarrowing bool
}

// Default is the flavor used when none is given.
const Default = "mysql-8.4"

var mysqlFacts = Facts{
	InvalidTemporalIsError: true,
	ConstCollateLookup:     true,
	ConstConvertsToColumn:  true,
	BetweenConvertsBounds:  true,
}

var mariadbFacts = Facts{
	LossyConversionIsError:    true,
	BinaryWinsKeepsIndex:      true,
	EnumKeySameCollation:      true,
	NumericKeyRefusesTemporal: true,
	TemporalKeyZeroDates:      true,
	TruncatedBoundsRule:       true,
	TemporalListToBigint:      true,
}

var versions = map[string]struct {
	version int
	mariadb bool
	facts   func(f *Facts)
}{
	"mysql-5.7":     {50744, false, nil},
	"mysql-8.0":     {80040, false, nil},
	"mysql-8.4":     {80406, false, nil},
	"mysql-9":       {90700, false, func(f *Facts) { f.NoneWeakest = true }},
	"mariadb-10.11": {101100, true, func(f *Facts) { f.TemporalConstToBigint = true }},
	"mariadb-11":    {110800, true, func(f *Facts) { f.CastDerivations, f.CsetNarrowing = true, true }},
}

// Names lists the accepted flavor names in a stable order.
func Names() []string {
	out := make([]string, 0, len(versions))
	for n := range versions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the flavor called name ("mysql-8.4", "mariadb-10.11", …).
func Lookup(name string) (*Flavor, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	v, ok := versions[name]
	if !ok {
		return nil, fmt.Errorf("unknown flavor %q (valid: %s)", name, strings.Join(Names(), ", "))
	}
	reg, err := charset.For(name)
	if err != nil {
		return nil, err
	}
	facts := mysqlFacts
	if v.mariadb {
		facts = mariadbFacts
	}
	if v.facts != nil {
		v.facts(&facts)
	}
	return &Flavor{
		Name:     name,
		MariaDB:  v.mariadb,
		Version:  v.version,
		Facts:    facts,
		Charsets: reg,
	}, nil
}

// ServerCollation is the collation_server of the flavor's stock server.
func (f *Flavor) ServerCollation() string {
	_, co := f.Charsets.ServerDefaults()
	return co
}
