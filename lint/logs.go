package lint

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/mybatis"
	"github.com/collint/collint/lint/querylog"
	"github.com/collint/collint/lint/source"
)

// logFile lints the statements of a query log, streaming. Statements that
// share a key (see logKeys) are analysed once; their findings carry the
// number of occurrences and the position of the first one. Memory grows
// with the number of distinct keys, not with the log.
//
// One goroutine reads and splits the log into batches, every core computes
// the batches' keys, and this goroutine takes the batches in order, so the
// first occurrence of a key is always the first in the file; the
// statements new in a batch are linted on every core.
func (r *runner) logFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
		return
	}
	defer f.Close()
	cr := &countingReader{r: f}
	in, err := querylog.Decompress(cr)
	if err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
		return
	}
	lg := &logLint{r: r, path: path, db: r.effectiveDB(), shapes: map[string]*logEntry{}}
	batches, scanErr := readLog(in, cr)
	for b := range batches {
		<-b.keyed
		for _, e := range b.errs {
			r.errorAt(source.Pos{File: path, Line: e.Line, Col: e.Col}, e.Msg)
		}
		lg.batch(b.items)
		r.advance(b.read-lg.read, len(b.items))
		lg.read = b.read
	}
	if err := <-scanErr; err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
	}
}

// countingReader counts the bytes read from a file (compressed bytes for a
// .gz), for the progress bar.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// logItem is one statement of a log with its keys.
type logItem struct {
	st           querylog.Statement
	shape, exact string
}

// logBatch is a run of consecutive statements; keyed is closed once every
// item has its keys.
type logBatch struct {
	items []logItem
	errs  []*querylog.Error
	read  int64 // bytes of the file read when the batch was cut
	keyed chan struct{}
}

const logBatchSize = 2048

