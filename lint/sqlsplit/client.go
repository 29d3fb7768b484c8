package sqlsplit

import (
	"fmt"
	"strings"
)

// Client-side commands of the mysql/mariadb command-line client.

type cmdKind uint8

const (
	kOther     cmdKind = iota // not sent to the server, ignored here
	kDelimiter                // DELIMITER x, \d x
	kUse                      // USE db, \u db
	kGo                       // go/\g, ego/\G: send the statement
	kClear                    // clear/\c: discard the statement
	kQuit                     // quit/exit/\q
)

type command struct {
	name   string
	char   byte // short form \char, 0 if none
	params bool // takes the rest of the line (up to the delimiter) as arguments
	kind   cmdKind
	only   uint8 // 0 both clients, onlyMySQL, onlyMariaDB
}

const (
	onlyMySQL = 1 + iota
	onlyMariaDB
)

// commands mirrors the COMMANDS table of client/mysql.cc (MySQL 8.4/9.x and
// MariaDB 10.11/11.x); only entries with a function are listed.
var commands = [...]command{
	{"?", '?', true, kOther, 0},
	{"clear", 'c', false, kClear, 0},
	{"connect", 'r', true, kOther, 0},
	{"delimiter", 'd', true, kDelimiter, 0},
	{"edit", 'e', false, kOther, 0},
	{"ego", 'G', false, kGo, 0},
	{"exit", 'q', false, kQuit, 0},
	{"go", 'g', false, kGo, 0},
	{"help", 'h', true, kOther, 0},
	{"nopager", 'n', false, kOther, 0},
	{"notee", 't', false, kOther, 0},
	{"pager", 'P', true, kOther, 0},
	{"print", 'p', false, kOther, 0},
	{"prompt", 'R', true, kOther, 0},
	{"quit", 'q', false, kQuit, 0},
	{"rehash", '#', false, kOther, 0},
	{"source", '.', true, kOther, 0},
	{"status", 's', false, kOther, 0},
	{"system", '!', true, kOther, 0},
	{"tee", 'T', true, kOther, 0},
	{"use", 'u', true, kUse, 0},
	{"charset", 'C', true, kOther, 0},
	{"warnings", 'W', false, kOther, 0},
	{"nowarning", 'w', false, kOther, 0},
	{"resetconnection", 'x', false, kOther, onlyMySQL},
	{"query_attributes", 0, true, kOther, onlyMySQL},
	{"ssl_session_data_print", 0, true, kOther, onlyMySQL},
	{"sandbox", '-', false, kOther, onlyMariaDB},
}

func (s *splitter) available(c *command) bool {
	if !s.cmds && c.kind != kDelimiter {
		return false
	}
	switch c.only {
	case onlyMySQL:
		return !s.maria
	case onlyMariaDB:
		return s.maria
	}
	return true
}

// shortCommand finds the command for "\c" (find_command(char)). Without
// --commands there is none (the MySQL 9 client reports \d too as unknown).
func (s *splitter) shortCommand(ch byte) *command {
	if !s.cmds {
		return nil
	}
	for i := range commands {
		c := &commands[i]
		if c.char == ch && s.available(c) {
			return c
		}
	}
	return nil
}

// commandsByLen indexes commands by name length.
var commandsByLen = func() (t [24][]uint8) {
	for i, c := range commands {
		t[len(c.name)] = append(t[len(c.name)], uint8(i))
	}
	return
}()

// namedCommand finds the command called name, compared case-insensitively
// like the client (find_command(char *)).
func (s *splitter) namedCommand(name string) *command {
	if len(name) == 0 || len(name) >= len(commandsByLen) {
		return nil
	}
	for _, i := range commandsByLen[len(name)] {
		c := &commands[i]
		if equalFold(name, c.name) && s.available(c) {
			return c
		}
	}
	return nil
}

func equalFold(b string, lower string) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func hasPrefixFold(b string, lower string) bool {
	return len(b) >= len(lower) && equalFold(b[:len(lower)], lower)
}

// splitCommand splits a command line (no leading whitespace) into its first
// word (up to a space or tab, like strcont(name, " \t")) and the rest after
// whitespace.
func splitCommand(b string) (name, rest string) {
	e := 0
	for e < len(b) && b[e] != ' ' && b[e] != '\t' {
		e++
	}
	r := e
	for r < len(b) && isSpace(b[r]) {
		r++
	}
	return b[:e], b[r:]
}

