package lint

import "strings"

// compat rewrites MySQL syntax the TiDB parser does not know into syntax it
// does, keeping every byte offset (replacements are padded with spaces) so
// positions stay exact:
//   - spatial column types (POINT, GEOMETRY, …) become BLOB;
//   - SRID n, SPATIAL (before KEY/INDEX) and the column attribute
//     INVISIBLE are blanked.
func compat(text string) string {
	var b []byte // allocated on first change
	set := func(i int, s string) {
		if b == nil {
			b = []byte(text)
		}
		copy(b[i:], s)
	}
	prevWord := ""
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(text) && text[j] != c {
				if text[j] == '\\' && c != '`' {
					j++
				}
				j++
			}
			i = j + 1
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
			case w == "SRID":
				k := j
				for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
					k++
				}
				for k < len(text) && text[k] >= '0' && text[k] <= '9' {
					k++
				}
				set(i, strings.Repeat(" ", k-i))
				j = k
			case w == "SPATIAL" && prevWord != "ident":
				// SPATIAL KEY/INDEX: an ordinary key for the parser
				set(i, strings.Repeat(" ", j-i))
			case w == "INVISIBLE" && prevWord != "KEY-PARTS":
				set(i, strings.Repeat(" ", j-i))
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
		return text
	}
	return string(b)
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
