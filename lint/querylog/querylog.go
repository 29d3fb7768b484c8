package querylog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

// Statement is one SQL statement found in a log, with where it came from.
type Statement struct {
	SQL  string // the statement text (no trailing delimiter or whitespace)
	Line int    // 1-based line in the log where SQL starts
	Col  int    // 1-based column (code points) of SQL's first character on that line
	DB   string // database in effect if the log says, "" otherwise

	// anchors map offsets of a decoded JSON string back to columns of its
	// line; nil when SQL is the file's text.
	anchors []anchor
}

// anchor says that SQL[dec:] starts at column col of the statement's line.
type anchor struct{ dec, col int }

// Pos maps a byte offset in s.SQL to its line and column in the log. An
// offset inside a multi-byte character or a JSON escape maps to where that
// character or escape starts; offsets out of range are clamped.
func (s Statement) Pos(off int) (line, col int) {
	off = max(0, min(off, len(s.SQL)))
	if s.anchors == nil {
		return textPos(s.SQL, s.Line, s.Col, off)
	}
	i := sort.Search(len(s.anchors), func(i int) bool { return s.anchors[i].dec > off }) - 1
	if i < 0 {
		return s.Line, s.Col + runesBefore(s.SQL, off)
	}
	a := s.anchors[i]
	return s.Line, a.col + runesBefore(s.SQL[a.dec:], off-a.dec)
}

// LineAt is Pos without the column.
func (s Statement) LineAt(off int) int {
	l, _ := s.Pos(off)
	return l
}

// textPos is the position of text[off] when text[0] is at (line, col).
func textPos(text string, line, col, off int) (int, int) {
	seg := text[:off]
	n := strings.Count(seg, "\n")
	if n == 0 {
		return line, col + runesBefore(text, off)
	}
	ls := strings.LastIndexByte(seg, '\n') + 1
	return line + n, 1 + runesBefore(text[ls:], off-ls)
}

// runesBefore counts the characters of s that end at or before off (a
// character off cuts through is not counted: off maps to where it starts).
// Bytes that are not UTF-8 count one each, as in a []rune conversion.
func runesBefore(s string, off int) int {
	n := 0
	for i := 0; i < off; {
		if s[i] < utf8.RuneSelf {
			i++
			n++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if i+size > off {
			break
		}
		i += size
		n++
	}
	return n
}

// Format is a log format.
type Format int

const (
	Auto      Format = iota // detect from the first bytes (Detect)
	Slow                    // MySQL/MariaDB/Percona slow query log
	General                 // general query log
	JSONLines               // one JSON object per line with a "sql" field
)

func (f Format) String() string {
	switch f {
	case Slow:
		return "slow"
	case General:
		return "general"
	case JSONLines:
		return "jsonl"
	}
	return "auto"
}

// ParseFormat reads a format name: "slow", "general", "jsonl" (or "json",
// "jsonlines", "ndjson") or "auto".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return Auto, nil
	case "slow", "slowlog", "slow-log":
		return Slow, nil
	case "general", "genlog", "general-log":
		return General, nil
	case "json", "jsonl", "jsonlines", "ndjson":
		return JSONLines, nil
	}
	return Auto, fmt.Errorf("unknown log format %q (want slow, general, jsonl or auto)", s)
}

// Error is a problem with one line of a log that did not stop the scan
// (only JSON lines have those).
type Error struct {
	Line int // 1-based
	Col  int // 1-based, 0 if unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%d: %s", e.Line, e.Msg)
}

// ErrUnknownFormat is returned by Scan with Auto when the input starts with
// neither a slow log, a general log nor a JSON object.
var ErrUnknownFormat = errors.New("not a slow log, general log or JSON-lines file")

// headSize is how much of the input Auto detection looks at.
const headSize = 64 << 10

// Detect tells the format of a log from its first bytes (a few KB are
// plenty). It answers Auto when it cannot tell: the head is empty, or holds
// only server banners, or something else entirely.
func Detect(head []byte) Format {
	head = bytes.TrimPrefix(head, bom)
	sawBanner := false
	for len(head) > 0 {
		var line []byte
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			line, head = head, nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		switch {
		case bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("{")):
			return JSONLines
		case line[0] == '#' && slowHeader(line) != hdrNone:
			return Slow
		case isBanner(line):
			sawBanner = true
			continue
		}
		if _, ok := parseGeneralEntry(line); ok {
			return General
		}
		// Anything else: a slow log may begin with a statement whose
		// header was cut off, so look on for a header.
	}
	if sawBanner {
		return General
	}
	return Auto
}

// Scan reads statements from r in format f and calls fn for each, in order.
// It stops at the first error from fn or from r and returns it. Problems
// with single lines (JSON lines only) are returned at the end, joined, after
// the whole input was scanned; use Scanner.OnError to handle them as they
// come.
func Scan(r io.Reader, f Format, fn func(Statement) error) error {
	var errs []error
	const keep = 100
	dropped := 0
	sc := Scanner{Format: f, OnError: func(e *Error) error {
		if len(errs) < keep {
			errs = append(errs, e)
		} else {
			dropped++
		}
		return nil
	}}
	if err := sc.Scan(r, fn); err != nil {
		return err
	}
	if dropped > 0 {
		errs = append(errs, fmt.Errorf("… and %d more problems", dropped))
	}
	return errors.Join(errs...)
}

