package catalog

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/types"

	"github.com/collint/collint/lint/flavor"
)

// Class is how the server treats a value in a comparison.
type Class uint8

// Value classes.
const (
	ClassUnknown Class = iota
	ClassString        // CHAR, VARCHAR, TEXT, ENUM, SET (and BINARY/VARBINARY/BLOB: charset "binary")
	ClassInt
	ClassDecimal
	ClassDouble // FLOAT, DOUBLE
	ClassDate
	ClassDatetime // DATETIME, TIMESTAMP
	ClassTime
	ClassYear
	ClassJSON
	ClassBit
	ClassSpatial
	ClassNull
)

var classNames = [...]string{"unknown", "string", "integer", "decimal", "double", "date", "datetime", "time", "year", "json", "bit", "spatial", "null"}

func (c Class) String() string { return classNames[c] }

// Numeric reports whether the class compares as a number.
func (c Class) Numeric() bool {
	return c == ClassInt || c == ClassDecimal || c == ClassDouble || c == ClassBit || c == ClassYear
}

// Temporal reports whether the class is a date/time class.
func (c Class) Temporal() bool {
	return c == ClassDate || c == ClassDatetime || c == ClassTime
}

// Type is a column's data type as declared, normalised the way the server
// stores it (DECIMAL → decimal(10,0), BOOL → tinyint(1), …).
type Type struct {
	Base     string // lower case: "varchar", "int", "decimal", "enum", "point", …
	Len      int    // -1 when not applicable
	Dec      int    // -1 when not applicable
	Unsigned bool
	Zerofill bool
	Elems    []string // ENUM/SET members
	// Note is appended to the spelling: MariaDB shows a DATETIME computed
	// by a view's expression as "datetime /* mariadb-5.3 */".
	Note string
}

var classOf = map[string]Class{
	"char": ClassString, "varchar": ClassString, "tinytext": ClassString, "text": ClassString,
	"mediumtext": ClassString, "longtext": ClassString, "enum": ClassString, "set": ClassString,
	"binary": ClassString, "varbinary": ClassString, "tinyblob": ClassString, "blob": ClassString,
	"mediumblob": ClassString, "longblob": ClassString,
	"tinyint": ClassInt, "smallint": ClassInt, "mediumint": ClassInt, "int": ClassInt, "bigint": ClassInt,
	"decimal": ClassDecimal, "float": ClassDouble, "double": ClassDouble,
	"date": ClassDate, "datetime": ClassDatetime, "timestamp": ClassDatetime, "time": ClassTime, "year": ClassYear,
	"json": ClassJSON, "bit": ClassBit,
	"geometry": ClassSpatial, "point": ClassSpatial, "linestring": ClassSpatial, "polygon": ClassSpatial,
	"multipoint": ClassSpatial, "multilinestring": ClassSpatial, "multipolygon": ClassSpatial,
	"geometrycollection": ClassSpatial, "geomcollection": ClassSpatial,
}

// Class returns the comparison class of the type.
func (t Type) Class() Class { return classOf[t.Base] }

// IsBinaryString reports whether the type is BINARY/VARBINARY/BLOB.
func (t Type) IsBinaryString() bool {
	switch t.Base {
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return true
	}
	return false
}

// HasCharset reports whether the type carries a character set.
func (t Type) HasCharset() bool { return t.Class() == ClassString && !t.IsBinaryString() }

// IsText reports whether the type is one of the TEXT/BLOB family (indexable
// only with a prefix).
func (t Type) IsText() bool {
	switch t.Base {
	case "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob":
		return true
	}
	return false
}

var intWidth = map[string]int{"tinyint": 4, "smallint": 6, "mediumint": 9, "int": 11, "bigint": 20}

// Spell renders the type the way information_schema.COLUMNS.COLUMN_TYPE
// does on the given server line: MySQL 8.0.19+ drops integer display widths
// except for tinyint(1) and ZEROFILL; MySQL 5.7 and MariaDB keep them.
func (t Type) Spell(keepIntWidth bool) string {
	var b strings.Builder
	b.WriteString(t.Base)
	switch t.Class() {
	case ClassInt:
		w := t.Len
		if w < 0 {
			w = intWidth[t.Base]
			if t.Unsigned && t.Base != "bigint" {
				w--
			}
		}
		if keepIntWidth || t.Zerofill || (t.Base == "tinyint" && t.Len == 1 && !t.Unsigned) {
			fmt.Fprintf(&b, "(%d)", w)
		}
	case ClassDecimal:
		fmt.Fprintf(&b, "(%d,%d)", max(t.Len, 0), max(t.Dec, 0))
	case ClassDouble:
		if t.Len >= 0 && t.Dec >= 0 {
			fmt.Fprintf(&b, "(%d,%d)", t.Len, t.Dec)
		}
	case ClassString:
		switch t.Base {
		case "enum", "set":
			b.WriteByte('(')
			for i, e := range t.Elems {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString("'" + strings.ReplaceAll(e, "'", "''") + "'")
			}
			b.WriteByte(')')
		case "char", "varchar", "binary", "varbinary":
			fmt.Fprintf(&b, "(%d)", max(t.Len, 0))
		}
	case ClassDatetime, ClassTime:
		if t.Dec > 0 {
			fmt.Fprintf(&b, "(%d)", t.Dec)
		}
	case ClassYear:
		if keepIntWidth {
			b.WriteString("(4)")
		}
	case ClassBit:
		fmt.Fprintf(&b, "(%d)", max(t.Len, 1))
	}
	if t.Unsigned {
		b.WriteString(" unsigned")
	}
	if t.Zerofill {
		b.WriteString(" zerofill")
	}
	if t.Note != "" {
		b.WriteString(" " + t.Note)
	}
	return b.String()
}

