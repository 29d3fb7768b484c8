package rules

import (
	"fmt"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// ForeignKeyMismatch is CL401.
var ForeignKeyMismatch *Rule

// JoinColumnMismatch is CL402.
var JoinColumnMismatch *Rule

// CollationIsland is CL403.
var CollationIsland *Rule

// Utf8mb3 is CL404.
var Utf8mb3 *Rule

func init() {
	ForeignKeyMismatch = register(&Rule{
		ID: "CL401", Name: "foreign-key-mismatch", Severity: Error, Impact: Schema,
		Summary: "a foreign key's columns differ in type, sign, character set or collation from the columns they reference (error 3780)",
		Doc: `InnoDB requires a foreign key column and its referenced column to have the same
integer size and sign, and for strings the same character set and collation.
MySQL refuses such a key with error 3780; a key created with
foreign_key_checks=0 and then left mismatched blocks every later ALTER.`,
		Failing: `CREATE TABLE child (parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id));  -- parent.id is BIGINT UNSIGNED`,
		Fixed:   `CREATE TABLE child (parent_id BIGINT UNSIGNED, FOREIGN KEY (parent_id) REFERENCES parent (id));`,
		Schema:  checkForeignKeys,
	})
	JoinColumnMismatch = register(&Rule{
		ID: "CL402", Name: "join-column-mismatch", Severity: Warning, Impact: Schema,
		Summary: "columns that look like join partners (<table>_id ↔ <table>.id, same-named id columns) differ in type or collation",
		Doc: `A column named after another table (order_id, orderId) is almost always joined
to that table's id, and same-named id columns across tables are joined to each
other. When their types or collations differ, every such join either fails
(1267), compares as DOUBLE, or loses an index.`,
		Failing: `CREATE TABLE a (b_id_str VARCHAR(20)); CREATE TABLE b (id BIGINT PRIMARY KEY);`,
		Fixed:   `CREATE TABLE a (b_id BIGINT NOT NULL, KEY (b_id));`,
		Schema:  checkJoinColumns,
	})
	CollationIsland = register(&Rule{
		ID: "CL403", Name: "collation-island", Severity: Info, Impact: Schema,
		Summary: "a table or column uses a collation other than its database's default or the connection collation",
		Doc: `Literals, CAST(… AS CHAR) and user variables take the connection
collation. A table whose columns use another collation of the
same character set cannot be compared with any of them without COLLATE: the
query fails with error 1267. Tables whose collation differs from the database
default form islands that fail when joined to the rest.`,
		Failing: `CREATE TABLE a (...) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;  -- database and connection: utf8mb4_0900_ai_ci`,
		Fixed:   `ALTER TABLE a CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;`,
		Schema:  checkIslands,
	})
	Utf8mb3 = register(&Rule{
		ID: "CL404", Name: "utf8mb3-usage", Severity: Info, Impact: Schema,
		Summary: "a table or column uses utf8mb3 (utf8): deprecated, and unable to store 4-byte characters such as emoji",
		Doc: `utf8 means utf8mb3 in MySQL and MariaDB: three bytes per character at most.
Emoji and other supplementary characters are rejected (error 3854/1366) and
comparisons with utf8mb4 columns convert the utf8mb3 side, losing its index.`,
		Failing: `CREATE TABLE t (name VARCHAR(64)) DEFAULT CHARSET=utf8;`,
		Fixed:   `ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4;`,
		Schema:  checkUtf8mb3,
	})
}

func tables(c *catalog.Catalog) []*catalog.Table {
	var out []*catalog.Table
	for _, d := range c.Databases() {
		for _, t := range d.Tables() {
			if !t.View {
				out = append(out, t)
			}
		}
	}
	return out
}

func colName(t *catalog.Table, c *catalog.Column) string { return t.DB + "." + t.Name + "." + c.Name }

// typeDiff describes how two columns differ for joining, "" when they agree.
func typeDiff(a, b *catalog.Column, strictInts bool) string {
	ca, cb := a.Type.Class(), b.Type.Class()
	switch {
	case ca != cb:
		return fmt.Sprintf("%s vs %s", a.Type.Spell(false), b.Type.Spell(false))
	case ca == catalog.ClassString:
		if a.Type.IsBinaryString() != b.Type.IsBinaryString() || a.Charset != b.Charset || a.Collation != b.Collation {
			return fmt.Sprintf("%s vs %s", a.Collation, b.Collation)
		}
	case ca == catalog.ClassInt:
		if a.Type.Unsigned != b.Type.Unsigned || (strictInts && a.Type.Base != b.Type.Base) {
			return fmt.Sprintf("%s vs %s", a.Type.Spell(false), b.Type.Spell(false))
		}
	case ca == catalog.ClassDecimal:
		if a.Type.Len != b.Type.Len || a.Type.Dec != b.Type.Dec {
			return fmt.Sprintf("%s vs %s", a.Type.Spell(false), b.Type.Spell(false))
		}
	}
	return ""
}

func checkForeignKeys(p *SchemaPass) {
	for _, t := range tables(p.Catalog) {
		for _, fk := range t.ForeignKeys {
			ref := p.Catalog.Table(fk.RefDB, fk.RefTable)
			if ref == nil {
				continue
			}
			for i, cn := range fk.Columns {
				if i >= len(fk.RefColumns) {
					break
				}
				c, rc := t.Column(cn), ref.Column(fk.RefColumns[i])
				if c == nil || rc == nil {
					continue
				}
				if d := typeDiff(c, rc, true); d != "" {
					// measured: MySQL 9.7 refuses such a key with 3780,
					// MariaDB 10.11 with 1005 (errno 150)
					code, refusal := 3780, "MySQL refuses the key with error 3780"
					if p.Env != nil && p.Env.Flavor != nil && p.Env.Flavor.MariaDB {
						code, refusal = 1005, "MariaDB refuses the key with error 1005 (errno 150)"
					}
					p.Report(Finding{ServerError: code, Pos: c.Pos,
						Message: fmt.Sprintf("foreign key %s: %s and %s differ (%s): %s", fk.Name, colName(t, c), colName(ref, rc), d, refusal),
						Hint:    "give the referencing column exactly the referenced column's type, charset and collation (drop the key, alter both, re-create it)",
						Columns: []string{colName(t, c), colName(ref, rc)}})
				}
			}
		}
	}
}

// partnerTable finds the table a column named <table>_id or <table>Id points to.
func partnerTable(c *catalog.Catalog, db, col string) (*catalog.Table, *catalog.Column) {
	lower := strings.ToLower(col)
	var base string
	switch {
	case strings.HasSuffix(lower, "_id") && len(lower) > 3:
		base = lower[:len(lower)-3]
	case strings.HasSuffix(col, "Id") && len(col) > 2:
		base = strings.ToLower(col[:len(col)-2])
	default:
		return nil, nil
	}
	d := c.Database(db)
	for _, name := range []string{base, base + "s", base + "es", strings.TrimSuffix(base, "s")} {
		if t := d.Table(name); t != nil && !t.View {
			if id := t.Column("id"); id != nil {
				return t, id
			}
		}
	}
	return nil, nil
}

func checkJoinColumns(p *SchemaPass) {
	seen := map[string]bool{}
	for _, t := range tables(p.Catalog) {
		for _, c := range t.Columns {
			if pt, pc := partnerTable(p.Catalog, t.DB, c.Name); pt != nil && pt != t {
				if d := typeDiff(c, pc, false); d != "" {
					seen[colName(t, c)] = true
					p.Report(Finding{Pos: c.Pos,
						Message: fmt.Sprintf("%s looks like a reference to %s but they differ (%s): joins between them %s", colName(t, c), colName(pt, pc), d, joinConsequence(c, pc)),
						Hint:    "give the column its partner's exact type and collation",
						Columns: []string{colName(t, c), colName(pt, pc)}})
				}
			}
		}
	}
	// Same-named id-like columns across tables.
	byName := map[string][]*struct {
		t *catalog.Table
		c *catalog.Column
	}{}
	for _, t := range tables(p.Catalog) {
		for _, c := range t.Columns {
			n := strings.ToLower(c.Name)
			if n == "id" || !(strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "uuid") || strings.HasSuffix(n, "_code")) {
				continue
			}
			byName[n] = append(byName[n], &struct {
				t *catalog.Table
				c *catalog.Column
			}{t, c})
		}
	}
	for _, group := range byName {
		for i := 1; i < len(group); i++ {
			a, b := group[0], group[i]
			if seen[colName(b.t, b.c)] || len(b.t.IndexesOn(b.c.Name)) == 0 && len(a.t.IndexesOn(a.c.Name)) == 0 {
				continue
			}
			if d := typeDiff(a.c, b.c, false); d != "" {
				p.Report(Finding{Pos: b.c.Pos,
					Message: fmt.Sprintf("%s and %s share a name but differ (%s): joins between them %s", colName(b.t, b.c), colName(a.t, a.c), d, joinConsequence(a.c, b.c)),
					Hint:    "give same-named join columns one type and collation",
					Columns: []string{colName(b.t, b.c), colName(a.t, a.c)}})
			}
		}
	}
}

