package sqlsplit

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Statement is one statement of the input.
type Statement struct {
	// Text is the statement as the server receives it, from its first to its
	// last token, without the delimiter; see the package documentation for
	// what is blanked. len(Text) equals End.Offset-Start.Offset.
	Text string
	// Start is the position of Text's first byte in the input; End the
	// position just after its last byte.
	Start, End Pos
	// Delimiter is the delimiter that ended the statement (";", ";;", "//",
	// "\\g", "\\G", ...), "" at the end of input or for a client "use db" line.
	Delimiter string
	// Comments are the ordinary comments (-- ..., # ..., /* ... */) that start
	// on a line of the statement (from Start.Line to End.Line) or between the
	// previous statement's last line and this statement, in input order. The
	// same comment can belong to two statements that share a line.
	Comments []Comment

	src string // the whole input, for PosAt
}

// Comment is a comment of the input, with its markers ("-- x", "/* x */").
type Comment struct {
	Text string
	Pos  Pos
}

// Error is a problem found while splitting: an unterminated quote or comment
// at the end of the input (the unfinished statement is not returned), a
// conditional comment left open at the end of a statement, or a misused
// DELIMITER/USE client command.
type Error struct {
	Pos Pos
	Msg string
}

func (e Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// Toggle is a client setting whose default depends on the client.
type Toggle uint8

const (
	Default Toggle = iota // the client's own default, see Options
	On
	Off
)

// Options describe the client and server the script is meant for.
type Options struct {
	// ServerVersion decides which conditional comments run: /*!NNNNN ... */
	// runs when NNNNN <= ServerVersion. MySQL 8.4.0 is 80400, MySQL 9.7.0 is
	// 90700, MariaDB 10.11.0 is 101100. 0 means 90700 for MySQL and 110800
	// for MariaDB. The client is assumed to be of the same version.
	ServerVersion int
	// MariaDB emulates the mariadb client and server: /*M! comments run,
	// versioned comments in the MySQL-only range 50700..99999 do not, /*+ is an
	// ordinary comment, "--" starts a comment at the start of a statement even
	// without a following space.
	MariaDB bool
	// NoBackslashEscapes emulates sql_mode NO_BACKSLASH_ESCAPES: a backslash
	// is an ordinary character inside strings.
	NoBackslashEscapes bool
	// Comments is the client's --comments setting. Default: on for MySQL 8.4
	// and later (measured with the 9.7 client), off for MySQL 8.0 and MariaDB.
	Comments Toggle
	// Commands is the client's --commands setting: whether client commands
	// other than DELIMITER (\g, \G, \c, \q, \d, use, source, quit, ...) work
	// in batch mode. Default: off for MySQL 9 clients (measured with 9.7), on
	// for MySQL 8 and MariaDB clients. When off they are ordinary SQL text.
	Commands Toggle
}

// Split splits src into statements. It never fails as a whole: problems are
// returned as errors next to the statements that could be split. src is
// copied once; the statements' Text and Comments share that copy.
func Split(src []byte, opts Options) ([]Statement, []Error) {
	return SplitString(string(src), opts)
}

// SplitString is Split for input held in a string; it does not copy it:
// Texts that need no blanking are substrings of src.
func SplitString(src string, opts Options) ([]Statement, []Error) {
	s := newSplitter(src, opts)
	s.run()
	if len(s.errs) > 1 {
		sort.SliceStable(s.errs, func(i, j int) bool { return s.errs[i].Pos.Offset < s.errs[j].Pos.Offset })
	}
	attachComments(s.stmts, s.comments)
	return s.stmts, s.errs
}

// client-side state of a line: mysql.cc's ss_comment, reset for every line.
const (
	ssNone = iota
	ssCond // inside /*! on this line
	ssHint // inside /*+ on this line (MySQL)
)

// kinds of the /* */ comment being read
const (
	mlKeep   = iota // ordinary comment, kept verbatim in Text
	mlBlank         // /*M! outside MariaDB mode: blanked, not reported
	mlHidden        // inside text the server skips anyway
)

type span struct{ lo, hi int }

type splitter struct {
	str     string // the input
	maria   bool
	nbe     bool
	dollar  bool
	keepCmt bool // client preserves comments (--comments)
	cmds    bool // client commands other than DELIMITER work (--commands)
	newCmt  bool // MySQL client with --comments: comment-only buffers, no /*! quirk
	version int

	delim   string
	special [256]bool

	// client state that crosses lines
	inStr     byte
	strStart  int
	qAt       int // cached position of the next closing quote on the line
	inDollar  bool
	dollarTag string
	ml        bool
	mlStart   int
	mlPos     Pos
	mlMode    uint8

	// the statement being read
	contentStart int // first byte the client put in its buffer, -1 if empty
	prefFrom     int // skipCommentPrefix(contentStart) is known to reach prefEnd
	prefEnd      int
	codeStart    int // first byte of Text, -1 if none yet
	codeEnd      int // end of Text so far
	startPos     Pos
	endPos       Pos
	endFor       int  // codeEnd value endPos was computed for
	execOpen     bool // inside an executed /*! ... */ (server view)
	execPos      Pos
	hint         bool // inside /*+ ... */ (server view)
	blankUntil   int  // bytes before this are not part of the statement's code
	skipEnd      int  // end of a conditional comment the server skips
	skipPos      Pos
	blanks       []span

	arena     strings.Builder // backing store of the Texts that differ from the input
	tr        tracker
	stmts     []Statement
	comments  []Comment
	errs      []Error
	stopped   bool
	quitAfter bool // stop once the current statement is emitted

	findClose, findOpen finder
}

func newSplitter(src string, opts Options) *splitter {
	s := &splitter{
		str:     src,
		maria:   opts.MariaDB,
		nbe:     opts.NoBackslashEscapes,
		version: opts.ServerVersion,
	}
	if s.version == 0 {
		s.version = 90700
		if s.maria {
			s.version = 110800
		}
	}
	s.dollar = !s.maria && s.version >= 90000
	s.keepCmt = opts.Comments == On || (opts.Comments == Default && !s.maria && s.version >= 80400)
	s.cmds = opts.Commands == On || (opts.Commands == Default && (s.maria || s.version < 90000))
	s.newCmt = s.keepCmt && !s.maria
	s.findClose.pat, s.findOpen.pat = "*/", "/*"
	s.delim = ";"
	s.setSpecial()
	s.resetStatement()
	// Growing a large []Statement dominates the cost on logs of short
	// statements; a statement needs a ";" (or another delimiter) and most
	// scripts hold at most one per line, so this is a close upper estimate.
	s.stmts = make([]Statement, 0, 8+min(strings.Count(src, ";"), strings.Count(src, "\n")))
	return s
}

var baseSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\'\"`#-/*") {
		t[c] = true
	}
	return
}()

