package sqlsplit

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// naivePos computes the position of off the slow, obvious way.
func naivePos(src string, off int) Pos {
	base := 0
	if strings.HasPrefix(src, "\xEF\xBB\xBF") {
		base = 3
	}
	line, ls := 1, base
	for i := base; i < off; i++ {
		if src[i] == '\n' {
			line++
			ls = i + 1
		}
	}
	if off < base {
		return Pos{Offset: off, Line: 1, Col: 1}
	}
	return Pos{Offset: off, Line: line, Col: 1 + utf8.RuneCountInString(src[ls:off])}
}

// checkInvariants verifies what must hold for any input: Text is the source
// range with some bytes blanked, positions agree with a naive computation,
// statements are in order.
func checkInvariants(t *testing.T, src string, stmts []Statement, errs []Error) {
	t.Helper()
	prev := -1
	for k, st := range stmts {
		if st.Start.Offset <= prev || st.Start.Offset < 0 || st.End.Offset > len(src) {
			t.Fatalf("stmt %d: start %d after previous start %d / end %d outside input of %d", k, st.Start.Offset, prev, st.End.Offset, len(src))
		}
		prev = st.Start.Offset
		if st.Text == "" {
			t.Fatalf("stmt %d: empty text", k)
		}
		if got := st.End.Offset - st.Start.Offset; got != len(st.Text) {
			t.Fatalf("stmt %d: text length %d, range length %d", k, len(st.Text), got)
		}
		orig := src[st.Start.Offset:st.End.Offset]
		for i := 0; i < len(orig); i++ {
			if st.Text[i] != orig[i] && (st.Text[i] != ' ' || orig[i] == '\n' || orig[i] == '\r') {
				t.Fatalf("stmt %d: byte %d is %q, source has %q", k, i, st.Text[i], orig[i])
			}
		}
		if st.Text[0] != orig[0] || st.Text[len(orig)-1] != orig[len(orig)-1] {
			t.Fatalf("stmt %d: text %q starts or ends with a blanked byte", k, st.Text)
		}
		if want := naivePos(src, st.Start.Offset); st.Start != want {
			t.Fatalf("stmt %d: Start %+v, want %+v", k, st.Start, want)
		}
		if want := naivePos(src, st.End.Offset); st.End != want {
			t.Fatalf("stmt %d: End %+v, want %+v", k, st.End, want)
		}
		step := 1 + len(st.Text)/37
		for i := 0; i <= len(st.Text); i += step {
			if got, want := st.PosAt(i), naivePos(src, st.Start.Offset+i); got != want {
				t.Fatalf("stmt %d: PosAt(%d) = %+v, want %+v", k, i, got, want)
			}
		}
		for _, c := range st.Comments {
			if !strings.HasPrefix(src[c.Pos.Offset:], c.Text) || naivePos(src, c.Pos.Offset) != c.Pos {
				t.Fatalf("stmt %d: comment %q at %+v does not match the source", k, c.Text, c.Pos)
			}
		}
	}
	for _, e := range errs {
		if want := naivePos(src, e.Pos.Offset); e.Pos != want {
			t.Fatalf("error %q at %+v, want %+v", e.Msg, e.Pos, want)
		}
	}
}

// st describes an expected statement: its text and the line:col of its
// start; delim is checked when not "-".
type st struct {
	text  string
	at    string // "line:col", "" to skip
	delim string // "-" to skip
}

func s(text string) st          { return st{text, "", "-"} }
func sa(text, at string) st     { return st{text, at, "-"} }
func sd(text, delim string) st  { return st{text, "", delim} }
func sad(text, at, d string) st { return st{text, at, d} }

var (
	mysql84  = Options{ServerVersion: 80400}
	mysql97  = Options{ServerVersion: 90700}
	maria    = Options{ServerVersion: 101100, MariaDB: true}
	strip84  = Options{ServerVersion: 80400, Comments: Off}
	keep8040 = Options{ServerVersion: 80040, Comments: On}
	cmdsOn   = Options{Commands: On} // MySQL 9.7 client with --commands
)

type splitCase struct {
	name string
	src  string
	opts Options
	want []st
	errs []string // "line:col msg-substring"
}

func runCases(t *testing.T, cases []splitCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stmts, errs := Split([]byte(tc.src), tc.opts)
			checkInvariants(t, tc.src, stmts, errs)
			if len(stmts) != len(tc.want) {
				t.Fatalf("got %d statements, want %d:\n%s", len(stmts), len(tc.want), dump(stmts, errs))
			}
			for i, w := range tc.want {
				g := stmts[i]
				if g.Text != w.text {
					t.Errorf("stmt %d text %q, want %q", i, g.Text, w.text)
				}
				if w.at != "" && fmt.Sprintf("%d:%d", g.Start.Line, g.Start.Col) != w.at {
					t.Errorf("stmt %d at %d:%d, want %s", i, g.Start.Line, g.Start.Col, w.at)
				}
				if w.delim != "-" && g.Delimiter != w.delim {
					t.Errorf("stmt %d delimiter %q, want %q", i, g.Delimiter, w.delim)
				}
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("got errors %v, want %v", errs, tc.errs)
			}
			for i, w := range tc.errs {
				at, msg, _ := strings.Cut(w, " ")
				e := errs[i]
				if fmt.Sprintf("%d:%d", e.Pos.Line, e.Pos.Col) != at || !strings.Contains(e.Msg, msg) {
					t.Errorf("error %d: %d:%d %q, want %s %q", i, e.Pos.Line, e.Pos.Col, e.Msg, at, msg)
				}
			}
		})
	}
}