// readLog scans a log on its own goroutine and returns its batches in file
// order; their keys are computed on every core. The scan's error arrives
// on the second channel once the batches are all sent.
func readLog(in io.Reader, cr *countingReader) (<-chan *logBatch, <-chan error) {
	workers := runtime.GOMAXPROCS(0)
	ordered := make(chan *logBatch, workers+1)
	work := make(chan *logBatch, workers+1)
	scanErr := make(chan error, 1)
	for range workers {
		go func() {
			for b := range work {
				for i := range b.items {
					it := &b.items[i]
					it.shape, it.exact = logKeys(it.st.DB, it.st.SQL)
				}
				close(b.keyed)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		b := &logBatch{keyed: make(chan struct{})}
		send := func() {
			b.read = cr.n.Load()
			work <- b
			ordered <- b
			b = &logBatch{items: make([]logItem, 0, logBatchSize), keyed: make(chan struct{})}
		}
		sc := &querylog.Scanner{OnError: func(e *querylog.Error) error {
			b.errs = append(b.errs, e)
			return nil
		}}
		err := sc.Scan(in, func(st querylog.Statement) error {
			b.items = append(b.items, logItem{st: st})
			if len(b.items) == logBatchSize {
				send()
			}
			return nil
		})
		send()
		scanErr <- err
	}()
	return ordered, scanErr
}

// logEntry is one key seen in a log: the findings of its first statement
// (indexes into Report.Findings), and for a value-sensitive shape the
// entries of its exact keys.
type logEntry struct {
	first     *logItem
	findings  []int
	done      bool
	sensitive bool
	exact     map[string]*logEntry
}

// logLint is the de-duplication state of one log file.
type logLint struct {
	r      *runner
	path   string
	db     string // for statements whose database the log does not say
	shapes map[string]*logEntry
	read   int64
}

// batch lints a batch's new keys (on every core) and counts the others, in
// rounds: a statement whose shape is being linted in this round waits for
// the next, when the shape is known to be value-sensitive or not.
func (lg *logLint) batch(items []logItem) {
	pending := make([]*logItem, len(items))
	for i := range items {
		pending[i] = &items[i]
	}
	for len(pending) > 0 {
		var fresh []*logEntry
		var later []*logItem
		for _, it := range pending {
			e, state := lg.place(it)
			switch state {
			case placeNew:
				fresh = append(fresh, e)
			case placeWait:
				later = append(later, it)
			default:
				for _, i := range e.findings {
					lg.r.rep.Findings[i].Occurrences++
				}
			}
		}
		lg.lint(fresh)
		pending = later
	}
}

const (
	placeSeen = iota
	placeNew
	placeWait
)

// place finds or makes the entry of a statement.
func (lg *logLint) place(it *logItem) (*logEntry, int) {
	e := lg.shapes[it.shape]
	if e == nil {
		e = &logEntry{first: it}
		lg.shapes[it.shape] = e
		return e, placeNew
	}
	if !e.done {
		return nil, placeWait
	}
	if !e.sensitive {
		return e, placeSeen
	}
	x := e.exact[it.exact]
	if x == nil {
		x = &logEntry{first: it, sensitive: true}
		e.exact[it.exact] = x
		return x, placeNew
	}
	if !x.done {
		return nil, placeWait
	}
	return x, placeSeen
}

// lint analyses the first statement of new entries on every core and adds
// their findings to the report in file order.
func (lg *logLint) lint(fresh []*logEntry) {
	if len(fresh) == 0 {
		return
	}
	sinks := make([]sink, len(fresh))
	sensitive := make([]bool, len(fresh))
	parallel(len(fresh), func() func(i int) {
		p := parser.New()
		return func(i int) {
			e := fresh[i]
			// an exact entry of a sensitive shape needs no second look
			sensitive[i] = lg.r.logStatement(p, lg.path, e.first.st, lg.db, &sinks[i], !e.sensitive)
		}
	})
	for i, e := range fresh {
		before := len(lg.r.rep.Findings)
		lg.r.merge(&sinks[i])
		for j := before; j < len(lg.r.rep.Findings); j++ {
			lg.r.rep.Findings[j].Occurrences = 1
			e.findings = append(e.findings, j)
		}
		if !e.sensitive && sensitive[i] {
			// the statement stands for its exact key from now on
			e.sensitive = true
			e.exact = map[string]*logEntry{e.first.exact: {findings: e.findings, done: true, sensitive: true}}
		}
		e.done = true
		e.first = nil // the statement is no longer needed
	}
}

// logStatement parses and lints one log statement into s. With check, it
// also reports whether the statement's verdicts may depend on the values
// of its numbers (valueSensitive).
func (r *runner) logStatement(p *parser.Parser, path string, st querylog.Statement, db string, s *sink, check bool) bool {
	at := func(off int) source.Pos {
		l, c := st.Pos(off)
		return source.Pos{File: path, Line: l, Col: c}
	}
	text, intro := introducers(st.SQL, func(name string) bool { _, ok := r.env.Flavor.Charsets.Charset(name); return ok })
	node, err := parseOne(p, text)
	if err != nil {
		s.errorAt(at(errorOffset(text, err)), cleanParseError(err))
		return false
	}
	if node == nil || !plainQuery(text) {
		return false
	}
	if st.DB != "" {
		db = st.DB
	}
	r.query(parsed{Stmt: catalog.Stmt{Node: node, Text: text, At: at, Introducers: intro}}, db, s)
	if !check {
		return false
	}
	res, err := r.env.AnalyzeWith(node, text, db, intro)
	return err == nil && valueSensitive(res)
}

// mapperFile lints every statement variant of a MyBatis mapper.
func (r *runner) mapperFile(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
		return
	}
	stmts, errs := mybatis.Parse(strings.NewReader(string(data)), path)
	for _, e := range errs {
		if me, ok := e.(*mybatis.Error); ok {
			r.errorAt(source.Pos{File: me.File, Line: me.Line, Col: me.Col}, me.Msg)
		} else {
			r.errorAt(source.Pos{File: path}, e.Error())
		}
	}
	p := parser.New()
	seen := map[string]bool{}
	for _, st := range stmts {
		st := st
		at := func(off int) source.Pos {
			pos := st.Pos(off)
			return source.Pos{File: pos.File, Line: pos.Line, Col: pos.Col}
		}
		before := len(r.rep.Findings)
		r.statementFrom(p, st.SQL, at, "")
		// variants share most comparisons: keep each finding once
		kept := r.rep.Findings[:before]
		for _, f := range r.rep.Findings[before:] {
			k := fmt.Sprintf("%s:%d:%d:%s:%s", f.File, f.Line, f.Column, f.Rule, f.Message)
			if !seen[k] {
				seen[k] = true
				kept = append(kept, f)
			}
		}
		r.rep.Findings = kept
	}
	r.advance(int64(len(data)), len(stmts))
}

// statementFrom parses and lints one statement taken from a log or mapper.
func (r *runner) statementFrom(p *parser.Parser, sql string, at func(int) source.Pos, db string) {
	text, intro := introducers(sql, func(name string) bool { _, ok := r.env.Flavor.Charsets.Charset(name); return ok })
	node, err := parseOne(p, text)
	if err != nil {
		r.errorAt(at(errorOffset(text, err)), cleanParseError(err))
		return
	}
	if node == nil || !plainQuery(text) {
		return
	}
	if db == "" {
		db = r.effectiveDB()
	}
	var s sink
	r.query(parsed{Stmt: catalog.Stmt{Node: node, Text: text, At: at, Introducers: intro}}, db, &s)
	r.merge(&s)
}
