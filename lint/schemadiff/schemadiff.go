// Package schemadiff compares two schemas (lint/schemaout.Schema): a
// schema's migrations against production, one server against another.
// It reports every database, table, view, column, index and foreign key
// that exists on one side only or differs in type, character set,
// collation, nullability or default.
package schemadiff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collint/collint/lint/schemaout"
)

// Change is one difference. Path is "db", "db.table" or "db.table.column"
// (indexes and foreign keys: "db.table" with Field "index NAME" or
// "foreign key NAME"). A and B are the two sides' values, "" where the
// object is absent.
type Change struct {
	Path  string `json:"path"`
	Field string `json:"field"`
	A     string `json:"a"`
	B     string `json:"b"`
}

// String renders the change as one line.
func (c Change) String() string {
	switch {
	case c.Field == "":
		return fmt.Sprintf("%s: %s | %s", c.Path, orAbsent(c.A), orAbsent(c.B))
	default:
		return fmt.Sprintf("%s: %s: %s | %s", c.Path, c.Field, orAbsent(c.A), orAbsent(c.B))
	}
}

func orAbsent(s string) string {
	if s == "" {
		return "(absent)"
	}
	return s
}

// Options tunes a comparison.
type Options struct {
	// IgnoreDefaults leaves column defaults out.
	IgnoreDefaults bool
	// IgnoreEmptyDatabases leaves out databases without tables that exist
	// on one side only.
	IgnoreEmptyDatabases bool
}

// PairSingle renames b's only database to a's when each side holds exactly
// one database with tables and their names differ (migrations applied to
// "app", production called "app_prod"), and returns a note saying so, or
// "". b is changed in place.
func PairSingle(a, b *schemaout.Schema) string {
	da, db := nonEmpty(a), nonEmpty(b)
	if len(da) != 1 || len(db) != 1 || da[0].Name == db[0].Name {
		return ""
	}
	old := db[0].Name
	db[0].Name = da[0].Name
	for i := range b.Databases {
		for j := range b.Databases[i].Tables {
			for k := range b.Databases[i].Tables[j].ForeignKeys {
				if fk := &b.Databases[i].Tables[j].ForeignKeys[k]; strings.EqualFold(fk.RefDatabase, old) {
					fk.RefDatabase = da[0].Name
				}
			}
		}
	}
	return fmt.Sprintf("comparing database %s (A) with %s (B)", da[0].Name, old)
}

func nonEmpty(s *schemaout.Schema) []*schemaout.Database {
	var out []*schemaout.Database
	for i := range s.Databases {
		if len(s.Databases[i].Tables) > 0 {
			out = append(out, &s.Databases[i])
		}
	}
	return out
}

// Diff lists the differences from a to b, in name order. Collation
// sources and key lengths are not compared: a server does not record the
// former, and the latter follows from the columns' types.
func Diff(a, b *schemaout.Schema, o Options) []Change {
	var out []Change
	add := func(path, field, x, y string) {
		if x != y {
			out = append(out, Change{Path: path, Field: field, A: x, B: y})
		}
	}
	dbs := union(names(a.Databases, func(d schemaout.Database) string { return d.Name }),
		names(b.Databases, func(d schemaout.Database) string { return d.Name }))
	for _, dn := range dbs {
		da, db := findDB(a, dn), findDB(b, dn)
		if da == nil || db == nil {
			d := da
			if d == nil {
				d = db
			}
			if o.IgnoreEmptyDatabases && len(d.Tables) == 0 {
				continue
			}
			add(dn, "", present(da, "database "+describeDB(da)), present(db, "database "+describeDB(db)))
			continue
		}
		add(dn, "charset", da.Charset, db.Charset)
		add(dn, "collation", da.Collation, db.Collation)
		tables := union(names(da.Tables, tableName), names(db.Tables, tableName))
		for _, tn := range tables {
			ta, tb := findTable(da, tn), findTable(db, tn)
			path := dn + "." + tn
			if ta == nil || tb == nil {
				add(path, "", present(ta, kind(ta)), present(tb, kind(tb)))
				continue
			}
			add(path, "kind", kind(ta), kind(tb))
			add(path, "charset", ta.Charset, tb.Charset)
			add(path, "collation", ta.Collation, tb.Collation)
			diffColumns(path, ta, tb, o, add)
			diffIndexes(path, ta, tb, add)
			diffForeignKeys(path, ta, tb, add)
		}
	}
	return out
}

func diffColumns(path string, ta, tb *schemaout.Table, o Options, add func(path, field, x, y string)) {
	cols := union(names(ta.Columns, colName), names(tb.Columns, colName))
	for _, cn := range cols {
		ca, ia := findColumn(ta, cn)
		cb, ib := findColumn(tb, cn)
		cp := path + "." + cn
		if ca == nil || cb == nil {
			add(cp, "", present(ca, "column "+describeColumn(ca)), present(cb, "column "+describeColumn(cb)))
			continue
		}
		add(cp, "type", ca.Type, cb.Type)
		add(cp, "charset", ca.Charset, cb.Charset)
		add(cp, "collation", ca.Collation, cb.Collation)
		add(cp, "nullable", yesNo(ca.Nullable), yesNo(cb.Nullable))
		if !o.IgnoreDefaults && !ta.View && !tb.View {
			add(cp, "default", describeDefault(ca.Default), describeDefault(cb.Default))
		}
		add(cp, "auto_increment", yesNo(ca.AutoIncrement), yesNo(cb.AutoIncrement))
		if ia != ib && relativeOrderDiffers(ta, tb, cn) {
			add(cp, "position", fmt.Sprint(ia+1), fmt.Sprint(ib+1))
		}
	}
}

