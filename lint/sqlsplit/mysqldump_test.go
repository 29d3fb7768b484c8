package sqlsplit

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestMysqldump splits a realistic mysqldump file (header and footer
// conditional comments, a table with data, a trigger under DELIMITER ;;, a
// procedure under DELIMITER //) for several clients/servers, with LF and
// CRLF line ends.
func TestMysqldump(t *testing.T) {
	raw, err := os.ReadFile("testdata/mysqldump.sql")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")

	// Expected statements, derived independently: single-line statements
	// from their line, multi-line ones spelled out.
	type exp struct {
		line  int
		col   int
		text  string
		delim string
	}
	var want []exp
	execRe := regexp.MustCompile(`^/\*!\d{5} (.*?) ?\*/ ?;$`)
	for n, l := range lines {
		ln := n + 1
		switch {
		case ln == 51: // trigger
			body := strings.Join(lines[50:56], "\n")
			body = strings.TrimSuffix(body, " */;;")
			want = append(want, exp{51, 10, blankOut(strings.TrimPrefix(body, "/*!50003 "), "*/", "/*!50017", "*/", "/*!50003"), ";;"})
		case ln == 69: // procedure
			body := strings.Join(lines[68:75], "\n")
			want = append(want, exp{69, 1, strings.TrimSuffix(body, " //"), "//"})
		case ln == 25: // CREATE TABLE
			body := strings.Join(lines[24:30], "\n")
			want = append(want, exp{25, 1, strings.TrimSuffix(body, ";"), ";"})
		case ln > 51 && ln <= 56, ln > 69 && ln <= 75, ln > 25 && ln <= 30:
		case execRe.MatchString(l):
			m := execRe.FindStringSubmatch(l)
			want = append(want, exp{ln, 10, m[1], ";"})
		case strings.HasSuffix(l, ";") && !strings.HasPrefix(l, "--") && !strings.HasPrefix(l, "DELIMITER"):
			want = append(want, exp{ln, 1, strings.TrimSuffix(l, ";"), ";"})
		}
	}
	if len(want) != 45 {
		t.Fatalf("test setup: %d expected statements", len(want))
	}

	for _, tc := range []struct {
		name string
		crlf bool
		opts Options
	}{
		{"mysql 8.4", false, mysql84},
		{"mysql 9.7 crlf", true, mysql97},
		{"mysql 8.0 --skip-comments", false, Options{ServerVersion: 80040}},
		{"mariadb 10.11", false, maria},
		{"mariadb 11.8 crlf", true, Options{ServerVersion: 110800, MariaDB: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := string(raw)
			if tc.crlf {
				src = strings.ReplaceAll(src, "\n", "\r\n")
			}
			stmts, errs := Split([]byte(src), tc.opts)
			checkInvariants(t, src, stmts, errs)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if len(stmts) != len(want) {
				t.Fatalf("got %d statements, want %d:\n%s", len(stmts), len(want), dump(stmts, errs))
			}
			for i, w := range want {
				g := stmts[i]
				text := w.text
				if tc.crlf {
					text = strings.ReplaceAll(text, "\n", "\r\n")
				}
				if g.Text != text || g.Start.Line != w.line || g.Start.Col != w.col || g.Delimiter != w.delim {
					t.Errorf("stmt %d:\n got %d:%d %q %q\nwant %d:%d %q %q", i, g.Start.Line, g.Start.Col, g.Text, g.Delimiter, w.line, w.col, text, w.delim)
				}
			}
			// The header comments belong to the first statement, the
			// "Table structure" banner to the DROP TABLE.
			if c := stmts[0].Comments; len(c) != 5 || !strings.HasPrefix(c[0].Text, "-- MySQL dump") {
				t.Errorf("first statement comments: %v", c)
			}
			if c := stmts[10].Comments; len(c) != 3 || c[1].Text != "-- Table structure for table `t`" || c[1].Pos.Line != 19 {
				t.Errorf("DROP TABLE comments: %v", c)
			}
			// A position inside the trigger body maps back to the file.
			trg := stmts[28]
			i := strings.Index(trg.Text, "'x;y'")
			if p := trg.PosAt(i); p.Line != 53 || p.Col != 20 {
				t.Errorf("PosAt in trigger = %+v", p)
			}
			proc := stmts[35]
			if c := proc.Comments; len(c) != 1 || c[0].Pos.Line != 71 {
				t.Errorf("procedure comments: %v", c)
			}
		})
	}
}
