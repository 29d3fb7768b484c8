package lint

import (
	"fmt"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/typing"
)

// Session is an in-memory schema plus a typing environment, for callers
// that feed SQL text directly (the differential suite, verify).
type Session struct {
	r *runner
}

// NewSession starts an empty schema for the flavor and connection collation.
func NewSession(flavorName, connCollation string) (*Session, error) {
	charset.RegisterWithParser()
	f, err := flavor.Lookup(flavorName)
	if err != nil {
		return nil, err
	}
	cat := catalog.New(f)
	env, err := typing.NewEnv(f, cat, connCollation)
	if err != nil {
		return nil, err
	}
	return &Session{r: &runner{env: env, cat: cat, rep: &Report{}}}, nil
}

// Env returns the typing environment.
func (s *Session) Env() *typing.Env { return s.r.env }

// Catalog returns the schema built so far.
func (s *Session) Catalog() *catalog.Catalog { return s.r.cat }

// Apply runs schema SQL (several statements) against the catalog.
func (s *Session) Apply(name, sql string) []Error {
	stmts, errs := parseFile(name, []byte(sql), s.r.env.Flavor)
	var out []Error
	for _, e := range errs {
		out = append(out, Error{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Msg})
	}
	for _, st := range stmts {
		for _, e := range s.r.cat.Apply(st.Stmt, s.r.viewColumns) {
			out = append(out, Error{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Msg})
		}
	}
	return out
}

// Analyze types one query statement in the current database.
func (s *Session) Analyze(sql string) (*typing.Result, error) {
	stmts, errs := parseFile("query", []byte(sql), s.r.env.Flavor)
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", errs[0].Error())
	}
	if len(stmts) != 1 {
		return nil, fmt.Errorf("want one statement, got %d", len(stmts))
	}
	return s.r.env.AnalyzeWith(stmts[0].Node, stmts[0].Text, s.r.cat.Current, stmts[0].Introducers)
}

// Lint runs every query rule over sql (several statements) against the
// session's schema and returns the findings and errors, as lint.Run would
// for a file called name.
func (s *Session) Lint(name string, sql []byte) *Report {
	s.r.rep = &Report{Findings: []Finding{}, Errors: []Error{}, Catalog: s.r.cat, Env: s.r.env}
	s.r.queryDB = s.r.cat.Current
	s.r.source(name, sql, false)
	s.r.sort()
	return s.r.rep
}