// Scanner reads statements with options.
type Scanner struct {
	Format Format // Auto: detect (Detect on the first 64 KB)
	// OnError receives each problem with a single line (a malformed JSON
	// line); scanning goes on unless it returns an error, which Scan then
	// returns. Nil: stop at the first problem and return it.
	OnError func(*Error) error
}

// Scan reads statements from r and calls fn for each, in order.
func (sc *Scanner) Scan(r io.Reader, fn func(Statement) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	f := sc.Format
	if f == Auto {
		head, err := br.Peek(headSize)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return err
		}
		f = Detect(head)
		if f == Auto {
			if len(bytes.TrimSpace(bytes.TrimPrefix(head, bom))) == 0 || onlyBanners(head) {
				return nil
			}
			return ErrUnknownFormat
		}
	}
	onErr := sc.OnError
	if onErr == nil {
		onErr = func(e *Error) error { return e }
	}
	lr := &lineReader{br: br}
	switch f {
	case Slow:
		return scanSlow(lr, fn)
	case General:
		return scanGeneral(lr, fn)
	case JSONLines:
		return scanJSON(lr, fn, onErr)
	}
	return fmt.Errorf("querylog: unknown format %d", int(f))
}

func onlyBanners(head []byte) bool {
	for _, l := range bytes.Split(head, []byte("\n")) {
		l = bytes.TrimRight(l, "\r")
		if len(bytes.TrimSpace(l)) > 0 && !isBanner(l) {
			return false
		}
	}
	return true
}

// Open opens a log file for Scan, decompressing it when it is gzipped
// (positions then refer to the decompressed text).
func Open(name string) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	r, err := Decompress(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{r, f}, nil
}

// Decompress returns r itself, or r gunzipped when it starts with the gzip
// magic number. A caller that counts the bytes it reads from a file (for
// a progress bar) wraps the file, then calls Decompress.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

var bom = []byte("\xEF\xBB\xBF")

// lineReader returns lines without their "\n" and a "\r" before it. The
// returned slice is valid until the next call.
type lineReader struct {
	br   *bufio.Reader
	long []byte // a line longer than br's buffer
	n    int    // number of the line last returned
	eof  bool
}

// next returns the next line, or io.EOF.
func (lr *lineReader) next() ([]byte, error) {
	if lr.eof {
		return nil, io.EOF
	}
	line, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, line...)
		}
		line = lr.long
	}
	if err != nil {
		if err != io.EOF {
			return nil, err
		}
		lr.eof = true
		if len(line) == 0 {
			return nil, io.EOF
		}
	}
	lr.n++
	if lr.n == 1 {
		line = bytes.TrimPrefix(line, bom)
	}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// isBanner reports the three lines mysqld writes at the top of a slow or
// general log when it opens it.
func isBanner(line []byte) bool {
	switch {
	case bytes.HasSuffix(line, []byte("started with:")) && bytes.Contains(line, []byte(", Version: ")):
		return true
	case len(line) > 9 && (bytes.EqualFold(line[:9], []byte("Tcp port:")) || bytes.HasPrefix(line, []byte("TCP Port:"))):
		return true
	case bytes.HasPrefix(line, []byte("Time ")) && bytes.Contains(line, []byte("Id Command")):
		return true
	}
	return false
}

// stmtBuf accumulates the lines of one statement.
type stmtBuf struct {
	buf       []byte
	line, col int // position of buf[0]
}

func (b *stmtBuf) empty() bool { return len(b.buf) == 0 }

// start begins a statement with text at (line, col); leading blanks are
// skipped (and the position moved past them).
func (b *stmtBuf) start(text []byte, line, col int) {
	b.buf = b.buf[:0]
	b.line, b.col = line, col
	b.add(text, line, col)
}

// add appends a line; while the statement is still empty, leading blanks
// are skipped.
func (b *stmtBuf) add(text []byte, line, col int) {
	if len(b.buf) == 0 {
		i := 0
		for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\f' || text[i] == '\v') {
			i++
		}
		if i == len(text) {
			return
		}
		b.line, b.col = line, col
		if i > 0 {
			b.col += runesBefore(string(text), i)
		}
		b.buf = append(b.buf, text[i:]...)
		return
	}
	b.buf = append(b.buf, '\n')
	b.buf = append(b.buf, text...)
}

// take returns the statement text without trailing blanks and delimiters
// and resets the buffer.
func (b *stmtBuf) take() (string, bool) {
	t := b.buf
	for len(t) > 0 {
		c := t[len(t)-1]
		if c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
			t = t[:len(t)-1]
			continue
		}
		break
	}
	b.buf = b.buf[:0]
	if len(t) == 0 {
		return "", false
	}
	return string(t), true
}

// useDB recognises "use db" / "USE `db`;" and returns db.
func useDB(line []byte) (string, bool) {
	t := bytes.TrimSpace(line)
	if len(t) < 5 || !bytes.EqualFold(t[:3], []byte("use")) || (t[3] != ' ' && t[3] != '\t') {
		return "", false
	}
	t = bytes.TrimSpace(t[4:])
	t = bytes.TrimSpace(bytes.TrimRight(t, ";"))
	if len(t) == 0 {
		return "", false
	}
	if t[0] == '`' {
		if len(t) < 2 || t[len(t)-1] != '`' {
			return "", false
		}
		return strings.ReplaceAll(string(t[1:len(t)-1]), "``", "`"), true
	}
	if bytes.ContainsAny(t, " \t'\"`;") {
		return "", false
	}
	return string(t), true
}
