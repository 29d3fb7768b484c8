package querylog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

var (
	sqlKeys = []string{"sql", "query", "statement"}
	dbKeys  = []string{"db", "database", "schema"}
)

func scanJSON(lr *lineReader, fn func(Statement) error, onErr func(*Error) error) error {
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		st, perr := parseJSONLine(line, lr.n)
		if perr != nil {
			if err := onErr(perr); err != nil {
				return err
			}
			continue
		}
		if st.SQL == "" {
			continue
		}
		if err := fn(st); err != nil {
			return err
		}
	}
}

// field is a top-level member of a JSON line: its raw value and where the
// value starts.
type field struct {
	raw   []byte
	start int
}

func parseJSONLine(line []byte, n int) (Statement, *Error) {
	bad := func(off int, format string, args ...any) (Statement, *Error) {
		col := 0
		if off >= 0 {
			col = 1 + runesBefore(string(line), min(off, len(line)))
		}
		return Statement{}, &Error{Line: n, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	syntax := func(err error) (Statement, *Error) {
		if se, ok := err.(*json.SyntaxError); ok {
			return bad(int(se.Offset)-1, "invalid JSON: %v", se)
		}
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return bad(len(line), "invalid JSON: unexpected end of line")
		}
		return bad(-1, "invalid JSON: %v", err)
	}
	if t := bytes.TrimLeft(line, " \t"); len(t) == 0 || t[0] != '{' {
		return bad(len(line)-len(t), "not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return bad(0, "not a JSON object")
	}
	fields := map[string]field{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := kt.(string)
		after := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		start := after
		for start < len(line) && (line[start] == ' ' || line[start] == '\t' || line[start] == ':' || line[start] == '\r') {
			start++
		}
		k := strings.ToLower(key)
		if _, dup := fields[k]; !dup {
			fields[k] = field{raw: raw, start: start}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad(int(dec.InputOffset()), "text after the JSON object")
	}
	var st Statement
	st.Line = n
	found := false
	for _, k := range sqlKeys {
		f, ok := fields[k]
		if !ok {
			continue
		}
		if f.raw[0] != '"' {
			return bad(f.start, "field %q is not a string", k)
		}
		var s string
		if err := json.Unmarshal(f.raw, &s); err != nil {
			return bad(f.start, "field %q: %v", k, err)
		}
		st.SQL = s
		st.Col = 1 + runesBefore(string(line), f.start) + 1 // after the opening quote
		st.anchors = jsonAnchors(f.raw, s, st.Col)
		found = true
		break
	}
	if !found {
		return bad(-1, "no \"sql\" field (nor \"query\" or \"statement\")")
	}
	for _, k := range dbKeys {
		if f, ok := fields[k]; ok && f.raw[0] == '"' {
			var s string
			if json.Unmarshal(f.raw, &s) == nil {
				st.DB = s
				break
			}
		}
	}
	return st.trim(), nil
}

// trim drops leading blanks and trailing blanks and delimiters from SQL,
// keeping positions right.
func (s Statement) trim() Statement {
	t := strings.TrimRight(s.SQL, " \t\r\n\f\v;")
	k := len(t) - len(strings.TrimLeft(t, " \t\r\n\f\v"))
	if k == 0 {
		s.SQL = t
		return s
	}
	line, col := s.Pos(k)
	var anchors []anchor
	if s.anchors != nil {
		anchors = []anchor{}
		for _, a := range s.anchors {
			if a.dec > k {
				anchors = append(anchors, anchor{a.dec - k, a.col})
			}
		}
	}
	return Statement{SQL: t[k:], Line: line, Col: col, DB: s.DB, anchors: anchors}
}

// jsonAnchors maps the decoded string s of the JSON string token raw, whose
// first character inside the quotes is at column col, back to columns. It
// returns nil when raw has no escapes (s is raw's text).
func jsonAnchors(raw []byte, s string, col int) []anchor {
	var out []anchor
	dec := 0
	body := raw[1 : len(raw)-1]
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body):
			out = append(out, anchor{dec, col})
			n := 2
			size := 1
			if body[i+1] == 'u' && i+6 <= len(body) {
				n = 6
				r := hex4(body[i+2 : i+6])
				if utf16.IsSurrogate(r) {
					if i+12 <= len(body) && body[i+6] == '\\' && body[i+7] == 'u' {
						if r2 := utf16.DecodeRune(r, hex4(body[i+8:i+12])); r2 != utf8.RuneError {
							r, n = r2, 12
						} else {
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				size = utf8.RuneLen(r)
				if size < 0 {
					size = 3
				}
			}
			dec += size
			col += n
			i += n
			out = append(out, anchor{dec, col})
		case c < utf8.RuneSelf:
			dec++
			col++
			i++
		default:
			r, size := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && size == 1 { // becomes U+FFFD
				out = append(out, anchor{dec, col})
				dec += 3
				col++
				i++
				out = append(out, anchor{dec, col})
				continue
			}
			dec += size
			col++
			i += size
		}
	}
	if dec != len(s) {
		return []anchor{} // should not happen: map everything to columns from the start
	}
	return out
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}
