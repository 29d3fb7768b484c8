package catalog

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseColumnType reads a type as information_schema.COLUMNS.COLUMN_TYPE
// spells it ("int(10) unsigned", "varchar(32)", "enum('a','b”c')",
// "decimal(12,2)", "datetime(3)") back into a Type. Spell of the result
// gives the text back for the flavor it came from.
func ParseColumnType(s string) (Type, error) {
	t := Type{Len: -1, Dec: -1}
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] == '_') {
		i++
	}
	t.Base = strings.ToLower(s[:i])
	if t.Base == "" {
		return t, fmt.Errorf("column type %q: no type name", s)
	}
	rest := s[i:]
	if strings.HasPrefix(rest, "(") {
		if t.Base == "enum" || t.Base == "set" {
			elems, n, err := parseElems(rest)
			if err != nil {
				return t, fmt.Errorf("column type %q: %v", s, err)
			}
			t.Elems, rest = elems, rest[n:]
		} else {
			end := strings.IndexByte(rest, ')')
			if end < 0 {
				return t, fmt.Errorf("column type %q: unclosed (", s)
			}
			args := strings.Split(rest[1:end], ",")
			for k, a := range args {
				v, err := strconv.Atoi(strings.TrimSpace(a))
				if err != nil {
					return t, fmt.Errorf("column type %q: %v", s, err)
				}
				if k == 0 {
					t.Len = v
				} else {
					t.Dec = v
				}
			}
			rest = rest[end+1:]
		}
	}
	if i := strings.Index(rest, "/*"); i >= 0 {
		t.Note = strings.TrimSpace(rest[i:])
		rest = rest[:i]
	}
	for _, w := range strings.Fields(strings.ToLower(rest)) {
		switch w {
		case "unsigned":
			t.Unsigned = true
		case "zerofill":
			t.Zerofill = true
		case "signed":
		default:
			return t, fmt.Errorf("column type %q: unexpected %q", s, w)
		}
	}
	switch t.Class() {
	case ClassDatetime, ClassTime:
		t.Dec, t.Len = max(t.Len, 0), -1 // datetime(3): the parenthesis is the precision
	case ClassYear:
		t.Len = -1
	case ClassString:
		if t.Base == "char" || t.Base == "binary" {
			t.Len = max(t.Len, 1)
		}
	}
	return t, nil
}

// parseElems reads "('a','b”c')" and returns the members and the length
// read.
func parseElems(s string) ([]string, int, error) {
	elems := []string{}
	i := 1
	for i < len(s) {
		switch s[i] {
		case ')':
			return elems, i + 1, nil
		case ',', ' ':
			i++
		case '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j++
						continue
					}
					break
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, 0, fmt.Errorf("unterminated member")
			}
			elems = append(elems, b.String())
			i = j + 1
		default:
			return nil, 0, fmt.Errorf("unexpected %q in member list", s[i])
		}
	}
	return nil, 0, fmt.Errorf("unclosed member list")
}
