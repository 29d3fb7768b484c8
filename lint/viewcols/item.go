// Package viewcols derives the columns a view (or CREATE TABLE … SELECT)
// exposes — each one's type as information_schema.COLUMNS.COLUMN_TYPE
// spells it, its nullability — from its SELECT, the way the server types
// the query's result: column references keep their column's type (and
// become nullable on the inner side of an outer join), literals and
// functions get the server's result types and lengths (CONCAT(a, b) is
// varchar(len a + len b), SUM(int) is decimal(32,0), …), measured on
// MySQL 9.7 and MariaDB 10.11/11.8. Character sets and collations come
// from lint/typing, which models the server's collation derivation.
package viewcols

import (
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
)

// kind is the result class of an expression.
type kind uint8

const (
	kUnknown kind = iota
	kInt
	kDecimal
	kDouble
	kString
	kDate
	kDatetime
	kTimestamp
	kTime
	kYear
	kJSON
	kBit
	kNull
	kSpatial
)

// item is what the server knows of an expression's result: MySQL's Item
// metadata (result type, max length, decimals, nullability).
type item struct {
	kind kind
	// exact is the column type when the expression is a column (or keeps
	// one: MAX(col), IFNULL(col, col)…); then it wins over the rest.
	exact *catalog.Type
	// digits is an integer's number of digits without the sign, a
	// decimal's precision.
	digits int
	// scale is a decimal's scale, a temporal value's fractional seconds.
	scale    int
	unsigned bool
	// base is the integer type ("int", "bigint") when decided by the
	// function (LENGTH → bigint, MONTH → int), "" to decide by digits.
	base string
	// chars is a string's maximum length in characters (bytes when binary).
	chars int
	// blobBytes is the byte capacity of a TEXT/BLOB column (the server
	// aggregates it as a length in characters: IFNULL(text_col, '') is
	// mediumtext).
	blobBytes int
	binary    bool
	cs, coll  string
	nullable  bool
	literal   bool // a plain literal
	// expr marks a value computed by an expression, not read from a column
	// (MariaDB spells a computed DATETIME "datetime /* mariadb-5.3 */").
	expr bool
	// fixedChar is a CHAR result that stays CHAR ('' on MariaDB: char(0)).
	fixedChar bool
	// connDefault marks a string made in the connection's charset (CAST(x
	// AS CHAR), DATE_FORMAT, HEX…): MariaDB 11.2+ gives it the charset's
	// default collation by character_set_collations, not
	// collation_connection.
	connDefault bool
	// fixedCS marks a charset the function decides (UUID() is utf8mb3),
	// which typing's collation does not override.
	fixedCS bool
	// src is the FROM table a column reference read, col the column.
	src *source
	col *catalog.Column
	// width is MariaDB's display width when it is not the digits plus a
	// sign (literals: int(1) for 1, int(2) for -5).
	width int
}

// intDigits is the digits (without sign) of each integer type.
var intDigits = map[string]int{"tinyint": 3, "smallint": 5, "mediumint": 7, "int": 10, "bigint": 19}

// fromColumn is the item of a column reference.
func fromColumn(c *catalog.Column, maxLen func(cs string) int) *item {
	t := c.Type
	it := &item{exact: &t, nullable: c.Nullable, unsigned: t.Unsigned, cs: c.Charset, coll: c.Collation, col: c}
	switch t.Class() {
	case catalog.ClassInt:
		it.kind = kInt
		it.digits = intDigits[t.Base]
		if t.Unsigned && t.Base == "mediumint" {
			it.digits = 8
		}
		if t.Unsigned && t.Base == "bigint" {
			it.digits = 20
		}
	case catalog.ClassDecimal:
		it.kind, it.digits, it.scale = kDecimal, t.Len, t.Dec
	case catalog.ClassDouble:
		it.kind = kDouble
	case catalog.ClassDate:
		it.kind = kDate
	case catalog.ClassDatetime:
		it.kind, it.scale = kDatetime, max(t.Dec, 0)
		if t.Base == "timestamp" {
			it.kind = kTimestamp
		}
	case catalog.ClassTime:
		it.kind, it.scale = kTime, max(t.Dec, 0)
	case catalog.ClassYear:
		it.kind = kYear
	case catalog.ClassJSON:
		it.kind = kJSON
	case catalog.ClassBit:
		it.kind = kBit
	case catalog.ClassSpatial:
		it.kind = kSpatial
	case catalog.ClassString:
		it.kind = kString
		it.binary = t.IsBinaryString()
		ml := 1
		if !it.binary {
			ml = max(maxLen(c.Charset), 1)
		}
		switch t.Base {
		case "char", "varchar", "binary", "varbinary":
			it.chars = t.Len
		case "tinytext", "tinyblob":
			it.blobBytes = 255
		case "text", "blob":
			it.blobBytes = 65535
		case "mediumtext", "mediumblob":
			it.blobBytes = 1<<24 - 1
		case "longtext", "longblob":
			it.blobBytes = 1<<32 - 1
		case "enum", "set":
			n := 0
			for i, e := range t.Elems {
				if t.Base == "set" && i > 0 {
					n++
				}
				if t.Base == "set" {
					n += len([]rune(e))
				} else {
					n = max(n, len([]rune(e)))
				}
			}
			it.chars = n
		}
		if it.blobBytes > 0 {
			it.chars = it.blobBytes / ml
		}
	}
	return it
}

