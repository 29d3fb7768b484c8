package catalog

import (
	"regexp"
	"strings"
)

// This file holds the checks the server makes before it creates or alters
// a table: a statement that fails one is refused as a whole (the table is
// not created, the ALTER changes nothing), and the error is reported at
// the statement. Checks that depend on sql_mode follow Catalog.SQLMode.

// checkColumn validates a new or redefined column, adjusting it where a
// non-strict sql_mode makes the server do so with a warning. It reports
// false when the server refuses the column.
func (a *applier) checkColumn(col *Column, off int) bool {
	t := col.Type
	switch {
	case (t.Base == "char" || t.Base == "binary") && t.Len > 255:
		a.errorf(off, "Column length too big for column '%s' (max = 255); use BLOB or TEXT instead (error 1074)", col.Name)
		return false
	case t.Base == "varchar" || t.Base == "varbinary":
		ml := 1
		if t.Base == "varchar" {
			ml = max(maxLen(a.c.Flavor.Charsets, col.Charset), 1)
		}
		if t.Len*ml > 65535 {
			if a.c.strict() {
				a.errorf(off, "Column length too big for column '%s' (max = %d); use BLOB or TEXT instead (error 1074)", col.Name, 65535/ml)
				return false
			}
			// non-strict: the smallest TEXT/BLOB type holding it (warning 1246)
			col.Type.Base = textForLength(t.Len*ml, t.Base == "varbinary")
			col.Type.Len = -1
		}
	}
	if col.AutoIncrement && t.Class() != ClassInt && t.Class() != ClassDouble {
		a.errorf(off, "Incorrect column specifier for column '%s' (error 1063)", col.Name)
		return false
	}
	if col.Default == nil {
		if col.hasDefaultNull && !col.Nullable && col.Generated == "" {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
		return true
	}
	if col.DefaultExpr {
		return true
	}
	v := *col.Default
	if isNowDefault(v) {
		if t.Class() != ClassDatetime {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
		return true
	}
	switch {
	case !a.c.Flavor.MariaDB && (t.IsText() || t.Class() == ClassJSON || t.Class() == ClassSpatial):
		if a.c.strict() {
			a.errorf(off, "BLOB, TEXT, GEOMETRY or JSON column '%s' can't have a default value (error 1101)", col.Name)
			return false
		}
		col.Default = nil // warning 1101: the literal is ignored
	case t.Class() == ClassInt || t.Class() == ClassDecimal || t.Class() == ClassDouble:
		if !numericDefault.MatchString(strings.TrimSpace(v)) && !hexOrBit.MatchString(v) {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
	case t.Base == "enum":
		if !hasMember(t.Elems, v) && !(numericDefault.MatchString(v) && !strings.Contains(v, ".")) {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
	case t.Base == "set":
		for _, m := range strings.Split(v, ",") {
			if v != "" && !hasMember(t.Elems, m) {
				a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
				return false
			}
		}
	case t.Class() == ClassDate || t.Class() == ClassDatetime:
		if !temporalDefault.MatchString(v) {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
		if a.c.strict() && a.c.hasMode("NO_ZERO_DATE") && zeroDate.MatchString(v) {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
		if a.c.strict() && a.c.hasMode("NO_ZERO_IN_DATE") && zeroInDate.MatchString(v) && !zeroDate.MatchString(v) {
			a.errorf(off, "Invalid default value for '%s' (error 1067)", col.Name)
			return false
		}
	}
	return true
}

var (
	numericDefault  = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	hexOrBit        = regexp.MustCompile(`^(?i)(0x[0-9a-f]+|x'[0-9a-f]*'|0b[01]+|b'[01]*')$`)
	temporalDefault = regexp.MustCompile(`^\d{2,4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,6})?)?)?$|^\d{8}(\d{6})?$|^0$`)
	zeroDate        = regexp.MustCompile(`^(0000-00-00( 00:00:00(\.0+)?)?|0)$`)
	zeroInDate      = regexp.MustCompile(`^\d{4}-(00-\d{2}|\d{2}-00)`)
)

func isNowDefault(v string) bool {
	return strings.HasPrefix(strings.ToUpper(v), "CURRENT_TIMESTAMP")
}

func hasMember(elems []string, v string) bool {
	for _, e := range elems {
		if strings.EqualFold(e, v) {
			return true
		}
	}
	return false
}

// checkKeys validates a table's keys after CREATE TABLE, ALTER TABLE or
// CREATE INDEX: every key part names a column, TEXT/BLOB parts have a
// prefix, prefixes fit their column, keys fit the engine, and an
// AUTO_INCREMENT column leads a key. It reports false when the server
// refuses the table.
func (a *applier) checkKeys(t *Table) bool {
	reg := a.c.Flavor.Charsets
	names := map[string]bool{}
	for _, ix := range t.Indexes {
		lname := strings.ToLower(ix.Name)
		if names[lname] {
			a.errorf(0, "Duplicate key name '%s' (error 1061)", ix.Name)
			return false
		}
		names[lname] = true
		total := 0
		for i := range ix.Parts {
			p := &ix.Parts[i]
			if p.Expr {
				continue
			}
			c := t.Column(p.Column)
			if c == nil {
				a.errorf(0, "Key column '%s' doesn't exist in table (error 1072)", p.Column)
				return false
			}
			ty := c.Type
			if ix.Kind != "" {
				continue // FULLTEXT, SPATIAL, HASH
			}
			if p.Prefix > 0 && ty.Len >= 0 && p.Prefix == ty.Len && ty.Class() == ClassString {
				p.Prefix = 0 // a prefix as long as the column is the whole column
			}
			if p.Prefix > 0 && (ty.Class() != ClassString || ty.Base == "enum" || ty.Base == "set" || ty.Len >= 0 && p.Prefix > ty.Len) {
				a.errorf(0, "Incorrect prefix key; the used key part isn't a string, the used length is longer than the key part, or the storage engine doesn't support unique prefix keys (error 1089)")
				return false
			}
			ml := 1
			if ty.HasCharset() {
				ml = max(maxLen(reg, c.Charset), 1)
			}
			limit := a.partLimit(t)
			tooLong := limit > 0 && PartBytes(ty, ml, p.Prefix) > limit
			noPrefix := p.Prefix == 0 && (ty.IsText() || ty.Class() == ClassJSON || ty.Class() == ClassSpatial)
			if (noPrefix || tooLong) && ty.Class() == ClassString && !ix.Primary && (a.c.Flavor.MariaDB || tooLong && !a.c.strict() && !ix.Unique) {
				if ix.Unique {
					// MariaDB 10.4+: a unique key too long for a B-tree is
					// kept as a hash of the values ("long unique").
					ix.Kind = "HASH"
					break
				}
				// MariaDB, and MySQL without strict mode: the part is
				// shortened to the longest prefix that fits.
				if limit == 0 {
					limit = 3072
				}
				p.Prefix = limit / ml
				if ty.Len >= 0 && p.Prefix >= ty.Len {
					p.Prefix = 0
				}
				noPrefix, tooLong = false, false
			}
			switch {
			case noPrefix && ty.Class() == ClassJSON:
				a.errorf(0, "JSON column '%s' supports indexing only via generated columns on a specified JSON path (error 3152)", c.Name)
				return false
			case noPrefix:
				a.errorf(0, "BLOB/TEXT column '%s' used in key specification without a key length (error 1170)", c.Name)
				return false
			case tooLong:
				a.errorf(0, "Specified key was too long; max key length is %d bytes (error 1071)", limit)
				return false
			}
			total += PartBytes(ty, ml, p.Prefix)
		}
		if limit := a.keyLimit(t); ix.Kind == "" && limit > 0 && total > limit {
			a.errorf(0, "Specified key was too long; max key length is %d bytes (error 1071)", limit)
			return false
		}
	}
	memory := strings.EqualFold(t.Engine, "MEMORY") || strings.EqualFold(t.Engine, "HEAP")
	for _, ix := range t.Indexes {
		ix.Using = ""
		if ix.Kind == "" && memory && ix.using != "BTREE" {
			ix.Using = "HASH" // a MEMORY table's keys are hash indexes unless USING BTREE
		}
	}
	autos := 0
	for _, c := range t.Columns {
		if !c.AutoIncrement {
			continue
		}
		autos++
		led := false
		for _, ix := range t.Indexes {
			if len(ix.Parts) > 0 && !ix.Parts[0].Expr && strings.EqualFold(ix.Parts[0].Column, c.Name) && ix.Kind == "" {
				led = true
			}
		}
		if !led || autos > 1 {
			a.errorf(0, "Incorrect table definition; there can be only one auto column and it must be defined as a key (error 1075)")
			return false
		}
	}
	return true
}

// innodb reports whether the table is stored by InnoDB (the default engine).
func innodb(t *Table) bool {
	return t.Engine == "" || strings.EqualFold(t.Engine, "InnoDB")
}

// partLimit is the longest key part in bytes: 3072 for InnoDB's DYNAMIC
// and COMPRESSED row formats, 767 for COMPACT and REDUNDANT, 1000 for
// MyISAM; 0 when not checked (other engines).
func (a *applier) partLimit(t *Table) int {
	switch {
	case strings.EqualFold(t.Engine, "MyISAM"):
		return 1000
	case !innodb(t):
		return 0
	case t.RowFormat == "COMPACT" || t.RowFormat == "REDUNDANT":
		return 767
	}
	return 3072
}

// keyLimit is the longest key in bytes (InnoDB: 3072, MyISAM: 1000).
func (a *applier) keyLimit(t *Table) int {
	switch {
	case strings.EqualFold(t.Engine, "MyISAM"):
		return 1000
	case !innodb(t):
		return 0
	}
	return 3072
}
