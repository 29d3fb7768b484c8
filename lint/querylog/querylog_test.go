package querylog

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type want struct {
	line, col int
	db, sql   string
}

func scanFile(t *testing.T, name string, f Format) ([]Statement, []*Error) {
	t.Helper()
	r, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []Statement
	var errs []*Error
	sc := Scanner{Format: f, OnError: func(e *Error) error { errs = append(errs, e); return nil }}
	if err := sc.Scan(r, func(s Statement) error { out = append(out, s); return nil }); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out, errs
}

func check(t *testing.T, name string, got []Statement, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		for _, s := range got {
			t.Logf("%d:%d db=%q %q", s.Line, s.Col, s.DB, s.SQL)
		}
		t.Fatalf("%s: %d statements, want %d", name, len(got), len(wants))
	}
	for i, w := range wants {
		s := got[i]
		if s.Line != w.line || s.Col != w.col || s.DB != w.db || s.SQL != w.sql {
			t.Errorf("%s #%d:\n got %d:%d db=%q %q\nwant %d:%d db=%q %q", name, i, s.Line, s.Col, s.DB, s.SQL, w.line, w.col, w.db, w.sql)
		}
	}
}

func TestSlowMySQL8(t *testing.T) {
	got, _ := scanFile(t, "slow_mysql8.log", Auto)
	check(t, "slow_mysql8.log", got, []want{
		{9, 1, "shop", "SELECT o.id, o.total\n  FROM orders o\n  JOIN customers c ON c.email = o.customer_email\n WHERE c.country = 'DE'\n   AND o.created_at >= '2024-01-01'"},
		// no "use": the database last written to the log
		{18, 1, "shop", "SELECT id FROM products WHERE sku = 'A;B' AND note = 'it''s; fine'"},
		// "# administrator command: Quit;" is skipped; a "# " line inside a
		// statement whose line before does not end in ";" is SQL
		{29, 1, "reporting", "INSERT INTO daily_totals (day, shop_code, total)\nSELECT DATE(created_at), shop_code, SUM(total)\n# group per shop\nFROM shop.orders GROUP BY 1, 2"},
		// ";" at the end of a line inside a string does not end it
		{37, 1, "reporting", "SELECT 'a;\n# not a header'"},
		// after the banner of a restart the log's database is forgotten;
		// ";;" (the statement's own ";" and the one mysqld adds) is dropped
		{46, 1, "", "SELECT name FROM customers WHERE name LIKE '%müller%' /* ü; */ ORDER BY name"},
		{51, 4, "", "select count(*) from orders where status = 1"},
		// "# Time:" always starts an entry, even after an unterminated string
		{55, 1, "", "SELECT 1 FROM dual WHERE 'unterminated"},
		// no ";" and no newline at the end of the file
		{60, 1, "", "SELECT * FROM orders WHERE id = 42"},
	})
}

func TestSlowPercona(t *testing.T) {
	got, _ := scanFile(t, "slow_percona.log", Slow)
	check(t, "slow_percona.log", got, []want{
		{10, 1, "inventory", "update stock s\n      inner join warehouse.bins b using(bin_code)\n      set s.qty = b.qty"},
		{17, 1, "catalog", "SELECT title FROM books WHERE isbn IN ('978-3', '979-1', 42)"},
		// "Schema: " empty; the entry's "use" wins anyway
		{22, 1, "archive", "SELECT title FROM old_books WHERE isbn = _latin1'978-3' COLLATE latin1_bin"},
		{30, 1, "catalog", "SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM authors WHERE name = \"O'Brien\""},
	})
}

func TestSlowCRLFNoHeader(t *testing.T) {
	got, _ := scanFile(t, "slow_crlf_noheader.log", Auto)
	check(t, "slow_crlf_noheader.log", got, []want{
		{1, 1, "", "SELECT 1 FROM t WHERE a = 1"}, // BOM skipped, not counted
		{7, 1, "app", "SELECT u.id\n  FROM users u\n WHERE u.login = 'bob'"},
		{14, 1, "app", "SELECT 2"},
	})
}

