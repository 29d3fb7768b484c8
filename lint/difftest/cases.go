// Package difftest generates comparison cases and judges each one twice:
// by collint's typing and by a real server (the error it raises, and
// whether EXPLAIN shows the probed column's index in use). The test in this
// package runs them on the project's MySQL and MariaDB images and fails on
// any disagreement.
package difftest

import (
	"fmt"
	"strings"
)

// Column is one column kind of the generated schema.
type Column struct {
	Name   string
	DDL    string
	Prefix int // index prefix length for TEXT
	String bool
	// Only restricts the kind to "mysql" or "mariadb" servers.
	Only string
}

// Columns returns the column kinds for a server family.
func Columns(mariadb bool) []Column {
	all := []Column{
		{Name: "s_uni", DDL: "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", String: true},
		{Name: "s_zai", DDL: "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci", String: true, Only: "mysql"},
		{Name: "s_zcs", DDL: "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_as_cs", String: true, Only: "mysql"},
		{Name: "s_uca", DDL: "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci", String: true, Only: "mariadb"},
		{Name: "s_gen", DDL: "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci", String: true},
		{Name: "s_bin", DDL: "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", String: true},
		{Name: "s_def", DDL: "VARCHAR(40)", String: true},
		{Name: "s_mb3", DDL: "VARCHAR(40) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci", String: true},
		{Name: "s_lat", DDL: "VARCHAR(40) CHARACTER SET latin1", String: true},
		{Name: "s_asc", DDL: "VARCHAR(40) CHARACTER SET ascii", String: true},
		{Name: "s_kr", DDL: "VARCHAR(40) CHARACTER SET euckr", String: true},
		{Name: "c_uni", DDL: "CHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", String: true},
		{Name: "t_uni", DDL: "TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", Prefix: 20, String: true},
		{Name: "e_uni", DDL: "ENUM('a','b','1') CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", String: true},
		{Name: "vb", DDL: "VARBINARY(40)", String: true},
		{Name: "n_i", DDL: "INT"},
		{Name: "n_bi", DDL: "BIGINT"},
		{Name: "n_ubi", DDL: "BIGINT UNSIGNED"},
		{Name: "n_dc", DDL: "DECIMAL(20,2)"},
		{Name: "n_db", DDL: "DOUBLE"},
		{Name: "d_d", DDL: "DATE"},
		{Name: "d_dt", DDL: "DATETIME"},
	}
	var out []Column
	for _, c := range all {
		if c.Only == "" || (c.Only == "mariadb") == mariadb {
			out = append(out, c)
		}
	}
	return out
}

// Schema is the DDL both collint and the server load: two identical
// tables whose every column has its own index.
func Schema(db string, cols []Column) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE DATABASE %s;\nUSE %s;\n", db, db)
	for _, t := range []string{"tx", "ty"} {
		fmt.Fprintf(&b, "CREATE TABLE %s (\n  id INT NOT NULL PRIMARY KEY", t)
		for _, c := range cols {
			fmt.Fprintf(&b, ",\n  %s %s NULL", c.Name, c.DDL)
		}
		for _, c := range cols {
			if c.Prefix > 0 {
				fmt.Fprintf(&b, ",\n  KEY ix_%s (%s(%d))", c.Name, c.Name, c.Prefix)
			} else {
				fmt.Fprintf(&b, ",\n  KEY ix_%s (%s)", c.Name, c.Name)
			}
		}
		fmt.Fprintf(&b, "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n")
	}
	return b.String()
}

// Rows fills both tables so that plans are real plans.
func Rows(cols []Column) []string {
	strVals := []string{"'1'", "'01'", "'a'", "'A'", "'abc'", "'2024-01-01'", "'b'", "'42'"}
	numVals := []string{"1", "1", "2", "3", "42", "20240101", "7", "8"}
	dateVals := []string{"'2024-01-01'", "'2024-01-02'", "'2023-12-31'", "'2024-01-01'", "'2020-02-29'", "'2024-01-01'", "'2001-01-01'", "'2024-03-01'"}
	enumVals := []string{"'a'", "'b'", "'1'", "'a'", "'b'", "'1'", "'a'", "'b'"}
	var out []string
	for _, t := range []string{"tx", "ty"} {
		for i := range strVals {
			names := []string{"id"}
			vals := []string{fmt.Sprint(i + 1)}
			for _, c := range cols {
				names = append(names, c.Name)
				switch {
				case strings.HasPrefix(c.Name, "e_"):
					vals = append(vals, enumVals[i])
				case c.String:
					vals = append(vals, strVals[i])
				case strings.HasPrefix(c.Name, "d_"):
					vals = append(vals, dateVals[i])
				default:
					vals = append(vals, numVals[i])
				}
			}
			out = append(out, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t, strings.Join(names, ", "), strings.Join(vals, ", ")))
		}
	}
	return out
}