// blankOut replaces, left to right, each of parts in s by as many spaces.
func blankOut(s string, parts ...string) string {
	b := []byte(s)
	from := 0
	for _, p := range parts {
		i := strings.Index(s[from:], p)
		if i < 0 {
			panic("blankOut: " + p + " not in " + s[from:])
		}
		for k := from + i; k < from+i+len(p); k++ {
			if b[k] != '\n' && b[k] != '\r' {
				b[k] = ' '
			}
		}
		from += i + len(p)
	}
	return string(b)
}

func dump(stmts []Statement, errs []Error) string {
	var b strings.Builder
	for _, s := range stmts {
		fmt.Fprintf(&b, "  %d:%d %q delim=%q\n", s.Start.Line, s.Start.Col, s.Text, s.Delimiter)
	}
	for _, e := range errs {
		fmt.Fprintf(&b, "  error %v\n", e)
	}
	return b.String()
}

func TestBasics(t *testing.T) {
	runCases(t, []splitCase{
		{name: "two", src: "SELECT 1;SELECT 2;", want: []st{sad("SELECT 1", "1:1", ";"), sad("SELECT 2", "1:10", ";")}},
		{name: "no final delimiter", src: "SELECT 1;\nSELECT 2\n", want: []st{s("SELECT 1"), sad("SELECT 2", "2:1", "")}},
		{name: "empty statements dropped", src: ";;  ; \n ;\n", want: nil},
		{name: "empty input", src: "", want: nil},
		{name: "only comments", src: "-- a\n# b\n/* c */\n", want: nil},
		{name: "only comments and delimiters", src: "-- a\n;/* c */;", want: nil},
		{name: "multi-line", src: "SELECT\n  a,\n  b\nFROM t\n;\n", want: []st{sa("SELECT\n  a,\n  b\nFROM t", "1:1")}},
		{name: "leading whitespace", src: "  \n\t SELECT 1 ;", want: []st{sa("SELECT 1", "2:3")}},
		{name: "several on a line", src: "SELECT 1; SELECT 2;SELECT 3", want: []st{sa("SELECT 1", "1:1"), sa("SELECT 2", "1:11"), sa("SELECT 3", "1:20")}},
	})
}

func TestQuotes(t *testing.T) {
	runCases(t, []splitCase{
		{name: "delimiters in strings", src: "SELECT 'a;b', \"c;d\", `e;f`;SELECT 2;",
			want: []st{s("SELECT 'a;b', \"c;d\", `e;f`"), s("SELECT 2")}},
		{name: "backslash escaped quote", src: `SELECT 'it\'s;', "a\";b";SELECT 2;`,
			want: []st{s(`SELECT 'it\'s;', "a\";b"`), s("SELECT 2")}},
		{name: "escaped backslash before quote", src: `SELECT 'a\\';SELECT 2;`,
			want: []st{s(`SELECT 'a\\'`), s("SELECT 2")}},
		{name: "doubled quotes", src: "SELECT 'it''s;', \"a\"\";\", `x``;`;SELECT 2;",
			want: []st{s("SELECT 'it''s;', \"a\"\";\", `x``;`"), s("SELECT 2")}},
		{name: "no escapes in backticks", src: "SELECT `a\\`;SELECT 2;",
			want: []st{s("SELECT `a\\`"), s("SELECT 2")}},
		{name: "comment markers in strings", src: "SELECT '-- x', '# y', '/* z';SELECT 2;",
			want: []st{s("SELECT '-- x', '# y', '/* z'"), s("SELECT 2")}},
		{name: "string over lines", src: "INSERT INTO t VALUES ('a;\nb;\r\nc');\nSELECT 2;",
			want: []st{s("INSERT INTO t VALUES ('a;\nb;\r\nc')"), sa("SELECT 2", "4:1")}},
		{name: "backslash at end of line in string", src: "SELECT 'a\\\n;b';SELECT 2;",
			want: []st{s("SELECT 'a\\\n;b'"), s("SELECT 2")}},
		{name: "no backslash escapes", src: `SELECT 'a\'; SELECT 2;`, opts: Options{NoBackslashEscapes: true},
			want: []st{s(`SELECT 'a\'`), s("SELECT 2")}},
		{name: "backslash escapes by default", src: "SELECT 1;\nSELECT 'a\\'; SELECT 2;",
			want: []st{s("SELECT 1")}, errs: []string{"2:8 unterminated string"}},
	})
}

