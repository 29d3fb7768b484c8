package lint

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/querylog"
	"github.com/collint/collint/lint/typing"
)

// A query log repeats a few hundred statement shapes with ever-changing
// literals (ids, e-mails, dates). Linting each shape once needs a key that
// two statements share only when collint's verdicts cannot differ between
// them. The verdicts read a literal's value in a few places only (package
// typing):
//
//   - whether a string can be encoded in the other side's character set
//     (every character set but swe7 holds ASCII; checked by
//     TestASCIIEncodableEverywhere);
//   - whether a string is a valid DATE/DATETIME (validTemporal: only strings
//     made of digits, blanks, "T" and punctuation can be);
//   - against a temporal or DECIMAL operand, and in BETWEEN, a number's
//     exact value (a valid date number, an overflowing decimal, equal
//     bounds);
//   - the sign and kind (integer, decimal, float) of a number, and whether
//     an IN list has one item or more.
//
// So a statement gets two keys. Its shape key holds the database, the
// digest and, for each literal, its class (querylog.Class; for numbers only
// the sign and the kind) — except strings that could read as dates or hold
// non-ASCII characters, and hex/bit values, which keep their text. Its exact key holds every literal's text. The first
// statement of a shape is linted; when its analysis pairs a number with a
// temporal or DECIMAL operand, or has a BETWEEN over literals, or a
// literal meets a swe7 operand, the shape is value-sensitive and its
// statements are told apart by exact key.

// logKeys returns the shape key and the exact key of a log statement.
func logKeys(db, sql string) (shape, exact string) {
	digest, lits := querylog.Literals(sql)
	var sb, eb strings.Builder
	sb.Grow(len(db) + len(digest) + 8*len(lits) + 2)
	eb.Grow(len(db) + len(sql) + 2)
	sb.WriteString(db)
	sb.WriteByte(0)
	sb.WriteString(digest)
	eb.WriteString(db)
	eb.WriteByte(0)
	eb.WriteString(digest)
	var cls []byte
	for i := 0; i < len(lits); {
		l := lits[i]
		if l.List == 0 {
			sb.WriteByte(0x1f)
			sb.WriteString(literalKey(l.Text))
			eb.WriteByte(0x1f)
			eb.WriteString(l.Text)
			i++
			continue
		}
		// a collapsed list: the set of its items' keys, and whether it
		// has one row or more
		j := i
		for j < len(lits) && lits[j].List == l.List {
			eb.WriteByte(0x1f)
			eb.WriteString(lits[j].Text)
			j++
		}
		seen := map[string]bool{}
		var keys []string
		for _, x := range lits[i:j] {
			k := literalKey(x.Text)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		cls = append(cls[:0], 0x1e)
		if j-i > max(l.Width, 1) {
			cls = append(cls, '+')
		}
		for _, k := range keys {
			cls = append(cls, 0x1d)
			cls = append(cls, k...)
		}
		sb.Write(cls)
		i = j
	}
	return sb.String(), eb.String()
}

// literalKey is a literal's part of the shape key: its class when no
// verdict can read more of its value, else its text.
func literalKey(text string) string {
	if text == "?" {
		return "?"
	}
	if v, ok := querylog.StringValue(text); ok {
		if plainString(v) {
			return querylog.Class(text)
		}
		return text
	}
	c := text[0]
	if c == '-' || c == '.' || (c >= '0' && c <= '9') {
		if len(text) > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X' || text[1] == 'b') {
			return text
		}
		// sign and kind only: digit counts matter against temporal and
		// DECIMAL operands, which make the statement value-sensitive
		cls := querylog.Class(text)
		if i := strings.IndexAny(cls, "0123456789"); i > 0 {
			cls = cls[:i]
		}
		return cls
	}
	return text // hexadecimal and bit values
}

// plainString reports whether a string's value cannot change a verdict: it
// is ASCII (encodable in every character set) and holds a character no
// date or time can hold.
func plainString(v string) bool {
	dateless := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if !temporalByte(c) {
			dateless = true
		}
	}
	return dateless
}

// temporalByte reports the bytes a date or time string may hold (as
// typing's validTemporal reads them).
func temporalByte(c byte) bool {
	return c >= '0' && c <= '9' || c == ' ' || c == 'T' || c == ':' || c == '_' || c >= '!' && c <= '/'
}

// valueSensitive reports whether a statement's verdicts may read more of a
// literal's value than its shape key holds: a number compared with a
// temporal or DECIMAL operand, a BETWEEN with a literal bound, a literal
// compared with a swe7 operand (swe7 has no "@", "[", …).
func valueSensitive(res *typing.Result) bool {
	for _, c := range res.Comparisons {
		hasNumber, hasLiteral, partner, swe7 := false, false, false, false
		for _, o := range c.Operands {
			if o.Literal != nil {
				hasLiteral = true
				if !o.Literal.String {
					hasNumber = true
				}
			}
			if o.Class.Temporal() || o.Class == catalog.ClassDecimal {
				partner = true
			}
			swe7 = swe7 || o.Charset == "swe7"
		}
		if hasNumber && partner || hasLiteral && (c.Op == "BETWEEN" || swe7) {
			return true
		}
	}
	return false
}
