package live

import (
	"regexp"
	"strings"
)

// DigestSQL turns a performance_schema DIGEST_TEXT into SQL the linter
// parses, keeping every character where it was so that a finding's column
// is its position in DIGEST_TEXT. Measured on MySQL 9.7 and MariaDB
// 10.11/11.8, digest texts have every token separated by one space, `?`
// for each literal, and these forms the parser needs rewritten:
//
//	IN (...)                 a list of literals            → IN (?)
//	( (...) /* , ... */ )    a list of rows (a comment)    → ( (?) … )
//	CONCAT ( `s` , ?, ... )  several literal arguments     → ?
//	(_charset) ?             a literal with an introducer  → ?
//	(_charset) ? COLLATE `c`  the same with COLLATE          → _cs'' COLLATE `c`
//	? COLLATE `c`            a literal with COLLATE        → '' COLLATE `c`
//	(unknown)                MariaDB: X'41', 0x41          → ?
//	@?                       a user variable               → ?
//	DATE ? / TIME ? / TIMESTAMP ?  a temporal literal      → ?
//	= - ?                    MariaDB: a negative number    → ?
//	AS CHARACTER (?)         CAST(… AS CHAR(10))           → AS CHAR(1)
//	DECIMAL (...)            CAST(… AS DECIMAL(10,2))      → DECIMAL(65,0)
//	CAST ( / `CONCAT` (      a space before a call's "("   → CAST( / `CONCAT`(
//
// A literal becomes a placeholder, which takes the type its partner asks
// for: a finding that depends on the literal's type (a string compared
// with a number column, a date that is not a date) is not reported, and
// none is invented. The length of CHAR(n) and DECIMAL(m,d) in a CAST is
// lost (they do not change a collation).
func DigestSQL(text string) string {
	out := []byte(text)
	replace := func(re *regexp.Regexp, f func(m string) string) {
		for _, loc := range re.FindAllStringIndex(string(out), -1) {
			m := string(out[loc[0]:loc[1]])
			r := f(m)
			if len(r) < len(m) {
				r += strings.Repeat(" ", len(m)-len(r))
			}
			if len(r) == len(m) {
				copy(out[loc[0]:loc[1]], r)
			}
		}
	}
	lit := func(string) string { return "?" }
	// a literal with COLLATE: its charset is the collation's (with an
	// introducer) or the connection's, as in the statement
	replace(reCollateIntro, func(m string) string {
		coll := strings.Trim(m[len("(_charset) ? COLLATE "):], "`")
		cs, _, _ := strings.Cut(coll, "_")
		if r := "_" + cs + "''COLLATE " + m[len("(_charset) ? COLLATE "):]; len(r) <= len(m) {
			return r
		}
		return strings.Repeat(" ", len("(_charset) ")) + "''COLLATE " + m[len("(_charset) ? COLLATE "):]
	})
	replace(reCollate, func(m string) string { return "''COLLATE" })
	replace(reCharset, func(m string) string { return strings.Repeat(" ", len(m)-1) + "?" })
	replace(reUnknown, lit)
	replace(reUserVar, lit)
	replace(reMany, lit)
	replace(reTemporal, func(m string) string { return strings.Repeat(" ", len(m)-1) + "?" })
	replace(reNegative, func(m string) string { return m[:len(m)-4] + "   ?" })
	replace(reCastChar, func(m string) string {
		f := strings.Fields(m)
		r := f[0] + " " + strings.TrimSuffix(f[1], "ACTER")
		if len(f) > 2 {
			r += "(1)"
		}
		return r
	})
	replace(reCastDecimal, func(m string) string {
		return strings.Fields(m)[0] + "(65,0)"
	})
	replace(reCastLen, func(m string) string { return strings.Fields(m)[0] + "(1)" })
	replace(reList, func(string) string { return "(?)" })
	// the space before a call's "(": MySQL reads "CAST (" as an identifier
	// unless IGNORE_SPACE, so move it after the parenthesis
	b := out
	quoted := false
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '`' {
			quoted = !quoted
		}
		if quoted || b[i+1] != ' ' || b[i+2] != '(' {
			continue
		}
		if isWordByte(b[i]) || b[i] == '`' {
			b[i+1], b[i+2] = '(', ' '
		}
	}
	return string(out)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

var (
	reCollateIntro = regexp.MustCompile("\\(_charset\\) \\? COLLATE `[^`]+`")
	reCollate      = regexp.MustCompile(`\? COLLATE`)
	reCharset      = regexp.MustCompile(`\(_charset\) \?`)
	reUnknown      = regexp.MustCompile(`\(unknown\)`)
	reUserVar      = regexp.MustCompile(`@\?`)
	reMany         = regexp.MustCompile(`\?, \.\.\.`)
	reTemporal     = regexp.MustCompile(`\b(?:DATE|TIME|TIMESTAMP) \?`)
	reNegative     = regexp.MustCompile(`(?:[=<>(,]|\bIN|\bAND|\bOR|\bTHEN|\bELSE|\bWHEN) - \?`)
	reCastChar     = regexp.MustCompile(`\b(?:AS|,) N?CHARACTER(?: \(\?\))?`)
	reCastDecimal  = regexp.MustCompile(`\b(?:DECIMAL|NUMERIC|DEC|FLOAT|DOUBLE|REAL) \(\.\.\.\)`)
	reCastLen      = regexp.MustCompile(`\b(?:BINARY|CHAR|NCHAR|DECIMAL|DATETIME|TIME|FLOAT|DOUBLE|VARCHAR|VARCHARACTER) \(\?\)`)
	reList         = regexp.MustCompile(`\(\.\.\.\)`)
)