func joinConsequence(a, b *catalog.Column) string {
	ca, cb := a.Type.Class(), b.Type.Class()
	switch {
	case ca == catalog.ClassString && cb == catalog.ClassString && a.Charset == b.Charset:
		return "fail with error 1267 or lose an index"
	case ca == catalog.ClassString && cb == catalog.ClassString:
		return "convert one side and lose its index"
	case ca == catalog.ClassString || cb == catalog.ClassString:
		return "compare as DOUBLE and lose the string side's index"
	}
	return "compare across types"
}

func checkIslands(p *SchemaPass) {
	conn := p.Env.ConnCollation
	for _, t := range tables(p.Catalog) {
		d := p.Catalog.Database(t.DB)
		var why []string
		if t.Collation != d.Collation {
			why = append(why, "database default "+d.Collation)
		}
		if t.Collation != conn && strings.SplitN(t.Collation, "_", 2)[0] == strings.SplitN(conn, "_", 2)[0] && hasStringColumn(t, t.Collation) {
			why = append(why, "connection collation "+conn+": CAST(… AS CHAR) and user variables compared with its columns fail with error 1267")
		}
		if len(why) > 0 {
			p.Report(Finding{Pos: t.Pos,
				Message: fmt.Sprintf("table %s uses %s, unlike the %s", t.QualifiedName(), t.Collation, strings.Join(why, " and the ")),
				Hint:    fmt.Sprintf("ALTER TABLE %s CONVERT TO CHARACTER SET %s COLLATE %s (after checking unique keys for new collisions)", t.QualifiedName(), d.Charset, d.Collation),
				Columns: nil})
		}
		for _, c := range t.Columns {
			if c.CollationSource == catalog.FromColumn && c.Type.HasCharset() && c.Collation != t.Collation {
				p.Report(Finding{Pos: c.Pos,
					Message: fmt.Sprintf("column %s uses %s, unlike its table's %s", colName(t, c), c.Collation, t.Collation),
					Hint:    "drop the column-level collation unless the column needs it",
					Columns: []string{colName(t, c)}})
			}
		}
	}
}

func hasStringColumn(t *catalog.Table, collation string) bool {
	for _, c := range t.Columns {
		if c.Type.HasCharset() && c.Collation == collation {
			return true
		}
	}
	return false
}

func checkUtf8mb3(p *SchemaPass) {
	for _, t := range tables(p.Catalog) {
		if isUtf8mb3(t.Charset) {
			p.Report(Finding{Pos: t.Pos, Message: fmt.Sprintf("table %s defaults to %s (utf8mb3)", t.QualifiedName(), t.Collation), Hint: "convert to utf8mb4"})
			continue
		}
		for _, c := range t.Columns {
			if isUtf8mb3(c.Charset) {
				p.Report(Finding{Pos: c.Pos, Message: fmt.Sprintf("column %s uses %s (utf8mb3)", colName(t, c), c.Collation), Hint: "convert to utf8mb4", Columns: []string{colName(t, c)}})
			}
		}
	}
}

func isUtf8mb3(cs string) bool { return cs == "utf8mb3" || cs == "utf8" }
