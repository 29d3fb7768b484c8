package querylog

import (
	"reflect"
	"testing"
)

func TestDigest(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"select * from t where a = 1 and b='x' -- hi\n and c in (1, 2,3)",
			"SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?+)"},
		{"SELECT  *\nFROM t WHERE a=1 AND b = \"y\" and c IN(4)",
			"SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?+)"},
		{"INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b'), (-3, _latin1'c')",
			"INSERT INTO t(a, b) VALUES (?, ?)+"},
		{"insert into t(a,b) values(1,'a')",
			"INSERT INTO t(a, b) VALUES (?, ?)+"},
		// rows of different widths are not collapsed
		{"INSERT INTO t VALUES (1, 2), (3)", "INSERT INTO t VALUES (?, ?), (?)"},
		{"SELECT COUNT(*), count (*), Count(x) FROM t WHERE x = -1 AND y = a - 1 AND z = 0x1F AND w = X'1f' AND v = b'01' AND u = N'abc' AND s = 1.5e3 AND r = .5",
			"SELECT COUNT(*), COUNT(*), COUNT(x) FROM t WHERE x = ? AND y = a - ? AND z = ? AND w = ? AND v = ? AND u = ? AND s = ? AND r = ?"},
		// executable comments are SQL; hints and suppressions are kept;
		// other comments go
		{"SELECT /*!40001 SQL_NO_CACHE */ * FROM t /* plain */ WHERE a = ? # end",
			"SELECT /*!40001 SQL_NO_CACHE */ * FROM t WHERE a = ?"},
		{"SELECT /*+ BKA(t) */ t.select, t.`from`, @x := 1, @@session.sql_mode FROM `db`.`t` t",
			"SELECT /*+ BKA(t) */ t.select, t.`from`, @x := ?, @@session.sql_mode FROM `db`.`t` t"},
		{"SELECT * FROM t1 JOIN t2 ON t1.a = t2.b COLLATE utf8mb4_bin WHERE t1.c IN (SELECT c FROM t3 WHERE d = 'x') -- collint:ignore CL101 known",
			"SELECT * FROM t1 JOIN t2 ON t1.a = t2.b COLLATE utf8mb4_bin WHERE t1.c IN (SELECT c FROM t3 WHERE d = ?) -- collint:ignore CL101 known"},
		// identifiers that start with digits are not numbers
		{"SELECT 1abc, 123, 1e5, 12e, a.1b FROM t", "SELECT 1abc, ?, ?, 12e, a.1b FROM t"},
		// NULL in a list: not collapsed
		{"UPDATE t SET a = VALUES(a), b = 'x' WHERE id IN (1, 'a', NULL)",
			"UPDATE t SET a = VALUES (a), b = ? WHERE id IN (?, ?, NULL)"},
		{"SELECT * FROM t WHERE a = 'it''s' AND b = 'a\\'b' AND c = DATE '2024-01-01' AND d = _utf8mb4 'x' COLLATE utf8mb4_bin",
			"SELECT * FROM t WHERE a = ? AND b = ? AND c = DATE ? AND d = ? COLLATE utf8mb4_bin"},
		// table names keep their case
		{"SELECT * FROM Orders o WHERE o.Id = 1", "SELECT * FROM Orders o WHERE o.Id = ?"},
		{"SELECT a-1, (a)-1, f(-1), -1.5", "SELECT a - ?, (a) - ?, f(?), ?"},
		{"", ""},
		{"SELECT 'unterminated", "SELECT ?"},
		{"SELECT a FROM t WHERE b <=> 1 OR c->>'$.x' = 'y' OR d != 2", "SELECT a FROM t WHERE b <=> ? OR c ->> ? = ? OR d != ?"},
	} {
		if got := Digest(c.sql); got != c.want {
			t.Errorf("Digest(%q)\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

func TestShape(t *testing.T) {
	d, lits := Shape("SELECT * FROM t WHERE a IN (1, 'b', ?) AND c = _latin1'x' AND d = -2")
	if d != "SELECT * FROM t WHERE a IN (?+) AND c = ? AND d = ?" {
		t.Errorf("digest %q", d)
	}
	if want := []string{"1", "'b'", "?", "_latin1'x'", "-2"}; !reflect.DeepEqual(lits, want) {
		t.Errorf("literals %q, want %q", lits, want)
	}
	if _, lits := Shape("SELECT a FROM t"); lits != nil {
		t.Errorf("literals %q", lits)
	}
}

func TestKey(t *testing.T) {
	same := [][2]string{
		{"SELECT * FROM t WHERE a IN (1, 2, 3)", "select * from t where a in (4,5)"},
		{"SELECT * FROM t WHERE a IN (1, 2, 3)", "SELECT * FROM t WHERE a IN (7)"},
		{"SELECT * FROM t WHERE a = 'abc'", "SELECT * FROM t WHERE a = 'xyz'"},
		{"INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO t VALUES (3, 'c')"},
		{"SELECT * FROM t WHERE a IN ('a', 1, 'b')", "SELECT * FROM t WHERE a IN (2, 'c')"},
	}
	for _, p := range same {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key differs:\n%q\n%q", Key(p[0]), Key(p[1]))
		}
	}
	differ := [][2]string{
		{"SELECT * FROM t WHERE a IN (1, 2)", "SELECT * FROM t WHERE a IN (1, '2')"},
		{"SELECT * FROM t WHERE a = 'abc'", "SELECT * FROM t WHERE a = 'äbc'"},
		{"SELECT * FROM t WHERE a = 'abc'", "SELECT * FROM t WHERE a = '123'"},
		{"SELECT * FROM t WHERE a = 'abc'", "SELECT * FROM t WHERE a = _latin1'abc'"},
		{"SELECT * FROM t WHERE a = 1", "SELECT * FROM t WHERE a = -1"},
		{"SELECT * FROM t WHERE a = 1", "SELECT * FROM t WHERE a = ?"},
		{"SELECT * FROM t WHERE a = 1.5", "SELECT * FROM t WHERE a = 1.55"},
		{"INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO t VALUES ('1', 'a')"},
		{"SELECT * FROM t WHERE a = 1", "SELECT * FROM T WHERE a = 1"},
	}
	for _, p := range differ {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("same Key %q for\n%q\n%q", Key(p[0]), p[0], p[1])
		}
	}
}

func TestClass(t *testing.T) {
	for _, c := range []struct{ lit, want string }{
		{"?", "?"}, {"1", "i1"}, {"-12", "-i2"}, {"1.50", "d1.2"}, {".5", "d0.1"}, {"1e5", "f"}, {"-1.5E-3", "-f"},
		{"0x1F", "x"}, {"X'1f'", "x"}, {"b'01'", "b"}, {"0b01", "b"}, {"_binary 0x41", "x_binary"}, {"_latin1 X'41'", "x_latin1"},
		{"'abc'", "s:a"}, {"''", "s:ae"}, {"'é'", "s:l"}, {"'Ω'", "s:u"}, {"'😀'", "s:U"}, {"'12.5'", "s:an"},
		{"'2024-01-01'", "s:at"}, {"'20240101'", "s:ant"}, {"\"x\"", "s:a"}, {"N'abc'", "sN:a"}, {"_utf8mb4'x'", "s_utf8mb4:a"},
		{"'it''s'", "s:a"}, {"'\\xff'", "s:a"}, {"'\xff'", "s:!"},
	} {
		if got := Class(c.lit); got != c.want {
			t.Errorf("Class(%q) = %q, want %q", c.lit, got, c.want)
		}
	}
}
