package charset

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Encodable reports whether every character of s (UTF-8) can be stored in
// charset: comparing a literal that fails this with a column of that charset
// is MySQL error 3854 ("Cannot convert string ... from utf8mb4 to latin1"),
// and inserting it stores '?'. bad is the first character that cannot.
//
// The answer comes from MySQL 9.7's measured repertoires
// (data/mysql-9.7/repertoire.tsv): for every charset, ./gen sent every
// Unicode code point through CONVERT(CONVERT(x USING cs) USING utf8mb4) and
// kept those that did not come back as '?'. So latin1 is MySQL's latin1
// (cp1252 with 0x81, 0x8D, 0x8F, 0x90, 0x9D mapped to U+0081…), ascii is
// U+0000-U+007F, utf8mb3 and ucs2 are the BMP, utf8mb4, utf16, utf16le,
// utf32 and gb18030 everything, euckr includes the CP949 hangul, sjis is not
// cp932, and the charsets golang.org/x/text has no table for (armscii8,
// dec8, geostd8, hp8, keybcs2, macce, swe7) are exact too. Names are
// case-insensitive, "utf8" is utf8mb3; binary accepts anything, even invalid
// UTF-8. Any other charset rejects invalid UTF-8 in s (bad =
// utf8.RuneError); a charset the data does not know accepts everything.
//
// Why measured data and not golang.org/x/text/encoding's tables: checked
// against MySQL 9.7 over the whole BMP, x/text's WHATWG tables (with the
// byte ranges of each MySQL charset) disagree with the server on 8822
// characters of euckr (MySQL's euckr stores CP949's extra hangul such as
// '똠'), 460 of sjis, ~2060 of ujis, ~1880 of cp932 and eucjpms (MySQL maps
// user-defined areas to the PUA), 195 of big5, 81 of gbk, 39 of gb2312,
// the 32 C1 controls of latin2, latin7, greek, hebrew and tis620, and 2 to 8
// characters of greek, hebrew, cp866, koi8u and cp1256; and x/text has no
// table at all for the seven charsets named above.
//
// Use Registry.Encodable for a flavor's charset names. MariaDB 10.11 and
// 11.8 were measured the same way and store exactly MySQL 9.7's
// repertoires for every charset they share (they lack gb18030), so only
// MySQL's table is checked in.
func Encodable(charset, s string) (ok bool, bad rune) {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs == "utf8" {
		cs = "utf8mb3"
	}
	return encodable(mysqlRepertoires(), cs, s)
}

// Encodable is the package-level Encodable with this flavor's measured
// repertoires (MySQL 9.7's for every mysql-* flavor) and charset names
// ("utf8" is utf8mb4 on a MariaDB without UTF8_IS_UTF8MB3 in old_mode).
func (r *Registry) Encodable(charset, s string) (ok bool, bad rune) {
	name := strings.ToLower(strings.TrimSpace(charset))
	if cs, found := r.Charset(name); found {
		name = cs.Name
	}
	return encodable(r.repertoires, name, s)
}

func encodable(reps *repertoires, cs, s string) (bool, rune) {
	if cs == "binary" {
		return true, 0
	}
	set := reps.get(cs)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return false, utf8.RuneError
		}
		if set != nil && !set.has(r) {
			return false, r
		}
		i += size
	}
	return true, 0
}

// codeRanges is a sorted list of inclusive code point ranges.
type codeRanges [][2]rune

func (c codeRanges) has(r rune) bool {
	i := sort.Search(len(c), func(i int) bool { return c[i][1] >= r })
	return i < len(c) && c[i][0] <= r
}

func parseRanges(s string) (codeRanges, error) {
	var out codeRanges
	for _, f := range strings.Fields(s) {
		lo, hi, isRange := strings.Cut(f, "-")
		a, err := strconv.ParseUint(lo, 16, 32)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = strconv.ParseUint(hi, 16, 32); err != nil {
				return nil, err
			}
		}
		if b < a || (len(out) > 0 && rune(a) <= out[len(out)-1][1]) {
			return nil, fmt.Errorf("range %q out of order", f)
		}
		out = append(out, [2]rune{rune(a), rune(b)})
	}
	return out, nil
}

// repertoires holds one data directory's repertoire.tsv, parsed per charset
// on first use.
type repertoires struct {
	raw    map[string]string
	mu     sync.Mutex
	parsed map[string]codeRanges
}

func newRepertoires(t *table) (*repertoires, error) {
	if err := t.require("CHARACTER_SET_NAME", "CODE_POINTS"); err != nil {
		return nil, err
	}
	reps := &repertoires{raw: map[string]string{}, parsed: map[string]codeRanges{}}
	for _, r := range t.rows {
		reps.raw[strings.ToLower(r["CHARACTER_SET_NAME"])] = r["CODE_POINTS"]
	}
	return reps, nil
}

func (reps *repertoires) get(cs string) codeRanges {
	if reps == nil {
		return nil
	}
	reps.mu.Lock()
	defer reps.mu.Unlock()
	if c, ok := reps.parsed[cs]; ok {
		return c
	}
	raw, ok := reps.raw[cs]
	if !ok {
		return nil
	}
	c, err := parseRanges(raw)
	if err != nil {
		panic(fmt.Sprintf("charset: repertoire of %s: %v", cs, err)) // checked by TestRepertoiresParse
	}
	reps.parsed[cs] = c
	return c
}

// mysqlRepertoires is MySQL 9.7's repertoire.tsv, the package-level
// Encodable's data and the fallback of a flavor that has none.
var mysqlRepertoires = sync.OnceValue(func() *repertoires {
	t, err := readTable(dataFS, "data/mysql-9.7", "repertoire.tsv", false)
	if err == nil {
		var reps *repertoires
		if reps, err = newRepertoires(t); err == nil {
			return reps
		}
	}
	panic(fmt.Sprintf("charset: embedded data/mysql-9.7/repertoire.tsv: %v", err)) // checked by the tests
})
