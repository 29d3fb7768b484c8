package mybatis

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxVariants caps the variants produced for one statement.
const MaxVariants = 64

// Statement is one variant of a mapped statement.
type Statement struct {
	ID      string // mapper namespace + "." + statement id
	Kind    string // select, insert, update or delete
	Variant string // the decisions taken, "" for a statement without <if>/<choose>
	SQL     string // flattened SQL
	File    string // the name given to Parse / Set.Add
	Line    int    // line of the statement element's start tag
	Col     int    // its column (code points, 1-based)
	// Substituted lists the ${…} expressions that were replaced (see the
	// package documentation): verdicts near them are less certain.
	Substituted []string

	segs []seg
}

// seg says where SQL[off:] comes from: text decoded from raw (which starts
// at line, col of file), or generated text (raw == "") attributed to line,
// col.
type seg struct {
	off       int
	file      string
	line, col int
	raw       string // source text, "" for generated text
	text      string // the decoded text raw stands for
	cdata     bool   // raw is inside a CDATA section (no entities)
}

// Position is a place in a mapper file.
type Position struct {
	File      string // File of the statement, or of the mapper whose <sql> the text came from
	Line, Col int    // 1-based; Col counts code points
}

func (p Position) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Pos maps a byte offset in s.SQL to the XML it came from. Text MyBatis
// copies from the file maps character by character (entities, CDATA and
// "\r\n" accounted for); generated text ("?" for #{…}, ${…} replacements,
// "WHERE", "SET", separators, the spaces between fragments) maps to the
// expression or element that produced it. Text from an included <sql> maps
// into the file that defines it.
func (s Statement) Pos(off int) Position {
	off = max(0, min(off, len(s.SQL)))
	i := sort.Search(len(s.segs), func(i int) bool { return s.segs[i].off > off }) - 1
	if i < 0 {
		return Position{s.File, s.Line, s.Col}
	}
	g := s.segs[i]
	if g.raw == "" {
		return Position{g.file, g.line, g.col}
	}
	_, line, col := walk(g.raw, g.text, g.cdata, off-g.off, g.line, g.col)
	return Position{g.file, line, col}
}

// LineAt is the line of Pos(off) (in Pos(off).File).
func (s Statement) LineAt(off int) int { return s.Pos(off).Line }

// walk advances over raw until k bytes of the decoded text were produced;
// it returns the raw bytes consumed and the position reached.
func walk(raw, text string, cdata bool, k, line, col int) (int, int, int) {
	i, j := 0, 0
	for j < k && i < len(raw) && j < len(text) {
		c := raw[i]
		switch {
		case c == '&' && !cdata:
			e := strings.IndexByte(raw[i:], ';')
			if e < 0 {
				e = 0
			}
			_, sz := utf8.DecodeRuneInString(text[j:])
			if j+sz > k {
				return i, line, col // inside the entity's character
			}
			i += e + 1
			j += sz
			col += e + 1 // "&lt;" is four columns
		case c == '\r':
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			j++
			line, col = line+1, 1
		case c == '\n':
			i++
			j++
			line, col = line+1, 1
		default:
			_, sz := utf8.DecodeRuneInString(raw[i:])
			if j+sz > k {
				return i, line, col
			}
			i += sz
			j += sz
			col++
		}
	}
	return i, line, col
}

// Error is a problem in a mapper file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Parse reads one mapper file and returns its statements (all variants) in
// document order. Errors name the file and line; a statement with an error
// (an unknown refid, an include cycle) is left out, the others are
// returned. Includes of another mapper's fragments need a Set.
func Parse(r io.Reader, name string) ([]Statement, []error) {
	var s Set
	errs := s.Add(r, name)
	st, errs2 := s.Statements()
	return st, append(errs, errs2...)
}

// Set collects mapper files so that <include> can reach <sql> fragments of
// other mappers.
type Set struct {
	frags map[string]*fragment // namespace.id
	stmts []*decl
	ids   map[string]*decl // namespace.id
}

type fragment struct {
	n    *node
	ns   string
	file string
	db   string // databaseId
}

type decl struct {
	n    *node
	ns   string
	file string
	db   string // databaseId
	drop bool   // replaced by one for databaseId mysql
}

