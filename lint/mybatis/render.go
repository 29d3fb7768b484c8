package mybatis

import (
	"strconv"
	"strings"
)

// builder accumulates flattened SQL and where each part came from.
type builder struct {
	sql   []byte
	segs  []seg
	outer []byte // SQL before this builder (context for ${…})
	r     *renderer
}

func (b *builder) child() *builder {
	outer := make([]byte, 0, len(b.outer)+len(b.sql))
	outer = append(append(outer, b.outer...), b.sql...)
	return &builder{outer: outer, r: b.r}
}

func isSpace(c byte) bool { return c <= ' ' } // as Java's String.trim

// join adds the space MyBatis puts between appended fragments, unless there
// is whitespace on either side already.
func (b *builder) join(first byte, file string, line, col int) {
	if len(b.sql) > 0 && !isSpace(b.sql[len(b.sql)-1]) && !isSpace(first) {
		b.gen(" ", file, line, col)
	}
}

// gen appends generated text attributed to (file, line, col).
func (b *builder) gen(s, file string, line, col int) {
	if s == "" {
		return
	}
	b.segs = append(b.segs, seg{off: len(b.sql), file: file, line: line, col: col})
	b.sql = append(b.sql, s...)
}

// verbatim appends a piece of the file's text (or a generated piece).
func (b *builder) verbatim(p piece) {
	if p.text == "" {
		return
	}
	if p.raw == "" {
		b.gen(p.text, p.file, p.line, p.col)
		return
	}
	b.segs = append(b.segs, seg{off: len(b.sql), file: p.file, line: p.line, col: p.col, raw: p.raw, text: p.text, cdata: p.cdata})
	b.sql = append(b.sql, p.text...)
}

// add appends another builder's text (joined with a space if needed).
func (b *builder) add(o *builder) {
	if len(o.sql) == 0 {
		return
	}
	if len(o.segs) > 0 {
		b.join(o.sql[0], o.segs[0].file, o.segs[0].line, o.segs[0].col)
	}
	b.concat(o)
}

// concat appends another builder's text as it is.
func (b *builder) concat(o *builder) {
	base := len(b.sql)
	for _, s := range o.segs {
		s.off += base
		b.segs = append(b.segs, s)
	}
	b.sql = append(b.sql, o.sql...)
}

// text appends a text piece with #{…} as "?" and ${…} replaced.
func (b *builder) text(p piece) {
	t := p.text
	if t == "" {
		return
	}
	last := 0
	for i := 0; i+1 < len(t); {
		if (t[i] != '#' && t[i] != '$') || t[i+1] != '{' {
			i++
			continue
		}
		j := strings.IndexByte(t[i+2:], '}')
		if j < 0 {
			break
		}
		end := i + 3 + j
		b.verbatim(p.slice(last, i))
		at := p.slice(i, end)
		if t[i] == '#' {
			b.gen("?", at.file, at.line, at.col)
		} else {
			expr := t[i:end]
			b.r.subs = append(b.r.subs, expr)
			var next byte
			if end < len(t) {
				next = t[end]
			}
			if repl, keep := b.dollar(expr, next); keep {
				b.verbatim(at)
			} else {
				b.gen(repl, at.file, at.line, at.col)
			}
		}
		i, last = end, end
	}
	b.verbatim(p.slice(last, len(t)))
}

// dollar chooses the replacement of a ${…} from the SQL before it (see the
// package documentation); keep means leave it as it is.
func (b *builder) dollar(expr string, next byte) (repl string, keep bool) {
	ctx := scanContext(b.outer, b.sql)
	if ctx.quote != 0 {
		return "", true
	}
	name := identName(expr)
	if ctx.glued || isIdentByte(next) {
		return name, false
	}
	switch {
	case ctx.prev == "." || next == '.':
		return "`" + name + "`", false
	case ctx.prev == "FROM" || ctx.prev == "JOIN" || ctx.prev == "INTO" || ctx.prev == "UPDATE" || ctx.prev == "TABLE" || ctx.prev == "STRAIGHT_JOIN":
		return "`" + name + "`", false
	case ctx.prev == "LIMIT" || ctx.prev == "OFFSET" || (ctx.prev == "," && ctx.clause == "LIMIT"):
		return "1", false
	case (ctx.clause == "ORDER" || ctx.clause == "GROUP") && ctx.operand:
		return "", false
	}
	return "NULL", false
}

// identName turns "${ sort.column }" into "sort_column".
func identName(expr string) string {
	s := strings.TrimSpace(expr[2 : len(expr)-1])
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isIdentByte(s[i]) {
			b.WriteByte(s[i])
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
}

// sqlContext is what the SQL before a ${…} says about it.
type sqlContext struct {
	quote   byte   // inside '…', "…" or `…`
	glued   bool   // an identifier character right before
	prev    string // the token before: an upper-cased word or a punctuation character
	operand bool   // that token ends an operand (a name, literal or ")")
	clause  string // the last clause keyword: SELECT, FROM, WHERE, ORDER, GROUP, LIMIT, …
}

var clauseWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "ORDER": true, "GROUP": true, "HAVING": true,
	"LIMIT": true, "SET": true, "VALUES": true, "ON": true, "JOIN": true, "UPDATE": true, "INTO": true,
}

var nonOperandWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "AND": true, "OR": true, "NOT": true, "BY": true,
	"ORDER": true, "GROUP": true, "HAVING": true, "LIMIT": true, "OFFSET": true, "SET": true,
	"VALUES": true, "ON": true, "JOIN": true, "UPDATE": true, "INTO": true, "IN": true, "LIKE": true,
	"IS": true, "AS": true, "DISTINCT": true, "CASE": true, "WHEN": true, "THEN": true, "ELSE": true,
	"BETWEEN": true, "UNION": true, "ALL": true, "TABLE": true, "INSERT": true, "DELETE": true,
	"REPLACE": true, "LEFT": true, "RIGHT": true, "INNER": true, "OUTER": true, "CROSS": true,
	"USING": true, "REGEXP": true, "STRAIGHT_JOIN": true, "DIV": true, "MOD": true, "XOR": true,
}

// scanContext lexes the SQL before a ${…} (MySQL rules, enough to know
// whether it is inside a quoted string and what comes before it).
func scanContext(parts ...[]byte) sqlContext {
	var s []byte
	for _, p := range parts {
		s = append(s, p...)
	}
	var c sqlContext
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == '\'' || ch == '"' || ch == '`':
			j := i + 1
			closed := false
			for j < len(s) {
				if s[j] == '\\' && ch != '`' {
					j += 2
					continue
				}
				if s[j] == ch {
					if j+1 < len(s) && s[j+1] == ch {
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				j++
			}
			if !closed {
				return sqlContext{quote: ch}
			}
			c.prev, c.operand = string(ch), true
			i = j
		case ch == '#' || (ch == '-' && i+2 < len(s) && s[i+1] == '-' && isSpace(s[i+2])):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case ch == '/' && i+1 < len(s) && s[i+1] == '*':
			k := strings.Index(string(s[i+2:]), "*/")
			if k < 0 {
				return c
			}
			i += k + 4
		case isSpace(ch):
			i++
		case isIdentByte(ch):
			j := i
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			w := strings.ToUpper(string(s[i:j]))
			c.prev, c.operand = w, !nonOperandWords[w]
			if clauseWords[w] {
				c.clause = w
			}
			i = j
		default:
			c.prev, c.operand = string(ch), ch == ')'
			i++
		}
	}
	c.glued = len(s) > 0 && isIdentByte(s[len(s)-1])
	return c
}

// trimSpace removes leading and trailing whitespace.
func (b *builder) trimSpace() {
	n := 0
	for n < len(b.sql) && isSpace(b.sql[n]) {
		n++
	}
	b.cutFront(n)
	m := len(b.sql)
	for m > 0 && isSpace(b.sql[m-1]) {
		m--
	}
	b.cutBack(len(b.sql) - m)
}

// cutFront drops the first n bytes, keeping positions right.
func (b *builder) cutFront(n int) {
	if n <= 0 {
		return
	}
	n = min(n, len(b.sql))
	var segs []seg
	for i, s := range b.segs {
		end := len(b.sql)
		if i+1 < len(b.segs) {
			end = b.segs[i+1].off
		}
		if end <= n && end < len(b.sql) {
			continue
		}
		if s.off < n {
			k := n - s.off
			if s.raw != "" {
				r, line, col := walk(s.raw, s.text, s.cdata, k, s.line, s.col)
				s.raw, s.text, s.line, s.col = s.raw[r:], s.text[min(k, len(s.text)):], line, col
			}
			s.off = n
		}
		s.off -= n
		segs = append(segs, s)
	}
	b.segs = segs
	b.sql = b.sql[n:]
}

// cutBack drops the last n bytes.
func (b *builder) cutBack(n int) {
	if n <= 0 {
		return
	}
	n = min(n, len(b.sql))
	b.sql = b.sql[:len(b.sql)-n]
	for len(b.segs) > 0 && b.segs[len(b.segs)-1].off >= len(b.sql) && len(b.sql) > 0 {
		b.segs = b.segs[:len(b.segs)-1]
	}
	if len(b.sql) == 0 {
		b.segs = b.segs[:0]
	}
}

// renderer renders one variant: choice holds the option of each decision.
type renderer struct {
	nesting int // <foreach> nesting
	choice  []int
	seen    []bool // decisions reached
	order   []int  // decisions in the order first reached
	subs    []string
}

func (r *renderer) reach(dp int) {
	if !r.seen[dp] {
		r.seen[dp] = true
		r.order = append(r.order, dp)
	}
}

