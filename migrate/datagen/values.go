package datagen

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collint/collint/lint/catalog"
)

// hazardEvery: one row in hazardEvery carries a hazard value in each
// column (a different hazard per row, cycling through the column's list).
const hazardEvery = 4

// value generates column c of row i.
func (g *gen) value(t *catalog.Table, c *catalog.Column, i, attempt int) Value {
	if c.AutoIncrement && attempt == 0 {
		return number(strconv.Itoa(i + 1))
	}
	n := i
	if attempt > 0 {
		n = i + attempt*g.opts.Rows + g.rng.IntN(1_000_000)
	}
	if !g.opts.NoHazards && attempt == 0 && i%hazardEvery == 1 {
		hs := g.hazards(t, c)
		if len(hs) > 0 {
			return hs[(i/hazardEvery)%len(hs)]
		}
	}
	if ref, ok := g.opts.IDColumns[t.DB+"."+t.Name+"."+c.Name]; ok && c.Type.HasCharset() {
		return g.idText(c, ref, n)
	}
	return g.normal(c, n)
}

// hazards lists the awkward values that fit column c: each is a value
// the server accepts for the column (right length, encodable in its
// charset), and keys get only those that cannot collide under the
// column's collation with the ordinary values.
func (g *gen) hazards(t *catalog.Table, c *catalog.Column) []Value {
	var out []Value
	unique := inUniqueKey(t, c)
	if c.Nullable {
		out = append(out, null())
	}
	switch c.Type.Class() {
	case catalog.ClassInt:
		lo, hi := intRange(c.Type)
		out = append(out, number(lo.String()), number(hi.String()), number("0"))
	case catalog.ClassDecimal:
		p, s := c.Type.Len, c.Type.Dec
		if p <= 0 {
			p = 10
		}
		if s < 0 {
			s = 0
		}
		max := strings.Repeat("9", p-s)
		if max == "" {
			max = "0"
		}
		if s > 0 {
			max += "." + strings.Repeat("9", s)
		}
		out = append(out, number(max), number("0"))
		if !c.Type.Unsigned {
			out = append(out, number("-"+max))
		}
	case catalog.ClassDouble:
		out = append(out, number("0"), number("-1.5"), number("1e15"))
	case catalog.ClassDate:
		out = append(out, str("1000-01-01"), str("9999-12-31"))
	case catalog.ClassDatetime:
		if c.Type.Base == "timestamp" {
			out = append(out, str("1970-01-02 00:00:00"), str("2038-01-18 23:59:59"))
		} else {
			out = append(out, str("1000-01-01 00:00:00"), str("9999-12-31 23:59:59"))
		}
	case catalog.ClassTime:
		out = append(out, str("00:00:00"), str("838:59:59"), str("-838:59:59"))
	case catalog.ClassYear:
		out = append(out, number("1901"), number("2155"))
	case catalog.ClassJSON:
		out = append(out, str(`{}`), str(`[]`), str(`"007"`), str(`{"s": "é😀", "n": 9223372036854775807}`))
	case catalog.ClassString:
		switch {
		case c.Type.Base == "enum":
			if len(c.Type.Elems) > 0 {
				out = append(out, str(c.Type.Elems[0]), str(c.Type.Elems[len(c.Type.Elems)-1]))
			}
		case c.Type.Base == "set":
			out = append(out, str(""))
			if len(c.Type.Elems) > 1 {
				out = append(out, str(c.Type.Elems[0]+","+c.Type.Elems[len(c.Type.Elems)-1]))
			}
		case c.Type.IsBinaryString():
			out = append(out, binary(c, nil), binary(c, []byte{0}), binary(c, []byte{0xff, 0xfe}))
		default:
			out = append(out, g.textHazards(t, c, unique)...)
		}
	}
	return out
}