// relativeOrderDiffers reports whether the column follows a different
// column on the two sides (an added or dropped column elsewhere shifts
// positions without moving this one).
func relativeOrderDiffers(ta, tb *schemaout.Table, cn string) bool {
	prev := func(t *schemaout.Table, other *schemaout.Table) string {
		last := ""
		for _, c := range t.Columns {
			if strings.EqualFold(c.Name, cn) {
				return last
			}
			if c2, _ := findColumn(other, c.Name); c2 != nil {
				last = strings.ToLower(c.Name)
			}
		}
		return last
	}
	return prev(ta, tb) != prev(tb, ta)
}

func diffIndexes(path string, ta, tb *schemaout.Table, add func(path, field, x, y string)) {
	if ta.View || tb.View {
		return
	}
	idx := union(names(ta.Indexes, func(i schemaout.Index) string { return i.Name }), names(tb.Indexes, func(i schemaout.Index) string { return i.Name }))
	for _, n := range idx {
		add(path, "index "+n, describeIndex(findIndex(ta, n)), describeIndex(findIndex(tb, n)))
	}
}

func diffForeignKeys(path string, ta, tb *schemaout.Table, add func(path, field, x, y string)) {
	fks := union(names(ta.ForeignKeys, func(f schemaout.ForeignKey) string { return f.Name }), names(tb.ForeignKeys, func(f schemaout.ForeignKey) string { return f.Name }))
	for _, n := range fks {
		add(path, "foreign key "+n, describeFK(findFK(ta, n)), describeFK(findFK(tb, n)))
	}
}

func describeDB(d *schemaout.Database) string {
	if d == nil {
		return ""
	}
	return d.Collation
}

func kind(t *schemaout.Table) string {
	if t == nil {
		return ""
	}
	if t.View {
		return "view"
	}
	return "table"
}

func describeColumn(c *schemaout.Column) string {
	if c == nil {
		return ""
	}
	s := c.Type
	if c.Collation != "" && c.Collation != "binary" {
		s += " " + c.Collation
	}
	return s
}

func describeDefault(d *string) string {
	if d == nil {
		return "(none)"
	}
	return "'" + *d + "'"
}

func describeIndex(ix *schemaout.Index) string {
	if ix == nil {
		return ""
	}
	var b strings.Builder
	switch {
	case ix.Primary:
		b.WriteString("PRIMARY KEY ")
	case ix.Kind != "":
		b.WriteString(ix.Kind + " ")
	case ix.Unique:
		b.WriteString("UNIQUE ")
	}
	b.WriteString("(")
	for i, c := range ix.Columns {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(strings.ToLower(c))
		if i < len(ix.Prefixes) && ix.Prefixes[i] > 0 {
			fmt.Fprintf(&b, "(%d)", ix.Prefixes[i])
		}
	}
	b.WriteString(")")
	if ix.Using != "" {
		b.WriteString(" USING " + ix.Using)
	}
	return b.String()
}

func describeFK(fk *schemaout.ForeignKey) string {
	if fk == nil {
		return ""
	}
	return fmt.Sprintf("(%s) REFERENCES %s.%s (%s)", strings.ToLower(strings.Join(fk.Columns, ",")),
		fk.RefDatabase, fk.RefTable, strings.ToLower(strings.Join(fk.RefColumns, ",")))
}

func present[T any](p *T, s string) string {
	if p == nil {
		return ""
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func tableName(t schemaout.Table) string { return t.Name }
func colName(c schemaout.Column) string  { return c.Name }

func names[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

// union returns the names of both lists once each (compared without case),
// in a's order followed by those only in b.
func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range slices.Concat(a, b) {
		if k := strings.ToLower(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

func findDB(s *schemaout.Schema, name string) *schemaout.Database {
	return findByName(s.Databases, func(d *schemaout.Database) string { return d.Name }, name)
}

func findTable(d *schemaout.Database, name string) *schemaout.Table {
	return findByName(d.Tables, func(t *schemaout.Table) string { return t.Name }, name)
}

// findByName returns the item named exactly name, else the one named so
// case-insensitively (database and table names are case-sensitive on
// Linux servers, but a diff should still pair them).
func findByName[T any](items []T, nameOf func(*T) string, name string) *T {
	for i := range items {
		if nameOf(&items[i]) == name {
			return &items[i]
		}
	}
	for i := range items {
		if strings.EqualFold(nameOf(&items[i]), name) {
			return &items[i]
		}
	}
	return nil
}

func findColumn(t *schemaout.Table, name string) (*schemaout.Column, int) {
	for i := range t.Columns {
		if strings.EqualFold(t.Columns[i].Name, name) {
			return &t.Columns[i], i
		}
	}
	return nil, -1
}

func findIndex(t *schemaout.Table, name string) *schemaout.Index {
	for i := range t.Indexes {
		if strings.EqualFold(t.Indexes[i].Name, name) {
			return &t.Indexes[i]
		}
	}
	return nil
}

func findFK(t *schemaout.Table, name string) *schemaout.ForeignKey {
	for i := range t.ForeignKeys {
		if strings.EqualFold(t.ForeignKeys[i].Name, name) {
			return &t.ForeignKeys[i]
		}
	}
	return nil
}