// displayLen is the number of characters the value prints as (MySQL's
// max_length in characters), used when it is turned into a string.
func (it *item) displayLen() int {
	switch it.kind {
	case kInt:
		n := it.digits
		if !it.unsigned {
			n++
		}
		return n
	case kDecimal:
		n := it.digits
		if it.scale > 0 {
			n++
		}
		if !it.unsigned {
			n++
		}
		return n
	case kDouble:
		return 22
	case kDate:
		return 10
	case kDatetime, kTimestamp:
		if it.scale > 0 {
			return 20 + it.scale
		}
		return 19
	case kTime:
		if it.scale > 0 {
			return 11 + it.scale
		}
		return 10
	case kYear:
		return 4
	case kBit:
		return 8
	case kString:
		return it.chars
	case kNull:
		return 0
	}
	return 0
}

// typeOf turns an item into the column type the server shows for a view
// column computed by that expression.
func typeOf(it *item, f *flavor.Flavor, maxLen func(cs string) int) catalog.Type {
	if it.exact != nil {
		return *it.exact
	}
	t := catalog.Type{Len: -1, Dec: -1, Unsigned: it.unsigned}
	switch it.kind {
	case kInt:
		width := it.digits
		if !it.unsigned {
			width++
		}
		t.Base = it.base
		if t.Base == "" {
			t.Base = "int"
			if f.MariaDB && width > 11 || !f.MariaDB && it.digits+2 > 11 {
				t.Base = "bigint"
			}
		}
		if it.width > 0 {
			width = it.width
		}
		if f.MariaDB {
			t.Len = width
		}
	case kDecimal:
		t.Base, t.Len, t.Dec = "decimal", min(it.digits, 65), min(it.scale, 30)
	case kDouble:
		t.Base = "double"
	case kDate:
		t.Base = "date"
	case kDatetime:
		t.Base, t.Dec = "datetime", it.scale
		if f.MariaDB && it.expr {
			t.Note = "/* mariadb-5.3 */"
		}
	case kTimestamp:
		t.Base, t.Dec = "timestamp", it.scale
		if f.MariaDB && it.expr {
			t.Note = "/* mariadb-5.3 */"
		}
	case kTime:
		t.Base, t.Dec = "time", it.scale
		if f.MariaDB && it.expr {
			t.Note = "/* mariadb-5.3 */"
		}
	case kYear:
		t.Base = "year"
	case kJSON:
		t.Base = "json"
		if f.MariaDB {
			t.Base = "longtext"
		}
	case kBit:
		t.Base, t.Len = "bit", 1
	case kSpatial:
		t.Base = "geometry"
	case kNull:
		t.Base, t.Len = "varbinary", 0
		if f.MariaDB {
			t.Base = "binary"
		}
	default: // strings
		t.Unsigned = false
		ml := 1
		if !it.binary {
			ml = max(maxLen(it.cs), 1)
		}
		chars := it.chars
		bytes := chars * ml
		if it.blobBytes > 0 && chars == 0 {
			bytes = it.blobBytes
		}
		blobby := chars > 512
		if f.MariaDB {
			blobby = bytes > 65535
		}
		if blobby || it.blobBytes > 0 && chars*ml > 65535 {
			switch {
			case bytes <= 65535:
				t.Base = "text"
			case bytes <= 1<<24-1:
				t.Base = "mediumtext"
			default:
				t.Base = "longtext"
			}
			if it.binary {
				t.Base = map[string]string{"text": "blob", "mediumtext": "mediumblob", "longtext": "longblob"}[t.Base]
			}
			return t
		}
		t.Base, t.Len = "varchar", chars
		if it.fixedChar {
			t.Base = "char"
		}
		if it.binary {
			t.Base = "varbinary"
			if it.fixedChar {
				t.Base = "binary"
			}
		}
	}
	return t
}
