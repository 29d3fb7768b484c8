package lint

import (
	"regexp"
	"strings"
)

// compat rewrites MySQL syntax the TiDB parser does not know into syntax it
// does, keeping every byte offset (replacements are padded with spaces) so
// positions stay exact:
//   - spatial column types (POINT, GEOMETRY, …) become BLOB; the returned
//     map gives, for the offset of each, the type's name in lower case
//     (catalog.Stmt.Spatial) so that the catalog records the real type;
//   - SRID n, SPATIAL (before KEY/INDEX) and the column attribute
//     INVISIBLE are blanked; the map also gives, at the offset of each
//     SRID and INVISIBLE, "srid <n>" or "invisible", so that the catalog
//     keeps them (a MODIFY restating the column must not drop them);
//   - ALTER COLUMN c SET VISIBLE/INVISIBLE becomes ALTER INDEX c
//     VISIBLE/INVISIBLE, which the parser knows and the catalog ignores
//     (column visibility changes no type, charset or collation).
func compat(text string) (string, map[int]string) {
	var b []byte // allocated on first change
	var spatialAt map[int]string
	set := func(i int, s string) {
		if b == nil {
			b = []byte(text)
		}
		copy(b[i:], s)
	}
	var keep map[int]bool // VISIBLE/INVISIBLE words that stay
	if hasWordFold(text, "VISIBLE") {
		for _, m := range alterVisibility.FindAllStringSubmatchIndex(text, -1) {
			set(m[2], "INDEX ")
			set(m[4], "   ")
			if keep == nil {
				keep = map[int]bool{}
			}
			keep[m[6]] = true
		}
	}
	prevWord := ""
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(text, i) + 1
			prevWord = "ident"
			continue
		case isWordByte(c):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			w := strings.ToUpper(text[i:j])
			switch {
			case spatial[w] && prevWord == "ident" && !nextIs(text, j, '('):
				set(i, "BLOB"+strings.Repeat(" ", j-i-4))
				if spatialAt == nil {
					spatialAt = map[int]string{}
				}
				spatialAt[i] = strings.ToLower(w)
			case w == "SRID":
				k := j
				for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
					k++
				}
				d := k
				for k < len(text) && text[k] >= '0' && text[k] <= '9' {
					k++
				}
				set(i, strings.Repeat(" ", k-i))
				if spatialAt == nil {
					spatialAt = map[int]string{}
				}
				spatialAt[i] = "srid " + text[d:k]
				j = k
			case w == "SPATIAL" && prevWord != "ident":
				// SPATIAL KEY/INDEX: an ordinary key for the parser
				set(i, strings.Repeat(" ", j-i))
			case w == "INVISIBLE" && !keep[i]:
				set(i, strings.Repeat(" ", j-i))
				if spatialAt == nil {
					spatialAt = map[int]string{}
				}
				spatialAt[i] = "invisible"
			}
			if keyword[w] {
				prevWord = w
			} else {
				prevWord = "ident"
			}
			i = j
			continue
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			prevWord = string(c)
		}
		i++
	}
	if b == nil {
		return text, nil
	}
	return string(b), spatialAt
}

// alterVisibility matches ALTER COLUMN c SET VISIBLE/INVISIBLE: groups are
// COLUMN, SET and the visibility word.
var alterVisibility = regexp.MustCompile("(?i)\\bALTER\\s+(COLUMN)\\s+(?:`(?:[^`]|``)*`|[\\w$]+)\\s+(SET)\\s+((?:IN)?VISIBLE)\\b")

// hasWordFold reports whether text contains word, ignoring case.
func hasWordFold(text, word string) bool {
	for i := 0; i+len(word) <= len(text); i++ {
		if strings.EqualFold(text[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

var spatial = map[string]bool{"GEOMETRY": true, "POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true, "GEOMCOLLECTION": true}

// keyword lists words after which a spatial word is not a column type.
var keyword = map[string]bool{"SELECT": true, "WHERE": true, "AND": true, "OR": true, "ON": true, "BY": true, "AS": true, "FROM": true, "SPATIAL": true, "KEY": true, "INDEX": true}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func nextIs(text string, j int, want byte) bool {
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return j < len(text) && text[j] == want
}

// parserIntroducers are the charset introducers the TiDB parser accepts;
// it rejects every other one (_latin2'x', _euckr'x', _utf16'x', …).
var parserIntroducers = map[string]bool{"utf8": true, "utf8mb3": true, "utf8mb4": true, "ascii": true, "latin1": true, "binary": true}

// introducers blanks the charset introducers the parser does not know and
// returns, for each, the offset of its string literal and the charset, so
// that typing can restore it. known tells whether a name is a charset of
// the flavor; other "_word" prefixes are left alone.
func introducers(text string, known func(string) bool) (string, map[int]string) {
	if strings.IndexByte(text, '_') < 0 {
		return text, nil
	}
	var b []byte
	var at map[int]string
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(text, i)
		case c == '_' && (i == 0 || !isWordByte(text[i-1])):
			j := i + 1
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			k := j
			for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
				k++
			}
			name := strings.ToLower(text[i+1 : j])
			if k < len(text) && (text[k] == '\'' || text[k] == '"') && !parserIntroducers[name] && known(name) {
				if b == nil {
					b = []byte(text)
					at = map[int]string{}
				}
				copy(b[i:j], strings.Repeat(" ", j-i))
				at[k] = name
			}
			i = j - 1
		}
	}
	if b == nil {
		return text, nil
	}
	return string(b), at
}

// skipQuoted returns the index of the quote closing the quoted string or
// identifier that starts at i (len(text) when unterminated).
func skipQuoted(text string, i int) int {
	q := text[i]
	j := i + 1
	for j < len(text) && text[j] != q {
		if text[j] == '\\' && q != '`' {
			j++
		}
		j++
	}
	return j
}
