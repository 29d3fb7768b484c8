package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/mybatis"
	"github.com/collint/collint/lint/querylog"
	"github.com/collint/collint/lint/source"
)

// queryKind tells how a --queries file is read: SQL script, query log
// (slow, general, JSON lines; .gz too) or MyBatis mapper XML.
func queryKind(path string) string {
	name := strings.ToLower(strings.TrimSuffix(filepath.Base(path), ".gz"))
	switch {
	case strings.HasSuffix(name, ".xml"):
		return "mybatis"
	case strings.HasSuffix(name, ".log"), strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"), strings.Contains(name, "slow"), strings.Contains(name, "general"):
		return "log"
	}
	return "sql"
}

// logFile lints the statements of a query log. Identical statements (same
// digest and literals) are analysed once; their findings carry the number
// of occurrences and the position of the first one. Memory grows with the
// number of distinct statements, not with the log.
func (r *runner) logFile(path string) {
	f, err := querylog.Open(path)
	if err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
		return
	}
	defer f.Close()
	type seen struct{ findings []int } // indexes into r.rep.Findings
	distinct := map[string]*seen{}
	p := parser.New()
	sc := &querylog.Scanner{OnError: func(e *querylog.Error) error {
		r.errorAt(source.Pos{File: path, Line: e.Line, Col: e.Col}, e.Msg)
		return nil
	}}
	err = sc.Scan(f, func(st querylog.Statement) error {
		digest, lits := querylog.Shape(st.SQL)
		key := st.DB + "\x00" + digest + "\x00" + strings.Join(lits, "\x00")
		if d, ok := distinct[key]; ok {
			for _, i := range d.findings {
				r.rep.Findings[i].Occurrences++
			}
			return nil
		}
		d := &seen{}
		distinct[key] = d
		at := func(off int) source.Pos {
			l, c := st.Pos(off)
			return source.Pos{File: path, Line: l, Col: c}
		}
		before := len(r.rep.Findings)
		r.statementFrom(p, st.SQL, at, st.DB)
		for i := before; i < len(r.rep.Findings); i++ {
			r.rep.Findings[i].Occurrences = 1
			d.findings = append(d.findings, i)
		}
		return nil
	})
	if err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
	}
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