func (s *splitter) setSpecial() {
	s.special = baseSpecial
	s.special[s.delim[0]] = true
	if s.dollar {
		s.special['$'] = true
	}
}

func (s *splitter) resetStatement() {
	s.contentStart, s.codeStart, s.codeEnd, s.endFor = -1, -1, -1, -1
	s.execOpen, s.hint = false, false
	s.blankUntil, s.skipEnd = 0, 0
	s.blanks = s.blanks[:0]
}

func isSpace(c byte) bool { return c == ' ' || ('\t' <= c && c <= '\r') }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isIdentByte reports bytes that can continue an unquoted identifier.
func isIdentByte(c byte) bool {
	return c >= 0x80 || c == '_' || c == '$' || isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'z')
}

func (s *splitter) run() {
	src := s.str
	base := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		base = 3
	}
	s.tr = newTracker(src, base)
	for ls := base; ls < len(src) && !s.stopped; {
		le, next := len(src), len(src)
		if k := strings.IndexByte(src[ls:], '\n'); k >= 0 {
			le = ls + k
			next = le + 1
			if le > ls && src[le-1] == '\r' {
				le--
			}
		}
		s.line(ls, le)
		ls = next
	}
	s.finish()
}

// at returns the position of off, first fixing the position of the code end
// seen so far so that the tracker only moves forward.
func (s *splitter) at(off int) Pos {
	if s.codeEnd >= 0 && s.endFor != s.codeEnd && s.codeEnd <= off {
		s.endPos = s.tr.at(s.codeEnd)
		s.endFor = s.codeEnd
	}
	return s.tr.at(off)
}

func (s *splitter) errAt(off int, msg string) {
	s.errs = append(s.errs, Error{Pos: s.at(off), Msg: msg})
}

// content records that the client put byte i into its statement buffer.
func (s *splitter) content(i int) {
	if s.contentStart < 0 {
		s.contentStart = i
	}
}

// codeSpan records that bytes [a,b) are part of the statement's text.
func (s *splitter) codeSpan(a, b int) {
	if a < s.blankUntil {
		a = s.blankUntil
	}
	if a >= b {
		return
	}
	if s.codeStart < 0 {
		s.codeStart = a
		s.startPos = s.at(a)
	}
	s.codeEnd = b
}

