package catalog_test

import (
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/source"
)

// build applies ;-separated DDL (no semicolons inside strings) and fails
// on any error.
func build(t *testing.T, fl, ddl string) *catalog.Catalog {
	t.Helper()
	charset.RegisterWithParser()
	f, err := flavor.Lookup(fl)
	if err != nil {
		t.Fatal(err)
	}
	c := catalog.New(f)
	p := parser.New()
	for _, s := range strings.Split(ddl, ";") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		st, err := p.ParseOneStmt(s, "", "")
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if errs := c.Apply(catalog.Stmt{Node: st, Text: s, At: func(int) source.Pos { return source.Pos{Line: 1, Col: 1} }}, nil); len(errs) > 0 {
			t.Fatalf("%s: %v", s, errs[0])
		}
	}
	return c
}

// col renders "type charset collation source" for db.table.column.
func col(t *testing.T, c *catalog.Catalog, db, table, column string) string {
	t.Helper()
	tb := c.Table(db, table)
	if tb == nil {
		t.Fatalf("no table %s.%s", db, table)
	}
	cl := tb.Column(column)
	if cl == nil {
		t.Fatalf("no column %s.%s.%s", db, table, column)
	}
	return strings.TrimSpace(strings.Join([]string{cl.Type.Spell(false), cl.Charset, cl.Collation, cl.CollationSource}, " "))
}

func TestCollationResolution(t *testing.T) {
	c := build(t, "mysql-8.4", `
CREATE DATABASE d1;
CREATE DATABASE d2 CHARACTER SET latin1;
CREATE DATABASE d3 COLLATE utf8mb4_unicode_ci;
USE d1;
CREATE TABLE t (a VARCHAR(10), b VARCHAR(10) CHARACTER SET latin1, c VARCHAR(10) COLLATE utf8mb4_bin,
  d VARCHAR(10) BINARY, e NATIONAL VARCHAR(5), f TEXT CHARSET utf8, g INT UNSIGNED, h DECIMAL(12,2),
  i ENUM('x','y') CHARACTER SET ascii, j VARBINARY(4), k CHAR, l TINYINT(1), m BIGINT(20), n INT(10) ZEROFILL);
CREATE TABLE u (a VARCHAR(3)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE v (a VARCHAR(3)) COLLATE=utf8mb4_unicode_ci;
CREATE TABLE d2.t (a VARCHAR(3));
CREATE TABLE d3.t (a VARCHAR(3), b VARCHAR(3) CHARACTER SET utf8mb4)`)
	cases := []struct{ db, table, column, want string }{
		{"d1", "t", "a", "varchar(10) utf8mb4 utf8mb4_0900_ai_ci server"}, // d1 names no charset
		{"d1", "t", "b", "varchar(10) latin1 latin1_swedish_ci column"},
		{"d1", "t", "c", "varchar(10) utf8mb4 utf8mb4_bin column"},
		{"d1", "t", "d", "varchar(10) utf8mb4 utf8mb4_bin column"},
		{"d1", "t", "e", "varchar(5) utf8mb3 utf8mb3_general_ci column"},
		{"d1", "t", "f", "text utf8mb3 utf8mb3_general_ci column"},
		{"d1", "t", "g", "int unsigned"},
		{"d1", "t", "h", "decimal(12,2)"},
		{"d1", "t", "i", "enum('x','y') ascii ascii_general_ci column"},
		{"d1", "t", "j", "varbinary(4) binary binary column"},
		{"d1", "t", "k", "char(1) utf8mb4 utf8mb4_0900_ai_ci server"},
		{"d1", "t", "l", "tinyint(1)"},
		{"d1", "t", "m", "bigint"},
		{"d1", "t", "n", "int(10) unsigned zerofill"}, // ZEROFILL implies UNSIGNED
		{"d1", "u", "a", "varchar(3) utf8mb4 utf8mb4_0900_ai_ci table"},
		{"d1", "v", "a", "varchar(3) utf8mb4 utf8mb4_unicode_ci table"},
		{"d2", "t", "a", "varchar(3) latin1 latin1_swedish_ci database"},
		{"d3", "t", "a", "varchar(3) utf8mb4 utf8mb4_unicode_ci database"},
		// a bare CHARACTER SET means the charset's default collation, not the database's
		{"d3", "t", "b", "varchar(3) utf8mb4 utf8mb4_0900_ai_ci column"},
	}
	for _, k := range cases {
		if got := col(t, c, k.db, k.table, k.column); got != k.want {
			t.Errorf("%s.%s.%s = %q, want %q", k.db, k.table, k.column, got, k.want)
		}
	}
}

