package charset

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	pcharset "github.com/pingcap/tidb/pkg/parser/charset"
)

var (
	registerOnce     sync.Once
	parserRegistered atomic.Bool
)

// RegisterWithParser teaches the TiDB parser
// (github.com/pingcap/tidb/pkg/parser/charset) every charset and collation
// of every flavor, so that it stops rejecting DDL that MySQL and MariaDB
// accept: CHARACTER SET latin2/euckr/utf16/…, COLLATE utf8mb3_unicode_520_ci,
// MariaDB's utf8mb4_uca1400_ai_ci, utf8mb4_nopad_bin, and the
// charset-independent uca1400_ai_ci. It is idempotent and safe to call from
// several goroutines.
//
// What it does not change:
//   - the charsets TiDB already supports (utf8, utf8mb4, ascii, latin1,
//     binary, gbk, gb18030) keep TiDB's definitions, including TiDB's default
//     collations (utf8mb4 → utf8mb4_bin): only collations are added to them.
//     The collation the parser fills in for a bare CHARACTER SET clause is
//     TiDB's or, for added charsets, MySQL 9.7's default: resolve defaults
//     with Registry.DefaultCollation, not from the AST;
//   - the parser's ID map keeps every entry it already had: TiDB's own
//     collations, then MySQL's, then MariaDB's, first come first served.
//     Names are added in the same order; a name that exists in several
//     flavors with different IDs (utf8mb4_croatian_ci is 245 on MySQL, 608
//     on MariaDB) keeps the first one. Use Registry for IDs;
//   - charset introducers (_latin2'x') stay limited to what the parser's
//     GetDefaultCollationLegacy hard-codes (utf8, utf8mb3, utf8mb4, ascii,
//     latin1, binary): the parser reports "Unsupported character introducer"
//     for any other charset, before and after registration.
//
// The parser knows utf8mb3 as "utf8", so utf8mb3 collations are registered
// with CharsetName "utf8". A charset-independent MariaDB name
// (uca1400_ai_ci) is registered as a collation of utf8mb4 so that it parses;
// its real charset is the column's: resolve it with Registry.CollationFor.
func RegisterWithParser() { registerOnce.Do(registerWithParser) }

// parserOrder is the order flavors are registered in (first wins a clash).
var parserOrder = []string{"mysql-9", "mysql-5.7", "mariadb-11", "mariadb-10.11"}

func parserCharsetName(cs string) string {
	if cs == "utf8mb3" {
		return "utf8"
	}
	return cs
}

func registerWithParser() {
	defer parserRegistered.Store(true)
	var regs []*Registry
	for _, f := range parserOrder {
		if r, err := For(f); err == nil {
			regs = append(regs, r)
		}
	}

	// Charsets first, so that AddCollation files each collation under its
	// charset.
	for _, r := range regs {
		for _, cs := range r.Charsets() {
			name := parserCharsetName(cs.Name)
			if _, err := pcharset.GetCharsetInfo(name); err == nil {
				continue
			}
			pcharset.AddCharset(&pcharset.Charset{
				Name:             name,
				DefaultCollation: r.DefaultCollation(cs.Name),
				Collations:       map[string]*pcharset.Collation{},
				Desc:             cs.Description,
				Maxlen:           cs.MaxLen,
			})
		}
	}

	supported := pcharset.GetSupportedCollations()
	nextSynthetic := 1 << 20
	add := func(c *pcharset.Collation) {
		// A name the parser already resolves (TiDB's own, an alias such as
		// utf8mb3_bin → utf8_bin, or an earlier flavor's) keeps its entry;
		// make sure the charset lists it.
		if prev, err := pcharset.GetCollationByName(c.Name); err == nil {
			if info, err := pcharset.GetCharsetInfo(c.CharsetName); err == nil && info.Collations[prev.Name] == nil && prev.CharsetName == info.Name {
				info.Collations[prev.Name] = prev
			}
			return
		}
		prev, err := pcharset.GetCollationByID(c.ID)
		if err != nil {
			pcharset.AddCollation(c)
			return
		}
		if slices.Contains(supported, prev) {
			// Restoring prev with AddCollation would list it twice in
			// GetSupportedCollations: give the newcomer an ID nobody uses.
			for {
				if _, err := pcharset.GetCollationByID(nextSynthetic); err != nil {
					break
				}
				nextSynthetic++
			}
			c.ID = nextSynthetic
			pcharset.AddCollation(c)
			return
		}
		// AddCollation overwrites the ID map: put the earlier owner back.
		pcharset.AddCollation(c)
		pcharset.AddCollation(prev)
	}
	for _, r := range regs {
		for _, c := range r.sorted {
			pad := pcharset.PadSpace
			if c.Pad == NoPad {
				pad = pcharset.PadNone
			}
			add(&pcharset.Collation{
				ID: c.ID, CharsetName: parserCharsetName(c.Charset), Name: c.Name,
				IsDefault: c.Default, Sortlen: 1, PadAttribute: pad,
			})
		}
		// MariaDB's charset-independent names, under utf8mb4 (else any).
		shorts := make([]string, 0, len(r.independent))
		for s := range r.independent {
			shorts = append(shorts, s)
		}
		slices.Sort(shorts)
		for _, s := range shorts {
			m := r.independent[s]
			full, ok := m["utf8mb4"]
			if !ok {
				names := make([]string, 0, len(m))
				for cs := range m {
					names = append(names, cs)
				}
				slices.Sort(names)
				full = m[names[0]]
			}
			pad := pcharset.PadSpace
			if full.Pad == NoPad {
				pad = pcharset.PadNone
			}
			add(&pcharset.Collation{
				ID: full.ID, CharsetName: parserCharsetName(full.Charset), Name: strings.ToLower(s),
				Sortlen: 1, PadAttribute: pad,
			})
		}
	}
}
