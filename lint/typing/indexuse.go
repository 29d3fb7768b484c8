package typing

import (
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
)

// indexUse answers: can an index on a column of class col serve a
// comparison with a value of class other (of a different class; string
// against string is decided by collation aggregation instead)?
//
// These facts are measured, not derived: the differential suite
// (lint/difftest) runs every pair on MySQL 9.7 and MariaDB 10.11/11.8 with
// EXPLAIN on a forced index and fails when this table disagrees.
//
//	column \ other    MySQL 9.7                    MariaDB 10.11 / 11.8
//	string            never                        never
//	int, year, bit    always                       not temporal
//	decimal, double   numbers, strings, temporal   numbers, strings
//	date, datetime    not decimal/double           always
func indexUse(f *flavor.Flavor, col, other catalog.Class) bool {
	if col == other {
		return true
	}
	switch col {
	case catalog.ClassString:
		return false
	case catalog.ClassInt, catalog.ClassYear, catalog.ClassBit:
		return !(other.Temporal() && f.NumericKeyRefusesTemporal)
	case catalog.ClassDecimal, catalog.ClassDouble:
		if other.Temporal() {
			return !f.NumericKeyRefusesTemporal
		}
		return other == catalog.ClassInt || other == catalog.ClassDecimal || other == catalog.ClassDouble || other == catalog.ClassString
	case catalog.ClassDate, catalog.ClassDatetime, catalog.ClassTime:
		switch other {
		case catalog.ClassDecimal, catalog.ClassDouble:
			return f.TemporalKeyZeroDates
		}
		return true
	}
	return false
}
