package sqlsplit

import (
	"strings"
	"unicode/utf8"
)

// Pos is a position in the input of Split.
type Pos struct {
	Offset int // byte offset into the input (a skipped BOM counts)
	Line   int // 1-based line; lines end at "\n"
	Col    int // 1-based column in Unicode code points from the line start (BOM not counted)
}

// tracker turns offsets into positions. It is cheap when asked for
// non-decreasing offsets (it only looks at the bytes in between) and falls
// back to scanning backwards otherwise.
type tracker struct {
	str       string
	base      int // offset of line 1, column 1 (after a BOM)
	off       int
	line      int
	lineStart int
	col       int
}

func newTracker(str string, base int) tracker {
	return tracker{str: str, base: base, off: base, line: 1, lineStart: base, col: 1}
}

func (t *tracker) at(off int) Pos {
	if off < t.off {
		return t.before(off)
	}
	seg := t.str[t.off:off]
	line, ls, col := t.line, t.lineStart, t.col
	n := strings.Count(seg, "\n")
	if n > 0 {
		line += n
		ls = t.off + strings.LastIndexByte(seg, '\n') + 1
		col = 1 + runeCount(t.str[ls:off])
	} else {
		col += runeCount(seg)
	}
	// Counting on from off is only exact if off starts a rune (a byte that
	// is not a UTF-8 continuation byte): a position inside a multi-byte
	// character is answered without moving there.
	switch {
	case off >= len(t.str) || !isContinuation(t.str[off]):
		t.off, t.line, t.lineStart, t.col = off, line, ls, col
	case n > 0:
		t.off, t.line, t.lineStart, t.col = ls, line, ls, 1
	}
	return Pos{Offset: off, Line: line, Col: col}
}

func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

// before computes the position of an offset behind the tracker without
// moving it.
func (t *tracker) before(off int) Pos {
	if off < t.base {
		return Pos{Offset: off, Line: 1, Col: 1}
	}
	line := t.line - strings.Count(t.str[off:t.off], "\n")
	ls := strings.LastIndexByte(t.str[:off], '\n') + 1
	if ls < t.base {
		ls = t.base
	}
	return Pos{Offset: off, Line: line, Col: 1 + runeCount(t.str[ls:off])}
}

// PosAt returns the position in the original input of byte offset off of
// s.Text (0 <= off <= len(s.Text); values outside are clamped). It is exact
// even where markers of conditional comments were blanked, because Text has
// the same length as the source range it was made from.
func (s *Statement) PosAt(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(s.Text) {
		off = len(s.Text)
	}
	p := s.Start
	if s.src == "" {
		p.Offset += off
		p.Col += off
		return p
	}
	abs := s.Start.Offset + off
	seg := s.src[s.Start.Offset:abs]
	switch n := strings.Count(seg, "\n"); {
	case n > 0:
		p.Line += n
		p.Col = 1 + runeCount(seg[strings.LastIndexByte(seg, '\n')+1:])
	case s.Start.Offset < len(s.src) && isContinuation(s.src[s.Start.Offset]):
		// Start is inside a multi-byte character: count from the line start
		ls := strings.LastIndexByte(s.src[:abs], '\n') + 1
		if ls == 0 && strings.HasPrefix(s.src, "\xEF\xBB\xBF") {
			ls = 3
		}
		p.Col = 1 + runeCount(s.src[ls:abs])
	default:
		p.Col += runeCount(seg)
	}
	p.Offset = abs
	return p
}

// runeCount is utf8.RuneCountInString (an invalid byte counts as one rune)
// with a fast path for runs of ASCII, which is most of SQL text.
func runeCount(s string) int {
	n, i := 0, 0
	for {
		for i+8 <= len(s) {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&0x8080808080808080 != 0 {
				break
			}
			i += 8
			n += 8
		}
		if i >= len(s) {
			return n
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n++
	}
}