// Add parses a mapper file. A file that is not well-formed XML or not a
// <mapper> adds nothing.
func (s *Set) Add(r io.Reader, name string) []error {
	data, err := io.ReadAll(r)
	if err != nil {
		return []error{&Error{File: name, Msg: err.Error()}}
	}
	root, err := readXML(data, name)
	if err != nil {
		return []error{err}
	}
	if root.name != "mapper" {
		return []error{&Error{File: name, Line: root.line, Col: root.col, Msg: fmt.Sprintf("root element is <%s>, not <mapper>", root.name)}}
	}
	var errs []error
	ns := root.attr("namespace")
	if ns == "" {
		errs = append(errs, root.errorf(name, "<mapper> has no namespace"))
	}
	if s.frags == nil {
		s.frags = map[string]*fragment{}
	}
	for _, k := range root.kids {
		switch k.name {
		case "sql":
			id := k.attr("id")
			if id == "" {
				errs = append(errs, k.errorf(name, "<sql> without id"))
				continue
			}
			db := k.attr("databaseId")
			if !forMySQL(db) {
				continue
			}
			key := ns + "." + id
			if old, ok := s.frags[key]; ok {
				if old.db == "" && db != "" {
					s.frags[key] = &fragment{k, ns, name, db}
				} else if (old.db == "") == (db == "") {
					errs = append(errs, k.errorf(name, "duplicate <sql id=%q> (first at %s:%d)", id, old.file, old.n.line))
				}
				continue
			}
			s.frags[key] = &fragment{k, ns, name, db}
		case "select", "insert", "update", "delete":
			id := k.attr("id")
			if id == "" {
				errs = append(errs, k.errorf(name, "<%s> without id", k.name))
				continue
			}
			db := k.attr("databaseId")
			if !forMySQL(db) {
				continue
			}
			if s.ids == nil {
				s.ids = map[string]*decl{}
			}
			d := &decl{n: k, ns: ns, file: name, db: db}
			if old, ok := s.ids[ns+"."+id]; ok {
				switch {
				case old.db == "" && db != "":
					old.drop = true
				case old.db != "" && db == "":
					continue
				default:
					errs = append(errs, k.errorf(name, "duplicate statement id %q (first at %s:%d)", id, old.file, old.n.line))
					continue
				}
			}
			s.ids[ns+"."+id] = d
			s.stmts = append(s.stmts, d)
		}
	}
	return errs
}

func forMySQL(databaseID string) bool {
	switch strings.ToLower(databaseID) {
	case "", "mysql", "mariadb":
		return true
	}
	return false
}

// Statements expands every statement added so far, in the order added.
func (s *Set) Statements() ([]Statement, []error) {
	var out []Statement
	var errs []error
	seen := map[string]bool{} // a fragment included many times reports once
	for _, d := range s.stmts {
		if d.drop {
			continue
		}
		st, err := s.statement(d)
		for _, e := range err {
			if !seen[e.Error()] {
				seen[e.Error()] = true
				errs = append(errs, e)
			}
		}
		out = append(out, st...)
	}
	return out, errs
}

// node is an XML element or a text node.
type node struct {
	name      string // "" for text
	attrs     []xml.Attr
	kids      []*node
	file      string
	line, col int
	pieces    []piece // text

	dp, ifIdx, chooseIdx int // decision numbers after expansion
}

// piece is a run of text: decoded from raw, or generated (raw == "").
type piece struct {
	text      string
	raw       string
	cdata     bool
	file      string
	line, col int // position of text[0]
}

func (n *node) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (n *node) hasAttr(name string) bool {
	for _, a := range n.attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return true
		}
	}
	return false
}

func (n *node) errorf(file, format string, args ...any) *Error {
	return &Error{File: file, Line: n.line, Col: n.col, Msg: fmt.Sprintf(format, args...)}
}