// textHazards are the string hazards that fit c. In key columns only
// those that stay distinct from ordinary values under any collation.
func (g *gen) textHazards(t *catalog.Table, c *catalog.Column, unique bool) []Value {
	cands := []string{"007", "", "trailing ", " leading", "Élan", "élan", "ÉLAN", "emoji 😀", "𝄞", "O'Brien \\ \"q\"", "ñandú", "0", "-1"}
	if ref, ok := g.opts.IDColumns[t.DB+"."+t.Name+"."+c.Name]; ok {
		id := g.idText(c, ref, 6).Text
		cands = []string{"00" + id, id + " ", "", " " + id, "+" + id, "x" + id, "99999999999999999999", "-" + id, "1.5"}
	}
	if unique {
		cands = []string{"007", "0", "-1", "O'Brien"}
	}
	var out []Value
	for _, s := range cands {
		if !g.fits(c, s) {
			continue
		}
		out = append(out, str(s))
	}
	return out
}

// fits reports whether the column can hold s unchanged: length in
// characters and every character encodable in its charset.
func (g *gen) fits(c *catalog.Column, s string) bool {
	n := utf8.RuneCountInString(s)
	if c.Type.Len >= 0 && n > c.Type.Len {
		return false
	}
	if max := textMax(c.Type.Base); max > 0 && len(s)*4 > max {
		return false
	}
	if c.Type.Base == "char" && strings.HasSuffix(s, " ") {
		return false // CHAR drops trailing spaces on read: not a lossless value
	}
	ok, _ := g.reg.Encodable(c.Charset, s)
	return ok
}

func textMax(base string) int {
	switch base {
	case "tinytext", "tinyblob":
		return 255
	}
	return 0
}

// idText is the text of an id of the referenced integer column: one of
// its generated values when its table is already generated, else n+1.
func (g *gen) idText(c *catalog.Column, ref string, n int) Value {
	s := strconv.Itoa(n + 1)
	parts := strings.SplitN(ref, ".", 3)
	if len(parts) == 3 {
		if p := g.cat.Table(parts[0], parts[1]); p != nil {
			if pt := g.done[p]; pt != nil && len(pt.Rows) > 0 {
				for j, pc := range pt.Columns {
					if strings.EqualFold(pc.Name, parts[2]) {
						if v := pt.Rows[n%len(pt.Rows)][j]; !v.Null {
							s = v.Text
						}
					}
				}
			}
		}
	}
	if c.Type.Len >= 0 && len(s) > c.Type.Len {
		s = s[:c.Type.Len]
	}
	return str(s)
}

// normal is an ordinary value for column c, distinct for distinct n as
// far as the type allows.
func (g *gen) normal(c *catalog.Column, n int) Value {
	ty := c.Type
	switch ty.Class() {
	case catalog.ClassInt:
		lo, hi := intRange(ty)
		v := big.NewInt(int64(n + 1))
		if v.Cmp(hi) > 0 {
			span := new(big.Int).Sub(hi, lo)
			span.Add(span, big.NewInt(1))
			v.Mod(v, span)
			v.Add(v, lo)
		}
		return number(v.String())
	case catalog.ClassDecimal:
		p, s := ty.Len, ty.Dec
		if p <= 0 {
			p = 10
		}
		if s < 0 {
			s = 0
		}
		intDigits := p - s
		mod := 1
		for k := 0; k < intDigits && k < 6; k++ {
			mod *= 10
		}
		ip := (n + 1) % mod
		if s == 0 {
			return number(strconv.Itoa(ip))
		}
		frac := fmt.Sprintf("%0*d", s, (n*7)%pow10(min(s, 6)))
		return number(fmt.Sprintf("%d.%s", ip, frac))
	case catalog.ClassDouble:
		return number(fmt.Sprintf("%d.5", n+1))
	case catalog.ClassDate:
		return str(day(n).Format("2006-01-02"))
	case catalog.ClassDatetime:
		return str(day(n).Add(time.Duration(n%86400) * time.Second).Format("2006-01-02 15:04:05"))
	case catalog.ClassTime:
		return str(fmt.Sprintf("%02d:%02d:%02d", n%24, n%60, (n*7)%60))
	case catalog.ClassYear:
		return number(strconv.Itoa(1901 + n%255))
	case catalog.ClassJSON:
		return str(fmt.Sprintf(`{"id": %d, "name": "n%d"}`, n+1, n+1))
	case catalog.ClassBit:
		bits := ty.Len
		if bits <= 0 {
			bits = 1
		}
		v := uint64(n + 1)
		if bits < 64 {
			v %= 1 << bits
		}
		return Value{SQL: strconv.FormatUint(v, 10), Text: strconv.FormatUint(v, 10)}
	case catalog.ClassSpatial:
		return spatial(ty.Base, n)
	case catalog.ClassString:
		switch {
		case ty.Base == "enum":
			if len(ty.Elems) == 0 {
				return str("")
			}
			return str(ty.Elems[n%len(ty.Elems)])
		case ty.Base == "set":
			if len(ty.Elems) == 0 {
				return str("")
			}
			return str(ty.Elems[n%len(ty.Elems)])
		case ty.IsBinaryString():
			return binary(c, []byte(fmt.Sprintf("b%d", n+1)))
		}
		return str(g.text(c, n))
	}
	return null()
}