// blank marks [a,b) as removed from the statement's text.
func (s *splitter) blank(a, b int) {
	s.blanks = append(s.blanks, span{a, b})
	if b > s.blankUntil {
		s.blankUntil = b
	}
}

func (s *splitter) byteAt(i, le int) byte {
	if i < le {
		return s.str[i]
	}
	return 0
}

// line processes one input line [ls,le) (without its line break), like the
// client's add_line().
func (s *splitter) line(ls, le int) {
	src := s.str
	if !s.ml && s.inStr == 0 && !s.inDollar && (s.contentStart < 0 || s.newCmt) && s.lineCommand(ls, le) {
		return
	}
	ss := ssNone
	i := ls
	for i < le && !s.stopped {
		switch {
		case s.ml:
			i, ss = s.mlScan(i, le, ss)
			continue
		case s.inStr != 0:
			i = s.strScan(i, le)
			continue
		case s.inDollar:
			i = s.dollarScan(i, le)
			continue
		}
		if s.codeStart >= 0 && i >= s.blankUntil {
			// fast path: ordinary bytes of a statement that has started
			a := i
			for i < le && !s.special[src[i]] {
				i++
			}
			if i > a {
				j := i
				for j > a && isSpace(src[j-1]) {
					j--
				}
				if j > a {
					s.codeEnd = j
				}
			}
			if i >= le {
				break
			}
		}
		c := src[i]
		if !s.special[c] {
			if !isSpace(c) {
				s.content(i)
				s.codeSpan(i, i+1)
			} else if s.keepCmt {
				s.content(i)
			}
			i++
			continue
		}
		if c == '\\' {
			i = s.backslash(i, le, ss)
			continue
		}
		if c == s.delim[0] && (s.maria || ss != ssHint) && le-i >= len(s.delim) && string(src[i:i+len(s.delim)]) == s.delim {
			s.endStatement(i, s.delim, true)
			i += len(s.delim)
			if s.keepCmt {
				i = s.afterDelimiter(i, le)
			}
			continue
		}
		if (c == '#' || (c == '-' && s.byteAt(i+1, le) == '-' && s.dashComment(i, le))) && (s.maria || ss != ssHint) {
			s.lineComment(i, le)
			break
		}
		if c == '/' && s.byteAt(i+1, le) == '*' {
			n2, n3 := s.byteAt(i+2, le), s.byteAt(i+3, le)
			cond := n2 == '!' || (s.maria && n2 == 'M' && n3 == '!')
			hint := !s.maria && n2 == '+'
			if !cond && !hint && (s.maria || ss != ssHint) {
				s.startComment(i, n2, n3)
				i += 2
				continue
			}
			if n2 == '!' {
				ss = ssCond
			} else if hint {
				ss = ssHint
			}
			s.content(i)
			if i >= s.blankUntil {
				if cond {
					s.condComment(i, n2 == 'M')
					i++
					continue
				}
				if hint {
					s.hint = true
				}
			}
			s.codeSpan(i, i+1)
			i++
			continue
		}
		if c == '*' && s.byteAt(i+1, le) == '/' {
			ss = ssNone
			s.content(i)
			if i >= s.blankUntil {
				switch {
				case s.hint:
					s.hint = false
					s.codeSpan(i, i+1)
				case s.execOpen:
					s.execOpen = false
					s.blank(i, i+2)
				default:
					s.codeSpan(i, i+1)
				}
			}
			i++
			continue
		}
		if (c == '\'' || c == '"' || c == '`') && (s.maria || ss != ssHint) {
			s.content(i)
			s.codeSpan(i, i+1)
			s.inStr, s.strStart, s.qAt = c, i, -1
			i++
			continue
		}
		if c == '$' && s.dollar && ss != ssHint && (i == 0 || !isIdentByte(src[i-1])) {
			if j := dollarTagEnd(src, i, le); j > 0 {
				s.content(i)
				s.codeSpan(i, j)
				s.inDollar, s.dollarTag, s.strStart = true, s.str[i:j], i
				i = j
				continue
			}
		}
		s.content(i)
		s.codeSpan(i, i+1)
		i++
	}
}

// dashComment reports whether the "--" at i starts a comment.
func (s *splitter) dashComment(i, le int) bool {
	if i+2 >= le {
		return true
	}
	c := s.str[i+2]
	return c == 0 || isSpace(c) || (s.maria && s.contentStart < 0)
}

