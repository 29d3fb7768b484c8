// Command gen regenerates the data tables embedded by package
// github.com/collint/collint/lint/charset from a running server.
//
//	go run ./lint/charset/gen -dsn 'root@tcp(127.0.0.1:PORT)/' -out lint/charset/data/mysql-9.7
//
// It only reads: every file is the verbatim result of a SELECT, written as
// tab-separated values with a header row (NULL as \N, and \t, \n, \\ escaped
// the way mysql --batch does):
//
//   - collations.tsv    SELECT * FROM information_schema.COLLATIONS
//   - charsets.tsv      SELECT * FROM information_schema.CHARACTER_SETS
//   - applicability.tsv SELECT * FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY
//     (MariaDB only, where the table has FULL_COLLATION_NAME: it names the
//     full collations behind the charset-independent uca1400_* names)
//   - server.tsv        version, version_comment, character_set_server,
//     collation_server, character_set_database, and when the server has
//     them default_collation_for_utf8mb4, character_set_collations, old_mode
//     (global values, i.e. what the stock server hands a new connection)
//   - behavior.tsv      (unless -behavior=false) per collation, what the
//     server answers to a few comparisons: 'a'='a ' (PAD SPACE), 'a'='A'
//     (case-insensitive), base letter = accented letter for each accented
//     letter of a fixed list the charset can store (ACCENTS_TRIED: those
//     letters; ACCENTS_IGNORED: the ones equal to their base letter; both
//     \N when the charset stores none of them) and 'a'<'B' (BYTE_ORDER is 1
//     when that is false, as in a byte-order sort). The package reads
//     AccentSensitive from it, and its tests check the other flags it reads
//     from collation names against it.
//
// The rows are ordered by the server (ORDER BY) so that regenerating against
// the same version gives byte-identical files.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

func main() {
	dsn := flag.String("dsn", "", "go-sql-driver DSN of the server to dump, e.g. root@tcp(127.0.0.1:3306)/")
	out := flag.String("out", "", "output directory, e.g. lint/charset/data/mysql-9.7")
	wait := flag.Duration("wait", 2*time.Minute, "how long to wait for the server to accept connections")
	behavior := flag.Bool("behavior", true, "also probe every collation's comparison behavior into behavior.tsv")
	repertoire := flag.Bool("repertoire", true, "also measure every charset's repertoire into repertoire.tsv")
	flag.Parse()
	if *dsn == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dsn, *out, *wait, *behavior, *repertoire); err != nil {
		log.Fatal(err)
	}
}

