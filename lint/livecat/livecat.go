// Package livecat reads a live server's catalog from information_schema
// into the same printable form as collint's own catalog
// (lint/schemaout.Schema), so that the two can be shown alike and
// compared. It only reads: every query runs in one READ ONLY transaction.
package livecat

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/schemaout"
)

// SystemDatabases are never read unless asked for by name.
var SystemDatabases = []string{"mysql", "information_schema", "performance_schema", "sys"}

// ReadDSN connects with a DSN (see ParseDSN) and reads its database, or
// every non-system database when the DSN names none.
func ReadDSN(ctx context.Context, dsn string) (*schemaout.Schema, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var dbs []string
	if cfg.DBName != "" {
		dbs = []string{cfg.DBName}
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", Redact(dsn), err)
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	s, err := Read(ctx, db, dbs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", Redact(dsn), err)
	}
	return s, nil
}

// Read reads the named databases (every non-system one when none is named)
// in one read-only transaction.
func Read(ctx context.Context, db *sql.DB, databases []string) (*schemaout.Schema, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r := &reader{ctx: ctx, tx: tx, dbs: map[string]*dbState{}}
	if err := r.read(databases); err != nil {
		return nil, err
	}
	return r.out, nil
}

type reader struct {
	ctx     context.Context
	tx      *sql.Tx
	out     *schemaout.Schema
	fl      *flavor.Flavor
	maxLen  map[string]int
	serverC string // collation_server
	dbs     map[string]*dbState
	order   []string
}

type dbState struct {
	db     schemaout.Database
	tables map[string]*tableState
	order  []string
}

type tableState struct {
	t      schemaout.Table
	memory bool                    // ENGINE=MEMORY: hash indexes
	types  map[string]catalog.Type // column name (lower case) → parsed type
	cs     map[string]string       // column name (lower case) → charset
}

func (r *reader) query(q string, args []any, scan func(rows *sql.Rows) error) error {
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// filter returns " AND <col> IN (?,…)" for the wanted databases, or the
// exclusion of the system databases.
func filter(col string, dbs []string) (string, []any) {
	names, not := dbs, ""
	if len(dbs) == 0 {
		names, not = SystemDatabases, "NOT "
	}
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	return " AND " + col + " " + not + "IN (?" + strings.Repeat(",?", len(names)-1) + ")", args
}

func (r *reader) read(databases []string) error {
	var version, serverCS string
	if err := r.tx.QueryRowContext(r.ctx, "SELECT VERSION(), @@character_set_server, @@collation_server").Scan(&version, &serverCS, &r.serverC); err != nil {
		return err
	}
	fl, err := flavor.Lookup(flavor.FromVersion(version))
	if err != nil {
		return err
	}
	r.fl = fl
	r.out = &schemaout.Schema{Flavor: fl.Name, ServerVersion: version, Databases: []schemaout.Database{}, Errors: []schemaout.Error{}}
	r.maxLen = map[string]int{}
	if err := r.query("SELECT CHARACTER_SET_NAME, MAXLEN FROM information_schema.CHARACTER_SETS", nil, func(rows *sql.Rows) error {
		var n string
		var m int
		if err := rows.Scan(&n, &m); err != nil {
			return err
		}
		r.maxLen[n] = m
		return nil
	}); err != nil {
		return err
	}
	for _, step := range []func([]string) error{r.schemata, r.tables, r.columns, r.indexes, r.foreignKeys} {
		if err := step(databases); err != nil {
			return err
		}
	}
	for _, name := range r.order {
		d := r.dbs[name]
		for _, tn := range d.order {
			d.db.Tables = append(d.db.Tables, d.tables[tn].t)
		}
		r.out.Databases = append(r.out.Databases, d.db)
	}
	r.out.Sort()
	return nil
}

func (r *reader) schemata(dbs []string) error {
	where, args := filter("SCHEMA_NAME", dbs)
	return r.query("SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE 1=1"+where, args, func(rows *sql.Rows) error {
		var d schemaout.Database
		if err := rows.Scan(&d.Name, &d.Charset, &d.Collation); err != nil {
			return err
		}
		// The server does not record whether CREATE DATABASE named a
		// collation: one that differs from the server's must have.
		d.CollationSource = pick(d.Collation != r.serverC, catalog.FromDatabase, catalog.FromServer)
		d.Tables = []schemaout.Table{}
		r.dbs[d.Name] = &dbState{db: d, tables: map[string]*tableState{}}
		r.order = append(r.order, d.Name)
		return nil
	})
}

func (r *reader) tables(dbs []string) error {
	where, args := filter("t.TABLE_SCHEMA", dbs)
	return r.query(`SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE, COALESCE(t.TABLE_COLLATION, ''), COALESCE(c.CHARACTER_SET_NAME, ''), COALESCE(t.ENGINE, '')
FROM information_schema.TABLES t LEFT JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION
WHERE t.TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')`+where, args, func(rows *sql.Rows) error {
		var schema, name, typ, coll, cs, engine string
		if err := rows.Scan(&schema, &name, &typ, &coll, &cs, &engine); err != nil {
			return err
		}
		d := r.dbs[schema]
		if d == nil {
			return nil
		}
		t := schemaout.Table{Name: name, View: typ == "VIEW", Columns: []schemaout.Column{}, Indexes: []schemaout.Index{}, ForeignKeys: []schemaout.ForeignKey{}}
		if !t.View {
			if cs == "" {
				cs = charsetOf(coll)
			}
			t.Charset, t.Collation = cs, coll
			t.CollationSource = pick(coll != d.db.Collation, catalog.FromTable, d.db.CollationSource)
		}
		d.tables[name] = &tableState{t: t, types: map[string]catalog.Type{}, cs: map[string]string{}, memory: strings.EqualFold(engine, "MEMORY")}
		d.order = append(d.order, name)
		return nil
	})
}

func (r *reader) table(schema, name string) *tableState {
	if d := r.dbs[schema]; d != nil {
		return d.tables[name]
	}
	return nil
}

func (r *reader) columns(dbs []string) error {
	where, args := filter("TABLE_SCHEMA", dbs)
	return r.query(`SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, COALESCE(CHARACTER_SET_NAME, ''), COALESCE(COLLATION_NAME, ''),
  IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COALESCE(GENERATION_EXPRESSION, '')
FROM information_schema.COLUMNS WHERE 1=1`+where+` ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`, args, func(rows *sql.Rows) error {
		var schema, table, extra, gen, nullable string
		var def sql.NullString
		var c schemaout.Column
		if err := rows.Scan(&schema, &table, &c.Name, &c.Type, &c.Charset, &c.Collation, &nullable, &def, &extra, &gen); err != nil {
			return err
		}
		t := r.table(schema, table)
		if t == nil {
			return nil
		}
		ty, err := catalog.ParseColumnType(c.Type)
		if err != nil {
			return fmt.Errorf("%s.%s.%s: %v", schema, table, c.Name, err)
		}
		if ty.Class() == catalog.ClassString && c.Charset == "" && ty.Base != "" {
			// information_schema shows no charset for binary strings (and
			// for ENUM/SET of a binary table); collint says "binary"
			c.Charset, c.Collation = "binary", "binary"
		}
		if c.Collation != "" {
			switch {
			case t.t.View:
				c.CollationSource = catalog.FromColumn
			case c.Collation != t.t.Collation:
				c.CollationSource = catalog.FromColumn
			default:
				c.CollationSource = t.t.CollationSource
			}
		}
		c.Nullable = nullable == "YES"
		lx := strings.ToLower(extra)
		c.AutoIncrement = strings.Contains(lx, "auto_increment")
		c.Generated = gen != "" && (strings.Contains(lx, "generated") || strings.Contains(lx, "virtual") || strings.Contains(lx, "persistent") || strings.Contains(lx, "stored"))
		if def.Valid && !c.Generated {
			c.Default = r.serverDefault(def.String, extra, ty)
		}
		t.types[strings.ToLower(c.Name)] = ty
		t.cs[strings.ToLower(c.Name)] = c.Charset
		t.t.Columns = append(t.t.Columns, c)
		return nil
	})
}

// serverDefault turns COLUMN_DEFAULT into schemaout's form (MySQL's).
// MySQL marks expression defaults DEFAULT_GENERATED in EXTRA; MariaDB
// quotes literal strings ('abc'), shows numbers bare, expressions bare
// and no default as NULL.
func (r *reader) serverDefault(v, extra string, ty catalog.Type) *string {
	expr := false
	if r.fl.MariaDB {
		switch {
		case v == "NULL":
			return nil
		case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
			v = unquote(v[1 : len(v)-1])
		default:
			expr = !numeric.MatchString(v) && !strings.HasPrefix(v, "b'") && !strings.HasPrefix(v, "0x") && !strings.HasPrefix(v, "x'")
		}
	} else {
		expr = strings.Contains(strings.ToUpper(extra), "DEFAULT_GENERATED")
	}
	return schemaout.CanonDefault(v, expr, ty)
}

var numeric = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// unquote undoes MariaDB's quoting of a literal default: ” and \x escapes.
func unquote(s string) string {
	if !strings.ContainsAny(s, `'\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'Z':
				b.WriteByte(26)
			default:
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (r *reader) indexes(dbs []string) error {
	where, args := filter("TABLE_SCHEMA", dbs)
	expr := "NULL"
	if !r.fl.MariaDB && r.fl.Version >= 80013 {
		expr = "EXPRESSION"
	}
	type key struct{ schema, table, name string }
	seen := map[key]int{}
	return r.query(`SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COALESCE(COLUMN_NAME, ''), SUB_PART, INDEX_TYPE, `+expr+`
FROM information_schema.STATISTICS WHERE 1=1`+where+` ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`, args, func(rows *sql.Rows) error {
		var schema, table, name, col, typ string
		var nonUnique int
		var sub sql.NullInt64
		var ex sql.NullString
		if err := rows.Scan(&schema, &table, &name, &nonUnique, &col, &sub, &typ, &ex); err != nil {
			return err
		}
		t := r.table(schema, table)
		if t == nil {
			return nil
		}
		k := key{schema, table, name}
		i, ok := seen[k]
		if !ok {
			ix := schemaout.Index{Name: name, Columns: []string{}, Unique: nonUnique == 0, Primary: name == "PRIMARY"}
			switch {
			case typ == "FULLTEXT" || typ == "SPATIAL":
				ix.Kind = typ
			case typ == "HASH" && t.memory:
				ix.Using = "HASH"
			case typ == "HASH": // MariaDB's long unique key
				ix.Kind = typ
			}
			t.t.Indexes = append(t.t.Indexes, ix)
			i = len(t.t.Indexes) - 1
			seen[k] = i
		}
		ix := &t.t.Indexes[i]
		prefix := 0
		if sub.Valid && ix.Kind != "SPATIAL" { // MySQL shows 32 (the MBR) for spatial keys
			prefix = int(sub.Int64)
		}
		if ex.Valid && ex.String != "" {
			ix.Columns = append(ix.Columns, "("+schemaout.CanonExpr(ex.String)+")")
		} else {
			ix.Columns = append(ix.Columns, col)
			if ix.Kind == "" {
				ty := t.types[strings.ToLower(col)]
				ml := 1
				if ty.HasCharset() {
					ml = r.maxLen[t.cs[strings.ToLower(col)]]
				}
				ix.KeyBytes += catalog.PartBytes(ty, ml, prefix)
			}
		}
		if prefix != 0 || ix.Prefixes != nil {
			for len(ix.Prefixes) < len(ix.Columns)-1 {
				ix.Prefixes = append(ix.Prefixes, 0)
			}
			ix.Prefixes = append(ix.Prefixes, prefix)
		}
		return nil
	})
}

func (r *reader) foreignKeys(dbs []string) error {
	where, args := filter("k.CONSTRAINT_SCHEMA", dbs)
	type key struct{ schema, table, name string }
	seen := map[key]int{}
	return r.query(`SELECT k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE k
WHERE k.REFERENCED_TABLE_NAME IS NOT NULL`+where+` ORDER BY k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, args, func(rows *sql.Rows) error {
		var schema, table, name, col, refDB, refTable, refCol string
		if err := rows.Scan(&schema, &table, &name, &col, &refDB, &refTable, &refCol); err != nil {
			return err
		}
		t := r.table(schema, table)
		if t == nil {
			return nil
		}
		k := key{schema, table, name}
		i, ok := seen[k]
		if !ok {
			t.t.ForeignKeys = append(t.t.ForeignKeys, schemaout.ForeignKey{Name: name, Columns: []string{}, RefDatabase: refDB, RefTable: refTable, RefColumns: []string{}})
			i = len(t.t.ForeignKeys) - 1
			seen[k] = i
		}
		fk := &t.t.ForeignKeys[i]
		fk.Columns = append(fk.Columns, col)
		fk.RefColumns = append(fk.RefColumns, refCol)
		return nil
	})
}

// charsetOf is the charset of a collation by naming rule (latin1_bin → latin1).
func charsetOf(collation string) string {
	if i := strings.IndexByte(collation, '_'); i > 0 {
		return collation[:i]
	}
	return collation
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