// SpellFor renders the type as information_schema.COLUMNS.COLUMN_TYPE does
// on the flavor's servers (see Spell).
func (t Type) SpellFor(f *flavor.Flavor) string {
	return t.Spell(KeepsIntWidth(f))
}

// KeepsIntWidth reports whether the flavor's servers keep integer display
// widths in COLUMN_TYPE: MariaDB and MySQL before 8.0.19.
func KeepsIntWidth(f *flavor.Flavor) bool {
	return f.MariaDB || f.Version < 80019
}

// typeFromField converts the TiDB parser's field type into ours. binary
// reports the declared charset was "binary" (VARBINARY & co).
func typeFromField(ft *types.FieldType) Type {
	t := Type{Len: ft.GetFlen(), Dec: ft.GetDecimal()}
	flag := ft.GetFlag()
	t.Unsigned = mysql.HasUnsignedFlag(flag)
	t.Zerofill = mysql.HasZerofillFlag(flag)
	bin := ft.GetCharset() == "binary"
	switch ft.GetType() {
	case mysql.TypeTiny:
		t.Base = "tinyint"
	case mysql.TypeShort:
		t.Base = "smallint"
	case mysql.TypeInt24:
		t.Base = "mediumint"
	case mysql.TypeLong:
		t.Base = "int"
	case mysql.TypeLonglong:
		t.Base = "bigint"
	case mysql.TypeNewDecimal:
		t.Base = "decimal"
		if t.Len < 0 {
			t.Len = 10
		}
		if t.Dec < 0 {
			t.Dec = 0
		}
	case mysql.TypeFloat:
		t.Base = "float"
		if t.Len > 24 && t.Dec < 0 {
			t.Base = "double"
			t.Len = -1
		}
	case mysql.TypeDouble:
		t.Base = "double"
	case mysql.TypeDate, mysql.TypeNewDate:
		t.Base = "date"
	case mysql.TypeDatetime:
		t.Base = "datetime"
	case mysql.TypeTimestamp:
		t.Base = "timestamp"
	case mysql.TypeDuration:
		t.Base = "time"
	case mysql.TypeYear:
		t.Base = "year"
	case mysql.TypeBit:
		t.Base = "bit"
	case mysql.TypeJSON:
		t.Base = "json"
	case mysql.TypeEnum:
		t.Base = "enum"
		t.Elems = append([]string(nil), ft.GetElems()...)
	case mysql.TypeSet:
		t.Base = "set"
		t.Elems = append([]string(nil), ft.GetElems()...)
	case mysql.TypeVarchar, mysql.TypeVarString:
		t.Base = pick(bin, "varbinary", "varchar")
	case mysql.TypeString:
		t.Base = pick(bin, "binary", "char")
		if t.Len < 0 {
			t.Len = 1
		}
	case mysql.TypeTinyBlob:
		t.Base = pick(bin, "tinyblob", "tinytext")
	case mysql.TypeBlob:
		t.Base = pick(bin, "blob", "text")
		if t.Len > 0 { // TEXT(n)/BLOB(n): the smallest type holding n bytes is chosen later
			t.Base = pick(bin, "blob", "text")
		}
	case mysql.TypeMediumBlob:
		t.Base = pick(bin, "mediumblob", "mediumtext")
	case mysql.TypeLongBlob:
		t.Base = pick(bin, "longblob", "longtext")
	case mysql.TypeGeometry:
		t.Base = "geometry"
	default:
		t.Base = strings.ToLower(types.TypeToStr(ft.GetType(), ft.GetCharset()))
	}
	switch t.Class() {
	case ClassString:
		if t.Base != "char" && t.Base != "varchar" && t.Base != "binary" && t.Base != "varbinary" {
			t.Len = -1
		}
		t.Dec = -1
	case ClassInt:
		t.Dec = -1
	case ClassDate, ClassYear, ClassJSON, ClassSpatial:
		t.Len, t.Dec = -1, -1
	case ClassDatetime, ClassTime:
		t.Len = -1
		if t.Dec < 0 {
			t.Dec = 0
		}
	}
	return t
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
