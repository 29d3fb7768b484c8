package typing

import (
	"strconv"

	"github.com/collint/collint/lint/catalog"
)

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

// mariadbDateNumber reports whether MariaDB reads the number s as a date
// or datetime when comparing it with a temporal column: number_to_datetime
// on its integer part (YYMMDD with YY < 70 meaning 20YY, YYYYMMDD,
// YYMMDDhhmmss, YYYYMMDDhhmmss; 0 is the zero date) with month <= 12,
// day <= 31 and a valid time, zero month and day allowed. Measured on
// MariaDB 10.11: d < 1e3 (2000-10-00), d < 101, d < 20240230, d < 0.5 and
// d < 99991231235959 use d's index; d < 100, d < 4.2, d < 691232,
// d < 9991231, d < 100000000, d < -0.5 and d < 1e30 cannot.
func mariadbDateNumber(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f >= 1e19 {
		return false
	}
	nr := uint64(f)
	const yy = 70 // YY_PART_YEAR
	switch {
	case nr == 0:
		return true
	case nr >= 10000101000000:
	case nr < 101:
		return false
	case nr <= (yy-1)*10000+1231:
		nr = (nr + 20000000) * 1000000
	case nr < yy*10000+101:
		return false
	case nr <= 991231:
		nr = (nr + 19000000) * 1000000
	case nr < 10000101:
		return false
	case nr <= 99991231:
		nr *= 1000000
	case nr < 101000000:
		return false
	case nr <= (yy-1)*10000000000+1231235959:
		nr += 20000000000000
	case nr < yy*10000000000+101000000:
		return false
	case nr <= 991231235959:
		nr += 19000000000000
	}
	date, clock := nr/1000000, nr%1000000
	year, month, day := date/10000, date/100%100, date%100
	hour, minute, second := clock/10000, clock/100%100, clock%100
	return year <= 9999 && month <= 12 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59
}
