// Package charset knows, per server flavor, which character sets and
// collations exist and what they are: canonical names, IDs, defaults, PAD
// attribute, binary sort, case and accent sensitivity, aliases, which
// characters each charset can store, and the server defaults of each
// flavor's stock server.
//
// The facts are data, not code: data/<server>/ holds what ./gen read from a
// real server — information_schema.COLLATIONS, CHARACTER_SETS and (MariaDB)
// COLLATION_CHARACTER_SET_APPLICABILITY, a few global variables
// (server.tsv), the server's answers to a few comparisons under every
// collation (behavior.tsv) and every charset's repertoire (repertoire.tsv)
// — embedded with go:embed and regenerated with
//
//	go run ./lint/charset/gen -dsn 'root@tcp(127.0.0.1:PORT)/' -out lint/charset/data/<server>
//
// (see data/README.md). Which dump serves which flavor, and the one derived
// table (mysql-5.7), are in flavors.go. What is read from names rather
// than from the server's tables (Binary, CaseSensitive, AccentSensitive,
// and Pad where the server has no PAD_ATTRIBUTE column) is documented on
// Collation; the tests check it against behavior.tsv.
//
// Registries and the *Collation / *Charset values they hand out are shared:
// do not modify them.
package charset

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pad is a collation's PAD attribute: whether trailing spaces are ignored
// when comparing ('a' = 'a ').
type Pad uint8

const (
	// PadSpace: trailing spaces are insignificant ('a' = 'a ').
	PadSpace Pad = iota
	// NoPad: trailing spaces count ('a' <> 'a ').
	NoPad
)

func (p Pad) String() string {
	if p == NoPad {
		return "NO PAD"
	}
	return "PAD SPACE"
}

// Collation is one collation of one flavor.
type Collation struct {
	// Name is the canonical name as the flavor's server spells it in
	// information_schema (MariaDB: the full name, e.g.
	// "utf8mb4_uca1400_ai_ci", never the charset-independent "uca1400_ai_ci").
	Name string
	// Charset is the canonical, lower-case charset name.
	Charset string
	ID      int
	// Default: the compiled default collation of its charset in this flavor
	// (IS_DEFAULT). See Registry.DefaultCollation for what a bare
	// CHARACTER SET clause gets on the flavor's stock server.
	Default bool
	// Pad is PAD_ATTRIBUTE where the server reports it (MySQL 8+). MariaDB
	// has no such column: there, and on the derived mysql-5.7 table, NO PAD
	// means a name containing "_nopad_" or the "binary" collation, which the
	// tests check against the server's own answer to 'a' = 'a '.
	Pad Pad
	// Binary is a binary (code-point / byte order) sort, MY_CS_BINSORT:
	// the "binary" collation and every "*_bin" collation (including
	// utf8mb4_0900_bin and MariaDB's "*_nopad_bin"). At equal coercibility
	// within one charset it silently wins over a non-binary collation.
	Binary bool
	// CaseSensitive and AccentSensitive are first read from the name,
	// token by token (split on "_"):
	//   - binary collations ("binary", "*_bin") are both;
	//   - "cs" makes it case-sensitive, "ci" case-insensitive;
	//   - "as" makes it accent-sensitive, "ai" accent-insensitive;
	//   - a "ci" collation that says neither "as" nor "ai" (the legacy
	//     latin1_swedish_ci, utf8mb4_general_ci, utf8mb4_unicode_ci, …) is
	//     read as accent-insensitive, a "cs" one (latin1_general_cs, …) as
	//     accent-sensitive;
	//   - MariaDB's "_w2" (weight level 2: base letter and accent) is
	//     case-insensitive and accent-sensitive;
	//   - "ks" (kana-sensitive) is ignored.
	// Then AccentSensitive is corrected by measurement where there is one
	// (behavior.tsv): a collation under which none of a dozen accented
	// letters its charset can store (é è ë à á í ô ü ç ñ č š ά έ) equals its
	// base letter is accent-sensitive, whatever its name says. On MySQL 9.7
	// that corrects the "_ci" reading of latin1_general_ci,
	// latin7_general_ci, cp850_general_ci, cp1256_general_ci,
	// cp1257_lithuanian_ci, hp8_english_ci, gbk/gb2312/gb18030_chinese_ci,
	// ujis/eucjpms_japanese_ci and utf8mb3_tolower_ci. A collation that
	// ignores some accents and not others (Icelandic é, Swedish ü, Spanish
	// ñ) counts as accent-insensitive. Case sensitivity and PAD as read
	// agree with the server everywhere (tested).
	CaseSensitive, AccentSensitive bool
	// AliasOf names the collation this one is another name for, when the
	// server says so (MariaDB 11.4+ lists MySQL's utf8mb4_0900_* names, IDs
	// 255-323, with COMMENT "Alias for utf8mb4_uca1400_nopad_ai_ci" etc.).
	// The server keeps the alias's name and ID (a column declared with it
	// reports it), but compares the two as one collation: measured on
	// MariaDB 11.8, x COLLATE utf8mb4_0900_ai_ci = y COLLATE
	// utf8mb4_uca1400_nopad_ai_ci is not error 1267. Pad and the
	// sensitivity flags are the target's. "" when not an alias.
	AliasOf string
}