func (r *renderer) kids(n *node, b *builder) {
	for _, k := range n.kids {
		r.node(k, b)
	}
}

var whereOverrides = []string{"AND ", "OR ", "AND\n", "OR\n", "AND\r", "OR\r", "AND\t", "OR\t"}

func (r *renderer) node(n *node, b *builder) {
	switch n.name {
	case "":
		// one text node is one fragment (its pieces differ only where a
		// property was substituted)
		for _, p := range n.pieces {
			if p.text != "" {
				b.join(p.text[0], p.file, p.line, p.col)
				break
			}
		}
		for _, p := range n.pieces {
			b.text(p)
		}
	case "#frag", "when", "otherwise":
		r.kids(n, b)
	case "if":
		r.reach(n.dp)
		if r.choice[n.dp] == 0 {
			r.kids(n, b)
		}
	case "choose":
		r.reach(n.dp)
		opt := r.choice[n.dp]
		w := 0
		var other *node
		for _, k := range n.kids {
			switch k.name {
			case "when":
				if w == opt {
					r.kids(k, b)
					return
				}
				w++
			case "otherwise":
				if other == nil {
					other = k
				}
			}
		}
		if other != nil {
			r.kids(other, b)
		}
	case "where":
		r.trim(n, b, "WHERE", "", whereOverrides, nil)
	case "set":
		r.trim(n, b, "SET", "", []string{","}, []string{","})
	case "trim":
		r.trim(n, b, n.attr("prefix"), n.attr("suffix"), overrides(n.attr("prefixOverrides")), overrides(n.attr("suffixOverrides")))
	case "foreach":
		r.foreach(n, b)
	}
}

// overrides splits a prefixOverrides/suffixOverrides attribute like
// MyBatis (on "|", upper-cased, blanks kept).
func overrides(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, o := range strings.Split(s, "|") {
		if o != "" {
			out = append(out, strings.ToUpper(o))
		}
	}
	return out
}

// trim is MyBatis' TrimSqlNode.
func (r *renderer) trim(n *node, b *builder, prefix, suffix string, pre, suf []string) {
	sub := b.child()
	r.kids(n, sub)
	sub.trimSpace()
	if len(sub.sql) == 0 {
		return
	}
	up := strings.ToUpper(string(sub.sql))
	for _, o := range pre {
		if strings.HasPrefix(up, o) {
			sub.cutFront(len(strings.TrimSpace(o)))
			break
		}
	}
	for _, o := range suf {
		if strings.HasSuffix(up, o) || strings.HasSuffix(up, strings.TrimSpace(o)) {
			sub.cutBack(len(strings.TrimSpace(o)))
			break
		}
	}
	if prefix != "" {
		b.join(prefix[0], n.file, n.line, n.col)
		b.gen(prefix+" ", n.file, n.line, n.col)
	}
	b.add(sub)
	if suffix != "" {
		b.gen(" "+suffix, n.file, n.line, n.col)
	}
}

// foreach renders the body for two items: open item separator item close
// (items trimmed; a separator other than "," gets spaces around it).
func (r *renderer) foreach(n *node, b *builder) {
	open, sep, cl := n.attr("open"), n.attr("separator"), n.attr("close")
	switch t := strings.TrimSpace(sep); {
	case t == ",":
		sep = ", "
	case t != "":
		sep = " " + t + " "
	}
	sub := b.child()
	sub.gen(open, n.file, n.line, n.col)
	items := 2
	if r.nesting >= 4 { // nested: one item, or the text doubles at each level
		items = 1
	}
	r.nesting++
	defer func() { r.nesting-- }()
	for i := 0; i < items; i++ {
		if i > 0 {
			sub.gen(sep, n.file, n.line, n.col)
		}
		item := sub.child()
		r.kids(n, item)
		item.trimSpace()
		sub.concat(item)
	}
	sub.gen(cl, n.file, n.line, n.col)
	b.add(sub)
}

// label describes the decisions a variant reached.
func label(r *renderer, e *expander, dps []*node) string {
	var parts []string
	for dp, n := range dps {
		if !r.seen[dp] {
			continue
		}
		opt := r.choice[dp]
		if e.kinds[dp] == "if" {
			parts = append(parts, "if["+strconv.Itoa(n.ifIdx)+"]="+strconv.FormatBool(opt == 0))
			continue
		}
		var v string
		switch {
		case opt < e.opts[dp]-1:
			v = "when[" + strconv.Itoa(opt) + "]"
		case hasOtherwise(n):
			v = "otherwise"
		default:
			v = "none"
		}
		parts = append(parts, "choose["+strconv.Itoa(n.chooseIdx)+"]="+v)
	}
	return strings.Join(parts, ",")
}

func hasOtherwise(n *node) bool {
	for _, k := range n.kids {
		if k.name == "otherwise" {
			return true
		}
	}
	return false
}
