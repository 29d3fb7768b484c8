// Package catalog holds the schema collint believes in: databases, tables,
// columns with their exact type, character set and collation, indexes and
// foreign keys. It is built by applying DDL statements in order, the way the
// server would, and knows nothing about queries.
package catalog

import (
	"strings"

	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/source"
)

// Where a column's or table's collation came from.
const (
	FromColumn   = "column"
	FromTable    = "table"
	FromDatabase = "database"
	FromServer   = "server"
)

// Catalog is the whole schema for one flavor.
type Catalog struct {
	Flavor *flavor.Flavor
	// ServerCharset and ServerCollation are character_set_server and
	// collation_server: the defaults for CREATE DATABASE without options.
	ServerCharset, ServerCollation string
	// Current is the database USE last selected ("" for none).
	Current string
	// Implicit names the database that statements run in when none was
	// selected (created on first use); "" makes them error 1046 as on the
	// server.
	Implicit string

	dbs   map[string]*Database
	order []*Database
	gen   int

	sqlMode  *string             // nil: the flavor's default
	connColl *string             // nil: never set by the schema
	saved    map[string]savedVar // user variables holding a saved session variable
	hasViews bool                // a view exists: table changes refresh views
	funcs    map[string]*Column  // "db.name" (lower case) → a stored function's return type
}

// Generation changes every time a statement is applied, so that callers
// may cache what they derive from tables.
func (c *Catalog) Generation() int { return c.gen }

// Database is one schema.
type Database struct {
	Name               string
	Charset, Collation string
	// CollationSource is FromDatabase when CREATE/ALTER DATABASE named a
	// charset or collation, FromServer when it took the server's defaults.
	CollationSource string
	Pos             source.Pos

	tables map[string]*Table
	order  []*Table
}

// Table is a base table or a view.
type Table struct {
	DB                 string
	Name               string
	Charset, Collation string
	CollationSource    string // FromTable, or the database's source (FromDatabase, FromServer)
	Engine, RowFormat  string
	View               bool
	Columns            []*Column
	Indexes            []*Index
	ForeignKeys        []*ForeignKey
	Pos                source.Pos

	def *viewDef // a view's definition, to derive its columns again
}

// Column is one column of a table or view.
type Column struct {
	Name            string
	Type            Type
	Charset         string // "" for non-string types; "binary" for BINARY/VARBINARY/BLOB
	Collation       string // "" for non-string types; "binary" for binary strings
	CollationSource string // FromColumn, FromTable, FromDatabase or FromServer
	Nullable        bool
	Default         *string // the default as COLUMN_DEFAULT shows it (see defaultValue), nil for none or NULL
	DefaultExpr     bool    // Default is an expression (DEFAULT (uuid())), not a literal or CURRENT_TIMESTAMP
	AutoIncrement   bool
	OnUpdate        string
	Comment         *string
	Generated       string // generation expression, "" for none
	Stored          bool
	Invisible       bool
	SRID            string // a spatial column's SRID attribute ("4326"), "" for none
	Pos             source.Pos

	hasDefaultNull bool // DEFAULT NULL was written (refused for NOT NULL columns)
}

// IndexPart is one key part.
type IndexPart struct {
	Column string
	Prefix int // prefix length in characters, 0 for the whole column
	Expr   bool
}

// Index is a key on a table.
type Index struct {
	Name    string
	Parts   []IndexPart
	Unique  bool
	Primary bool
	Kind    string // "", "FULLTEXT", "SPATIAL", "HASH" (MariaDB's long unique keys)
	// Using is "HASH" for a hash index (a MEMORY table's default), "" for
	// a B-tree.
	Using string

	using string // USING BTREE/HASH as written ("" for none)
}

// ForeignKey is a FOREIGN KEY constraint.
type ForeignKey struct {
	Name       string
	Columns    []string
	RefDB      string
	RefTable   string
	RefColumns []string
	// OnDelete and OnUpdate are the referential actions as written
	// ("CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "SET DEFAULT"), ""
	// when the clause was omitted: re-creating the key the same way keeps
	// SHOW CREATE TABLE unchanged on both flavors (MariaDB hides RESTRICT,
	// MySQL shows a written RESTRICT).
	OnDelete, OnUpdate string
	Pos                source.Pos
}