// readXML parses data into a tree with positions.
func readXML(data []byte, name string) (*node, error) {
	lines := lineStarts(data)
	pos := func(off int) (int, int) {
		l := sort.Search(len(lines), func(i int) bool { return lines[i] > off })
		return l, 1 + utf8.RuneCount(data[lines[l-1]:off])
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := pos(int(d.InputOffset()))
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &Error{File: name, Line: se.Line, Msg: "XML: " + se.Msg}
			}
			return nil, &Error{File: name, Line: line, Col: col, Msg: "XML: " + err.Error()}
		}
		end := int(d.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			line, col := pos(off)
			n := &node{name: t.Name.Local, attrs: append([]xml.Attr(nil), t.Attr...), file: name, line: line, col: col}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			raw := data[off:end]
			start, cdata := off, false
			if bytes.HasPrefix(raw, []byte("<![CDATA[")) && bytes.HasSuffix(raw, []byte("]]>")) {
				raw, start, cdata = raw[9:len(raw)-3], off+9, true
			}
			line, col := pos(start)
			p := stack[len(stack)-1]
			p.kids = append(p.kids, &node{file: name, line: line, col: col, pieces: []piece{{text: string(t), raw: string(raw), cdata: cdata, file: name, line: line, col: col}}})
		}
	}
	if root == nil {
		return nil, &Error{File: name, Msg: "no XML element"}
	}
	return root, nil
}

// lineStarts returns the offsets at which lines start (line 1 at index 0).
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// statement expands one declaration into its variants.
func (s *Set) statement(d *decl) ([]Statement, []error) {
	id := d.ns + "." + d.n.attr("id")
	e := &expander{set: s}
	root := e.expand(d.n, d.ns, d.file, nil, nil)
	if e.fatal {
		for _, err := range e.errs {
			if me, ok := err.(*Error); ok {
				me.Msg += " (statement " + id + " skipped)"
			}
		}
		return nil, e.errs
	}
	dps := make([]*node, len(e.opts))
	var collect func(n *node)
	collect = func(n *node) {
		if n.name == "if" || n.name == "choose" {
			dps[n.dp] = n
		}
		for _, k := range n.kids {
			collect(k)
		}
	}
	collect(root)
	base := Statement{ID: id, Kind: d.n.name, File: d.file, Line: d.n.line, Col: d.n.col}
	var out []Statement
	seen := map[string]bool{}
	render := func(choice []int) *renderer {
		r := &renderer{choice: choice, seen: make([]bool, len(e.opts))}
		b := &builder{r: r}
		r.kids(root, b)
		b.trimSpace()
		sql := string(b.sql)
		if sql != "" && !seen[sql] {
			seen[sql] = true
			st := base
			st.SQL, st.segs = sql, b.segs
			st.Variant = label(r, e, dps)
			st.Substituted = uniq(r.subs)
			out = append(out, st)
		}
		return r
	}
	if !enumerate(e.opts, render) {
		out, seen = out[:0], map[string]bool{}
		for _, c := range covering(e.opts) {
			render(c)
		}
	}
	return out, e.errs
}

// enumerate renders every reachable combination of decisions, depth
// first from "all taken" (decisions are discovered as rendering reaches
// them). It gives up, returning false, after MaxVariants renderings.
func enumerate(opts []int, render func([]int) *renderer) bool {
	choice := make([]int, len(opts))
	for n := 0; ; n++ {
		if n == MaxVariants {
			return false
		}
		r := render(append([]int(nil), choice...))
		i := len(r.order) - 1
		for ; i >= 0; i-- {
			if d := r.order[i]; choice[d]+1 < opts[d] {
				break
			}
		}
		if i < 0 {
			return true
		}
		keep := map[int]bool{}
		for _, d := range r.order[:i+1] {
			keep[d] = true
		}
		for d := range choice {
			if !keep[d] {
				choice[d] = 0
			}
		}
		choice[r.order[i]]++
	}
}

// covering returns at most MaxVariants combinations: all taken, none
// taken, then each option of each decision with the others all taken and
// with the others none taken.
func covering(opts []int) [][]int {
	all := make([]int, len(opts))
	none := make([]int, len(opts))
	for d, o := range opts {
		none[d] = o - 1
	}
	var out [][]int
	seen := map[string]bool{}
	add := func(c []int) {
		k := fmt.Sprint(c)
		if len(out) < MaxVariants && !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	add(all)
	add(none)
	for d, o := range opts {
		for v := 0; v < o; v++ {
			c := append([]int(nil), all...)
			c[d] = v
			add(c)
			c = append([]int(nil), none...)
			c[d] = v
			add(c)
		}
	}
	return out
}

func uniq(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
