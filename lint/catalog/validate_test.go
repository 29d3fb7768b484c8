package catalog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/source"
)

// applyAll applies ;-separated statements and returns the errors of each.
func applyAll(t *testing.T, fl string, stmts ...string) (*catalog.Catalog, [][]*source.Error) {
	t.Helper()
	charset.RegisterWithParser()
	f, err := flavor.Lookup(fl)
	if err != nil {
		t.Fatal(err)
	}
	c := catalog.New(f)
	p := parser.New()
	var out [][]*source.Error
	for _, s := range stmts {
		st, err := p.ParseOneStmt(s, "", "")
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		out = append(out, c.Apply(catalog.Stmt{Node: st, Text: s, At: func(int) source.Pos { return source.Pos{Line: 1, Col: 1} }}, nil))
	}
	return c, out
}

// Statements the server refuses are reported with its error code and
// change nothing; the statements around them still apply.
func TestRefusedStatements(t *testing.T) {
	for _, k := range []struct {
		flavor, sql, code string
	}{
		{"mysql-8.4", "CREATE TABLE x (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))", "1068"},
		{"mysql-8.4", "CREATE TABLE x (a INT, KEY (b))", "1072"},
		{"mysql-8.4", "CREATE TABLE x (a TEXT, KEY (a))", "1170"},
		{"mysql-8.4", "CREATE TABLE x (a INT, b INT, KEY k (a), KEY k (b))", "1061"},
		{"mysql-8.4", "CREATE TABLE x (a VARCHAR(1000), UNIQUE KEY (a)) CHARSET=utf8mb4", "1071"},
		{"mysql-8.4", "CREATE TABLE x (a VARCHAR(20000)) CHARSET=utf8mb4", "1074"},
		{"mysql-8.4", "CREATE TABLE x (a CHAR(256))", "1074"},
		{"mysql-8.4", "CREATE TABLE x (a INT DEFAULT 'abc')", "1067"},
		{"mysql-8.4", "CREATE TABLE x (a INT NOT NULL DEFAULT NULL)", "1067"},
		{"mysql-8.4", "CREATE TABLE x (a DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00')", "1067"},
		{"mysql-8.4", "CREATE TABLE x (a TEXT DEFAULT 'x')", "1101"},
		{"mysql-8.4", "CREATE TABLE x (a INT AUTO_INCREMENT, b INT, KEY (b))", "1075"},
		{"mysql-8.4", "CREATE TABLE x (a VARCHAR(3) AUTO_INCREMENT PRIMARY KEY)", "1063"},
		{"mysql-8.4", "CREATE TABLE x (a JSON, KEY (a))", "3152"},
		{"mariadb-10.11", "CREATE TABLE x (a VARCHAR(500), b VARCHAR(500), KEY (a, b)) CHARSET=utf8mb4", "1071"},
	} {
		c, errs := applyAll(t, k.flavor, "CREATE DATABASE d", "USE d", k.sql)
		if len(errs[2]) == 0 || !strings.Contains(errs[2][0].Msg, k.code) {
			t.Errorf("%s %s: errors %v, want %s", k.flavor, k.sql, errs[2], k.code)
		}
		if c.Table("d", "x") != nil {
			t.Errorf("%s: the refused table was created", k.sql)
		}
	}
}

// What the server accepts by adjusting the definition.
func TestServerAdjustments(t *testing.T) {
	// MariaDB: a long unique key becomes a hash, a long plain key a prefix
	c, errs := applyAll(t, "mariadb-10.11", "CREATE DATABASE d", "USE d",
		"CREATE TABLE x (a VARCHAR(1000), b TEXT, UNIQUE KEY ua (a), KEY kb (b), KEY ka (a)) CHARSET=utf8mb4")
	if len(errs[2]) > 0 {
		t.Fatal(errs[2])
	}
	got := map[string]string{}
	for _, ix := range c.Table("d", "x").Indexes {
		got[ix.Name] = fmt.Sprintf("%s %d", ix.Kind, ix.Parts[0].Prefix)
	}
	if got["ua"] != "HASH 0" || got["kb"] != " 768" || got["ka"] != " 768" {
		t.Errorf("MariaDB keys: %v", got)
	}
	// a non-strict session: VARCHAR too long becomes TEXT, zero dates are fine
	c, errs = applyAll(t, "mysql-8.4", "CREATE DATABASE d", "USE d", "SET @m = @@sql_mode", "SET sql_mode = 'NO_ENGINE_SUBSTITUTION'",
		"CREATE TABLE x (a VARCHAR(20000), d DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00', t TEXT DEFAULT 'x') CHARSET=utf8mb4",
		"SET sql_mode = @m", "CREATE TABLE y (d DATE DEFAULT '0000-00-00')")
	for i, e := range errs[:6] {
		if len(e) > 0 {
			t.Errorf("statement %d: %v", i, e)
		}
	}
	x := c.Table("d", "x")
	if x == nil || x.Column("a").Type.Spell(false) != "mediumtext" || x.Column("t").Default != nil {
		t.Errorf("non-strict adjustments: %+v", x)
	}
	if len(errs[6]) == 0 || !strings.Contains(errs[6][0].Msg, "1067") {
		t.Errorf("strict mode restored from @m: %v", errs[6])
	}
	// MEMORY keys are hash indexes unless USING BTREE
	c, _ = applyAll(t, "mysql-8.4", "CREATE DATABASE d", "USE d", "CREATE TABLE m (a INT, b INT, KEY ka (a), KEY kb (b) USING BTREE) ENGINE=MEMORY")
	if m := c.Table("d", "m"); m.Indexes[0].Using != "HASH" || m.Indexes[1].Using != "" {
		t.Errorf("MEMORY keys: %+v %+v", m.Indexes[0], m.Indexes[1])
	}
}

