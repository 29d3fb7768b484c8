package typing

import "github.com/collint/collint/lint/catalog"

// indexUse answers: can an index on a column of class col serve a
// comparison with a value of class other (of a different class; string
// against string is decided by collation aggregation instead)?
//
// These facts are measured, not derived: the differential suite
// (lint/difftest) runs every pair on MySQL 9.7 and MariaDB 10.11 with
// EXPLAIN on a forced index and fails when this table disagrees.
func indexUse(mariadb bool, col, other catalog.Class) bool {
	if col == other {
		return true
	}
	switch col {
	case catalog.ClassString:
		return false
	case catalog.ClassInt, catalog.ClassYear, catalog.ClassBit:
		if mariadb && other.Temporal() {
			return false
		}
		return true
	case catalog.ClassDecimal, catalog.ClassDouble:
		return other == catalog.ClassInt || other == catalog.ClassDecimal || other == catalog.ClassDouble || other == catalog.ClassString || other.Temporal()
	case catalog.ClassDate, catalog.ClassDatetime, catalog.ClassTime:
		switch other {
		case catalog.ClassDecimal, catalog.ClassDouble:
			return false
		}
		return true
	}
	return false
}
