package typing

import "github.com/collint/collint/lint/catalog"

// validTemporal reports whether the server accepts s as a DATE (or
// DATETIME) value in a comparison; an invalid one is error 1525 on MySQL 8+.
// It follows str_to_datetime's shapes: delimited Y-M-D[ h:m:s[.f]] with any
// punctuation as delimiter, or runs of 6, 8, 12 or 14 digits.
func validTemporal(s string, class catalog.Class) bool {
	var groups []int
	digits := 0
	cur, n := 0, 0
	inGroup := false
	allDigits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			cur = cur*10 + int(c-'0')
			n++
			digits++
			inGroup = true
		case c == ' ' || c == 'T' || c == '-' || c == ':' || c == '.' || c == '/' || c == '_' || (c >= '!' && c <= '/'):
			allDigits = false
			if inGroup {
				groups = append(groups, cur)
				cur, n, inGroup = 0, 0, false
			}
		default:
			return false
		}
	}
	if inGroup {
		groups = append(groups, cur)
	}
	_ = n
	if allDigits {
		switch digits {
		case 6, 8, 12, 14:
			return digitsValid(s)
		}
		return false
	}
	if len(groups) < 3 {
		return false
	}
	m, d := groups[1], groups[2]
	if m > 12 || d > 31 {
		return false
	}
	if len(groups) >= 6 && (groups[3] > 23 || groups[4] > 59 || groups[5] > 59) {
		return false
	}
	return true
}

func digitsValid(s string) bool {
	var m, d int
	switch len(s) {
	case 6, 12:
		m = int(s[2]-'0')*10 + int(s[3]-'0')
		d = int(s[4]-'0')*10 + int(s[5]-'0')
	default:
		m = int(s[4]-'0')*10 + int(s[5]-'0')
		d = int(s[6]-'0')*10 + int(s[7]-'0')
	}
	return m <= 12 && d <= 31
}