// afterDelimiter: with --comments the client appends the whitespace and a
// "#"/"-- " comment that follow a delimiter to the statement just sent.
func (s *splitter) afterDelimiter(i, le int) int {
	src := s.str
	for i < le && isSpace(src[i]) {
		i++
	}
	if i < le && (src[i] == '#' || (src[i] == '-' && s.byteAt(i+1, le) == '-' && i+2 < le && isSpace(src[i+2]))) {
		s.lineComment(i, le)
		return le
	}
	return i
}

func (s *splitter) lineComment(i, le int) {
	if i >= s.blankUntil {
		s.addComment(Comment{Text: s.str[i:le], Pos: s.at(i)})
	}
}

// addComment appends c, doubling the slice when full (append grows large
// slices by only 25%, which costs a lot of copying on comment-heavy logs).
func (s *splitter) addComment(c Comment) {
	if len(s.comments) == cap(s.comments) {
		n := make([]Comment, len(s.comments), 2*cap(s.comments)+64)
		copy(n, s.comments)
		s.comments = n
	}
	s.comments = append(s.comments, c)
}

func (s *splitter) startComment(i int, n2, n3 byte) {
	s.ml, s.mlStart = true, i
	if s.keepCmt {
		s.content(i)
	}
	switch {
	case i < s.blankUntil:
		s.mlMode = mlHidden
	case !s.maria && n2 == 'M' && n3 == '!':
		s.mlMode = mlBlank
	default:
		s.mlMode = mlKeep
	}
	s.mlPos = s.at(i)
}

// mlScan reads inside a /* */ comment, with the client's rules: a "*/" does
// not close it on a line where a /*! or /*+ was seen and not yet closed, and
// "/*" inside is skipped as a pair, so "/*/" does not close it.
func (s *splitter) mlScan(i, le, ss int) (int, int) {
	src := s.str
	for i < le {
		c := src[i]
		if c != '*' && c != '/' {
			i++
			continue
		}
		if c == '*' {
			if i+1 < le && src[i+1] == '/' {
				if ss == ssNone {
					s.endComment(i + 2)
					return i + 2, ss
				}
				ss = ssNone
			}
			i++
			continue
		}
		if i+1 < le && src[i+1] == '*' {
			n2, n3 := s.byteAt(i+2, le), s.byteAt(i+3, le)
			switch {
			case n2 == '!':
				ss = ssCond
				i++
			case s.maria && n2 == 'M' && n3 == '!':
				i++
			case !s.maria && n2 == '+':
				ss = ssHint
				i++
			case !s.maria && ss == ssHint:
				i++
			default:
				i += 2 // "/*" inside a comment: consumed, no nesting
			}
			continue
		}
		i++
	}
	return i, ss
}

func (s *splitter) endComment(e int) {
	s.ml = false
	st := s.mlStart
	switch s.mlMode {
	case mlHidden:
	case mlBlank:
		s.blank(st, e)
	default:
		// The server ends a comment at its first "*/". If the client read
		// further, it stripped the text in between (--skip-comments: blank
		// it) or sent it as is (--comments: the server reads it as code).
		if k := strings.Index(s.str[st+2:e], "*/"); k >= 0 && st+2+k != e-2 {
			if !s.keepCmt {
				s.blank(st, e)
			} else {
				e2 := st + 2 + k + 2
				s.addComment(Comment{Text: s.str[st:e2], Pos: s.mlPos})
				s.serverCode(e2, e)
				return
			}
		}
		s.addComment(Comment{Text: s.str[st:e], Pos: s.mlPos})
	}
}

// serverCode reads [a,b), which the client took as comment text but sends as
// is, the way the server does (roughly: it closes an executable comment and
// counts as statement text).
func (s *splitter) serverCode(a, b int) {
	for k := a; k < b; k++ {
		switch {
		case s.str[k] == '*' && k+1 < b && s.str[k+1] == '/' && s.execOpen && k >= s.blankUntil:
			s.execOpen = false
			s.blank(k, k+2)
			k++
		case !isSpace(s.str[k]):
			s.codeSpan(k, k+1)
		}
	}
}