func TestComments(t *testing.T) {
	runCases(t, []splitCase{
		{name: "leading comments do not shift start", src: "-- c;\n# d;\n/* e; */  SELECT 1;",
			want: []st{sa("SELECT 1", "3:11")}},
		{name: "trailing line comment excluded", src: "SELECT 1; -- done; really\nSELECT 2 # x;\n;",
			want: []st{s("SELECT 1"), s("SELECT 2")}},
		{name: "inner comments kept", src: "SELECT 1 -- one;\n, 2 # two;\n, /* three; */ 3;",
			want: []st{s("SELECT 1 -- one;\n, 2 # two;\n, /* three; */ 3")}},
		{name: "trailing block comment excluded", src: "SELECT 1 /* c */ ;",
			want: []st{s("SELECT 1")}},
		{name: "dash dash needs whitespace", src: "SELECT 1--1;\nSELECT 2 --\n;SELECT 3 --\tx;\n;",
			want: []st{s("SELECT 1--1"), s("SELECT 2"), s("SELECT 3")}},
		{name: "dash dash at statement start MySQL", src: "--x;\nSELECT 1;",
			want: []st{s("--x"), s("SELECT 1")}},
		{name: "dash dash at statement start MariaDB", src: "--x;\nSELECT 1;", opts: maria,
			want: []st{sa("SELECT 1", "2:1")}},
		{name: "block comment over lines", src: "SELECT /* a;\nb; */ 1;\n",
			want: []st{s("SELECT /* a;\nb; */ 1")}},
		{name: "comment markers do not nest", src: "SELECT /* a /* b */ 1;",
			want: []st{s("SELECT /* a /* b */ 1")}},
		{name: "client and server disagree: /*/ inside a comment, --comments sends it as is", src: "SELECT /* x /*/ 1; */ 2;",
			want: []st{s("SELECT /* x /*/ 1; */ 2")}},
		{name: "client and server disagree: /*/ inside a comment, --skip-comments", src: "SELECT /* x /*/ 1; */ 2;", opts: strip84,
			want: []st{s(blankOut("SELECT /* x /*/ 1; */ 2", "/* x /*/ 1; */"))}},
		{name: "/*! in a comment, --skip-comments", src: "SELECT /* a /*!x */ b; */ 1;", opts: strip84,
			want: []st{s(blankOut("SELECT /* a /*!x */ b; */ 1", "/* a /*!x */ b; */"))}},
		{name: "/*! in a comment, MariaDB", src: "SELECT /* a /*!x */ b; */ 1;", opts: maria,
			want: []st{s(blankOut("SELECT /* a /*!x */ b; */ 1", "/* a /*!x */ b; */"))}},
		{name: "/*! in a comment, MySQL 9 --comments", src: "SELECT /* a /*!x */ b; */ 1;", opts: mysql97,
			want: []st{s("SELECT /* a /*!x */ b; */ 1")}},
		{name: "/*+ in a comment, MySQL 9 --comments", src: "SELECT /* a /*+x */ b; */ 1;", opts: mysql97,
			want: []st{s("SELECT /* a /*+x */ b; */ 1")}},
		{name: "/*+ in a comment, MariaDB", src: "SELECT /* a /*+x */ b; */ 1;", opts: maria,
			want: []st{s("SELECT /* a /*+x */ b"), s("*/ 1")}},
		{name: "/*! in a comment only matters on its own line", src: "SELECT /* a /*!\n b */ c; */;", opts: strip84,
			want: []st{s("SELECT /* a /*!\n b */ c"), s("*/")}},
		{name: "/*! in a comment on the closing line", src: "SELECT 1 /* a\n /*! b */ c; */\n;", opts: strip84,
			want: []st{s("SELECT 1")}},
	})
}