func TestAlterSequence(t *testing.T) {
	c := build(t, "mysql-8.4", `
CREATE DATABASE app; USE app;
CREATE TABLE acc (id BIGINT PRIMARY KEY, handle VARCHAR(40) NOT NULL, bio TEXT, KEY k_handle (handle)) DEFAULT CHARSET=utf8mb3;
ALTER TABLE acc CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE acc ADD COLUMN nick VARCHAR(10) AFTER id, MODIFY handle VARCHAR(60) NOT NULL COLLATE utf8mb4_bin;
ALTER TABLE acc CHANGE COLUMN bio about MEDIUMTEXT, RENAME COLUMN nick TO nickname;
ALTER TABLE acc DEFAULT CHARSET latin1;
ALTER TABLE acc ADD COLUMN legacy VARCHAR(5);
CREATE TABLE copy LIKE acc;
RENAME TABLE copy TO acc_copy;
ALTER TABLE acc_copy DROP COLUMN legacy;
DROP TABLE IF EXISTS nothing`)
	tb := c.Table("app", "acc")
	var names []string
	for _, cl := range tb.Columns {
		names = append(names, cl.Name)
	}
	if got := strings.Join(names, ","); got != "id,nickname,handle,about,legacy" {
		t.Errorf("column order %s", got)
	}
	for _, k := range []struct{ table, column, want string }{
		{"acc", "handle", "varchar(60) utf8mb4 utf8mb4_bin column"},
		{"acc", "about", "mediumtext utf8mb4 utf8mb4_unicode_ci table"},
		{"acc", "legacy", "varchar(5) latin1 latin1_swedish_ci table"},
		{"acc_copy", "handle", "varchar(60) utf8mb4 utf8mb4_bin column"},
	} {
		if got := col(t, c, "app", k.table, k.column); got != k.want {
			t.Errorf("%s.%s = %q, want %q", k.table, k.column, got, k.want)
		}
	}
	if c.Table("app", "copy") != nil || c.Table("app", "acc_copy").Column("legacy") != nil {
		t.Error("RENAME TABLE / DROP COLUMN not applied")
	}
	if ix := c.Table("app", "acc").IndexesOn("handle"); len(ix) != 1 || ix[0].Name != "k_handle" {
		t.Errorf("index on handle: %+v", ix)
	}
}

// CONVERT TO CHARACTER SET widens TEXT types when the charset grows:
// utf8mb3 TEXT (21,845 characters) needs MEDIUMTEXT in utf8mb4.
func TestConvertWidensText(t *testing.T) {
	c := build(t, "mysql-8.4", `
CREATE DATABASE w; USE w;
CREATE TABLE t (a TINYTEXT, b TEXT, c MEDIUMTEXT, d LONGTEXT, e VARCHAR(10)) DEFAULT CHARSET=latin1;
ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4`)
	for col_, want := range map[string]string{"a": "text", "b": "mediumtext", "c": "longtext", "d": "longtext", "e": "varchar(10)"} {
		if got := c.Table("w", "t").Column(col_).Type.Spell(false); got != want {
			t.Errorf("%s: %s, want %s", col_, got, want)
		}
	}
}

func TestErrorsArePositioned(t *testing.T) {
	charset.RegisterWithParser()
	f, _ := flavor.Lookup("mysql-8.4")
	c := catalog.New(f)
	p := parser.New()
	for _, k := range []struct{ sql, want string }{
		{"CREATE TABLE t (a INT)", "1046"},
		{"ALTER TABLE nope ADD COLUMN x INT", "1046"},
		{"CREATE DATABASE x CHARACTER SET latin1 COLLATE utf8mb4_bin", "1253"},
	} {
		st, err := p.ParseOneStmt(k.sql, "", "")
		if err != nil {
			t.Fatalf("%s: %v", k.sql, err)
		}
		errs := c.Apply(catalog.Stmt{Node: st, Text: k.sql, At: func(int) source.Pos { return source.Pos{File: "s.sql", Line: 3, Col: 7} }}, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Msg, k.want) || errs[0].Pos.Line != 3 {
			t.Errorf("%s: errors %v, want one mentioning %s at s.sql:3:7", k.sql, errs, k.want)
		}
	}
}

// TestForeignKeyActions: the referential actions are kept as written, so a
// planner can re-create the key exactly (MariaDB 10.11 hides a written
// RESTRICT in SHOW CREATE TABLE, MySQL 9.7 shows it: "as written" is the
// only form that round-trips on both).
func TestForeignKeyActions(t *testing.T) {
	c := build(t, "mysql-8.4", `
CREATE DATABASE f; USE f;
CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(10), UNIQUE KEY (code));
CREATE TABLE c (id INT PRIMARY KEY, p_id INT, code VARCHAR(10),
  CONSTRAINT fk_a FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  CONSTRAINT fk_b FOREIGN KEY (code) REFERENCES p (code));
ALTER TABLE c ADD CONSTRAINT fk_c FOREIGN KEY (code) REFERENCES p (code) ON DELETE SET NULL ON UPDATE NO ACTION`)
	var got []string
	for _, fk := range c.Table("f", "c").ForeignKeys {
		got = append(got, fk.Name+":"+fk.OnDelete+"/"+fk.OnUpdate)
	}
	if want := "fk_a:CASCADE/RESTRICT fk_b:/ fk_c:SET NULL/NO ACTION"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
