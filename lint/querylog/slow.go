package querylog

import (
	"bytes"
	"io"
)

type hdrKind int

const (
	hdrNone   hdrKind = iota
	hdrWeak           // a known header line
	hdrStrong         // a line that always starts an entry
)

// slowHeader classifies a line starting with "#".
func slowHeader(line []byte) hdrKind {
	t := bytes.TrimLeft(line[1:], " \t")
	for _, p := range strongHeaders {
		if bytes.HasPrefix(t, p) {
			return hdrStrong
		}
	}
	for _, p := range weakHeaders {
		if bytes.HasPrefix(t, p) {
			return hdrWeak
		}
	}
	return hdrNone
}

var strongHeaders = [][]byte{[]byte("Time:"), []byte("User@Host:"), []byte("Query_time:")}

var weakHeaders = [][]byte{
	[]byte("Thread_id:"), []byte("Schema:"), []byte("administrator command:"),
	[]byte("Client:"), []byte("QC_Hit:"), []byte("Bytes_sent:"), []byte("Rows_affected:"),
	[]byte("Filesort:"), []byte("Full_scan:"), []byte("InnoDB_"), []byte("No InnoDB statistics"),
	[]byte("Log_slow_rate"), []byte("Stored_routine:"), []byte("Tmp_tables:"),
}

// slowScanner holds the state of a slow-log scan.
type slowScanner struct {
	fn       func(Statement) error
	sb       stmtBuf
	lastSemi bool // the last non-blank statement line ends with ";"
	inHeader bool // the last line was a header line
	entryDB  string
	hasUse   bool   // entryDB was set by a "use" line of this entry
	schema   string // "Schema:" of this entry's header
	logDB    string // the last "use" in the file
}

func scanSlow(lr *lineReader, fn func(Statement) error) error {
	s := &slowScanner{fn: fn}
	for {
		line, err := lr.next()
		if err == io.EOF {
			return s.flush()
		}
		if err != nil {
			return err
		}
		if err := s.line(line, lr.n); err != nil {
			return err
		}
	}
}

func (s *slowScanner) line(line []byte, n int) error {
	if len(line) > 0 && line[0] == '#' {
		if s.sb.empty() || (s.lastSemi && complete(s.sb.buf)) || slowHeader(line) == hdrStrong {
			if err := s.flush(); err != nil {
				return err
			}
			s.header(line)
			return nil
		}
		s.sb.add(line, n, 1) // a comment line inside the statement
		return nil
	}
	if isBanner(line) {
		// mysqld (re)opened the log: it writes "use" again for the next
		// statement that has a database.
		if err := s.flush(); err != nil {
			return err
		}
		s.inHeader, s.logDB = false, ""
		return nil
	}
	s.inHeader = false
	if s.sb.empty() {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		if db, ok := useDB(line); ok {
			s.entryDB, s.hasUse, s.logDB = db, true, db
			return nil
		}
		if isSetTimestamp(line) {
			return nil
		}
		s.sb.start(line, n, 1)
		s.lastSemi = endsWithSemi(line)
		return nil
	}
	s.sb.add(line, n, 1)
	if len(bytes.TrimSpace(line)) > 0 {
		s.lastSemi = endsWithSemi(line)
	}
	return nil
}

// header handles a header line: the first of a block starts a new entry.
func (s *slowScanner) header(line []byte) {
	if !s.inHeader {
		s.entryDB, s.hasUse, s.schema = "", false, ""
	}
	s.inHeader = true
	if i := bytes.Index(line, []byte("Schema: ")); i >= 0 {
		t := line[i+len("Schema: "):] // "Schema:   Last_errno: 0": no database
		if j := bytes.IndexAny(t, " \t"); j >= 0 {
			t = t[:j]
		}
		s.schema = string(t)
	}
}

func (s *slowScanner) flush() error {
	if s.sb.empty() {
		return nil
	}
	line, col := s.sb.line, s.sb.col
	sql, ok := s.sb.take()
	s.lastSemi = false
	if !ok {
		return nil
	}
	db := s.logDB
	switch {
	case s.hasUse:
		db = s.entryDB
	case s.schema != "":
		db = s.schema
	}
	return s.fn(Statement{SQL: sql, Line: line, Col: col, DB: db})
}

func endsWithSemi(line []byte) bool {
	t := bytes.TrimRight(line, " \t")
	return len(t) > 0 && t[len(t)-1] == ';'
}

// isSetTimestamp recognises the "SET timestamp=N;" line (also with
// last_insert_id= and insert_id= before it) mysqld writes before a
// statement.
func isSetTimestamp(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) < 4 || !bytes.EqualFold(t[:4], []byte("SET ")) || t[len(t)-1] != ';' {
		return false
	}
	t = bytes.TrimSpace(t[4 : len(t)-1])
	sawTS := false
	for len(t) > 0 {
		var a []byte
		a, t, _ = bytes.Cut(t, []byte(","))
		k, v, ok := bytes.Cut(a, []byte("="))
		if !ok {
			return false
		}
		switch k = bytes.TrimSpace(k); {
		case bytes.EqualFold(k, []byte("timestamp")):
			sawTS = true
		case bytes.EqualFold(k, []byte("insert_id")), bytes.EqualFold(k, []byte("last_insert_id")):
		default:
			return false
		}
		v = bytes.TrimSpace(v)
		if len(v) == 0 {
			return false
		}
		for _, c := range v {
			if (c < '0' || c > '9') && c != '.' {
				return false
			}
		}
	}
	return sawTS
}

// complete reports whether text does not end inside a quoted string,
// quoted identifier or /* comment (MySQL lexical rules, backslash escapes
// on).
func complete(text []byte) bool {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\'', '"', '`':
			j := i + 1
			for {
				k := bytes.IndexByte(text[j:], c)
				if k < 0 {
					return false
				}
				if c != '`' {
					if b := bytes.IndexByte(text[j:j+k], '\\'); b >= 0 {
						// an escape before the quote: skip it
						j += b + 2
						if j > len(text) {
							return false
						}
						continue
					}
				}
				j += k + 1
				if j < len(text) && text[j] == c { // doubled quote
					j++
					continue
				}
				break
			}
			i = j - 1
		case '#':
			i = lineEnd(text, i)
		case '-':
			if i+2 < len(text) && text[i+1] == '-' && (text[i+2] == ' ' || text[i+2] == '\t' || text[i+2] == '\n') {
				i = lineEnd(text, i)
			}
		case '/':
			if i+1 < len(text) && text[i+1] == '*' {
				k := bytes.Index(text[i+2:], []byte("*/"))
				if k < 0 {
					return false
				}
				i += 2 + k + 1
			}
		}
	}
	return true
}

func lineEnd(text []byte, i int) int {
	k := bytes.IndexByte(text[i:], '\n')
	if k < 0 {
		return len(text)
	}
	return i + k
}