func TestDelimiter(t *testing.T) {
	runCases(t, []splitCase{
		{name: "procedure", src: "DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND//\nDELIMITER ;\nSELECT 3;",
			want: []st{sad("CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND", "2:1", "//"), sad("SELECT 3", "8:1", ";")}},
		{name: "case and spacing", src: "  delimiter $$  \nSELECT 1$$ SELECT 2 $$\nDeLiMiTeR ;\nSELECT 3;",
			want: []st{sd("SELECT 1", "$$"), sd("SELECT 2", "$$"), sd("SELECT 3", ";")}},
		{name: "double semicolon", src: "DELIMITER ;;\nSELECT 1; SELECT 2;;\nDELIMITER ;\n",
			want: []st{sd("SELECT 1; SELECT 2", ";;")}},
		{name: "quoted argument", src: "DELIMITER 'a b'\nSELECT 1a b\n",
			want: []st{sd("SELECT 1", "a b")}},
		{name: "argument ends at space", src: "DELIMITER // ignored\nSELECT 1//",
			want: []st{sd("SELECT 1", "//")}},
		{name: "argument keeps a semicolon", src: "DELIMITER //;\nSELECT 1//;SELECT 2//",
			want: []st{sd("SELECT 1", "//;"), sd("SELECT 2//", "")}},
		{name: "long argument truncated to 15 bytes", src: "DELIMITER 1234567890abcdefXYZ\nSELECT 1 1234567890abcdef",
			want: []st{sd("SELECT 1", "1234567890abcde"), sd("f", "")}},
		{name: "missing argument", src: "DELIMITER\nSELECT 1;",
			want: []st{sd("SELECT 1", ";")}, errs: []string{"1:1 must be followed"}},
		{name: "no space", src: "DELIMITER//\nSELECT 1;",
			want: []st{sd("SELECT 1", ";")}, errs: []string{"1:1 must be followed"}},
		{name: "no space, MariaDB", src: "DELIMITER//\nSELECT 1;", opts: maria,
			want: []st{sd("DELIMITER//\nSELECT 1", ";")}, errs: []string{"1:1 sends it to the server"}},
		{name: "missing argument after a statement", src: "SELECT 1; DELIMITER ;\nSELECT 2;",
			want: []st{s("SELECT 1"), s("SELECT 2")}, errs: []string{"1:11 must be followed"}},
		{name: "backslash refused", src: "DELIMITER \\\\\nSELECT 1;",
			want: []st{sd("SELECT 1", ";")}, errs: []string{"1:1 backslash"}},
		{name: "delimiter line is not a statement even with the delimiter", src: "DELIMITER ;\nSELECT 1;",
			want: []st{sa("SELECT 1", "2:1")}},
		{name: "delimiter inside string or comment does not split", src: "DELIMITER $$\nSELECT '$$' /* $$ */ -- $$\n$$",
			want: []st{s("SELECT '$$'")}},
		{name: "statement text after a delimiter is not a DELIMITER command", src: "SELECT 1; DELIMITER //\nSELECT 2;\nSELECT 3;",
			opts: strip84, want: []st{s("SELECT 1"), s("SELECT 3")}, errs: []string{"1:11 would take"}},
		{name: "short form", src: "SELECT 1;\\d //\nSELECT 2; SELECT 3//\\d ;\nSELECT 4;", opts: cmdsOn,
			want: []st{sd("SELECT 1", ";"), sd("SELECT 2; SELECT 3", "//"), sd("SELECT 4", ";")}},
		{name: "short form is unknown without --commands", src: "SELECT 1;\\d //\nSELECT 2//;",
			want: []st{sd("SELECT 1", ";"), sd("\\d //\nSELECT 2//", ";")}},
		{name: "short form on a statement line", src: "\\d // SELECT 9//SELECT 10//", opts: cmdsOn,
			want: []st{sd("SELECT 9", "//"), sd("SELECT 10", "//")}},
		{name: "lines shift positions", src: "DELIMITER //\n\n  SELECT 1//\nDELIMITER ;\n\tSELECT 2;",
			want: []st{sa("SELECT 1", "3:3"), sa("SELECT 2", "5:2")}},
		{name: "delimiter after block comment lines, --skip-comments", opts: strip84,
			src:  "/*\n * Cacti\n */\nDELIMITER //\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END//\nDELIMITER ;\nSET @m = f();\n",
			want: []st{sad("CREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END", "5:1", "//"), sad("SET @m = f()", "7:1", ";")}},
		{name: "delimiter after block comment lines, MariaDB", opts: maria,
			src:  "/*\n * Cacti\n */\nDELIMITER //\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END//\nDELIMITER ;\nSET @m = f();\n",
			want: []st{sd("CREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END", "//"), sd("SET @m = f()", ";")}},
		{name: "delimiter after block comment lines, mysql 8.4 --comments", opts: mysql84,
			src: "/*\n * Cacti\n */\nDELIMITER //\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END//\nDELIMITER ;\nSET @m = f();\n",
			want: []st{
				sad("DELIMITER //\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1", "4:1", ";"),
				sad("END//\nDELIMITER", "5:49", ";"),
				sad("SET @m = f()", "7:1", ";"),
			},
			errs: []string{"4:1 sends it to the server"}},
		{name: "delimiter after line comments, --comments", opts: mysql84,
			src:  "--\n-- header\n--\n\nDELIMITER //\nSELECT 1//\n",
			want: []st{sd("SELECT 1", "//")}},
		{name: "delimiter after a blank-looking line, --comments", opts: keep8040,
			src:  "SELECT 1;\n  \n\t\nDELIMITER //\nSELECT 2//;\n",
			want: []st{s("SELECT 1"), sd("SELECT 2", "//"), sd(";", "")}},
		{name: "delimiter after simple comments, MySQL 9 --comments", opts: mysql97,
			src:  "SELECT 1; /* a */\n/* b\n c */\n  /* d */ DELIMITER //\nSELECT 2//",
			want: []st{s("SELECT 1"), sad("SELECT 2", "5:1", "//")}},
		{name: "delimiter after a comment with a star, MySQL 9 --comments", opts: mysql97,
			src:  "SELECT 1;\n/* note * x */\nDELIMITER //\nSELECT 2//;\n",
			want: []st{s("SELECT 1"), sa("DELIMITER //\nSELECT 2//", "3:1")}, errs: []string{"3:1 sends it to the server"}},
		{name: "delimiter after a line comment, MySQL 9 --comments", opts: mysql97,
			src:  "SELECT 1;\n  -- indented\nDELIMITER //\nSELECT 2//;\n",
			want: []st{s("SELECT 1"), sa("DELIMITER //\nSELECT 2//", "3:1")}, errs: []string{"3:1 sends it to the server"}},
		{name: "delimiter after simple comments, MariaDB --comments", opts: Options{MariaDB: true, Comments: On},
			src:  "SELECT 1;\n/* a */\nDELIMITER //\nSELECT 2//;\n",
			want: []st{s("SELECT 1"), sa("DELIMITER //\nSELECT 2//", "3:1")}, errs: []string{"3:1 sends it to the server"}},
		{name: "executable comment dropped before a delimiter line, MySQL 9", opts: mysql97,
			src:  "/*!40101 SET @x = 1 */\nDELIMITER //\nSELECT @x//",
			want: []st{sad("SELECT @x", "3:1", "//")}, errs: []string{"1:10 drops this text"}},
		{name: "executable comment before a delimiter line, --skip-comments", opts: strip84,
			src:  "/*!40101 SET @x = 1 */\nDELIMITER //\nSELECT @x//",
			want: []st{sad("SET @x = 1   \nDELIMITER //\nSELECT @x//", "1:10", "")}},
		{name: "delimiter after a blank-looking line, --skip-comments", opts: strip84,
			src:  "SELECT 1;\n  \nDELIMITER //\nSELECT 2//;\n",
			want: []st{s("SELECT 1"), sd("SELECT 2", "//"), sd(";", "")}},
		{name: "block comment then delimiter on one line", opts: strip84,
			src:  "/* c */ DELIMITER //\nSELECT 1;\nSELECT 2;",
			want: []st{s("SELECT 2")}, errs: []string{"1:9 would take \"//\\nSELECT\""}},
	})
}

