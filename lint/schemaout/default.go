package schemaout

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

var (
	nowRe    = regexp.MustCompile(`(?i)^\(?\s*(current_timestamp|now|localtime|localtimestamp)\s*(?:\(\s*(\d*)\s*\))?\s*\)?$`)
	numberRe = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
)

// CanonDefault puts a column default in the form MySQL's
// information_schema.COLUMNS.COLUMN_DEFAULT shows it, so that a default
// read from DDL and one read from a server (either family) print and
// compare alike: literals without quotes and formatted for the column's
// type (decimal(10,2) default 0 → 0.00, bit → b'1'), CURRENT_TIMESTAMP[(n)]
// for NOW() and its synonyms, other expressions (expr) in lower case with
// identifiers unquoted.
func CanonDefault(value string, expr bool, t catalog.Type) *string {
	if m := nowRe.FindStringSubmatch(value); m != nil {
		s := "CURRENT_TIMESTAMP"
		if m[2] != "" && m[2] != "0" {
			s += "(" + m[2] + ")"
		}
		return &s
	}
	if expr {
		s := CanonExpr(value)
		return &s
	}
	s := value
	switch t.Class() {
	case catalog.ClassInt, catalog.ClassYear:
		if r, ok := literalNumber(value); ok {
			f, _ := r.Float64()
			if f >= 0 {
				s = new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(r.Num(), big.NewInt(2)), r.Denom()), new(big.Int).Mul(r.Denom(), big.NewInt(2))).String()
			} else {
				s = r.FloatString(0)
			}
		}
	case catalog.ClassDecimal:
		if r, ok := literalNumber(value); ok {
			s = r.FloatString(max(t.Dec, 0))
		}
	case catalog.ClassDouble:
		if f, err := strconv.ParseFloat(value, 64); err == nil {
			s = strconv.FormatFloat(f, 'g', -1, 64)
		}
	case catalog.ClassBit:
		if n, ok := bitValue(value); ok {
			s = "b'" + n.Text(2) + "'"
		}
	case catalog.ClassString:
		if b, ok := hexOrBitBytes(value); ok {
			s = string(b)
		}
		if t.Base == "binary" && len(s) < t.Len {
			s += strings.Repeat("\x00", t.Len-len(s)) // BINARY(n) pads with zero bytes
		}
	}
	return &s
}

// literalNumber reads a number, or a hex/bit literal, as a rational.
func literalNumber(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if numberRe.MatchString(s) {
		r, ok := new(big.Rat).SetString(s)
		return r, ok
	}
	if n, ok := bitValue(s); ok {
		return new(big.Rat).SetInt(n), true
	}
	return nil, false
}

// bitValue reads b'0101', 0b0101, x'1F', 0x1F or a plain integer.
func bitValue(s string) (*big.Int, bool) {
	ls := strings.ToLower(strings.TrimSpace(s))
	var digits string
	base := 10
	switch {
	case strings.HasPrefix(ls, "b'") && strings.HasSuffix(ls, "'"):
		digits, base = ls[2:len(ls)-1], 2
	case strings.HasPrefix(ls, "0b"):
		digits, base = ls[2:], 2
	case strings.HasPrefix(ls, "x'") && strings.HasSuffix(ls, "'"):
		digits, base = ls[2:len(ls)-1], 16
	case strings.HasPrefix(ls, "0x"):
		digits, base = ls[2:], 16
	default:
		digits = ls
	}
	if digits == "" {
		return new(big.Int), true
	}
	n, ok := new(big.Int).SetString(digits, base)
	return n, ok && n.Sign() >= 0
}

// hexOrBitBytes decodes a hex or bit literal into its bytes.
func hexOrBitBytes(s string) ([]byte, bool) {
	ls := strings.ToLower(s)
	if !(strings.HasPrefix(ls, "x'") || strings.HasPrefix(ls, "0x") || strings.HasPrefix(ls, "b'") || strings.HasPrefix(ls, "0b")) {
		return nil, false
	}
	n, ok := bitValue(s)
	if !ok {
		return nil, false
	}
	return n.Bytes(), true
}

// synonyms are the names servers print for functions written otherwise.
var synonyms = map[string]string{"current_date": "curdate", "current_time": "curtime", "localtime": "current_timestamp",
	"localtimestamp": "current_timestamp", "now": "current_timestamp", "current_user": "current_user"}

// CanonExpr lower-cases an expression outside its string literals, drops
// identifier quotes and spaces, and renames synonyms (CURRENT_DATE →
// curdate()).
func CanonExpr(s string) string {
	s = strings.TrimSpace(s)
	for len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' && balanced(s[1:len(s)-1]) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			b.WriteString(s[i:min(j+1, len(s))])
			i = j
		case c == '`' || c == ' ' || c == '\t' || c == '\n':
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	for from, to := range synonyms {
		if strings.HasPrefix(out, from) {
			rest := out[len(from):]
			if rest == "" || rest == "()" {
				return to + "()"
			}
		}
	}
	return out
}

func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
