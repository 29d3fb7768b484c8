package charset

import "testing"

func TestMariaDB(t *testing.T) {
	for _, tc := range []struct {
		flavor, charset, name string
		want                  string // "" = rejected
	}{
		{"mariadb-10.11", "utf8mb4", "uca1400_ai_ci", "utf8mb4_uca1400_ai_ci"},
		{"mariadb-10.11", "utf8mb3", "uca1400_ai_ci", "utf8mb3_uca1400_ai_ci"},
		{"mariadb-10.11", "utf8", "UCA1400_AS_CS", "utf8mb3_uca1400_as_cs"},
		{"mariadb-10.11", "ucs2", "uca1400_swedish_nopad_ai_ci", "ucs2_uca1400_swedish_nopad_ai_ci"},
		{"mariadb-10.11", "latin1", "uca1400_ai_ci", ""},
		{"mariadb-10.11", "utf8mb4", "utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_ai_ci"},
		{"mariadb-10.11", "utf8mb4", "utf8_general_ci", ""}, // 1253, measured
		{"mariadb-10.11", "utf8", "utf8_general_ci", "utf8mb3_general_ci"},
		{"mariadb-10.11", "utf8mb4", "utf8mb4_0900_ai_ci", ""},
		{"mariadb-11", "utf8mb4", "uca1400_ai_ci", "utf8mb4_uca1400_ai_ci"},
		{"mariadb-11", "utf8mb4", "utf8mb4_0900_ai_ci", "utf8mb4_0900_ai_ci"},
		{"mariadb-11", "utf32", "uca1400_ai_ci", "utf32_uca1400_ai_ci"},
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
	for _, f := range []string{"mariadb-10.11", "mariadb-11"} {
		r := mustFor(t, f)
		if _, ok := r.Collation("uca1400_ai_ci"); ok {
			t.Errorf("%s: Collation(uca1400_ai_ci) resolves without a charset", f)
		}
		if _, ok := r.Charset("gb18030"); ok {
			t.Errorf("%s: has gb18030", f)
		}
		if cs, _ := r.Charset("utf8"); cs.Name != "utf8mb3" {
			t.Errorf("%s: utf8 = %s (old_mode UTF8_IS_UTF8MB3 is the default)", f, cs.Name)
		}
		for name, want := range map[string][3]any{ // Pad, Binary, AccentSensitive
			"utf8mb4_nopad_bin":           {NoPad, true, true},
			"utf8mb4_bin":                 {PadSpace, true, true},
			"utf8mb4_general_nopad_ci":    {NoPad, false, false},
			"utf8mb4_uca1400_ai_ci":       {PadSpace, false, false},
			"utf8mb4_uca1400_nopad_as_cs": {NoPad, false, true},
			"utf8mb3_general_ci":          {PadSpace, false, false},
			"binary":                      {NoPad, true, true},
		} {
			c, ok := r.Collation(name)
			if !ok {
				t.Errorf("%s: no %s", f, name)
				continue
			}
			if got := [3]any{c.Pad, c.Binary, c.AccentSensitive}; got != want {
				t.Errorf("%s: %s: %v, want %v", f, name, got, want)
			}
		}
		c, _ := r.Collation("utf8mb4_uca1400_ai_ci")
		if c.ID != 2304 {
			t.Errorf("%s: utf8mb4_uca1400_ai_ci ID %d", f, c.ID)
		}
	}

	for _, tc := range []struct{ flavor, charset, def, compiled string }{
		{"mariadb-10.11", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci"},
		{"mariadb-10.11", "utf8", "utf8mb3_general_ci", "utf8mb3_general_ci"},
		{"mariadb-10.11", "latin1", "latin1_swedish_ci", "latin1_swedish_ci"},
		// character_set_collations maps the Unicode charsets to uca1400
		// (measured: a bare CHARSET utf8mb4 column gets utf8mb4_uca1400_ai_ci);
		// information_schema's IS_DEFAULT follows it.
		{"mariadb-11", "utf8mb4", "utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_ai_ci"},
		{"mariadb-11", "utf8", "utf8mb3_uca1400_ai_ci", "utf8mb3_uca1400_ai_ci"},
		{"mariadb-11", "ucs2", "ucs2_uca1400_ai_ci", "ucs2_uca1400_ai_ci"},
		{"mariadb-11", "utf16le", "utf16le_general_ci", "utf16le_general_ci"},
		{"mariadb-11", "latin1", "latin1_swedish_ci", "latin1_swedish_ci"},
	} {
		r := mustFor(t, tc.flavor)
		if got := r.DefaultCollation(tc.charset); got != tc.def {
			t.Errorf("%s: DefaultCollation(%s) = %s, want %s", tc.flavor, tc.charset, got, tc.def)
		}
		if got := r.CompiledDefaultCollation(tc.charset); got != tc.compiled {
			t.Errorf("%s: CompiledDefaultCollation(%s) = %s, want %s", tc.flavor, tc.charset, got, tc.compiled)
		}
	}
	for _, tc := range []struct{ flavor, charset, collation string }{
		{"mariadb-10.11", "utf8mb4", "utf8mb4_general_ci"},
		{"mariadb-11", "utf8mb4", "utf8mb4_uca1400_ai_ci"},
	} {
		cs, co := mustFor(t, tc.flavor).ServerDefaults()
		if cs != tc.charset || co != tc.collation {
			t.Errorf("%s: ServerDefaults() = %s, %s", tc.flavor, cs, co)
		}
	}

	// MariaDB 11.8's MySQL-compatible 0900 names are aliases.
	r := mustFor(t, "mariadb-11")
	a, _ := r.Collation("utf8mb4_0900_ai_ci")
	b, _ := r.Collation("utf8mb4_uca1400_nopad_ai_ci")
	g, _ := r.Collation("utf8mb4_general_ci")
	if a.AliasOf != b.Name || a.ID != 255 || a.Pad != NoPad || !Same(a, b) || Same(a, g) {
		t.Errorf("utf8mb4_0900_ai_ci on mariadb-11: %+v", a)
	}
	if bin, _ := r.Collation("utf8mb4_0900_bin"); !bin.Binary || bin.Pad != NoPad || bin.AliasOf == "" {
		t.Errorf("utf8mb4_0900_bin on mariadb-11: %+v", bin)
	}
	m, _ := mustFor(t, "mysql-9").Collation("utf8mb4_0900_ai_ci")
	if m.AliasOf != "" || !Same(m, m) {
		t.Errorf("mysql-9 utf8mb4_0900_ai_ci: %+v", m)
	}
}