func TestGeneralMySQL8(t *testing.T) {
	got, _ := scanFile(t, "general_mysql8.log", Auto)
	check(t, "general_mysql8.log", got, []want{
		{5, 41, "shop", "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci"},
		{7, 41, "shop", "SELECT o.id\n  FROM orders o\n  JOIN customers c ON c.email = o.customer_email\n WHERE c.country = 'DE'"},
		{11, 41, "", "SELECT 1"}, // connection 82 connected without a database
		{13, 41, "reporting", "SELECT day, total FROM daily_totals WHERE shop_code = 7"},
		// Prepare is skipped (with its continuation line), Execute is SQL
		{16, 43, "shop", "SELECT * FROM orders\nWHERE id = 42"},
		// Query "use `shop`" changed connection 82's database
		{20, 41, "shop", "SELECT sku FROM products WHERE note = 'a;b'"},
		// after Quit, id 82 is a new connection
		{23, 41, "", "SELECT 2"},
		// the statement starts on the line after the entry
		{25, 1, "shop", "SELECT name FROM customers WHERE name = _utf8mb4'Zoë' COLLATE utf8mb4_bin"},
	})
}

func TestGeneralMySQL55(t *testing.T) {
	got, _ := scanFile(t, "general_mysql55.log", Auto)
	check(t, "general_mysql55.log", got, []want{
		{5, 15, "inventory", "SELECT * FROM stock\n                WHERE warehouse = 'north'\n                  AND qty < 10"},
		{9, 29, "inventory", "SELECT COUNT(*) FROM stock"},
		{11, 15, "", "select 1 from dual"},
		{13, 15, "archive", "SELECT * FROM stock_2019 WHERE sku LIKE 'A%'"},
		{14, 36, "archive", "SELECT sku FROM stock_2019 WHERE qty = 0"}, // blanks instead of tabs
	})
}

func TestJSONLines(t *testing.T) {
	got, errs := scanFile(t, "queries.jsonl", Auto)
	check(t, "queries.jsonl", got, []want{
		{1, 49, "shop", "SELECT id FROM orders WHERE customer_email = 'a@b.c'"},
		{2, 12, "crm", "SELECT name\nFROM customers\nWHERE name = 'Zoë' AND note = \"x\\\"y\""},
		{4, 12, "", "SELECT 1"},
		{6, 16, "shop", "DELETE FROM carts WHERE updated_at < '2024-01-01'"},
		{12, 10, "emoji", "SELECT '😀' = name, 'é' = n2 FROM t"},
	})
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	wantErrs := []string{
		`5:9: field "sql" is not a string`,
		`7:1: not a JSON object`,
		`8:30: invalid JSON: unexpected end of line`,
		`9: no "sql" field (nor "query" or "statement")`,
		`10:1: not a JSON object`,
		`11:52: text after the JSON object`,
	}
	if strings.Join(msgs, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(wantErrs, "\n"))
	}
	// Positions inside escaped text.
	s := got[1]
	for _, c := range []struct {
		sub       string
		line, col int
	}{{"FROM", 2, 25}, {"WHERE", 2, 41}, {"ë", 2, 57}, {"' AND", 2, 63}, {"\\\"y", 2, 79}} {
		off := strings.Index(s.SQL, c.sub)
		if l, col := s.Pos(off); l != c.line || col != c.col {
			t.Errorf("Pos(%q) = %d:%d, want %d:%d", c.sub, l, col, c.line, c.col)
		}
	}
	s = got[4]
	if _, col := s.Pos(strings.Index(s.SQL, "= name")); col != 32 {
		t.Errorf("after a surrogate pair: col %d, want 32", col)
	}
}