func TestConditionalComments(t *testing.T) {
	runCases(t, []splitCase{
		{name: "executed", src: "/*!40101 SET NAMES utf8 */;", opts: mysql84,
			want: []st{sa("SET NAMES utf8", "1:10")}},
		{name: "not executed", src: "/*!90000 SET x = 1 */;\nSELECT 1;", opts: mysql84,
			want: []st{sa("SELECT 1", "2:1")}},
		{name: "executed with default version", src: "/*!90000 SET x = 1 */;",
			want: []st{s("SET x = 1")}},
		{name: "partly executed", src: "SELECT /*!90000 1, */ /*!80000 2, */ 3;", opts: mysql84,
			want: []st{s(blankOut("SELECT /*!90000 1, */ /*!80000 2, */ 3", "/*!90000 1, */", "/*!80000", "*/"))}},
		{name: "no version", src: "SELECT /*! STRAIGHT_JOIN */ a FROM t;", opts: mysql84,
			want: []st{s(blankOut("SELECT /*! STRAIGHT_JOIN */ a FROM t", "/*!", "*/"))}},
		{name: "short version is not a version", src: "SELECT /*!123 + 1 */;", opts: mysql84,
			want: []st{s(blankOut("SELECT /*!123 + 1", "/*!"))}},
		{name: "six digits need a space in MySQL", src: "SELECT 1 /*!100100 + 2 */, 3 /*!800001*/;", opts: mysql97,
			want: []st{s(blankOut("SELECT 1 /*!100100 + 2 */, 3 /*!800001", "/*!100100 + 2 */", "/*!80000"))}},
		{name: "delimiter splits inside", src: "/*!50003 CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END */;\nSELECT 1;",
			opts: mysql84,
			want: []st{s("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1"), s("END */"), s("SELECT 1")},
			errs: []string{"1:1 not closed"}},
		{name: "skipped comment left open", src: "/*!99999 SET a = 1; */ SELECT 2;\nSELECT 3;", opts: mysql84,
			want: []st{s("*/ SELECT 2"), s("SELECT 3")},
			errs: []string{"1:1 not closed"}},
		{name: "skipped comment with a nested comment", src: "/*!99999 a /* b */ c */ SELECT 1;", opts: mysql84,
			want: []st{s("SELECT 1")}},
		{name: "nested comment inside executed, next line", src: "/*!40101 SET a = 1\n/* one */, b = 2 */;", opts: mysql84,
			want: []st{s("SET a = 1\n/* one */, b = 2")}},
		{name: "nested comment inside executed, same line: client quirk", src: "/*!40101 SET a = 1 /* one */ */;", opts: strip84,
			want: []st{s("SET a = 1")}, errs: []string{"1:1 not closed"}},
		{name: "nested comment inside executed, same line, --comments", src: "/*!40101 SET a = 1 /* one */, b = 2 */;", opts: mysql97,
			want: []st{s("SET a = 1 /* one */, b = 2")}},
		{name: "nested comment ends executed, same line, --comments", src: "/*!40101 SELECT 5 AS a /* one */ */;\nSELECT 6;", opts: mysql97,
			want: []st{s("SELECT 5 AS a"), s("SELECT 6")}},
		{name: "MariaDB comment outside MariaDB", src: "/*M!100100 SET a = 1; */ SELECT 1;", opts: mysql84,
			want: []st{sa("SELECT 1", "1:26")}},
		{name: "MariaDB comment in MariaDB", src: "/*M!100100 SET a = 1 */;\n/*M!999999 SET b = 2 */;\nSELECT /*M! 3, */ 4;", opts: maria,
			want: []st{sa("SET a = 1", "1:12"), s(blankOut("SELECT /*M! 3, */ 4", "/*M!", "*/"))}},
		{name: "MariaDB skips MySQL 5.7+ comments", src: "/*!50717 SET a = 1 */;\n/*!40101 SET b = 2 */;\n/*!100300 SET c = 3 */;\n/*!80016 SET d = 4 */;", opts: maria,
			want: []st{s("SET b = 2"), s("SET c = 3")}},
		{name: "MySQL on a MariaDB-style version", src: "/*!100300 SET c = 3 */;", opts: mysql84,
			want: nil},
		{name: "mysqldump trigger", opts: mysql84,
			src: "DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = ';;';\nEND */;;\nDELIMITER ;\n",
			want: []st{sad(blankOut("CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = ';;';\nEND",
				"*/", "/*!50017", "*/", "/*!50003"), "2:10", ";;")}},
		{name: "optimizer hint kept", src: "SELECT /*+ BKA(t) */ * FROM t;", opts: mysql84,
			want: []st{s("SELECT /*+ BKA(t) */ * FROM t")}},
		{name: "delimiter inside a hint does not split on its line", src: "SELECT /*+ a; */ 1; SELECT 2;", opts: mysql84,
			want: []st{s("SELECT /*+ a; */ 1"), s("SELECT 2")}},
		{name: "hint inside executed comment", src: "/*!80000 SELECT /*+ BKA(t) */ 1 */;", opts: mysql84,
			want: []st{s("SELECT /*+ BKA(t) */ 1")}},
		{name: "MariaDB hint is a comment", src: "SELECT /*+ a; */ 1;", opts: maria,
			want: []st{s("SELECT /*+ a; */ 1")}},
		{name: "MariaDB sandbox header", opts: maria,
			src:  "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\n/*!40101 SET NAMES utf8mb4 */;\n",
			want: []st{sa("SET NAMES utf8mb4", "3:10")}},
		{name: "MariaDB sandbox header read by MySQL", opts: mysql84,
			src:  "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\n/*!40101 SET NAMES utf8mb4 */;\n",
			want: []st{sa("SET NAMES utf8mb4", "3:10")}},
	})
}