// strScan reads inside a quoted string or identifier.
func (s *splitter) strScan(i, le int) int {
	src := s.str
	q := s.inStr
	if s.qAt < i {
		if k := strings.IndexByte(src[i:le], q); k >= 0 {
			s.qAt = i + k
		} else {
			s.qAt = le
		}
	}
	if q != '`' && !s.nbe {
		if k := strings.IndexByte(src[i:s.qAt], '\\'); k >= 0 {
			j := i + k
			if j+1 >= le {
				// a backslash ending the line: the client drops it and the
				// string goes on on the next line
				s.codeSpan(i, le)
				return le
			}
			s.codeSpan(i, j+2)
			return j + 2
		}
	}
	if s.qAt >= le {
		s.codeSpan(i, le)
		return le
	}
	e := s.qAt + 1
	s.inStr = 0
	s.codeSpan(i, e)
	return e
}

func (s *splitter) dollarScan(i, le int) int {
	k := strings.Index(s.str[i:le], s.dollarTag)
	if k < 0 {
		s.codeSpan(i, le)
		return le
	}
	e := i + k + len(s.dollarTag)
	s.inDollar = false
	s.codeSpan(i, e)
	return e
}

// dollarTagEnd returns the end of a "$tag$" opening at i, or 0.
func dollarTagEnd(src string, i, le int) int {
	j := i + 1
	for j < le && src[j] != '$' && isIdentByte(src[j]) {
		j++
	}
	if j < le && src[j] == '$' {
		return j + 1
	}
	return 0
}

// condComment handles a "/*!" or "/*M!" at i (server view): the markers of a
// comment that runs are blanked, a comment that does not run is blanked up
// to where the server's scan for "*/" ends.
func (s *splitter) condComment(i int, maria bool) {
	src := s.str
	p := i + 3
	if maria {
		p = i + 4
	}
	n := 0
	for p+n < len(src) && n < 6 && isDigit(src[p+n]) {
		n++
	}
	run := true
	vlen := 0
	if n >= 5 {
		vlen = 5
		if n == 6 && (s.maria || (p+6 < len(src) && isSpace(src[p+6]))) {
			vlen = 6
		}
		v := 0
		for _, d := range src[p : p+vlen] {
			v = v*10 + int(d-'0')
		}
		run = v <= s.version
		if s.maria && !maria && v >= 50700 && v <= 99999 {
			run = false // MariaDB ignores MySQL-5.7+-only comments
		}
	}
	pos := s.at(i)
	if run {
		if !s.execOpen {
			s.execOpen = true
			s.execPos = pos
		}
		s.blank(i, p+vlen)
		return
	}
	e := s.consumeComment(i+2, 1)
	if e < 0 {
		e = math.MaxInt
	}
	s.skipEnd, s.skipPos = e, pos
	s.blank(i, e)
}

// consumeComment is the server's consume_comment(): the end of a comment
// whose text starts at p, allowing depth levels of nested /* */, or -1.
func (s *splitter) consumeComment(p, depth int) int {
	for {
		c := s.findClose.next(s.str, p)
		if c < 0 {
			return -1
		}
		if depth > 0 {
			if o := s.findOpen.next(s.str, p); o >= 0 && o < c {
				r := s.consumeComment(o+2, depth-1)
				if r < 0 {
					return -1
				}
				p = r
				continue
			}
		}
		return c + 2
	}
}

// finder finds the next occurrence of pat, remembering its last answer so
// that repeated searches over the same stretch stay linear.
type finder struct {
	pat       string
	from, res int
	valid     bool
}

func (f *finder) next(src string, p int) int {
	if f.valid && p >= f.from && (f.res < 0 || p <= f.res) {
		return f.res
	}
	res := -1
	if k := strings.Index(src[p:], f.pat); k >= 0 {
		res = p + k
	}
	f.from, f.res, f.valid = p, res, true
	return res
}

// backslash handles "\x" outside strings and comments: \N, client commands,
// unknown commands (kept).
func (s *splitter) backslash(i, le, ss int) int {
	if i+1 >= le {
		s.blank(i, i+1) // the client drops a backslash that ends the line
		return le
	}
	ch := s.str[i+1]
	cmd := (*command)(nil)
	if ch != 'N' {
		cmd = s.shortCommand(ch)
	}
	if cmd == nil {
		s.content(i)
		s.codeSpan(i, i+2)
		return i + 2
	}
	switch cmd.kind {
	case kGo:
		s.endStatement(i, s.str[i:i+2], false)
		return i + 2
	case kClear:
		s.resetStatement()
		return i + 2
	case kQuit:
		s.endStatement(i, "", false)
		s.stopped = true
		return le
	case kDelimiter:
		arg, _ := parseArg(s.str[i+2:le], true)
		s.setDelimiter(arg, i)
	}
	end := i + 2
	if cmd.params {
		end = s.skipParams(i+2, le, ss)
	}
	s.blank(i, end)
	return end
}