// An ALTER the server refuses changes nothing, not even its first part.
func TestAlterIsAtomic(t *testing.T) {
	c, errs := applyAll(t, "mysql-8.4", "CREATE DATABASE d", "USE d", "CREATE TABLE a (id INT)",
		"ALTER TABLE a ADD COLUMN x INT, MODIFY nope INT")
	if len(errs[3]) == 0 || c.Table("d", "a").Column("x") != nil {
		t.Errorf("errors %v; column x applied: %v", errs[3], c.Table("d", "a").Column("x") != nil)
	}
}

// Types as the server stores them, from the DDL that declares them.
func TestServerTypes(t *testing.T) {
	c, errs := applyAll(t, "mysql-8.4", "CREATE DATABASE d CHARACTER SET euckr", "USE d",
		"CREATE TABLE t (a TEXT(60), b TEXT(200), c BLOB(100), v VARCHAR(10)) CHARSET=utf8mb4",
		"CREATE TABLE bin (a VARCHAR(10), b TEXT, c CHAR(2), e ENUM('x')) CHARSET=binary",
		"CREATE TABLE e (a TEXT(200))")
	for _, e := range errs {
		if len(e) > 0 {
			t.Fatal(e)
		}
	}
	check := func(table string, want string) {
		var got []string
		for _, col := range c.Table("d", table).Columns {
			got = append(got, col.Type.Spell(false)+"/"+col.Charset)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: %s, want %s", table, strings.Join(got, " "), want)
		}
	}
	// TEXT(n) holds n characters: utf8mb4 needs 4 bytes each, euckr 2
	check("t", "tinytext/utf8mb4 text/utf8mb4 tinyblob/binary varchar(10)/utf8mb4")
	check("bin", "varbinary(10)/binary blob/binary binary(2)/binary enum('x')/binary")
	check("e", "text/euckr")
}

func TestParseColumnTypeRoundTrip(t *testing.T) {
	for _, s := range []string{"int", "int(10) unsigned", "tinyint(1)", "bigint(20) unsigned zerofill", "decimal(12,2)", "float(7,3)",
		"double", "varchar(32)", "char(1)", "binary(16)", "enum('a','b''c','d\\e')", "set('x','yy')", "datetime(3)", "time", "timestamp(6)",
		"year", "year(4)", "bit(3)", "json", "point", "geomcollection", "longtext", "datetime /* mariadb-5.3 */"} {
		ty, err := catalog.ParseColumnType(s)
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		keep := strings.Contains(s, "(") && (strings.Contains(s, "int") || strings.HasPrefix(s, "year"))
		if got := ty.Spell(keep); got != s {
			t.Errorf("%s: spelled back as %s", s, got)
		}
	}
}

func TestKeyBytes(t *testing.T) {
	c, _ := applyAll(t, "mysql-8.4", "CREATE DATABASE d", "USE d",
		"CREATE TABLE k (a VARCHAR(32), b CHAR(3) CHARACTER SET latin1, c DECIMAL(12,2), d DATETIME(3), e TEXT, f ENUM('x'), g BIGINT, h TIMESTAMP, i VARBINARY(7), "+
			"KEY k1 (a), KEY k2 (b, c), KEY k3 (d), KEY k4 (e(10)), KEY k5 (f, g), KEY k6 (h, i))")
	tb := c.Table("d", "k")
	want := map[string]int{"k1": 128, "k2": 3 + 6, "k3": 5 + 2, "k4": 40, "k5": 1 + 8, "k6": 4 + 7}
	for _, ix := range tb.Indexes {
		if got := tb.KeyBytes(ix, c.Flavor.Charsets); got != want[ix.Name] {
			t.Errorf("%s: %d bytes, want %d", ix.Name, got, want[ix.Name])
		}
	}
}