var words = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"}

// text is an ordinary string for row n: a word and the row number, cut
// to the column's length keeping the number (so distinct rows stay
// distinct as long as the length allows).
func (g *gen) text(c *catalog.Column, n int) string {
	num := strconv.Itoa(n + 1)
	s := words[n%len(words)] + num
	if l := c.Type.Len; l >= 0 && len(s) > l {
		if len(num) <= l {
			s = num
		} else {
			s = num[len(num)-l:]
		}
	}
	return s
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func day(n int) time.Time {
	return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%3000)
}

// intRange is the type's smallest and largest value.
func intRange(t catalog.Type) (lo, hi *big.Int) {
	bits := map[string]uint{"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "bigint": 64}[t.Base]
	if bits == 0 {
		bits = 32
	}
	one := big.NewInt(1)
	if t.Unsigned {
		hi = new(big.Int).Sub(new(big.Int).Lsh(one, bits), one)
		return big.NewInt(0), hi
	}
	hi = new(big.Int).Sub(new(big.Int).Lsh(one, bits-1), one)
	lo = new(big.Int).Neg(new(big.Int).Lsh(one, bits-1))
	return lo, hi
}

func spatial(base string, n int) Value {
	x := n % 90
	wkt := map[string]string{
		"point":              fmt.Sprintf("POINT(%d %d)", x, x),
		"linestring":         fmt.Sprintf("LINESTRING(0 0,%d %d)", x+1, x+1),
		"polygon":            fmt.Sprintf("POLYGON((0 0,%d 0,%d %d,0 0))", x+1, x+1, x+1),
		"multipoint":         fmt.Sprintf("MULTIPOINT(%d %d)", x, x),
		"multilinestring":    fmt.Sprintf("MULTILINESTRING((0 0,%d %d))", x+1, x+1),
		"multipolygon":       fmt.Sprintf("MULTIPOLYGON(((0 0,%d 0,%d %d,0 0)))", x+1, x+1, x+1),
		"geometrycollection": fmt.Sprintf("GEOMETRYCOLLECTION(POINT(%d %d))", x, x),
		"geomcollection":     fmt.Sprintf("GEOMETRYCOLLECTION(POINT(%d %d))", x, x),
	}[base]
	if wkt == "" {
		wkt = fmt.Sprintf("POINT(%d %d)", x, x)
	}
	return Value{SQL: "ST_GeomFromText('" + wkt + "')", Text: wkt}
}

func null() Value { return Value{SQL: "NULL", Null: true} }

func number(s string) Value { return Value{SQL: s, Text: s} }

// str is a string literal; backslashes and quotes are escaped so that it
// reads the same with or without NO_BACKSLASH_ESCAPES.
func str(s string) Value {
	if strings.ContainsRune(s, '\\') {
		return Value{SQL: "_utf8mb4 X'" + hex.EncodeToString([]byte(s)) + "'", Text: s}
	}
	return Value{SQL: "'" + strings.ReplaceAll(s, "'", "''") + "'", Text: s}
}

// binary is a binary-string literal; BINARY(n) pads with zero bytes as the
// server does.
func binary(c *catalog.Column, b []byte) Value {
	if c.Type.Len >= 0 && len(b) > c.Type.Len {
		b = b[:c.Type.Len]
	}
	text := string(b)
	if c.Type.Base == "binary" && c.Type.Len > len(b) {
		text += strings.Repeat("\x00", c.Type.Len-len(b))
	}
	return Value{SQL: "X'" + hex.EncodeToString(b) + "'", Text: text}
}