// skipParams returns where the arguments of a client command end: after the
// next delimiter on the line, or before the "*/" inside a conditional
// comment or hint.
func (s *splitter) skipParams(p, le, ss int) int {
	if ss != ssNone {
		if k := strings.Index(s.str[p:le], "*/"); k >= 0 {
			return p + k
		}
		return le
	}
	if k := strings.Index(s.str[p:le], s.delim); k >= 0 {
		return p + k + len(s.delim)
	}
	return le
}

// endStatement ends the statement at d (where its delimiter, \g or the end of
// input is).
func (s *splitter) endStatement(d int, delim string, byDelimiter bool) {
	if s.execOpen {
		s.errs = append(s.errs, Error{Pos: s.execPos, Msg: msgCondOpen})
	}
	if s.skipEnd > d {
		s.errs = append(s.errs, Error{Pos: s.skipPos, Msg: msgCondOpen})
	}
	if s.codeStart >= 0 && (!byDelimiter || s.bufferCommand(d)) && !s.stopped {
		if s.quitAfter {
			delim = ""
			s.stopped = true
		}
		s.emit(delim)
	}
	s.resetStatement()
}

func (s *splitter) emit(delim string) {
	a, b := s.codeStart, s.codeEnd
	if s.endFor != b {
		s.endPos = s.tr.at(b)
		s.endFor = b
	}
	text := s.text(a, b)
	if len(s.stmts) == cap(s.stmts) {
		n := make([]Statement, len(s.stmts), 2*cap(s.stmts)+16)
		copy(n, s.stmts)
		s.stmts = n
	}
	s.stmts = append(s.stmts, Statement{Text: text, Start: s.startPos, End: s.endPos, Delimiter: delim, src: s.str})
	if len(text) >= 9 && strings.EqualFold(text[:9], "delimiter") && (len(text) == 9 || !isIdentByte(text[9])) {
		s.errs = append(s.errs, Error{Pos: s.startPos, Msg: msgDelimSent})
	}
}

// text builds the statement text of [a,b), blanking the recorded spans.
// Unchanged texts share the input string; changed ones are appended to an
// arena whose earlier contents are never modified, so they can be sliced.
func (s *splitter) text(a, b int) string {
	sb := &s.arena
	start := -1
	pos := a
	for _, r := range s.blanks {
		lo, hi := max(r.lo, pos), min(r.hi, b)
		if lo >= hi {
			continue
		}
		if start < 0 {
			if sb.Cap()-sb.Len() < b-a {
				sb.Grow(max(b-a, 4096, sb.Len()))
			}
			start = sb.Len()
		}
		sb.WriteString(s.str[pos:lo])
		for k := lo; k < hi; k++ {
			if c := s.str[k]; c == '\n' || c == '\r' {
				sb.WriteByte(c)
			} else {
				sb.WriteByte(' ')
			}
		}
		pos = hi
	}
	if start < 0 {
		return s.str[a:b]
	}
	sb.WriteString(s.str[pos:b])
	return sb.String()[start:]
}

func (s *splitter) finish() {
	if s.stopped {
		return
	}
	switch {
	case s.ml:
		s.errs = append(s.errs, Error{Pos: s.mlPos, Msg: "unterminated comment"})
	case s.inStr != 0:
		msg := "unterminated string"
		switch s.inStr {
		case '`':
			msg = "unterminated quoted identifier"
		case '"':
			msg = "unterminated double-quoted string"
		}
		s.errs = append(s.errs, Error{Pos: s.at(s.strStart), Msg: msg})
	case s.inDollar:
		s.errs = append(s.errs, Error{Pos: s.at(s.strStart), Msg: "unterminated dollar-quoted string"})
	default:
		s.endStatement(len(s.str), "", false)
	}
}

// attachComments gives every statement the comments on its lines and those
// between it and the previous statement's last line.
func attachComments(stmts []Statement, cs []Comment) {
	if len(cs) == 0 {
		return
	}
	j, prevEnd := 0, 0
	for k := range stmts {
		st := &stmts[k]
		from := min(prevEnd+1, st.Start.Line)
		for j < len(cs) && cs[j].Pos.Line < from {
			j++
		}
		h := j
		for h < len(cs) && cs[h].Pos.Line <= st.End.Line {
			h++
		}
		if h > j {
			st.Comments = cs[j:h:h]
		}
		prevEnd = st.End.Line
	}
}
