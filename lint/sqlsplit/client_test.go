package sqlsplit

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// clientScripts are run through the real command-line client of each test
// image; the statements the client sends must be the statements Split
// returns (compared after normalize). They cover the behaviours where the
// clients differ from each other or from a naive splitter. Scripts whose
// outcome differs by design are left out: "use db" (Split returns it as a
// statement, the MariaDB client runs it itself), unterminated strings (Split
// drops the unfinished statement), non-executed version comments (compared
// text would differ only by what normalize cannot evaluate).
var clientScripts = []string{
	"SELECT 1 AS a;SELECT 2 AS b; SELECT 'x;y' AS c, \"p;q\" AS d, `e;f` FROM (SELECT 1 AS `e;f`) t;\nSELECT 3 AS e",
	"SELECT 1 AS a -- c; d\n, 2 AS b # e;\n, 3 AS c /* f; */;\nSELECT 4 AS d; -- trailing\n",
	"SELECT 'it\\'s;' AS a, 'it''s;' AS b;\nSELECT `a\\` FROM (SELECT 1 AS `a\\`) t;\nSELECT 2 AS c;",
	"SELECT 1 AS a--1;\nSELECT 2 AS b --\n;SELECT 3 AS c --\tx;\n;",
	"--x;\nSELECT 1 AS a;",
	"SELECT 1 AS a \\\n, 2 AS b;",
	"DELIMITER //\nCREATE PROCEDURE p1()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND//\nDELIMITER ;\nDROP PROCEDURE p1;\n",
	"  delimiter $$  \nSELECT 1 AS a$$ SELECT 2 AS b $$\nDeLiMiTeR ;\nSELECT 3 AS c;",
	"DELIMITER ;;\nSELECT 1 AS a; SELECT 2 AS b;;\nDELIMITER ;\nSELECT 3 AS c;",
	"DELIMITER 'a b'\nSELECT 1 AS xa b\nDELIMITER ;\nSELECT 2 AS b;",
	"DELIMITER //;\nSELECT 1 AS a//;SELECT 2 AS b//;\nDELIMITER ;\n",
	"DELIMITER//\nSELECT 1 AS a;",
	"DELIMITER\nSELECT 1 AS a;",
	"SELECT 1 AS a; DELIMITER ;\nSELECT 2 AS b;",
	"DELIMITER //\r\nSELECT 1 AS a//\r\nDELIMITER ;\r\nSELECT 2 AS b;\r\n",
	"\xef\xbb\xbfDELIMITER //\nSELECT 1 AS a//\n",
	"DELIMITER $$\nSELECT 1 AS a$$\nDELIMITER ;\nSELECT 2 AS b;\n",
	// comments before a DELIMITER line (Cacti issue #7084 and variants)
	"/*\n * Cacti\n */\nDELIMITER //\nSELECT 2 AS b//\nDELIMITER ;\nSELECT 3 AS c;\n",
	"/*\nc\n*/\nDELIMITER //\nSELECT 2 AS b//\n",
	"/* c */\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a;\n  \n\t\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a;\n  -- indented comment\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a; /* c */\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a;\n# hash\n-- dash\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a; /* c */ -- d\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a; x\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a; /* multi\nline */\nDELIMITER //\nSELECT 2 AS b//\n",
	"SELECT 1 AS a;\n/* c */ /* d */\nDELIMITER //\nSELECT 2 AS b//\n",
	"/* a/b */\nDELIMITER //\nSELECT 2 AS b//\n",
	"/** doc */\nDELIMITER //\nSELECT 2 AS b//\n",
	"/* a ; */\nDELIMITER //\nSELECT 2 AS b//\n",
	"/* x */ DELIMITER //\nSELECT 2 AS b//\nSELECT 3 AS c;\n",
	"/* a*b */ DELIMITER //\nSELECT 2 AS b//\nSELECT 3 AS c;\n",
	"/*!40101 SET @x=1 */\nDELIMITER //\nSELECT @x AS b//\n",
	"SELECT 1 AS a; DELIMITER //\nSELECT 2 AS b;\nSELECT 3 AS c;",
	"SELECT 1 AS a; /* x */ DELIMITER //\nSELECT 2 AS b//\nSELECT 3 AS c;\n",
	// comments inside comments, conditional comments, hints
	"SELECT 1 /* a /*!x */ b; */ AS a;\nSELECT 2 AS b;",
	"/*!40101 SELECT 5 AS a /* one */ */;\nSELECT 6 AS b;",
	"SELECT 1 /* x /*/ AS a; */ AS b;\nSELECT 2 AS c;\n",
	"SELECT 1 /* x /*+ y */ AS a; */ AS b;\nSELECT 2 AS c;\n",
	"/*!40101 SELECT 1 AS a; */;\nSELECT 2 AS b;\n",
	"/*!40101 SELECT 1 AS a\n; */;\nSELECT 2 AS b;\n",
	"SELECT /*+ a; */ 1 AS a;\nSELECT /*+ a # b */ 2 AS b;",
	"SELECT 1 /*!40101 + 2 */ AS a, 1 /*!50503 + 2 */ AS b, 1 /*!*/ + /*! 2 */ AS c;",
	// client commands (text for the MySQL 9 client, commands for MariaDB)
	"SELECT 1 AS a\\gSELECT 2 AS b\\G",
	"SELECT 1 AS a \\c SELECT 2 AS b;",
	"SELECT 1 AS a;\n\\q\nSELECT 2 AS b;",
	"SELECT 1 AS a;\nquit\nSELECT 2 AS b;",
	"SELECT 1 AS a \\W;",
	"go\nSELECT 1 AS a;",
	"SELECT 1 AS a;\nexit;\nSELECT 2 AS b;",
	"SELECT 1 AS a \\q SELECT 2 AS b;",
	"SELECT \\N AS a;",
	// dollar quotes (MySQL 9 only) and dollars in identifiers
	"SELECT 1 AS a, $a_1$x;y$a_1$ AS b;\nSELECT 2 AS c;\n",
	"SELECT 1 AS a, $$x\n;y$$ AS b;\nSELECT 2 AS c;\n",
	"SELECT 1 AS a$$ ;\nSELECT 2 AS b$$;\nSELECT @a$$b;\n",
}

