package charset

import (
	"slices"
	"strings"
	"testing"
)

func mustFor(t *testing.T, flavor string) *Registry {
	t.Helper()
	r, err := For(flavor)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFlavors(t *testing.T) {
	want := []string{"mysql-5.7", "mysql-8.0", "mysql-8.4", "mysql-9", "mariadb-10.11", "mariadb-11"}
	if got := Flavors(); !slices.Equal(got, want) {
		t.Fatalf("Flavors() = %v, want %v", got, want)
	}
	for _, f := range want {
		r := mustFor(t, f)
		if r.Flavor() != f {
			t.Errorf("For(%q).Flavor() = %q", f, r.Flavor())
		}
		if r2 := mustFor(t, strings.ToUpper(f)); r2 != r {
			t.Errorf("For(%q) is not shared", f)
		}
		t.Logf("%-13s %3d collations, %2d charsets, from %s", f, len(r.Collations()), len(r.Charsets()), r.Source())
	}
	_, err := For("mysql-6")
	if err == nil || !strings.Contains(err.Error(), "mysql-5.7, mysql-8.0, mysql-8.4, mysql-9, mariadb-10.11, mariadb-11") {
		t.Errorf("For(mysql-6): %v", err)
	}
}

func TestCounts(t *testing.T) {
	for f, n := range map[string][2]int{
		"mysql-5.7": {222, 41},
		"mysql-8.0": {286, 41},
		"mysql-8.4": {286, 41},
		"mysql-9":   {286, 41},
	} {
		r := mustFor(t, f)
		if got := len(r.Collations()); got != n[0] {
			t.Errorf("%s: %d collations, want %d", f, got, n[0])
		}
		if got := len(r.Charsets()); got != n[1] {
			t.Errorf("%s: %d charsets, want %d", f, got, n[1])
		}
	}
}

func TestCollationLookup(t *testing.T) {
	for _, tc := range []struct {
		flavor, name string
		want         string // "" = not found
		charset      string
	}{
		{"mysql-9", "utf8mb4_0900_ai_ci", "utf8mb4_0900_ai_ci", "utf8mb4"},
		{"mysql-9", "UTF8MB4_0900_AI_CI", "utf8mb4_0900_ai_ci", "utf8mb4"},
		{"mysql-9", "utf8_general_ci", "utf8mb3_general_ci", "utf8mb3"},
		{"mysql-9", "utf8mb3_general_ci", "utf8mb3_general_ci", "utf8mb3"},
		{"mysql-9", "utf8_unicode_520_ci", "utf8mb3_unicode_520_ci", "utf8mb3"},
		{"mysql-8.0", "utf8_bin", "utf8mb3_bin", "utf8mb3"},
		{"mysql-8.4", "latin1_swedish_ci", "latin1_swedish_ci", "latin1"},
		{"mysql-9", "binary", "binary", "binary"},
		{"mysql-9", "utf8mb4_uca1400_ai_ci", "", ""},
		{"mysql-9", "nonsense_ci", "", ""},
		{"mysql-5.7", "utf8_general_ci", "utf8_general_ci", "utf8"},
		{"mysql-5.7", "utf8mb3_general_ci", "utf8_general_ci", "utf8"},
		{"mysql-5.7", "utf8mb3_unicode_ci", "utf8_unicode_ci", "utf8"},
		{"mysql-5.7", "utf8mb4_0900_ai_ci", "", ""},
		{"mysql-5.7", "gb18030_chinese_ci", "gb18030_chinese_ci", "gb18030"},
	} {
		r := mustFor(t, tc.flavor)
		c, ok := r.Collation(tc.name)
		if tc.want == "" {
			if ok {
				t.Errorf("%s: Collation(%q) = %s, want none", tc.flavor, tc.name, c.Name)
			}
			continue
		}
		if !ok || c.Name != tc.want || c.Charset != tc.charset {
			t.Errorf("%s: Collation(%q) = %+v, %v; want %s of %s", tc.flavor, tc.name, c, ok, tc.want, tc.charset)
		}
	}
}

func TestCollationFor(t *testing.T) {
	for _, tc := range []struct {
		flavor, charset, name string
		want                  string // "" = rejected
	}{
		{"mysql-9", "utf8mb4", "utf8mb4_unicode_ci", "utf8mb4_unicode_ci"},
		{"mysql-9", "utf8", "utf8_general_ci", "utf8mb3_general_ci"},
		{"mysql-9", "utf8mb3", "utf8mb3_bin", "utf8mb3_bin"},
		{"mysql-9", "latin1", "utf8mb4_bin", ""}, // error 1253
		{"mysql-9", "utf8mb4", "utf8mb3_general_ci", ""},
		{"mysql-9", "utf8mb4", "uca1400_ai_ci", ""},
		{"mysql-9", "nosuch", "utf8mb4_bin", ""},
		{"mysql-5.7", "utf8mb3", "utf8_bin", "utf8_bin"},
		{"mysql-5.7", "utf8", "utf8mb3_bin", "utf8_bin"},
	} {
		r := mustFor(t, tc.flavor)
		c, ok := r.CollationFor(tc.charset, tc.name)
		if tc.want == "" {
			if ok {
				t.Errorf("%s: CollationFor(%q, %q) = %s, want rejection", tc.flavor, tc.charset, tc.name, c.Name)
			}
			continue
		}
		if !ok || c.Name != tc.want {
			t.Errorf("%s: CollationFor(%q, %q) = %v, %v; want %s", tc.flavor, tc.charset, tc.name, c, ok, tc.want)
		}
	}
}

func TestCharsetLookup(t *testing.T) {
	for _, tc := range []struct {
		flavor, name, want string
		maxLen             int
		unicode            bool
	}{
		{"mysql-9", "utf8", "utf8mb3", 3, true},
		{"mysql-9", "UTF8MB3", "utf8mb3", 3, true},
		{"mysql-9", "utf8mb4", "utf8mb4", 4, true},
		{"mysql-9", "Latin1", "latin1", 1, false},
		{"mysql-9", "ucs2", "ucs2", 2, true},
		{"mysql-9", "utf16le", "utf16le", 4, true},
		{"mysql-9", "utf32", "utf32", 4, true},
		{"mysql-9", "gb18030", "gb18030", 4, false},
		{"mysql-9", "euckr", "euckr", 2, false},
		{"mysql-9", "binary", "binary", 1, false},
		{"mysql-5.7", "utf8", "utf8", 3, true},
		{"mysql-5.7", "utf8mb3", "utf8", 3, true},
	} {
		r := mustFor(t, tc.flavor)
		cs, ok := r.Charset(tc.name)
		if !ok || cs.Name != tc.want || cs.MaxLen != tc.maxLen || cs.Unicode != tc.unicode {
			t.Errorf("%s: Charset(%q) = %+v, %v; want %s maxlen %d unicode %v", tc.flavor, tc.name, cs, ok, tc.want, tc.maxLen, tc.unicode)
		}
	}
	if _, ok := mustFor(t, "mysql-9").Charset("nosuch"); ok {
		t.Error("Charset(nosuch) found")
	}
	// Charset names are lower-case and canonical everywhere.
	for _, f := range Flavors() {
		r := mustFor(t, f)
		for _, cs := range r.Charsets() {
			if cs.Name != strings.ToLower(cs.Name) {
				t.Errorf("%s: charset %q not lower-case", f, cs.Name)
			}
		}
		for _, c := range r.Collations() {
			if c.Name != strings.ToLower(c.Name) || c.Charset != strings.ToLower(c.Charset) {
				t.Errorf("%s: collation %q/%q not lower-case", f, c.Name, c.Charset)
			}
			if _, ok := r.Charset(c.Charset); !ok {
				t.Errorf("%s: collation %s of unknown charset %s", f, c.Name, c.Charset)
			}
		}
	}
}

func TestDefaults(t *testing.T) {
	for _, tc := range []struct{ flavor, charset, want string }{
		{"mysql-8.4", "utf8mb4", "utf8mb4_0900_ai_ci"},
		{"mysql-8.4", "latin1", "latin1_swedish_ci"},
		{"mysql-8.4", "utf8mb3", "utf8mb3_general_ci"},
		{"mysql-8.4", "utf8", "utf8mb3_general_ci"},
		{"mysql-8.0", "utf8mb4", "utf8mb4_0900_ai_ci"},
		{"mysql-9", "utf8mb4", "utf8mb4_0900_ai_ci"},
		{"mysql-9", "binary", "binary"},
		{"mysql-9", "ucs2", "ucs2_general_ci"},
		{"mysql-9", "gb18030", "gb18030_chinese_ci"},
		{"mysql-9", "nosuch", ""},
		{"mysql-5.7", "utf8mb4", "utf8mb4_general_ci"},
		{"mysql-5.7", "utf8", "utf8_general_ci"},
		{"mysql-5.7", "utf8mb3", "utf8_general_ci"},
		{"mysql-5.7", "latin1", "latin1_swedish_ci"},
	} {
		r := mustFor(t, tc.flavor)
		if got := r.DefaultCollation(tc.charset); got != tc.want {
			t.Errorf("%s: DefaultCollation(%q) = %q, want %q", tc.flavor, tc.charset, got, tc.want)
		}
		if tc.want == "" {
			continue
		}
		if got := r.CompiledDefaultCollation(tc.charset); got != tc.want {
			t.Errorf("%s: CompiledDefaultCollation(%q) = %q, want %q", tc.flavor, tc.charset, got, tc.want)
		}
		c, _ := r.Collation(tc.want)
		if !c.Default {
			t.Errorf("%s: %s not marked Default", tc.flavor, c.Name)
		}
	}
	// Exactly one compiled default per charset, and it is the charset's.
	for _, f := range Flavors() {
		r := mustFor(t, f)
		n := map[string]int{}
		for _, c := range r.Collations() {
			if c.Default {
				n[c.Charset]++
			}
		}
		for _, cs := range r.Charsets() {
			if n[cs.Name] != 1 {
				t.Errorf("%s: charset %s has %d default collations", f, cs.Name, n[cs.Name])
			}
			if r.DefaultCollation(cs.Name) == "" {
				t.Errorf("%s: charset %s: no default", f, cs.Name)
			}
		}
	}
}

func TestServerDefaults(t *testing.T) {
	for _, tc := range []struct{ flavor, charset, collation string }{
		{"mysql-5.7", "latin1", "latin1_swedish_ci"},
		{"mysql-8.0", "utf8mb4", "utf8mb4_0900_ai_ci"},
		{"mysql-8.4", "utf8mb4", "utf8mb4_0900_ai_ci"},
		{"mysql-9", "utf8mb4", "utf8mb4_0900_ai_ci"},
	} {
		cs, co := mustFor(t, tc.flavor).ServerDefaults()
		if cs != tc.charset || co != tc.collation {
			t.Errorf("%s: ServerDefaults() = %s, %s; want %s, %s", tc.flavor, cs, co, tc.charset, tc.collation)
		}
	}
	for _, f := range Flavors() {
		r := mustFor(t, f)
		cs, co := r.ServerDefaults()
		c, ok := r.CollationFor(cs, co)
		if !ok {
			t.Errorf("%s: server default %s/%s does not resolve", f, cs, co)
			continue
		}
		v, _ := r.Variable("version")
		t.Logf("%-13s server %s / %s (version %s)", f, cs, c.Name, v)
	}
}

func TestFlags(t *testing.T) {
	type flags struct {
		pad            Pad
		binary, cs, as bool
	}
	for _, tc := range []struct {
		flavor, name string
		want         flags
	}{
		{"mysql-9", "utf8mb4_0900_ai_ci", flags{NoPad, false, false, false}},
		{"mysql-9", "utf8mb4_0900_as_ci", flags{NoPad, false, false, true}},
		{"mysql-9", "utf8mb4_0900_as_cs", flags{NoPad, false, true, true}},
		{"mysql-9", "utf8mb4_0900_bin", flags{NoPad, true, true, true}},
		{"mysql-9", "utf8mb4_ja_0900_as_cs_ks", flags{NoPad, false, true, true}},
		{"mysql-9", "utf8mb4_unicode_ci", flags{PadSpace, false, false, false}},
		{"mysql-9", "utf8mb4_general_ci", flags{PadSpace, false, false, false}},
		{"mysql-9", "utf8mb4_bin", flags{PadSpace, true, true, true}},
		{"mysql-9", "utf8mb3_bin", flags{PadSpace, true, true, true}},
		{"mysql-9", "binary", flags{NoPad, true, true, true}},
		{"mysql-9", "latin1_swedish_ci", flags{PadSpace, false, false, false}},
		{"mysql-9", "latin1_general_cs", flags{PadSpace, false, true, true}},
		// Measured: a legacy "_ci" that distinguishes every accent.
		{"mysql-9", "latin1_general_ci", flags{PadSpace, false, false, true}},
		{"mysql-9", "gbk_chinese_ci", flags{PadSpace, false, false, true}},
		{"mysql-5.7", "utf8mb4_bin", flags{PadSpace, true, true, true}},
		{"mysql-5.7", "utf8_general_ci", flags{PadSpace, false, false, false}},
		{"mysql-5.7", "latin1_general_ci", flags{PadSpace, false, false, true}},
	} {
		c, ok := mustFor(t, tc.flavor).Collation(tc.name)
		if !ok {
			t.Errorf("%s: %s not found", tc.flavor, tc.name)
			continue
		}
		got := flags{c.Pad, c.Binary, c.CaseSensitive, c.AccentSensitive}
		if got != tc.want {
			t.Errorf("%s: %s: %+v, want %+v", tc.flavor, tc.name, got, tc.want)
		}
	}
	if PadSpace.String() != "PAD SPACE" || NoPad.String() != "NO PAD" {
		t.Error("Pad.String")
	}
}

func TestNameFlags(t *testing.T) {
	for _, tc := range []struct {
		name           string
		binary, cs, as bool
	}{
		{"binary", true, true, true},
		{"utf8mb4_nopad_bin", true, true, true},
		{"utf8mb4_uca1400_ai_ci", false, false, false},
		{"utf8mb4_uca1400_as_ci", false, false, true},
		{"utf8mb4_uca1400_nopad_as_cs", false, true, true},
		{"utf8mb4_thai_520_w2", false, false, true},
		{"latin1_general_cs", false, true, true},
		{"utf8mb4_general_ci", false, false, false},
		{"utf8mb4_ja_0900_as_cs_ks", false, true, true},
	} {
		b, cs, as := nameFlags(tc.name)
		if b != tc.binary || cs != tc.cs || as != tc.as {
			t.Errorf("nameFlags(%s) = %v %v %v, want %v %v %v", tc.name, b, cs, as, tc.binary, tc.cs, tc.as)
		}
	}
}

// TestMySQL57Derivation lists members and non-members of the derived table.
func TestMySQL57Derivation(t *testing.T) {
	r := mustFor(t, "mysql-5.7")
	names := map[string]bool{}
	for _, c := range r.Collations() {
		names[c.Name] = true
		if strings.Contains(c.Name, "utf8mb3") || c.Charset == "utf8mb3" {
			t.Errorf("5.7 spells utf8mb3 as utf8: %s/%s", c.Name, c.Charset)
		}
		if c.Pad != PadSpace && c.Name != "binary" {
			t.Errorf("%s: NO PAD in 5.7", c.Name)
		}
	}
	for _, n := range []string{"utf8_general_ci", "utf8_bin", "utf8_unicode_ci", "utf8_unicode_520_ci",
		"utf8_general_mysql500_ci", "utf8mb4_general_ci", "utf8mb4_unicode_520_ci", "utf8mb4_bin",
		"gb18030_chinese_ci", "gb18030_unicode_520_ci", "utf16le_general_ci", "latin1_swedish_ci", "binary"} {
		if !names[n] {
			t.Errorf("5.7 should have %s", n)
		}
	}
	for _, n := range []string{"utf8mb4_0900_ai_ci", "utf8mb4_0900_as_cs", "utf8mb4_0900_bin", "utf8mb4_zh_0900_as_cs",
		"utf8mb4_ja_0900_as_cs", "utf8mb4_ru_0900_ai_ci", "utf8mb4_mn_cyrl_0900_ai_ci", "utf8mb4_bs_0900_ai_ci",
		"utf8mb4_sr_latn_0900_as_cs", "utf8_tolower_ci", "utf8mb3_tolower_ci", "utf8mb3_general_ci"} {
		if names[n] {
			t.Errorf("5.7 should not have %s", n)
		}
	}
	c, _ := r.Collation("utf8_general_ci")
	if c.ID != 33 || !c.Default {
		t.Errorf("utf8_general_ci: %+v", c)
	}
	if c, ok := r.CollationByID(45); !ok || c.Name != "utf8mb4_general_ci" || !c.Default {
		t.Errorf("ID 45: %+v", c)
	}
	if _, ok := r.CollationByID(255); ok {
		t.Error("5.7 has ID 255")
	}
}

func TestEncodable(t *testing.T) {
	for _, tc := range []struct {
		charset, s string
		ok         bool
		bad        rune
	}{
		{"latin1", "가", false, '가'},
		{"latin1", "é", true, 0},
		{"latin1", "café €", true, 0},
		{"latin1", "\u0081\u008d\u008f\u0090\u009d", true, 0}, // cp1252's holes, mapped by MySQL
		{"latin1", "ab가c", false, '가'},
		{"LATIN1", "Ω", false, 'Ω'},
		{"utf8mb3", "😀", false, '😀'},
		{"utf8", "a😀", false, '😀'},
		{"utf8mb3", "가é", true, 0},
		{"utf8mb4", "😀", true, 0},
		{"ucs2", "😀", false, '😀'},
		{"utf16", "😀", true, 0},
		{"utf32", "😀", true, 0},
		{"gb18030", "😀", true, 0},
		{"euckr", "가", true, 0},
		{"euckr", "똠", true, 0}, // CP949 hangul: MySQL's euckr stores it
		{"euckr", "é", false, 'é'},
		{"ascii", "é", false, 'é'},
		{"ascii", "plain", true, 0},
		{"swe7", "[", false, '['},
		{"latin2", "ő", true, 0},
		{"cp1251", "Привет", true, 0},
		{"koi8r", "Привет", true, 0},
		{"sjis", "日本", true, 0},
		{"big5", "中文", true, 0},
		{"gbk", "中文", true, 0},
		{"binary", "\xff\xfe", true, 0},
		{"latin1", "\xff", false, '\uFFFD'},
		{"nosuch", "가", true, 0},
	} {
		ok, bad := Encodable(tc.charset, tc.s)
		if ok != tc.ok || bad != tc.bad {
			t.Errorf("Encodable(%q, %q) = %v, %q; want %v, %q", tc.charset, tc.s, ok, bad, tc.ok, tc.bad)
		}
	}
	// The mysql-5.7 registry knows utf8 as its utf8mb3.
	if ok, _ := mustFor(t, "mysql-5.7").Encodable("utf8", "😀"); ok {
		t.Error("mysql-5.7: utf8 stores 😀")
	}
}

func TestRepertoiresParse(t *testing.T) {
	for _, f := range Flavors() {
		r := mustFor(t, f)
		for _, cs := range r.Charsets() {
			if cs.Name == "binary" {
				continue
			}
			raw, ok := r.repertoires.raw[cs.Name]
			if !ok {
				t.Errorf("%s: no repertoire for %s", f, cs.Name)
				continue
			}
			rs, err := parseRanges(raw)
			if err != nil {
				t.Errorf("%s: %s: %v", f, cs.Name, err)
				continue
			}
			if !rs.has('a') || !rs.has('?') {
				t.Errorf("%s: %s lacks 'a' or '?'", f, cs.Name)
			}
		}
	}
}