func TestClientCommands(t *testing.T) {
	cases := []splitCase{
		{name: "go and ego", src: "SELECT 1\\gSELECT 2 \\G\nSELECT 3;",
			want: []st{sd("SELECT 1", `\g`), sd("SELECT 2", `\G`), sd("SELECT 3", ";")}},
		{name: "go in string is an escape", src: `SELECT 'a\g';`, want: []st{s(`SELECT 'a\g'`)}},
		{name: "clear", src: "SELECT 1,\n 2 \\c SELECT 3;", want: []st{sa("SELECT 3", "2:7")}},
		{name: "quit command line", src: "SELECT 1;\nquit\nSELECT 2;", want: []st{s("SELECT 1")}},
		{name: "exit statement", src: "SELECT 1;\nexit;\nSELECT 2;", want: []st{s("SELECT 1"), sd("exit", "")}},
		{name: "short quit sends the pending statement", src: "SELECT 1 \\q SELECT 2;", want: []st{sd("SELECT 1", "")}},
		{name: "use line", src: "use db1\nSELECT 1;\nUSE `my db`;",
			want: []st{sad("use db1", "1:1", ""), s("SELECT 1"), sad("USE `my db`", "3:1", ";")}},
		{name: "use line with extra words", src: "  use db1 whatever\n", want: []st{sa("use db1", "1:3")}},
		{name: "use without database", src: "use\nSELECT 1;", want: []st{s("SELECT 1")}, errs: []string{"1:1 USE must be followed"}},
		{name: "use is not a command after the statement started", src: "SELECT\nuse;", want: []st{s("SELECT\nuse")}},
		{name: "other commands dropped", src: "source other.sql\ncharset utf8mb4\nstatus\nSELECT 1;\nwarnings;\n",
			want: []st{sa("SELECT 1", "4:1")}},
		{name: "short commands blanked", src: "SELECT 1, \\W 2;\nSELECT \\. file.sql; 3;",
			want: []st{s("SELECT 1,    2"), s(blankOut(`SELECT \. file.sql; 3`, `\. file.sql;`))}},
		{name: "unknown short command kept", src: "SELECT \\N, \\k;", want: []st{s(`SELECT \N, \k`)}},
		{name: "backslash at end of line dropped", src: "SELECT 1 \\\n, 2;", want: []st{s("SELECT 1  \n, 2")}},
		{name: "command-looking words inside statements", src: "SELECT status, source FROM go;", want: []st{s("SELECT status, source FROM go")}},
	}
	for i := range cases {
		cases[i].opts = cmdsOn
	}
	runCases(t, cases)
	runCases(t, []splitCase{
		{name: "MySQL 9 commands are text", src: "SELECT 1\\gSELECT 2 \\c;\nuse db1\nSELECT 3;\nsource x.sql\nquit\nSELECT 4;",
			want: []st{s("SELECT 1\\gSELECT 2 \\c"), s("use db1\nSELECT 3"), sa("source x.sql\nquit\nSELECT 4", "4:1")}},
		{name: "MySQL 9 USE statement", src: "USE `db`;", want: []st{sd("USE `db`", ";")}},
		{name: "MariaDB commands", src: "use db1\nSELECT 1\\g\nsource x.sql\nquit\nSELECT 4;", opts: maria,
			want: []st{sd("use db1", ""), sd("SELECT 1", `\g`)}},
		{name: "MySQL 8.4 commands", src: "use db1\nSELECT 1\\G", opts: mysql84,
			want: []st{sd("use db1", ""), sd("SELECT 1", `\G`)}},
	})
}