// normalize keeps what decides statement boundaries: ordinary comments
// (including /*+ ... */ for MariaDB, which strips them), "-- " and "#"
// comments, conditional-comment markers, whitespace and a final ";" are
// removed. It does not know strings; it is applied to both sides alike.
func normalize(s string, maria bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := i + 2
			switch {
			case j < len(s) && s[j] == '!', maria && j+1 < len(s) && s[j] == 'M' && s[j+1] == '!':
				for j < len(s) && (s[j] == '!' || s[j] == 'M') {
					j++
				}
				for k := 0; k < 6 && j < len(s) && s[j] >= '0' && s[j] <= '9'; k++ {
					j++
				}
				i = j
			case !maria && j < len(s) && s[j] == '+':
				i = j + 1
			default:
				if k := strings.Index(s[j:], "*/"); k >= 0 {
					i = j + k + 2
				} else {
					i = len(s)
				}
			}
		case c == '*' && i+1 < len(s) && s[i+1] == '/':
			i += 2
		case c == '#', c == '-' && strings.HasPrefix(s[i:], "--") && (i+2 == len(s) || s[i+2] == ' ' || s[i+2] == '\t' || s[i+2] == '\n' || s[i+2] == '\r'):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return strings.TrimRight(b.String(), ";")
}

// sent runs script through the client inside the container and returns the
// statements it sent (mysql -v -v echoes each between dashed lines).
func sent(t *testing.T, id, client string, maria bool, script string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("docker", append([]string{"exec", "-i", id, client, "-uroot", "--force", "-v", "-v"}, args...)...)
	cmd.Stdin = strings.NewReader(script)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("docker exec: %v", err)
		}
	}
	var stmts []string
	var cur []string
	inside := false
	for _, l := range strings.Split(out.String(), "\n") {
		if l == "--------------" {
			if inside {
				if n := normalize(strings.Join(cur, "\n"), maria); n != "" {
					stmts = append(stmts, n)
				}
				cur = nil
			}
			inside = !inside
			continue
		}
		if inside {
			cur = append(cur, l)
		}
	}
	return stmts
}

func versionID(v string) int {
	f := strings.FieldsFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if len(f) < 3 {
		return 0
	}
	a, _ := strconv.Atoi(f[0])
	b, _ := strconv.Atoi(f[1])
	c, _ := strconv.Atoi(f[2])
	return a*10000 + b*100 + c
}

// TestAgainstClients is a differential test of Split against the mysql and
// mariadb command-line clients of the project's test images.
func TestAgainstClients(t *testing.T) {
	if _, err := exec.LookPath("docker"); err != nil && os.Getenv("COLLINT_INTEGRATION") != "1" {
		t.Skip("needs the docker command")
	}
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		srv := sandboxtest.StartWith(t, sandbox.Options{Image: image, EmptyPassword: true})
		id := srv.ContainerID()
		maria := srv.Flavor() == "mariadb"
		v := versionID(srv.Version())
		type mode struct {
			client string
			args   []string
			opts   Options
		}
		modes := []mode{{"mysql", nil, Options{ServerVersion: v}}, {"mysql", []string{"--skip-comments"}, Options{ServerVersion: v, Comments: Off}}}
		if maria {
			modes = []mode{{"mariadb", nil, Options{ServerVersion: v, MariaDB: true}}}
		}
		for _, m := range modes {
			for i, script := range append(clientScripts, mustRead(t, "testdata/mysqldump.sql")) {
				t.Run(fmt.Sprintf("%s%s/%d", m.client, strings.Join(m.args, ""), i), func(t *testing.T) {
					want := sent(t, id, m.client, maria, script, m.args...)
					stmts, _ := SplitString(script, m.opts)
					var got []string
					for _, s := range stmts {
						if n := normalize(s.Text, maria); n != "" {
							got = append(got, n)
						}
					}
					if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
						t.Errorf("script %q\n client sent %q\n Split gave  %q", script, want, got)
					}
				})
			}
		}
	})
}

func mustRead(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