// Same reports whether a and b are the same collation for the server:
// identical, or one an alias of the other (or both of a third).
func Same(a, b *Collation) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.canonical() == b.canonical()
}

func (c *Collation) canonical() string {
	if c.AliasOf != "" {
		return c.AliasOf
	}
	return c.Name
}

// Charset is one character set of one flavor.
type Charset struct {
	// Name is the canonical lower-case name ("utf8mb3" on MySQL 8+ and
	// MariaDB 10.6+, "utf8" on mysql-5.7).
	Name string
	// DefaultCollation is CHARACTER_SETS.DEFAULT_COLLATE_NAME as measured.
	DefaultCollation string
	Description      string
	// MaxLen is the longest character in bytes.
	MaxLen int
	// Unicode: the charset can hold (at least the BMP of) Unicode and wins
	// the charset conversion against a non-Unicode one at equal
	// coercibility: utf8mb4, utf8mb3/utf8, ucs2, utf16, utf16le, utf32.
	Unicode bool
}

// unicodeCharsets are the charsets with MY_CS_UNICODE in the server source,
// the flag DTCollation::aggregate() tests; information_schema does not
// expose it. gb18030 can encode all of Unicode but does not carry the flag.
var unicodeCharsets = map[string]bool{
	"utf8mb4": true, "utf8mb3": true, "utf8": true, "ucs2": true,
	"utf16": true, "utf16le": true, "utf32": true,
}

// Registry holds the charsets and collations of one flavor. It is immutable
// once built and safe for concurrent use.
type Registry struct {
	flavor      string
	source      string // the data directory it was built from
	collations  map[string]*Collation
	sorted      []*Collation
	byID        map[int]*Collation
	charsets    map[string]*Charset
	independent map[string]map[string]*Collation // MariaDB "uca1400_ai_ci" → charset → full
	defaults    map[string]string                // effective default collation per charset
	vars        map[string]string
	utf8Means   string // what the charset name "utf8" resolves to
	repertoires *repertoires
}

// Flavor is the flavor name the registry was loaded for.
func (r *Registry) Flavor() string { return r.flavor }

// Source names the data the registry was built from, e.g. "mysql-9.7" or
// "mysql-9.7 (derived: mysql-5.7)".
func (r *Registry) Source() string { return r.source }

// Variable returns a server variable measured on the flavor's stock server
// (server.tsv): version, character_set_server, collation_server,
// character_set_database, default_collation_for_utf8mb4,
// character_set_collations, old_mode — whichever the server has.
func (r *Registry) Variable(name string) (string, bool) {
	v, ok := r.vars[strings.ToLower(name)]
	return v, ok
}

// Collation looks a collation up by name, case-insensitively. It accepts the
// utf8/utf8mb3 aliases of the flavor: "utf8_general_ci" on MySQL 8+/MariaDB
// (→ utf8mb3_general_ci, or utf8mb4_* on a MariaDB whose old_mode lacks
// UTF8_IS_UTF8MB3) and "utf8mb3_general_ci" on mysql-5.7 (→ utf8_general_ci).
// MariaDB's charset-independent names ("uca1400_ai_ci") need a charset: use
// CollationFor.
func (r *Registry) Collation(name string) (*Collation, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if c, ok := r.collations[n]; ok {
		return c, true
	}
	mb3 := r.utf8mb3Name()
	switch {
	case strings.HasPrefix(n, "utf8_") && r.utf8Means != "utf8":
		c, ok := r.collations[r.utf8Means+n[len("utf8"):]]
		return c, ok
	case strings.HasPrefix(n, "utf8mb3_") && mb3 == "utf8":
		c, ok := r.collations["utf8"+n[len("utf8mb3"):]]
		return c, ok
	}
	return nil, false
}