func TestPositions(t *testing.T) {
	runCases(t, []splitCase{
		{name: "crlf", src: "SELECT 1;\r\nSELECT\r\n  2;\r\n", want: []st{sa("SELECT 1", "1:1"), sa("SELECT\r\n  2", "2:1")}},
		{name: "crlf delimiter line", src: "DELIMITER //\r\nSELECT 1//\r\nDELIMITER ;\r\nSELECT 2;\r\n",
			want: []st{sad("SELECT 1", "2:1", "//"), sad("SELECT 2", "4:1", ";")}},
		{name: "tabs count one", src: "\t\tSELECT 1;", want: []st{sa("SELECT 1", "1:3")}},
		{name: "multi-byte", src: "SELECT 'é€😀'; SELECT 2;", want: []st{sa("SELECT 'é€😀'", "1:1"), sa("SELECT 2", "1:15")}},
		{name: "bom", src: "\xEF\xBB\xBFSELECT 1;\nSELECT 2;", want: []st{sa("SELECT 1", "1:1"), sa("SELECT 2", "2:1")}},
		{name: "bom then delimiter", src: "\xEF\xBB\xBFDELIMITER //\nSELECT 1//", want: []st{sad("SELECT 1", "2:1", "//")}},
		{name: "delimiter truncated inside a character", src: "DELIMITER 00000000000000ʍ\nSELECT 1 00000000000000ʍ;",
			want: []st{sd("SELECT 1", "00000000000000\xca"), sad("\x8d;", "2:25", "")}},
		{name: "invalid utf-8", src: "SELECT '\xff\xfe'; SELECT 2;", want: []st{s("SELECT '\xff\xfe'"), sa("SELECT 2", "1:14")}},
	})
	// PosAt across blanked markers, lines and multi-byte text.
	src := "-- é\n/*!40101 SET @a = 'ü',\n  @b = 2 */;"
	stmts, _ := Split([]byte(src), mysql84)
	if len(stmts) != 1 {
		t.Fatalf("got %d statements", len(stmts))
	}
	stm := stmts[0]
	i := strings.Index(stm.Text, "@b")
	if got := stm.PosAt(i); got.Line != 3 || got.Col != 3 || got.Offset != strings.Index(src, "@b") {
		t.Errorf("PosAt(@b) = %+v", got)
	}
	i = strings.Index(stm.Text, "',")
	if got := stm.PosAt(i); got.Line != 2 || got.Col != 21 {
		t.Errorf("PosAt(quote) = %+v", got)
	}
	if got := stm.PosAt(len(stm.Text) + 10); got != stm.End {
		t.Errorf("PosAt clamps to End: %+v vs %+v", got, stm.End)
	}
}

