package charset

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	_ "github.com/go-sql-driver/mysql"

	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// serverDB opens the server named by COLLINT_CHARSET_DSN (a go-sql-driver
// DSN, e.g. root@tcp(127.0.0.1:3306)/), else a collint/mysql:9.7 sandbox
// (skipped with -short, or without Docker outside CI).
func serverDB(t *testing.T) *sql.DB {
	t.Helper()
	dsn := os.Getenv("COLLINT_CHARSET_DSN")
	if dsn == "" {
		if testing.Short() {
			t.Skip("needs a server; skipped with -short")
		}
		if os.Getenv("COLLINT_CHARSET_FLAVOR") != "" {
			t.Skip("COLLINT_CHARSET_FLAVOR needs COLLINT_CHARSET_DSN")
		}
		dsn = sandboxtest.Start(t, "collint/mysql:9.7").DSN("")
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	return db
}

// serverRepertoire asks the server which of the candidate runes survive a
// round trip utf8mb4 → cs → utf8mb4 (the ones that do not come back as '?').
func serverRepertoire(t *testing.T, db *sql.DB, cs string, cands []rune) map[rune]bool {
	t.Helper()
	out := map[rune]bool{}
	const chunk = 8192
	for i := 0; i < len(cands); i += chunk {
		part := cands[i:min(i+chunk, len(cands))]
		var back string
		q := fmt.Sprintf("SELECT CONVERT(CONVERT(_utf8mb4 X'%X' USING %s) USING utf8mb4)", string(part), cs)
		if err := db.QueryRow(q).Scan(&back); err != nil {
			t.Fatalf("%s: %v", cs, err)
		}
		if utf8.RuneCountInString(back) != len(part) {
			t.Fatalf("%s: %d runes back for %d", cs, utf8.RuneCountInString(back), len(part))
		}
		j := 0
		for _, r := range back {
			out[part[j]] = r != '?'
			j++
		}
	}
	return out
}

// serverFlavor is the flavor of the COLLINT_CHARSET_DSN server
// (COLLINT_CHARSET_FLAVOR, default mysql-9).
func serverFlavor(t *testing.T) *Registry {
	t.Helper()
	f := os.Getenv("COLLINT_CHARSET_FLAVOR")
	if f == "" {
		f = "mysql-9"
	}
	r, err := For(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEncodableAgainstServer sends all of the BMP and a few supplementary
// characters through every charset of the server and checks that
// Registry.Encodable agrees character by character.
//
//	COLLINT_CHARSET_DSN='root@tcp(127.0.0.1:PORT)/' go test ./lint/charset -run AgainstServer
func TestEncodableAgainstServer(t *testing.T) {
	db := serverDB(t)
	reg := serverFlavor(t)
	var cands []rune
	for r := rune(0); r <= 0xFFFF; r++ {
		if r == '?' || (r >= 0xD800 && r <= 0xDFFF) {
			continue
		}
		cands = append(cands, r)
	}
	cands = append(cands, 0x1F600, 0x20000, 0x2A6D6, 0x10FFFD)
	for _, cs := range reg.Charsets() {
		if cs.Name == "binary" {
			continue
		}
		srv := serverRepertoire(t, db, cs.Name, cands)
		var fp, fn []string
		for _, r := range cands {
			ok, _ := reg.Encodable(cs.Name, string(r))
			if ok && !srv[r] {
				fp = append(fp, fmt.Sprintf("%U", r))
			}
			if !ok && srv[r] {
				fn = append(fn, fmt.Sprintf("%U", r))
			}
		}
		show := func(s []string) string {
			if len(s) > 12 {
				return strings.Join(s[:12], " ") + " …"
			}
			return strings.Join(s, " ")
		}
		if len(fp)+len(fn) > 0 {
			t.Errorf("%s: Encodable says yes, server no: %d [%s]; no but server yes: %d [%s]",
				cs.Name, len(fp), show(fp), len(fn), show(fn))
		}
	}
}

// TestError3854AgainstServer checks that what Encodable rejects is exactly
// what makes the server raise 3854 when a literal meets a string of the
// charset at IMPLICIT coercibility.
func TestError3854AgainstServer(t *testing.T) {
	db := serverDB(t)
	reg := serverFlavor(t)
	if strings.HasPrefix(reg.Flavor(), "mariadb") {
		t.Skip("3854 is MySQL's error")
	}
	for _, tc := range []struct{ cs, lit string }{
		{"latin1", "가"}, {"latin1", "é"}, {"latin1", "\u0081"}, {"ascii", "é"}, {"utf8mb3", "😀"},
		{"euckr", "가"}, {"euckr", "똠"}, {"euckr", "é"}, {"swe7", "["}, {"sjis", "①"}, {"cp932", "①"},
		{"big5", "中"}, {"gb2312", "中"}, {"gbk", "€"}, {"ucs2", "😀"}, {"utf16", "😀"}, {"latin2", "ő"},
	} {
		lit := tc.lit
		var got string
		err := db.QueryRow(fmt.Sprintf("SELECT CONVERT('a' USING %s) = _utf8mb4 X'%X'", tc.cs, lit)).Scan(&got)
		ok, _ := reg.Encodable(tc.cs, lit)
		is3854 := err != nil && strings.Contains(err.Error(), "3854")
		if err != nil && !is3854 {
			t.Errorf("%s %q: %v", tc.cs, lit, err)
		}
		if ok == is3854 {
			t.Errorf("%s %q: Encodable %v, server error 3854 %v", tc.cs, lit, ok, is3854)
		}
	}
}