// parseArg reads a command argument like the client's get_arg(): leading
// whitespace is skipped, an argument quoted with ', " or ` ends at its
// closing quote (a doubled quote or a backslash-escaped quote stands for the
// quote), an unquoted one at a space or tab. In short mode (\d) a backslash
// escapes any character. It returns the argument and the number of bytes of
// b consumed, closing quote included.
func parseArg(b string, short bool) (string, int) {
	p := 0
	for p < len(b) && isSpace(b[p]) {
		p++
	}
	if p >= len(b) {
		return "", p
	}
	var q byte
	if c := b[p]; c == '\'' || c == '"' || c == '`' {
		q = c
		p++
	}
	start := p
	var out []byte // only when escapes were removed
	for ; p < len(b); p++ {
		c := b[p]
		if c == 0 {
			break
		}
		escaped := false
		if short {
			escaped = c == '\\' && p+1 < len(b)
		} else {
			escaped = c == '\\' && q != 0 && p+1 < len(b) && b[p+1] == q
		}
		if !escaped && !short && q != 0 && c == q && p+1 < len(b) && b[p+1] == q {
			escaped = true // doubled quote
		}
		if escaped {
			if out == nil {
				out = append([]byte(nil), b[start:p]...)
			}
			p++
			out = append(out, b[p])
			continue
		}
		if (q == 0 && (c == ' ' || c == '\t')) || (q != 0 && c == q) {
			arg := b[start:p]
			if out != nil {
				arg = string(out)
			}
			if q != 0 {
				p++
			}
			return arg, p
		}
		if out != nil {
			out = append(out, c)
		}
	}
	if out != nil {
		return string(out), p
	}
	return b[start:p], p
}

const (
	maxDelimiter = 15 // char delimiter[16] in the client

	msgDelimMissing   = "DELIMITER must be followed by a 'delimiter' character or string"
	msgDelimBackslash = "DELIMITER cannot contain a backslash character"
	msgDelimMidLine   = "DELIMITER does not start a statement of its own here (text precedes it in the client's statement buffer): the mysql client would take %q as the new delimiter and mis-split what follows; splitting goes on with %q"
	msgDelimSent      = "DELIMITER is not a client command here, so the mysql client sends it to the server as SQL (it must be a line of its own, \"DELIMITER x\", while nothing but whitespace precedes it in the statement)"
	msgUseMissing     = "USE must be followed by a database name"
	msgCondOpen       = "conditional comment is not closed before the end of the statement"
	msgDiscarded      = "the mysql client drops this text without running it: a DELIMITER line follows while its statement holds only comments"
)

// setDelimiter applies a DELIMITER argument (com_delimiter).
func (s *splitter) setDelimiter(arg string, at int) {
	switch {
	case arg == "":
		s.errAt(at, msgDelimMissing)
	case strings.IndexByte(arg, '\\') >= 0:
		s.errAt(at, msgDelimBackslash)
	default:
		if len(arg) > maxDelimiter {
			arg = arg[:maxDelimiter]
		}
		if arg != s.delim {
			s.delim = arg
			s.setSpecial()
		}
	}
}

// skipCommentPrefix skips whitespace and simple /* ... */ comments from i
// (not beyond end): what the MySQL 9 client with --comments accepts before a
// DELIMITER line. A comment whose text holds a "*" or "/" (other than its
// closing "*/") is not simple: the client's scan stops there.
func skipCommentPrefix(s string, i, end int) int {
	for {
		for i < end && isSpace(s[i]) {
			i++
		}
		if i+1 < end && s[i] == '/' && s[i+1] == '*' {
			j := i + 2
			for j < end && s[j] != '*' && s[j] != '/' {
				j++
			}
			if j+1 < end && s[j] == '*' && s[j+1] == '/' {
				i = j + 2
				continue
			}
		}
		return i
	}
}