func TestErrors(t *testing.T) {
	runCases(t, []splitCase{
		{name: "unterminated string", src: "SELECT 1;\nSELECT 'abc;\nSELECT 2;", want: []st{s("SELECT 1")}, errs: []string{"2:8 unterminated string"}},
		{name: "unterminated identifier", src: "SELECT 1; SELECT `a;", want: []st{s("SELECT 1")}, errs: []string{"1:18 unterminated quoted identifier"}},
		{name: "unterminated double quote", src: "SELECT \"a;", want: nil, errs: []string{"1:8 unterminated double-quoted"}},
		{name: "unterminated comment", src: "SELECT 1;\n  /* abc;\n", want: []st{s("SELECT 1")}, errs: []string{"2:3 unterminated comment"}},
		{name: "unterminated comment inside statement", src: "SELECT 1 /* abc;\n", want: nil, errs: []string{"1:10 unterminated comment"}},
		{name: "unterminated comment after multi-byte", src: "SELECT 'ü'; /*", want: []st{s("SELECT 'ü'")}, errs: []string{"1:13 unterminated comment"}},
	})
}

func TestDollarQuotes(t *testing.T) {
	js := "CREATE FUNCTION f(a INT) RETURNS INT LANGUAGE JAVASCRIPT AS $js$\n  let b = a; return b;\n$js$;\nSELECT 1;"
	runCases(t, []splitCase{
		{name: "MySQL 9", src: js, opts: mysql97,
			want: []st{s("CREATE FUNCTION f(a INT) RETURNS INT LANGUAGE JAVASCRIPT AS $js$\n  let b = a; return b;\n$js$"), sa("SELECT 1", "4:1")}},
		{name: "MySQL 8.4 has no dollar quotes", src: js, opts: mysql84,
			want: []st{s("CREATE FUNCTION f(a INT) RETURNS INT LANGUAGE JAVASCRIPT AS $js$\n  let b = a"), s("return b"), s("$js$"), s("SELECT 1")}},
		{name: "identifiers with dollars", src: "SELECT a$$b, $c; SELECT 2;", opts: mysql97,
			want: []st{s("SELECT a$$b, $c"), s("SELECT 2")}},
		{name: "DELIMITER $$ still works", src: "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;", opts: mysql97,
			want: []st{sd("CREATE PROCEDURE p() BEGIN SELECT 1; END", "$$")}},
		{name: "unterminated", src: "SELECT $$ a;", opts: mysql97, errs: []string{"1:8 unterminated dollar"}},
	})
}

func TestCommentAttachment(t *testing.T) {
	src := `-- file header
-- collint:ignore CL101 legacy column
SELECT a FROM t WHERE b = 'x'; -- trailing one

/* block
   before */
SELECT 2, -- inside
  3;
SELECT 4; SELECT 5; -- shared
`
	stmts, errs := Split([]byte(src), mysql84)
	checkInvariants(t, src, stmts, errs)
	want := [][]string{
		{"-- file header", "-- collint:ignore CL101 legacy column", "-- trailing one"},
		{"/* block\n   before */", "-- inside"},
		{"-- shared"},
		{"-- shared"},
	}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements", len(stmts))
	}
	for i, w := range want {
		var got []string
		for _, c := range stmts[i].Comments {
			got = append(got, c.Text)
		}
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("stmt %d comments %q, want %q", i, got, w)
		}
	}
	if c := stmts[0].Comments[1]; c.Pos.Line != 2 || c.Pos.Col != 1 {
		t.Errorf("ignore comment at %+v", c.Pos)
	}
	if c := stmts[0].Comments[2]; c.Pos.Line != 3 || c.Pos.Col != 32 {
		t.Errorf("trailing comment at %+v", c.Pos)
	}
}

func TestClientDefaults(t *testing.T) {
	// The Cacti case: a DELIMITER line after a block comment whose text has
	// a "*" (mysql 9.7 sends it to the server; see Cacti issue #7084), and
	// after a simple comment (mysql 9.7 drops the comment).
	starred := "/*\n * Cacti\n */\nDELIMITER //\nSELECT 2//\n"
	simple := "/* Cacti */\nDELIMITER //\nSELECT 2//\n"
	for _, tc := range []struct {
		opts            Options
		starred, simple bool // DELIMITER recognized
	}{
		{Options{ServerVersion: 80040}, true, true},
		{Options{ServerVersion: 80406}, false, true},
		{Options{ServerVersion: 90700}, false, true},
		{Options{}, false, true},
		{Options{ServerVersion: 101100, MariaDB: true}, true, true},
		{Options{ServerVersion: 90700, Comments: Off}, true, true},
		{Options{ServerVersion: 101100, MariaDB: true, Comments: On}, false, false},
	} {
		for _, c := range []struct {
			src  string
			want bool
		}{{starred, tc.starred}, {simple, tc.simple}} {
			stmts, _ := Split([]byte(c.src), tc.opts)
			got := len(stmts) == 1 && stmts[0].Text == "SELECT 2"
			if got != c.want {
				t.Errorf("%+v %q: DELIMITER recognized = %v, want %v\n%s", tc.opts, c.src, got, c.want, dump(stmts, nil))
			}
		}
	}
}