func run(dsn, out string, wait time.Duration, behavior, repertoire bool) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := waitReady(db, wait); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var version string
	if err := db.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		return err
	}
	mariadb := strings.Contains(strings.ToLower(version), "mariadb")

	dumps := []struct{ file, query string }{
		{"collations.tsv", "SELECT * FROM information_schema.COLLATIONS ORDER BY ID, COLLATION_NAME"},
		{"charsets.tsv", "SELECT * FROM information_schema.CHARACTER_SETS ORDER BY CHARACTER_SET_NAME"},
	}
	if mariadb {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM information_schema.COLUMNS
			WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'COLLATION_CHARACTER_SET_APPLICABILITY'
			AND COLUMN_NAME = 'FULL_COLLATION_NAME'`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			dumps = append(dumps, struct{ file, query string }{"applicability.tsv",
				"SELECT * FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY ORDER BY ID, FULL_COLLATION_NAME"})
		}
	}
	for _, d := range dumps {
		header, rows, err := query(db, d.query)
		if err != nil {
			return fmt.Errorf("%s: %w", d.file, err)
		}
		if err := writeTSV(filepath.Join(out, d.file), header, rows); err != nil {
			return err
		}
		log.Printf("%s: %d rows", d.file, len(rows))
	}

	// Server variables. SHOW GLOBAL VARIABLES so that the driver's own
	// session settings (it sends its own connection collation) do not leak in.
	want := []string{"version", "version_comment", "character_set_server", "collation_server",
		"character_set_database", "default_collation_for_utf8mb4", "character_set_collations", "old_mode"}
	_, vrows, err := query(db, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('"+strings.Join(want, "','")+"')")
	if err != nil {
		return fmt.Errorf("server variables: %w", err)
	}
	slices.SortFunc(vrows, func(a, b []*string) int { return strings.Compare(*a[0], *b[0]) })
	if err := writeTSV(filepath.Join(out, "server.tsv"), []string{"VARIABLE_NAME", "VALUE"}, vrows); err != nil {
		return err
	}
	log.Printf("server.tsv: %d variables (%s)", len(vrows), version)

	if behavior {
		rows, err := probeBehavior(db, filepath.Join(out, "collations.tsv"), filepath.Join(out, "applicability.tsv"))
		if err != nil {
			return fmt.Errorf("behavior: %w", err)
		}
		header := []string{"COLLATION_NAME", "CHARACTER_SET_NAME", "PAD_SPACE", "CASE_INSENSITIVE", "ACCENTS_TRIED", "ACCENTS_IGNORED", "BYTE_ORDER"}
		if err := writeTSV(filepath.Join(out, "behavior.tsv"), header, rows); err != nil {
			return err
		}
		log.Printf("behavior.tsv: %d collations", len(rows))
	}
	if repertoire {
		rows, err := probeRepertoires(db, filepath.Join(out, "charsets.tsv"))
		if err != nil {
			return fmt.Errorf("repertoire: %w", err)
		}
		if err := writeTSV(filepath.Join(out, "repertoire.tsv"), []string{"CHARACTER_SET_NAME", "CODE_POINTS"}, rows); err != nil {
			return err
		}
		log.Printf("repertoire.tsv: %d charsets", len(rows))
	}
	return nil
}

// probeRepertoires asks the server, for every charset, which Unicode code
// points survive CONVERT(CONVERT(x USING cs) USING utf8mb4) — the ones that
// do not come back as '?', i.e. the ones whose conversion into the charset
// is not an error (error 3854 when a literal meets a column). '?' itself is
// taken as storable everywhere. Code points are written as space-separated
// hex ranges ("0-3E 40-7F A0 A2-A5").
func probeRepertoires(db *sql.DB, charsetsFile string) ([][]*string, error) {
	names, err := readPairs(charsetsFile, "CHARACTER_SET_NAME", "CHARACTER_SET_NAME")
	if err != nil {
		return nil, err
	}
	var cands []rune
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r == '?' || (r >= 0xD800 && r <= 0xDFFF) {
			continue
		}
		cands = append(cands, r)
	}
	var rows [][]*string
	for _, n := range names {
		cs := n[0]
		if cs == "binary" {
			continue
		}
		in := map[rune]bool{'?': true}
		const chunk = 1 << 16
		for i := 0; i < len(cands); i += chunk {
			part := cands[i:min(i+chunk, len(cands))]
			var back []byte
			q := fmt.Sprintf("SELECT CONVERT(CONVERT(_utf8mb4 X'%X' USING %s) USING utf8mb4)", string(part), cs)
			if err := db.QueryRow(q).Scan(&back); err != nil {
				return nil, fmt.Errorf("%s: %w", cs, err)
			}
			got := []rune(string(back))
			if len(got) != len(part) {
				return nil, fmt.Errorf("%s: %d characters came back for %d", cs, len(got), len(part))
			}
			for j, r := range got {
				if r != '?' {
					in[part[j]] = true
				}
			}
		}
		var b strings.Builder
		for r := rune(0); r <= 0x10FFFF; r++ {
			if !in[r] {
				continue
			}
			lo := r
			for r+1 <= 0x10FFFF && (in[r+1] || (r+1 >= 0xD800 && r+1 <= 0xDFFF && in[0xD7FF] && in[0xE000])) {
				r++
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			if lo == r {
				fmt.Fprintf(&b, "%X", lo)
			} else {
				fmt.Fprintf(&b, "%X-%X", lo, r)
			}
		}
		s := b.String()
		rows = append(rows, []*string{&n[0], &s})
	}
	return rows, nil
}

func waitReady(db *sql.DB, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server not ready after %s: %w", wait, err)
		}
		time.Sleep(time.Second)
	}
}

func query(db *sql.DB, q string, args ...any) ([]string, [][]*string, error) {
	rs, err := db.Query(q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, nil, err
	}
	var rows [][]*string
	for rs.Next() {
		raw := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		row := make([]*string, len(cols))
		for i, b := range raw {
			if b != nil {
				s := string(b)
				row[i] = &s
			}
		}
		rows = append(rows, row)
	}
	return cols, rows, rs.Err()
}

var escaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func writeTSV(path string, header []string, rows [][]*string) error {
	var b strings.Builder
	b.WriteString(strings.Join(header, "\t"))
	b.WriteByte('\n')
	for _, r := range rows {
		for i, v := range r {
			if i > 0 {
				b.WriteByte('\t')
			}
			if v == nil {
				b.WriteString(`\N`)
			} else {
				b.WriteString(escaper.Replace(*v))
			}
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// readPairs reads (collation, charset) pairs from a dumped TSV, using the
// named columns; rows with a NULL charset or collation are skipped.
func readPairs(path, nameCol, csCol string) ([][2]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	head := strings.Split(lines[0], "\t")
	ni, ci := slices.Index(head, nameCol), slices.Index(head, csCol)
	if ni < 0 || ci < 0 {
		return nil, fmt.Errorf("%s: no %s/%s column", path, nameCol, csCol)
	}
	var out [][2]string
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if f[ni] == `\N` || f[ci] == `\N` {
			continue
		}
		out = append(out, [2]string{f[ni], f[ci]})
	}
	return out, nil
}

// accentPairs probe accent sensitivity: each pair is a base letter and the
// same letter with an accent. Every pair the charset can store (both strings
// survive a round trip) is compared under every collation of the charset;
// several pairs are needed because a language tailoring may treat one
// accented letter as a letter of its own (é in Icelandic, ü in Swedish)
// while ignoring the others.
var accentPairs = [][2]string{
	{"e", "é"}, {"e", "è"}, {"e", "ë"}, {"a", "à"}, {"a", "á"}, {"i", "í"},
	{"o", "ô"}, {"u", "ü"}, {"c", "ç"}, {"n", "ñ"}, {"c", "č"}, {"s", "š"},
	{"α", "ά"}, {"ε", "έ"},
}

// lit is s as a utf8mb4 hex literal, independent of the connection charset.
func lit(s string) string { return fmt.Sprintf("_utf8mb4 X'%X'", s) }

func probeBehavior(db *sql.DB, collationsFile, applicabilityFile string) ([][]*string, error) {
	pairs, err := readPairs(applicabilityFile, "FULL_COLLATION_NAME", "CHARACTER_SET_NAME")
	if err != nil {
		if !os.IsNotExist(err) {
			return nil, err
		}
		if pairs, err = readPairs(collationsFile, "COLLATION_NAME", "CHARACTER_SET_NAME"); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(pairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	pairs = slices.Compact(pairs)

	// The accent pairs each charset can store.
	csPairs := map[string][]int{}
	for _, p := range pairs {
		cs := p[1]
		if _, ok := csPairs[cs]; ok || cs == "binary" {
			continue
		}
		csPairs[cs] = []int{}
		for i, ap := range accentPairs {
			var ok int
			rt := func(s string) string {
				return fmt.Sprintf("CONVERT(CONVERT(%s USING %s) USING utf8mb4) = %s COLLATE utf8mb4_bin", lit(s), cs, lit(s))
			}
			if err := db.QueryRow("SELECT " + rt(ap[0]) + " AND " + rt(ap[1])).Scan(&ok); err != nil {
				return nil, fmt.Errorf("%s: %w", cs, err)
			}
			if ok == 1 {
				csPairs[cs] = append(csPairs[cs], i)
			}
		}
	}

	str := func(s string) *string { return &s }
	var rows [][]*string
	for _, p := range pairs {
		name, cs := p[0], p[1]
		conv := func(s string) string { return fmt.Sprintf("CONVERT(%s USING %s) COLLATE `%s`", lit(s), cs, name) }
		var pad, ci, byteOrder int
		q := fmt.Sprintf("SELECT %s = %s, %s = %s, %s < %s", conv("a"), conv("a "), conv("a"), conv("A"), conv("a"), conv("B"))
		if err := db.QueryRow(q).Scan(&pad, &ci, &byteOrder); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		row := []*string{str(name), str(cs), str(fmt.Sprint(pad)), str(fmt.Sprint(ci)), nil, nil, str(fmt.Sprint(1 - byteOrder))}
		if idx := csPairs[cs]; len(idx) > 0 {
			var tried, equal []string
			for _, i := range idx {
				ap := accentPairs[i]
				var eq int
				if err := db.QueryRow(fmt.Sprintf("SELECT %s = %s", conv(ap[0]), conv(ap[1]))).Scan(&eq); err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				tried = append(tried, ap[1])
				if eq == 1 {
					equal = append(equal, ap[1])
				}
			}
			row[4], row[5] = str(strings.Join(tried, " ")), str(strings.Join(equal, " "))
		}
		rows = append(rows, row)
	}
	return rows, nil
}