// lineCommand handles a line read outside strings and comments: if the
// client would take it as a command (read_and_execute + find_command), it is
// executed and true is returned. Commands need an empty statement buffer;
// with the MySQL 9 client and --comments a DELIMITER line may also follow
// (on earlier lines or on its own line) nothing but whitespace and simple
// comments, which the client then drops.
func (s *splitter) lineCommand(ls, le int) bool {
	src := s.str
	empty := s.contentStart < 0
	if !empty {
		if !s.newCmt {
			return false
		}
		// resume the comment-only scan of the buffer where the previous
		// line left it, so long comment runs are scanned once
		if s.prefFrom != s.contentStart || s.prefEnd > ls || s.prefEnd < s.contentStart {
			s.prefFrom, s.prefEnd = s.contentStart, s.contentStart
		}
		s.prefEnd = skipCommentPrefix(src, s.prefEnd, ls)
		if s.prefEnd != ls {
			return false
		}
	}
	p := ls
	for p < le && isSpace(src[p]) {
		p++
	}
	bare := p // the line after leading whitespace
	if s.newCmt {
		p = skipCommentPrefix(src, p, le)
	}
	if p >= le {
		return false
	}
	if c := src[p] | 0x20; (c < 'a' || c > 'z') && src[p] != '?' {
		return false
	}
	line := src[p:le]
	// The client first rules out lines containing "\g" or the delimiter
	// (unless they start with "delimiter"), then looks the first word up;
	// the word is checked first here, it is cheaper on long lines.
	name, rest := splitCommand(line)
	cmd := s.namedCommand(name)
	if cmd == nil {
		if !s.maria && len(name) > len("delimiter") && hasPrefixFold(name, "delimiter") && !strings.Contains(line, `\g`) {
			// "DELIMITER//": the MySQL client reports a missing argument.
			s.discard(ls)
			s.errAt(p, msgDelimMissing)
			return true
		}
		return false
	}
	if (!empty || p != bare) && cmd.kind != kDelimiter {
		return false
	}
	if len(rest) > 0 && !cmd.params {
		return false
	}
	if strings.Contains(line, `\g`) || (cmd.kind != kDelimiter && strings.Contains(line, s.delim)) {
		return false
	}
	argStart := p + len(line) - len(rest)
	arg, n := parseArg(rest, false)
	if s.maria && len(rest) > 0 && arg == "" {
		return false // MariaDB requires get_arg() to find an argument
	}
	switch cmd.kind {
	case kDelimiter:
		s.discard(ls)
		s.setDelimiter(arg, p)
	case kUse:
		if arg == "" {
			s.errAt(p, msgUseMissing)
			break
		}
		end := argStart + n
		start := s.at(p)
		s.stmts = append(s.stmts, Statement{Text: s.str[p:end], Start: start, End: s.tr.at(end), src: s.str})
	case kQuit:
		s.stopped = true
	}
	return true
}

// discard drops a statement buffer holding only comments, as the MySQL 9
// client does when a DELIMITER line follows; code in it (the content of a
// /*!...*/ comment) is reported since it silently never runs.
func (s *splitter) discard(ls int) {
	if s.contentStart < 0 {
		return
	}
	if s.codeStart >= 0 {
		s.errs = append(s.errs, Error{Pos: s.startPos, Msg: msgDiscarded})
	}
	s.resetStatement()
}

// bufferCommand is find_command() on the statement buffer when a delimiter
// ends it: "use db;" is handled by the client (and kept here as the USE
// statement it amounts to), "delimiter x;" and other client commands are not
// sent to the server. It reports whether the statement is to be returned.
func (s *splitter) bufferCommand(d int) bool {
	src := s.str
	p := s.contentStart
	for p < d && isSpace(src[p]) {
		p++
	}
	var cmd *command
	var b, name, rest string
	if p < d && src[p] == '/' && s.newCmt {
		// the MySQL 9 client with --comments also finds a DELIMITER after
		// simple comments
		if q := skipCommentPrefix(src, p, d); q > p && q < d {
			b = s.str[q:d]
			name, rest = splitCommand(b)
			if cmd = s.namedCommand(name); cmd != nil && cmd.kind != kDelimiter {
				cmd = nil
			}
		}
	} else if p < d {
		if c := src[p] | 0x20; (c < 'a' || c > 'z') && src[p] != '?' {
			return true
		}
		b = s.str[p:d]
		name, rest = splitCommand(b)
		cmd = s.namedCommand(name)
	}
	if cmd == nil || (len(rest) > 0 && !cmd.params) {
		return true
	}
	if strings.Contains(b, `\g`) || (cmd.kind != kDelimiter && strings.Contains(b, s.delim)) {
		return true
	}
	if s.maria && len(rest) > 0 {
		if arg, _ := parseArg(rest, false); arg == "" {
			return true
		}
	}
	switch cmd.kind {
	case kUse:
		if len(rest) == 0 {
			s.errs = append(s.errs, Error{Pos: s.startPos, Msg: msgUseMissing})
			return false
		}
		return true
	case kDelimiter:
		arg, _ := parseArg(rest, false)
		if len(arg) > maxDelimiter {
			arg = arg[:maxDelimiter]
		}
		msg := msgDelimMissing
		if arg != "" {
			msg = fmt.Sprintf(msgDelimMidLine, arg, s.delim)
		}
		s.errs = append(s.errs, Error{Pos: s.startPos, Msg: msg})
	case kQuit:
		// the client quits, but first sends what is in its buffer ("exit")
		s.quitAfter = true
		return true
	}
	return false
}