// Scan (without a Scanner) reports line problems at the end.
func TestScanJoinsLineErrors(t *testing.T) {
	n := 0
	err := Scan(strings.NewReader("{\"sql\":\"SELECT 1\"}\nnope\n{\"sql\":\"SELECT 2\"}\n"), JSONLines, func(Statement) error { n++; return nil })
	var le *Error
	if n != 2 || !errors.As(err, &le) || le.Line != 2 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	// Without OnError a Scanner stops at the first problem.
	n = 0
	err = (&Scanner{Format: JSONLines}).Scan(strings.NewReader("{\"sql\":\"SELECT 1\"}\nnope\n{\"sql\":\"SELECT 2\"}\n"), func(Statement) error { n++; return nil })
	if n != 1 || !errors.As(err, &le) {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

// Every statement's text is where Line/Col and Pos say it is.
func TestPositions(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, path := range files {
		name := filepath.Base(path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := scanFile(t, name, Auto)
		if len(got) == 0 {
			t.Errorf("%s: no statements", name)
		}
		lines := splitLines(data)
		for _, s := range got {
			if err := checkPositions(lines, s); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

func splitLines(data []byte) []string {
	return strings.Split(strings.TrimPrefix(string(data), "\xEF\xBB\xBF"), "\n")
}

// checkPositions verifies s against the log text: every character of
// s.SQL is at s.Pos of its offset (for JSON text, there or at the
// backslash of the escape that produced it).
func checkPositions(lines []string, s Statement) error {
	cached, l := 0, []rune(nil)
	at := func(line, col int) (rune, bool) {
		if line < 1 || line > len(lines) {
			return 0, false
		}
		if line != cached {
			cached, l = line, []rune(strings.TrimSuffix(lines[line-1], "\r"))
		}
		if col == len(l)+1 {
			return '\n', true
		}
		if col < 1 || col > len(l) {
			return 0, false
		}
		return l[col-1], true
	}
	if r, ok := at(s.Line, s.Col); !ok || (r != []rune(s.SQL)[0] && !(s.anchors != nil && r == '\\')) {
		return fmt.Errorf("%d:%d: %q is not at the start of %q", s.Line, s.Col, string(r), s.SQL)
	}
	// Pos counts from the start of SQL: for long statements check ~2,000
	// offsets spread over it.
	step := max(1, len(s.SQL)/2000)
	next := 0
	for off, want := range s.SQL {
		if off < next {
			continue
		}
		next = off + step
		line, col := s.Pos(off)
		r, ok := at(line, col)
		if !ok || (r != want && !(s.anchors != nil && r == '\\')) {
			return fmt.Errorf("%d:%d: offset %d of %q is %q, file has %q", line, col, off, s.SQL, want, r)
		}
	}
	return nil
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		head string
		want Format
	}{
		{"", Auto},
		{"\n\n", Auto},
		{"SELECT 1;\n", Auto},
		{"# Time: 071015 21:43:52\n# User@Host: root[root] @ localhost []\n", Slow},
		{"# Query_time: 1\nfoo;\n", Slow},
		{"# User@Host: root[root] @ localhost []\n", Slow},
		{"/usr/sbin/mysqld, Version: 5.7.12-log (x). started with:\nTcp port: 3306  Unix socket: /tmp/s\nTime                 Id Command    Argument\n# Time: 2016-07-20T18:13:25.698433Z\n", Slow},
		{"/usr/sbin/mysqld, Version: 5.7.12-log (x). started with:\nTcp port: 3306  Unix socket: /tmp/s\nTime                 Id Command    Argument\n2016-06-07T19:07:02.558338Z    3 Connect\tphp@localhost on  using Socket\n", General},
		{"/usr/sbin/mysqld, Version: 5.7.12-log (x). started with:\r\nTcp port: 3306  Unix socket: /tmp/s\r\nTime                 Id Command    Argument\r\n", General},
		{"051007 21:55:24\t     42 Connect     root@localhost on db1\n", General},
		{"\t\t12345 Connect\tAccess denied for user 'nobody'@'localhost'\n", General},
		{"100211  0:55:24      51 Query       SELECT category_id\n", General},
		{"2018-09-07T18:45:40.098124+08:00\t257426 Query\tset autocommit=0\n", General},
		{"{\"sql\":\"SELECT 1\"}\n", JSONLines},
		{"\xEF\xBB\xBF  {\"query\":\"SELECT 1\"}\n", JSONLines},
		{"SELECT 1;\n# Time: 071015 21:43:52\n", Slow}, // header cut off
	} {
		if got := Detect([]byte(c.head)); got != c.want {
			t.Errorf("Detect(%q) = %v, want %v", c.head, got, c.want)
		}
	}
}

func TestScanAutoUnknownAndEmpty(t *testing.T) {
	if err := Scan(strings.NewReader("SELECT 1;\nSELECT 2;\n"), Auto, func(Statement) error { return nil }); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("plain SQL: %v", err)
	}
	for _, in := range []string{"", "\n \n", "/usr/sbin/mysqld, Version: 5.7 (x). started with:\nTcp port: 3306  Unix socket: x\nTime                 Id Command    Argument\n"} {
		n := 0
		if err := Scan(strings.NewReader(in), Auto, func(Statement) error { n++; return nil }); err != nil || n != 0 {
			t.Errorf("%q: n=%d err=%v", in, n, err)
		}
	}
}

func TestCallbackErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	r, _ := os.Open("testdata/slow_mysql8.log")
	defer r.Close()
	err := Scan(r, Auto, func(Statement) error { n++; return stop })
	if err != stop || n != 1 {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

// A statement longer than the reader's buffer (a big IN list).
func TestLongStatement(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# Time: 2024-03-05T10:15:02.418273Z\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT * FROM t WHERE id IN (1")
	for i := 2; i < 200000; i++ {
		fmt.Fprintf(&b, ",%d", i)
	}
	b.WriteString(")\n  AND name = 'x';\n# Time: 2024-03-05T10:15:03.418273Z\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT 2;\n")
	var got []Statement
	if err := Scan(&b, Auto, func(s Statement) error { got = append(got, s); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !strings.HasSuffix(got[0].SQL, ")\n  AND name = 'x'") || got[1].SQL != "SELECT 2" || got[1].Line != 7 {
		t.Fatalf("got %d statements", len(got))
	}
	if l, c := got[0].Pos(strings.Index(got[0].SQL, "AND")); l != 4 || c != 3 {
		t.Errorf("Pos = %d:%d", l, c)
	}
	d := Digest(got[0].SQL)
	if d != "SELECT * FROM t WHERE id IN (?+) AND name = ?" {
		t.Errorf("digest %q", d)
	}
}

func TestSetTimestampAndUse(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"SET timestamp=1709633702;", true},
		{"SET last_insert_id=77,insert_id=78,timestamp=1709633705;", true},
		{"SET insert_id=34484549,timestamp=1197996507;", true},
		{"SET timestamp=1709633702.123456;", true},
		{"SET autocommit=1;", false},
		{"SET insert_id=1;", false},
		{"SET timestamp=1", false},
	} {
		if got := isSetTimestamp([]byte(c.line)); got != c.want {
			t.Errorf("isSetTimestamp(%q) = %v", c.line, got)
		}
	}
	for _, c := range []struct{ line, db string }{
		{"use test;", "test"}, {"USE `my db`;", "my db"}, {"use foo", "foo"}, {"use `a``b`;", "a`b"},
		{"user_id = 1", ""}, {"use a b;", ""}, {"use;", ""},
	} {
		db, ok := useDB([]byte(c.line))
		if db != c.db || ok != (c.db != "") {
			t.Errorf("useDB(%q) = %q, %v", c.line, db, ok)
		}
	}
	for _, c := range []struct {
		arg string
		db  string
		ok  bool
	}{
		{"root@localhost on db1", "db1", true},
		{"root@localhost on  using Socket", "", true},
		{"app@10.0.0.1 on shop using TCP/IP", "shop", true},
		{"nobody@localhost as  on ", "", true},
		{"Access denied for user 'nobody'@'localhost' (using password: NO)", "", false},
	} {
		db, ok := connectDB([]byte(c.arg))
		if db != c.db || ok != c.ok {
			t.Errorf("connectDB(%q) = %q, %v", c.arg, db, ok)
		}
	}
}

func TestComplete(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"SELECT 1;", true},
		{"SELECT 'a;", false},
		{"SELECT 'it''s;", false},
		{"SELECT 'it''s';", true},
		{`SELECT 'a\';`, false},
		{`SELECT 'a\\';`, true},
		{"SELECT \"a;", false},
		{"SELECT `a;", false},
		{"SELECT /* a;", false},
		{"SELECT /* a */ 1;", true},
		{"SELECT 1 -- it's;", true},
		{"SELECT 1 # it's;", true},
		{"SELECT 1 -- it's\n, 'x;", false},
	} {
		if got := complete([]byte(c.text)); got != c.want {
			t.Errorf("complete(%q) = %v", c.text, got)
		}
	}
}

func TestPosClamp(t *testing.T) {
	s := Statement{SQL: "ab\ncd", Line: 3, Col: 5}
	for _, c := range []struct{ off, line, col int }{{-1, 3, 5}, {0, 3, 5}, {1, 3, 6}, {2, 3, 7}, {3, 4, 1}, {5, 4, 3}, {99, 4, 3}} {
		if l, col := s.Pos(c.off); l != c.line || col != c.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
	if s.LineAt(4) != 4 {
		t.Error("LineAt")
	}
	// inside a multi-byte character: where it starts
	s = Statement{SQL: "é1", Line: 1, Col: 1}
	if _, col := s.Pos(1); col != 1 {
		t.Errorf("col %d", col)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"slow": Slow, "general": General, "jsonl": JSONLines, "ndjson": JSONLines, "": Auto, "AUTO": Auto} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %v, %v", in, f, err)
		}
	}
	if _, err := ParseFormat("csv"); err == nil {
		t.Error("csv accepted")
	}
}