// CollationFor resolves a collation named in the context of a charset, as a
// column definition "CHARACTER SET cs COLLATE name" does: it accepts
// everything Collation accepts, plus MariaDB's charset-independent names
// ("uca1400_ai_ci" with "utf8mb4" → utf8mb4_uca1400_ai_ci), and reports
// false unless the collation belongs to the charset (server error 1253).
func (r *Registry) CollationFor(charset, name string) (*Collation, bool) {
	cs, ok := r.Charset(charset)
	if !ok {
		return nil, false
	}
	if c, ok := r.Collation(name); ok {
		return c, c.Charset == cs.Name
	}
	if m, ok := r.independent[strings.ToLower(strings.TrimSpace(name))]; ok {
		c, ok := m[cs.Name]
		return c, ok
	}
	return nil, false
}

// CollationByID looks a collation up by its numeric ID in this flavor.
func (r *Registry) CollationByID(id int) (*Collation, bool) {
	c, ok := r.byID[id]
	return c, ok
}

// Charset looks a charset up by name, case-insensitively: "utf8" means
// utf8mb3 on MySQL 8+ and on MariaDB whose old_mode has UTF8_IS_UTF8MB3 (the
// default; utf8mb4 otherwise); "utf8mb3" means utf8 on mysql-5.7.
func (r *Registry) Charset(name string) (*Charset, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "utf8" {
		n = r.utf8Means
	} else if n == "utf8mb3" {
		n = r.utf8mb3Name()
	}
	c, ok := r.charsets[n]
	return c, ok
}

func (r *Registry) utf8mb3Name() string {
	if _, ok := r.charsets["utf8mb3"]; ok {
		return "utf8mb3"
	}
	return "utf8"
}

// DefaultCollation is the collation a bare "CHARACTER SET cs" gets on the
// flavor's stock server: the charset's compiled default
// (mysql-8+: utf8mb4 → utf8mb4_0900_ai_ci; mysql-5.7: utf8mb4_general_ci),
// unless the stock server maps the charset elsewhere with
// character_set_collations (MariaDB 11.5+; measured on 11.8: a bare
// CHARSET utf8mb4/utf8mb3/ucs2/utf16/utf32 column gets *_uca1400_ai_ci, and
// so do CONVERT(… USING utf8mb4) and _utf8mb4'x') or
// default_collation_for_utf8mb4. Unknown charset → "".
func (r *Registry) DefaultCollation(charset string) string {
	cs, ok := r.Charset(charset)
	if !ok {
		return ""
	}
	return r.defaults[cs.Name]
}

// CompiledDefaultCollation is the collation information_schema marks
// IS_DEFAULT for the charset, ignoring default_collation_for_utf8mb4. On
// MariaDB 11.8 IS_DEFAULT itself already follows character_set_collations
// (utf8mb4 → utf8mb4_uca1400_ai_ci, as measured), so the two agree there.
func (r *Registry) CompiledDefaultCollation(charset string) string {
	cs, ok := r.Charset(charset)
	if !ok {
		return ""
	}
	for _, c := range r.sorted {
		if c.Charset == cs.Name && c.Default {
			return c.Name
		}
	}
	return cs.DefaultCollation
}

// Collations lists every collation of the flavor, sorted by name.
func (r *Registry) Collations() []*Collation { return slices.Clone(r.sorted) }

