package mybatis

import (
	"fmt"
	"strings"
)

// maxIncludeDepth bounds nested includes (cycles are reported before), and
// maxNodes the size of a statement with its includes inlined.
const (
	maxIncludeDepth = 32
	maxNodes        = 100_000
)

// expander inlines includes and numbers the decisions of one statement.
type expander struct {
	set    *Set
	errs   []error
	fatal  bool
	opts   []int    // options of each decision
	kinds  []string // "if" or "choose"
	ifs    int
	choose int
	nodes  int
}

// dynamic elements allowed inside statements and fragments.
var dynamicElements = map[string]bool{
	"if": true, "choose": true, "when": true, "otherwise": true, "where": true, "set": true,
	"trim": true, "foreach": true, "include": true, "bind": true, "selectKey": true,
}

// expand copies n with includes inlined. props is nil outside included
// fragments (MyBatis substitutes properties only in included text).
func (e *expander) expand(n *node, ns, file string, props map[string]string, stack []string) *node {
	if e.nodes++; e.nodes == maxNodes {
		e.errs = append(e.errs, n.errorf(file, "more than %d XML nodes with includes inlined", maxNodes))
		e.fatal = true
	}
	if e.fatal {
		return &node{file: n.file, line: n.line, col: n.col}
	}
	if n.name == "" {
		c := *n
		if props != nil {
			c.pieces = substPieces(n.pieces, props)
		}
		return &c
	}
	c := &node{name: n.name, file: n.file, line: n.line, col: n.col}
	c.attrs = append(c.attrs, n.attrs...)
	if props != nil {
		for i := range c.attrs {
			c.attrs[i].Value = substString(c.attrs[i].Value, props)
		}
	}
	switch n.name {
	case "include":
		return e.include(c, n, ns, file, props, stack)
	case "if":
		c.dp, c.ifIdx = len(e.opts), e.ifs
		e.ifs++
		e.opts = append(e.opts, 2)
		e.kinds = append(e.kinds, "if")
	case "choose":
		whens, other := 0, 0
		for _, k := range n.kids {
			switch k.name {
			case "when":
				whens++
			case "otherwise":
				other++
			case "":
				if strings.TrimSpace(k.text()) != "" {
					e.errs = append(e.errs, k.errorf(file, "text directly inside <choose> is ignored"))
				}
			default:
				e.errs = append(e.errs, k.errorf(file, "<%s> inside <choose> is ignored", k.name))
			}
		}
		if other > 1 {
			e.errs = append(e.errs, n.errorf(file, "<choose> with %d <otherwise>", other))
		}
		c.dp, c.chooseIdx = len(e.opts), e.choose
		e.choose++
		e.opts = append(e.opts, whens+1)
		e.kinds = append(e.kinds, "choose")
	case "bind", "selectKey":
		return c // left out
	}
	for _, k := range n.kids {
		if k.name != "" && !dynamicElements[k.name] {
			e.errs = append(e.errs, k.errorf(file, "unknown element <%s> is ignored", k.name))
			continue
		}
		c.kids = append(c.kids, e.expand(k, ns, file, props, stack))
	}
	return c
}

// include inlines the fragment an <include> names as a "#frag" node.
func (e *expander) include(c, n *node, ns, file string, props map[string]string, stack []string) *node {
	refid := c.attr("refid")
	c.name = "#frag"
	if refid == "" {
		e.errs = append(e.errs, n.errorf(file, "<include> without refid"))
		e.fatal = true
		return c
	}
	f, key := e.set.lookup(refid, ns)
	if f == nil {
		e.errs = append(e.errs, n.errorf(file, "<include refid=%q>: no <sql id=%q> in namespace %q", refid, refid, ns))
		e.fatal = true
		return c
	}
	for _, s := range stack {
		if s == key {
			e.errs = append(e.errs, n.errorf(file, "<include refid=%q>: include cycle %s -> %s", refid, strings.Join(stack, " -> "), key))
			e.fatal = true
			return c
		}
	}
	if len(stack) >= maxIncludeDepth {
		e.errs = append(e.errs, n.errorf(file, "<include refid=%q>: includes nested deeper than %d", refid, maxIncludeDepth))
		e.fatal = true
		return c
	}
	inner := map[string]string{}
	for k, v := range props {
		inner[k] = v
	}
	for _, k := range n.kids {
		switch k.name {
		case "property":
			name := k.attr("name")
			if name == "" {
				e.errs = append(e.errs, k.errorf(file, "<property> without name"))
				continue
			}
			v := k.attr("value")
			if props != nil {
				v = substString(v, props)
			}
			inner[name] = v
		case "":
			if strings.TrimSpace(k.text()) != "" {
				e.errs = append(e.errs, k.errorf(file, "text inside <include> is ignored"))
			}
		default:
			e.errs = append(e.errs, k.errorf(file, "<%s> inside <include> is ignored", k.name))
		}
	}
	stack = append(stack[:len(stack):len(stack)], key)
	for _, k := range f.n.kids {
		if k.name != "" && !dynamicElements[k.name] {
			e.errs = append(e.errs, k.errorf(f.file, "unknown element <%s> is ignored", k.name))
			continue
		}
		c.kids = append(c.kids, e.expand(k, f.ns, f.file, inner, stack))
	}
	return c
}

// lookup finds a fragment: in the current namespace, then as a full id.
func (s *Set) lookup(refid, ns string) (*fragment, string) {
	keys := []string{ns + "." + refid}
	if strings.Contains(refid, ".") {
		keys = []string{refid, ns + "." + refid}
	}
	for _, k := range keys {
		if f := s.frags[k]; f != nil {
			return f, k
		}
	}
	return nil, ""
}

func (n *node) text() string {
	var b strings.Builder
	for _, p := range n.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}

// substString replaces ${name} of known properties in an attribute value.
func substString(s string, props map[string]string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+2:], '}')
		if j < 0 {
			break
		}
		name := s[i+2 : i+2+j]
		b.WriteString(s[:i])
		if v, ok := props[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+3+j])
		}
		s = s[i+3+j:]
	}
	b.WriteString(s)
	return b.String()
}

// substPieces replaces ${name} of known properties in text: the value
// becomes a generated piece at the position of "${".
func substPieces(ps []piece, props map[string]string) []piece {
	var out []piece
	for _, p := range ps {
		t := p.text
		last := 0
		for i := 0; i+1 < len(t); {
			if t[i] != '$' || t[i+1] != '{' {
				i++
				continue
			}
			j := strings.IndexByte(t[i+2:], '}')
			if j < 0 {
				break
			}
			v, ok := props[t[i+2:i+2+j]]
			if !ok {
				i += 2
				continue
			}
			if i > last {
				out = append(out, p.slice(last, i))
			}
			at := p.slice(i, i)
			out = append(out, piece{text: v, file: p.file, line: at.line, col: at.col})
			i += 3 + j
			last = i
		}
		if last == 0 {
			out = append(out, p)
		} else if last < len(t) {
			out = append(out, p.slice(last, len(t)))
		}
	}
	return out
}

// slice returns the piece for p.text[a:b].
func (p piece) slice(a, b int) piece {
	if p.raw == "" {
		return piece{text: p.text[a:b], file: p.file, line: p.line, col: p.col}
	}
	n, line, col := walk(p.raw, p.text, p.cdata, a, p.line, p.col)
	return piece{text: p.text[a:b], raw: p.raw[n:], cdata: p.cdata, file: p.file, line: line, col: col}
}

func (p piece) String() string { return fmt.Sprintf("%d:%d %q", p.line, p.col, p.text) }