// New returns an empty catalog for the flavor with its stock server defaults.
func New(f *flavor.Flavor) *Catalog {
	cs, co := f.Charsets.ServerDefaults()
	return &Catalog{Flavor: f, ServerCharset: cs, ServerCollation: co, dbs: map[string]*Database{}}
}

// Databases returns every database in creation order.
func (c *Catalog) Databases() []*Database { return c.order }

// Database finds a database by name (exact, then case-insensitive).
func (c *Catalog) Database(name string) *Database {
	if d, ok := c.dbs[name]; ok {
		return d
	}
	return c.dbs[strings.ToLower(name)]
}

// EnsureDatabase returns the named database, creating it with the server
// defaults when it does not exist (used for the implicit default database).
func (c *Catalog) EnsureDatabase(name string) *Database {
	if d := c.Database(name); d != nil {
		return d
	}
	return c.addDatabase(name, c.ServerCharset, c.ServerCollation, FromServer, source.Pos{})
}

func (c *Catalog) addDatabase(name, cs, co, from string, pos source.Pos) *Database {
	d := &Database{Name: name, Charset: cs, Collation: co, CollationSource: from, Pos: pos, tables: map[string]*Table{}}
	c.dbs[name] = d
	if _, ok := c.dbs[strings.ToLower(name)]; !ok {
		c.dbs[strings.ToLower(name)] = d
	}
	c.order = append(c.order, d)
	return d
}

func (c *Catalog) dropDatabase(name string) {
	d := c.Database(name)
	if d == nil {
		return
	}
	for k, v := range c.dbs {
		if v == d {
			delete(c.dbs, k)
		}
	}
	c.order = removeFrom(c.order, d)
}

// Tables returns the database's tables and views in creation order.
func (d *Database) Tables() []*Table { return d.order }

// Table finds a table by name (exact, then case-insensitive).
func (d *Database) Table(name string) *Table {
	if t, ok := d.tables[name]; ok {
		return t
	}
	return d.tables[strings.ToLower(name)]
}

func (d *Database) addTable(t *Table) {
	d.removeTable(t.Name)
	d.tables[t.Name] = t
	if _, ok := d.tables[strings.ToLower(t.Name)]; !ok {
		d.tables[strings.ToLower(t.Name)] = t
	}
	d.order = append(d.order, t)
}

func (d *Database) removeTable(name string) *Table {
	t := d.Table(name)
	if t == nil {
		return nil
	}
	for k, v := range d.tables {
		if v == t {
			delete(d.tables, k)
		}
	}
	d.order = removeFrom(d.order, t)
	return t
}

// Table resolves db.name, using the current database when db is empty.
func (c *Catalog) Table(db, name string) *Table {
	if db == "" {
		db = c.Current
	}
	d := c.Database(db)
	if d == nil {
		return nil
	}
	return d.Table(name)
}

// Column finds a column by name; column names are case-insensitive.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

func (t *Table) columnIndex(name string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// IndexesOn returns the indexes whose first key part is the whole column
// or a prefix of it: the ones that can serve a lookup on that column.
func (t *Table) IndexesOn(column string) []*Index {
	var out []*Index
	for _, ix := range t.Indexes {
		if ix.Kind != "" || len(ix.Parts) == 0 || ix.Parts[0].Expr {
			continue
		}
		if strings.EqualFold(ix.Parts[0].Column, column) {
			out = append(out, ix)
		}
	}
	return out
}

// QualifiedName is "db.table".
func (t *Table) QualifiedName() string { return t.DB + "." + t.Name }

func removeFrom[T comparable](s []T, x T) []T {
	out := s[:0]
	for _, v := range s {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

// source is where the database's collation came from (FromServer for a
// database built before CollationSource was recorded).
func (d *Database) source() string {
	if d.CollationSource == "" {
		return FromServer
	}
	return d.CollationSource
}
