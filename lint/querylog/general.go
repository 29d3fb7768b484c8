package querylog

import (
	"bytes"
	"io"
	"strings"
)

// generalEntry is the start of a general-log entry.
type generalEntry struct {
	id     string // connection id
	cmd    string // command name as written ("Query", "Init DB", …)
	arg    []byte // argument text on the entry's line
	argCol int    // 1-based column of arg
}

// generalCommands are the command names mysqld writes (sql/sql_parse.cc
// Command_names, MariaDB's command_name), longer names first where one is
// a prefix of another.
var generalCommands = []string{
	"Binlog Dump GTID", "Binlog Dump", "Bulk_execute", "Change user", "Close stmt",
	"Com_multi", "Connect Out", "Connect", "Create DB", "Daemon", "Debug",
	"Delayed insert", "Drop DB", "Error", "Execute", "Fetch", "Field List",
	"Group Replication Data Stream subscription", "Init DB", "Kill", "Long Data",
	"Ping", "Prepare", "Processlist", "Query", "Quit", "Refresh",
	"Register Replica", "Register Slave", "Reset Connection", "Reset stmt",
	"Set option", "Shutdown", "Sleep", "Slave_IO", "Slave_SQL", "Slave_worker",
	"Statistics", "Table Dump", "Time", "clone",
}

// parseGeneralEntry recognises a line that starts a general-log entry:
// [time] blanks id blanks command [tab|blanks argument].
func parseGeneralEntry(line []byte) (generalEntry, bool) {
	var e generalEntry
	i := 0
	if len(line) > 0 && isDigit(line[0]) {
		n := skipTime(line)
		if n == 0 {
			return e, false
		}
		i = n
	}
	j := skipBlanks(line, i)
	if j == i {
		return e, false
	}
	i = j
	for j < len(line) && isDigit(line[j]) {
		j++
	}
	if j == i || j-i > 20 {
		return e, false
	}
	e.id = string(line[i:j])
	i = j
	j = skipBlanks(line, i)
	if j == i {
		return e, false
	}
	i = j
	rest := line[i:]
	for _, c := range generalCommands {
		if len(rest) < len(c) || string(rest[:len(c)]) != c {
			continue
		}
		if len(rest) > len(c) && rest[len(c)] != '\t' && rest[len(c)] != ' ' {
			continue
		}
		e.cmd = c
		i += len(c)
		i = skipBlanks(line, i)
		e.arg = line[i:]
		e.argCol = 1 + runesBefore(string(line), i)
		return e, true
	}
	return e, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func skipBlanks(line []byte, i int) int {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// skipTime returns the length of a time at the start of line:
// 2024-01-02T03:04:05[.ffffff](Z|±hh:mm) or yymmdd h:mm:ss / yymmdd hh:mm:ss
// (the hour may be padded with spaces); 0 if there is none.
func skipTime(line []byte) int {
	digits := func(i, n int) bool {
		if i+n > len(line) {
			return false
		}
		for _, c := range line[i : i+n] {
			if !isDigit(c) {
				return false
			}
		}
		return true
	}
	at := func(i int, c byte) bool { return i < len(line) && line[i] == c }
	// ISO 8601 (MySQL 5.7+ log_timestamps).
	if digits(0, 4) && at(4, '-') && digits(5, 2) && at(7, '-') && digits(8, 2) && (at(10, 'T') || at(10, ' ')) &&
		digits(11, 2) && at(13, ':') && digits(14, 2) && at(16, ':') && digits(17, 2) {
		i := 19
		if at(i, '.') {
			i++
			for i < len(line) && isDigit(line[i]) {
				i++
			}
		}
		switch {
		case at(i, 'Z'):
			i++
		case (at(i, '+') || at(i, '-')) && digits(i+1, 2) && at(i+3, ':') && digits(i+4, 2):
			i += 6
		}
		return i
	}
	// yymmdd h:mm:ss
	if !digits(0, 6) {
		return 0
	}
	i := skipBlanks(line, 6)
	if i == 6 {
		return 0
	}
	h := i
	for i < len(line) && isDigit(line[i]) {
		i++
	}
	if i == h || i-h > 2 || !at(i, ':') || !digits(i+1, 2) || !at(i+3, ':') || !digits(i+4, 2) {
		return 0
	}
	return i + 6
}

type generalScanner struct {
	fn    func(Statement) error
	sb    stmtBuf
	inSQL bool   // the current entry carries SQL
	id    string // its connection
	conns map[string]string
}

func scanGeneral(lr *lineReader, fn func(Statement) error) error {
	g := &generalScanner{fn: fn, conns: map[string]string{}}
	for {
		line, err := lr.next()
		if err == io.EOF {
			return g.flush()
		}
		if err != nil {
			return err
		}
		if isBanner(line) {
			if err := g.flush(); err != nil {
				return err
			}
			g.inSQL = false
			continue
		}
		e, ok := parseGeneralEntry(line)
		if !ok {
			if g.inSQL {
				g.sb.add(line, lr.n, 1)
			}
			continue
		}
		if err := g.flush(); err != nil {
			return err
		}
		g.inSQL = false
		switch e.cmd {
		case "Query", "Execute":
			g.inSQL, g.id = true, e.id
			g.sb.start(e.arg, lr.n, e.argCol)
		case "Init DB":
			g.conns[e.id] = strings.Trim(string(bytes.TrimSpace(e.arg)), "`")
		case "Connect", "Change user":
			if db, ok := connectDB(e.arg); ok {
				g.conns[e.id] = db
			}
		case "Quit":
			delete(g.conns, e.id)
		}
	}
}

func (g *generalScanner) flush() error {
	if !g.inSQL || g.sb.empty() {
		g.sb.buf = g.sb.buf[:0]
		return nil
	}
	line, col := g.sb.line, g.sb.col
	sql, ok := g.sb.take()
	if !ok {
		return nil
	}
	if db, ok := useDB([]byte(sql)); ok {
		g.conns[g.id] = db
		return nil
	}
	return g.fn(Statement{SQL: sql, Line: line, Col: col, DB: g.conns[g.id]})
}

// connectDB reads the database of a Connect / Change user argument:
// "user@host on db", "user@host on db using TCP/IP", "user@host as anon on ".
// A failed connection ("Access denied for user …") has none.
func connectDB(arg []byte) (string, bool) {
	s := string(arg)
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return "", false
	}
	k := strings.Index(s[at:], " on ")
	if k < 0 {
		if strings.HasSuffix(s, " on") {
			return "", true
		}
		return "", false
	}
	rest := strings.TrimSpace(s[at+k+len(" on "):])
	if rest == "" || strings.HasPrefix(rest, "using ") {
		return "", true
	}
	if f := strings.Fields(rest); len(f) > 0 {
		return f[0], true
	}
	return "", true
}
