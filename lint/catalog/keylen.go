package catalog

import "github.com/collint/collint/lint/charset"

// KeyBytes is the length in bytes of an index key as InnoDB stores it and
// as EXPLAIN's key_len counts it when every key part is used, without the
// per-part overhead EXPLAIN adds: 1 byte for a nullable part and 2 length
// bytes for a variable-length one (VARCHAR, VARBINARY, TEXT/BLOB prefixes).
// A string part counts characters × the charset's longest character
// (utf8mb4: 4), a prefix its prefix length instead of the column's.
// FULLTEXT and SPATIAL indexes, and functional key parts, have no such
// length: they count 0.
func (t *Table) KeyBytes(ix *Index, reg *charset.Registry) int {
	if ix.Kind != "" {
		return 0
	}
	n := 0
	for _, p := range ix.Parts {
		if p.Expr {
			continue
		}
		c := t.Column(p.Column)
		if c == nil {
			continue
		}
		maxLen := 1
		if c.Type.HasCharset() {
			if ch, ok := reg.Charset(c.Charset); ok {
				maxLen = ch.MaxLen
			}
		}
		n += PartBytes(c.Type, maxLen, p.Prefix)
	}
	return n
}

// PartBytes is the key bytes of one key part on a column of type t whose
// charset's longest character is maxLen bytes (1 for binary and
// non-string types); prefix is the key part's prefix length in characters
// (bytes for binary strings), 0 for the whole column. See KeyBytes.
func PartBytes(t Type, maxLen, prefix int) int {
	switch t.Class() {
	case ClassInt:
		return map[string]int{"tinyint": 1, "smallint": 2, "mediumint": 3, "int": 4, "bigint": 8}[t.Base]
	case ClassDecimal:
		return decimalBytes(max(t.Len, 0), max(t.Dec, 0))
	case ClassDouble:
		if t.Base == "float" {
			return 4
		}
		return 8
	case ClassDate:
		return 3
	case ClassTime:
		return 3 + fspBytes(t.Dec)
	case ClassDatetime:
		if t.Base == "timestamp" {
			return 4 + fspBytes(t.Dec)
		}
		return 5 + fspBytes(t.Dec)
	case ClassYear:
		return 1
	case ClassBit:
		return (max(t.Len, 1) + 7) / 8
	case ClassString:
		switch t.Base {
		case "enum":
			if len(t.Elems) > 255 {
				return 2
			}
			return 1
		case "set":
			n := (len(t.Elems) + 7) / 8
			if n > 4 {
				return 8
			}
			return n
		}
		chars := t.Len
		if prefix > 0 && (chars < 0 || prefix < chars) {
			chars = prefix
		}
		if chars < 0 {
			return 0 // TEXT/BLOB without a prefix: not a B-tree key part
		}
		return chars * maxLen
	}
	return 0
}

// dig2bytes is the storage of a group of leftover decimal digits.
var dig2bytes = [10]int{0, 1, 1, 2, 2, 3, 3, 4, 4, 4}

// decimalBytes is the packed size of DECIMAL(m,d): 4 bytes per 9 digits on
// each side of the point, plus the leftover digits.
func decimalBytes(m, d int) int {
	intg := m - d
	return intg/9*4 + dig2bytes[intg%9] + d/9*4 + dig2bytes[d%9]
}

// fspBytes is the storage of fractional seconds of precision fsp.
func fspBytes(fsp int) int {
	return (max(fsp, 0) + 1) / 2
}
