// Package schemaout is the printable form of a schema: every database,
// table, view and column with its exact type, character set and collation,
// its indexes and foreign keys. collint's catalog (FromCatalog) and a live
// server (lint/livecat) are both turned into a Schema, so that they print
// the same way and can be compared (lint/schemadiff).
package schemaout

import (
	"sort"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// Schema is a whole catalog. The JSON names are a stable interface: fields
// may be added, none renamed.
type Schema struct {
	// Flavor is the collint flavor the schema was resolved for, or the one
	// a live server was recognised as.
	Flavor string `json:"flavor,omitempty"`
	// ServerVersion is VERSION() of a live server ("" for schema files).
	ServerVersion string     `json:"server_version,omitempty"`
	Databases     []Database `json:"databases"`
	// Errors are the statements that could not be applied (schema files only).
	Errors []Error `json:"errors"`
}

// Database is one schema with its defaults.
type Database struct {
	Name      string `json:"name"`
	Charset   string `json:"charset"`
	Collation string `json:"collation"`
	// CollationSource is "database" when CREATE/ALTER DATABASE named a
	// charset or collation, "server" when it took the server's defaults.
	CollationSource string  `json:"collation_source,omitempty"`
	Tables          []Table `json:"tables"`
}

// Table is a base table or a view. Views have no charset or collation.
type Table struct {
	Name      string `json:"name"`
	Charset   string `json:"charset"`
	Collation string `json:"collation"`
	// CollationSource is "table", "database" or "server" (empty for views).
	CollationSource string       `json:"collation_source,omitempty"`
	View            bool         `json:"view"`
	Columns         []Column     `json:"columns"`
	Indexes         []Index      `json:"indexes"`
	ForeignKeys     []ForeignKey `json:"foreign_keys"`
}

// Column is one column. Type is spelled as information_schema.COLUMNS.
// COLUMN_TYPE spells it on the flavor's servers. Non-string columns have
// an empty Charset and Collation; binary strings have "binary".
type Column struct {
	Name            string `json:"name"`
	Type            string `json:"type"`
	Charset         string `json:"charset"`
	Collation       string `json:"collation"`
	CollationSource string `json:"collation_source"`
	Nullable        bool   `json:"nullable"`
	// Default is the default value as MySQL's COLUMN_DEFAULT shows it: a
	// literal without its quotes, CURRENT_TIMESTAMP, or an expression; nil
	// for no default or DEFAULT NULL.
	Default       *string `json:"default"`
	AutoIncrement bool    `json:"auto_increment,omitempty"`
	Generated     bool    `json:"generated,omitempty"`
}

// Index is a key. KeyBytes is the key length in bytes (catalog.KeyBytes):
// what EXPLAIN's key_len shows with every part used, minus 1 byte per
// nullable part and 2 length bytes per variable-length part.
type Index struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	// Prefixes are the key parts' prefix lengths (0: the whole column);
	// omitted when no part has one.
	Prefixes []int  `json:"prefixes,omitempty"`
	Unique   bool   `json:"unique"`
	Primary  bool   `json:"primary,omitempty"`
	Kind     string `json:"kind,omitempty"`  // "FULLTEXT", "SPATIAL", "HASH" (MariaDB's long unique keys)
	Using    string `json:"using,omitempty"` // "HASH" for a hash index (MEMORY tables)
	KeyBytes int    `json:"key_bytes"`
}

// ForeignKey is a FOREIGN KEY constraint.
type ForeignKey struct {
	Name        string   `json:"name"`
	Columns     []string `json:"columns"`
	RefDatabase string   `json:"ref_database"`
	RefTable    string   `json:"ref_table"`
	RefColumns  []string `json:"ref_columns"`
}

// Error is a positioned statement that could not be applied.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// FromCatalog turns collint's catalog into a Schema, spelling types for
// the catalog's flavor.
func FromCatalog(cat *catalog.Catalog) *Schema {
	s := &Schema{Flavor: cat.Flavor.Name, Databases: []Database{}, Errors: []Error{}}
	reg := cat.Flavor.Charsets
	for _, d := range cat.Databases() {
		db := Database{Name: d.Name, Charset: d.Charset, Collation: d.Collation, CollationSource: d.CollationSource, Tables: []Table{}}
		for _, t := range d.Tables() {
			tb := Table{Name: t.Name, View: t.View, Columns: []Column{}, Indexes: []Index{}, ForeignKeys: []ForeignKey{}}
			if !t.View {
				tb.Charset, tb.Collation, tb.CollationSource = t.Charset, t.Collation, t.CollationSource
			}
			for _, c := range t.Columns {
				col := Column{Name: c.Name, Type: c.Type.SpellFor(cat.Flavor), Nullable: c.Nullable,
					AutoIncrement: c.AutoIncrement, Generated: c.Generated != ""}
				if c.Type.Class() == catalog.ClassString {
					col.Charset, col.Collation, col.CollationSource = c.Charset, c.Collation, c.CollationSource
				}
				if c.Default != nil {
					col.Default = CanonDefault(*c.Default, c.DefaultExpr, c.Type)
				}
				tb.Columns = append(tb.Columns, col)
			}
			for _, ix := range t.Indexes {
				out := Index{Name: ix.Name, Columns: []string{}, Unique: ix.Unique, Primary: ix.Primary, Kind: ix.Kind, Using: ix.Using, KeyBytes: t.KeyBytes(ix, reg)}
				var prefixes []int
				for _, p := range ix.Parts {
					name := p.Column
					if p.Expr {
						name = "(" + CanonExpr(p.Column) + ")"
					}
					out.Columns = append(out.Columns, name)
					prefixes = append(prefixes, p.Prefix)
				}
				if hasNonZero(prefixes) {
					out.Prefixes = prefixes
				}
				tb.Indexes = append(tb.Indexes, out)
			}
			for _, fk := range t.ForeignKeys {
				tb.ForeignKeys = append(tb.ForeignKeys, ForeignKey{Name: fk.Name, Columns: nonNil(fk.Columns),
					RefDatabase: fk.RefDB, RefTable: fk.RefTable, RefColumns: nonNil(fk.RefColumns)})
			}
			db.Tables = append(db.Tables, tb)
		}
		s.Databases = append(s.Databases, db)
	}
	s.Sort()
	return s
}

func hasNonZero(xs []int) bool {
	for _, x := range xs {
		if x != 0 {
			return true
		}
	}
	return false
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return append([]string(nil), xs...)
}

// Sort puts databases and tables in name order, indexes PRIMARY first then
// by name, foreign keys by name; columns keep their ordinal order. Both
// FromCatalog and lint/livecat sort, so two schemas print alike.
func (s *Schema) Sort() {
	sort.SliceStable(s.Databases, func(i, j int) bool { return s.Databases[i].Name < s.Databases[j].Name })
	for i := range s.Databases {
		ts := s.Databases[i].Tables
		sort.SliceStable(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
		for k := range ts {
			ix := ts[k].Indexes
			sort.SliceStable(ix, func(i, j int) bool {
				if ix[i].Primary != ix[j].Primary {
					return ix[i].Primary
				}
				return strings.ToLower(ix[i].Name) < strings.ToLower(ix[j].Name)
			})
			fk := ts[k].ForeignKeys
			sort.SliceStable(fk, func(i, j int) bool { return fk[i].Name < fk[j].Name })
		}
	}
}