// Charsets lists every charset of the flavor, sorted by name.
func (r *Registry) Charsets() []*Charset {
	out := make([]*Charset, 0, len(r.charsets))
	for _, c := range r.charsets {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *Charset) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ServerDefaults returns character_set_server and collation_server of the
// flavor's stock server as measured (official image / Debian package).
func (r *Registry) ServerDefaults() (charset, collation string) {
	return r.vars["character_set_server"], r.vars["collation_server"]
}

// nameFlags reads Binary, CaseSensitive and AccentSensitive from a collation
// name; see the Collation field comments.
func nameFlags(name string) (binary, caseSensitive, accentSensitive bool) {
	toks := strings.Split(name, "_")
	if name == "binary" || toks[len(toks)-1] == "bin" {
		return true, true, true
	}
	var sawCase, sawAccent bool
	caseSensitive, accentSensitive = true, true
	for _, t := range toks[1:] {
		switch t {
		case "ci":
			caseSensitive, sawCase = false, true
		case "cs":
			caseSensitive, sawCase = true, true
		case "ai":
			accentSensitive, sawAccent = false, true
		case "as":
			accentSensitive, sawAccent = true, true
		case "w2":
			caseSensitive, sawCase = false, true
			accentSensitive, sawAccent = true, true
		}
	}
	if sawCase && !sawAccent {
		accentSensitive = caseSensitive
	}
	return binary, caseSensitive, accentSensitive
}

// namePad is the PAD attribute read from the name where the server does not
// report one.
func namePad(name string) Pad {
	if name == "binary" || strings.Contains(name, "_nopad_") {
		return NoPad
	}
	return PadSpace
}

// dataset is the raw content of one data directory.
type dataset struct {
	source        string
	collations    *table
	charsets      *table
	applicability *table // MariaDB ≥ 10.10 only
	behavior      *table // optional: what ./gen measured per collation
	repertoire    *table // optional: what ./gen measured per charset
	server        map[string]string
}

func atoi(t *table, r row, col string) (int, error) {
	v, ok := r[col]
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %s=%q: %w", t.file, col, v, err)
	}
	return n, nil
}