// Case is one query with the column whose index the server is asked to use.
type Case struct {
	Category string
	SQL      string
	Probe    string // the column of table y whose index EXPLAIN is read for
	// ErrorOnly cases compare only the error, not index use.
	ErrorOnly bool
}

// Join shapes: the driving side's expression around x.<col>.
var joinShapes = []struct{ name, format string }{
	{"bare", "x.%s"},
	{"cast-char", "CAST(x.%s AS CHAR)"},
	{"convert-utf8mb4", "CONVERT(x.%s USING utf8mb4)"},
	{"concat", "CONCAT(x.%s, '')"},
	{"lower", "LOWER(x.%s)"},
	{"cast-signed", "CAST(x.%s AS SIGNED)"},
	{"collate-bin", "x.%s COLLATE utf8mb4_bin"},
}

// Filter literals compared with y.<col>.
var literals = []struct{ name, sql string }{
	{"ascii", "'abc'"}, {"latin", "'é'"}, {"hangul", "'가'"}, {"emoji", "'😀'"},
	{"digits", "'42'"}, {"zero-lead", "'01'"}, {"date-str", "'2024-01-01'"}, {"bad-date", "'2024-13-45'"},
	{"int", "42"}, {"neg", "-1"}, {"decimal", "4.2"}, {"float", "1e3"}, {"huge", "18446744073709551615"},
	{"intro-latin1", "_latin1'abc'"}, {"intro-utf8mb4", "_utf8mb4'é'"}, {"national", "N'abc'"},
	{"intro-binary", "_binary'abc'"}, {"hex", "x'41'"}, {"date-literal", "DATE '2024-01-01'"},
	{"user-var", "@v"}, {"cast-char", "CAST(42 AS CHAR)"}, {"collate-bin", "'abc' COLLATE utf8mb4_bin"},
	{"latin1-explicit", "_latin1'abc' COLLATE latin1_bin"}, {"euckr-explicit", "_euckr'abc' COLLATE euckr_korean_ci"},
}

// Cases generates every case for the column kinds.
func Cases(cols []Column) []Case {
	var out []Case
	for _, y := range cols {
		for _, x := range cols {
			for _, s := range joinShapes {
				expr := fmt.Sprintf(s.format, x.Name)
				out = append(out, Case{
					Category: "join/" + s.name,
					SQL:      fmt.Sprintf("SELECT STRAIGHT_JOIN COUNT(*) FROM tx AS x JOIN ty AS y FORCE INDEX (ix_%s) ON %s = y.%s", y.Name, expr, y.Name),
					Probe:    y.Name,
				})
			}
			out = append(out, Case{
				Category:  "join/in-list",
				SQL:       fmt.Sprintf("SELECT STRAIGHT_JOIN COUNT(*) FROM tx AS x JOIN ty AS y ON y.%s IN (x.%s, 'a')", y.Name, x.Name),
				Probe:     y.Name,
				ErrorOnly: true,
			})
		}
		for _, l := range literals {
			for _, op := range []struct{ name, format string }{
				{"eq", "y.%[1]s = %[2]s"},
				{"ne", "y.%[1]s <> %[2]s"},
				{"lt", "y.%[1]s < %[2]s"},
				{"in", "y.%[1]s IN (%[2]s, %[2]s)"},
				{"between", "y.%[1]s BETWEEN %[2]s AND %[2]s"},
			} {
				out = append(out, Case{
					Category: "filter/" + op.name,
					SQL:      fmt.Sprintf("SELECT * FROM ty AS y FORCE INDEX (ix_%s) WHERE "+op.format, y.Name, l.sql),
					Probe:    y.Name,
				})
			}
		}
	}
	return out
}