// build turns a dataset into a Registry.
func build(flavor string, ds *dataset) (*Registry, error) {
	r := &Registry{
		flavor:      flavor,
		source:      ds.source,
		collations:  map[string]*Collation{},
		byID:        map[int]*Collation{},
		charsets:    map[string]*Charset{},
		independent: map[string]map[string]*Collation{},
		defaults:    map[string]string{},
		vars:        map[string]string{},
	}
	for k, v := range ds.server {
		r.vars[strings.ToLower(k)] = v
	}

	cst := ds.charsets
	if err := cst.require("CHARACTER_SET_NAME", "DEFAULT_COLLATE_NAME", "DESCRIPTION", "MAXLEN"); err != nil {
		return nil, err
	}
	for _, row := range cst.rows {
		maxLen, err := atoi(cst, row, "MAXLEN")
		if err != nil {
			return nil, err
		}
		name := strings.ToLower(row["CHARACTER_SET_NAME"])
		r.charsets[name] = &Charset{
			Name:             name,
			DefaultCollation: strings.ToLower(row["DEFAULT_COLLATE_NAME"]),
			Description:      row["DESCRIPTION"],
			MaxLen:           maxLen,
			Unicode:          unicodeCharsets[name],
		}
	}

	ct := ds.collations
	if err := ct.require("COLLATION_NAME", "CHARACTER_SET_NAME", "ID", "IS_DEFAULT"); err != nil {
		return nil, err
	}
	pads := map[string]Pad{} // by COLLATION_NAME, where the server reports it
	if ct.hasColumn("PAD_ATTRIBUTE") {
		for _, row := range ct.rows {
			p := PadSpace
			if strings.EqualFold(row["PAD_ATTRIBUTE"], "NO PAD") {
				p = NoPad
			}
			pads[strings.ToLower(row["COLLATION_NAME"])] = p
		}
	}
	add := func(t *table, row row, nameCol string) (*Collation, error) {
		name := strings.ToLower(row[nameCol])
		cs := strings.ToLower(row["CHARACTER_SET_NAME"])
		if name == "" || cs == "" {
			return nil, nil // MariaDB: a charset-independent row of COLLATIONS
		}
		if _, ok := r.charsets[cs]; !ok {
			return nil, fmt.Errorf("%s: collation %s of unknown charset %s", t.file, name, cs)
		}
		if c, ok := r.collations[name]; ok {
			return c, nil
		}
		id, err := atoi(t, row, "ID")
		if err != nil {
			return nil, err
		}
		bin, cs2, as := nameFlags(name)
		pad, ok := pads[name]
		if !ok {
			if p, ok2 := pads[strings.ToLower(row["COLLATION_NAME"])]; ok2 && len(pads) > 0 {
				pad = p
			} else {
				pad = namePad(name)
			}
		}
		c := &Collation{
			Name: name, Charset: cs, ID: id,
			Default: strings.EqualFold(row["IS_DEFAULT"], "Yes"),
			Pad:     pad, Binary: bin, CaseSensitive: cs2, AccentSensitive: as,
		}
		if prev, dup := r.byID[id]; dup && id != 0 {
			return nil, fmt.Errorf("%s: collation ID %d used by %s and %s", t.file, id, prev.Name, name)
		}
		r.collations[name] = c
		if id != 0 {
			r.byID[id] = c
		}
		r.sorted = append(r.sorted, c)
		return c, nil
	}
	if at := ds.applicability; at != nil {
		if err := at.require("COLLATION_NAME", "CHARACTER_SET_NAME", "FULL_COLLATION_NAME", "ID", "IS_DEFAULT"); err != nil {
			return nil, err
		}
		for _, row := range at.rows {
			c, err := add(at, row, "FULL_COLLATION_NAME")
			if err != nil {
				return nil, err
			}
			if c == nil {
				continue
			}
			if short := strings.ToLower(row["COLLATION_NAME"]); short != c.Name {
				if r.independent[short] == nil {
					r.independent[short] = map[string]*Collation{}
				}
				r.independent[short][c.Charset] = c
			}
		}
	}
	for _, row := range ct.rows {
		if _, err := add(ct, row, "COLLATION_NAME"); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(r.sorted, func(a, b *Collation) int { return strings.Compare(a.Name, b.Name) })

	// Aliases, as information_schema.COLLATIONS.COMMENT names them.
	if ct.hasColumn("COMMENT") {
		for _, row := range ct.rows {
			target, ok := strings.CutPrefix(row["COMMENT"], "Alias for ")
			if !ok {
				continue
			}
			c, ok1 := r.collations[strings.ToLower(row["COLLATION_NAME"])]
			t, ok2 := r.collations[strings.ToLower(strings.TrimSpace(target))]
			if !ok1 || !ok2 || t.AliasOf != "" || t.Charset != c.Charset {
				return nil, fmt.Errorf("%s: %s: bad alias %q", ct.file, row["COLLATION_NAME"], row["COMMENT"])
			}
			c.AliasOf = t.Name
			c.Pad, c.CaseSensitive, c.AccentSensitive = t.Pad, t.CaseSensitive, t.AccentSensitive
		}
	}

	// Accent sensitivity as measured, where the charset can store any of
	// the accented letters ./gen tries: accent-sensitive when none of them
	// equals its base letter.
	if bt := ds.behavior; bt != nil {
		if err := bt.require("COLLATION_NAME", "ACCENTS_TRIED", "ACCENTS_IGNORED"); err != nil {
			return nil, err
		}
		for _, row := range bt.rows {
			c, ok := r.collations[strings.ToLower(row["COLLATION_NAME"])]
			if !ok {
				return nil, fmt.Errorf("%s: unknown collation %s", bt.file, row["COLLATION_NAME"])
			}
			if row["ACCENTS_TRIED"] != "" {
				c.AccentSensitive = row["ACCENTS_IGNORED"] == ""
			}
		}
	}

	if ds.repertoire != nil {
		reps, err := newRepertoires(ds.repertoire)
		if err != nil {
			return nil, err
		}
		r.repertoires = reps
	} else {
		r.repertoires = mysqlRepertoires()
	}

	// What "utf8" means.
	r.utf8Means = r.utf8mb3Name()
	if om, ok := r.vars["old_mode"]; ok && r.utf8Means == "utf8mb3" &&
		!slices.Contains(strings.Split(strings.ToUpper(om), ","), "UTF8_IS_UTF8MB3") {
		r.utf8Means = "utf8mb4"
	}

	// Check the charsets' defaults and compute the effective ones.
	for name, cs := range r.charsets {
		c, ok := r.collations[cs.DefaultCollation]
		if !ok || c.Charset != name {
			return nil, fmt.Errorf("%s: charset %s: default collation %q unknown or of another charset", cst.file, name, cs.DefaultCollation)
		}
		r.defaults[name] = cs.DefaultCollation
	}
	if v := r.vars["default_collation_for_utf8mb4"]; v != "" {
		if c, ok := r.CollationFor("utf8mb4", v); ok {
			r.defaults["utf8mb4"] = c.Name
		}
	}
	if v := r.vars["character_set_collations"]; v != "" {
		for _, kv := range strings.Split(v, ",") {
			k, coll, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok {
				continue
			}
			cs, ok1 := r.Charset(k)
			c, ok2 := r.CollationFor(k, coll)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("%s: character_set_collations entry %q does not resolve", ds.source, kv)
			}
			r.defaults[cs.Name] = c.Name
		}
	}
	for _, v := range []string{"character_set_server", "collation_server"} {
		if r.vars[v] == "" {
			return nil, fmt.Errorf("%s/server.tsv: no %s", ds.source, v)
		}
	}
	return r, nil
}
