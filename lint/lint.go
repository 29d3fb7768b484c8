// Package lint wires collint's stages together: read the schema and query
// files, build the catalog, type every statement, run the rules, and hand
// back findings and positioned errors. Each stage lives in its own
// package; this one only orders them.
package lint

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"os"
	"sort"
	"strings"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/rules"
	"github.com/collint/collint/lint/source"
	"github.com/collint/collint/lint/typing"
)

// Config is one lint run.
type Config struct {
	Schemas       []string // files or directories, applied in order
	Queries       []string
	Flavor        string // default flavor.Default
	ConnCollation string // default: the flavor's server collation
	DefaultDB     string // database for statements before any USE
	// Disabled rules (by ID or name) are not run.
	Disabled map[string]bool
	// Severity overrides a rule's default severity.
	Severity map[string]rules.Severity
	// Progress, when set, is told how far the run has got (progress.go).
	Progress Progress
	// Keep, when set, filters the files found in Schemas and Queries
	// (include/exclude patterns of .collint.yaml).
	Keep func(path string) bool
	// In-memory inputs (see sources.go): schema applied before Schemas,
	// queries linted before Queries; ServerCharset/ServerCollation replace
	// the flavor's stock character_set_server/collation_server.
	SchemaSources, QuerySources    []Source
	ServerCharset, ServerCollation string
}

// ImplicitDatabase holds the tables of schema statements that run before
// any USE when --default-database is not given.
const ImplicitDatabase = "db"

// Finding is one reported problem, ready for a reporter.
type Finding struct {
	Rule          string   `json:"rule"`
	Name          string   `json:"name"`
	Severity      string   `json:"severity"`
	Impact        string   `json:"impact"`
	ServerError   int      `json:"server_error,omitempty"`
	File          string   `json:"file"`
	Line          int      `json:"line"`
	Column        int      `json:"column"`
	Message       string   `json:"message"`
	Hint          string   `json:"hint,omitempty"`
	Columns       []string `json:"columns"`
	IndexUnusable []string `json:"index_unusable"`
	// Occurrences counts identical statements in a query log that share
	// this finding (0 outside logs).
	Occurrences int `json:"occurrences,omitempty"`
	// Compared is the comparison the finding is about, operands typed (for
	// the migration planner's query rewrites; nil when it is not one, or
	// when the finding was read back from JSON).
	Compared *rules.Compared `json:"-"`
}

// Error is a positioned input problem; the run continues after it.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Report is the result of a run.
type Report struct {
	Findings []Finding `json:"findings"`
	Errors   []Error   `json:"errors"`
	// Statements counts the query statements analysed.
	Statements int              `json:"-"`
	Catalog    *catalog.Catalog `json:"-"`
	Env        *typing.Env      `json:"-"`
}

// Run lints. It returns an error only for unusable configuration (unknown
// flavor or collation, unreadable paths); problems in the SQL itself are
// Report.Errors.
func Run(cfg Config) (*Report, error) {
	charset.RegisterWithParser()
	if cfg.Flavor == "" {
		cfg.Flavor = flavor.Default
	}
	f, err := flavor.Lookup(cfg.Flavor)
	if err != nil {
		return nil, err
	}
	cat := catalog.New(f)
	env, err := typing.NewEnv(f, cat, cfg.ConnCollation)
	if err != nil {
		return nil, err
	}
	if cfg.DefaultDB != "" {
		cat.EnsureDatabase(cfg.DefaultDB)
		cat.Current = cfg.DefaultDB
	}
	// Schemas without CREATE DATABASE/USE (most ORMs' and migration tools')
	// go to an implicit database.
	cat.Implicit = ImplicitDatabase
	r := &runner{cfg: cfg, env: env, cat: cat, rep: &Report{Findings: []Finding{}, Errors: []Error{}, Catalog: cat, Env: env}}
	if err := r.addSources(); err != nil {
		return nil, err
	}
	schemaFiles, err := inputs.Expand(cfg.Schemas, inputs.Schema)
	if err != nil {
		return nil, err
	}
	queryFiles, err := inputs.Expand(cfg.Queries, inputs.Queries)
	if err != nil {
		return nil, err
	}
	if cfg.Keep != nil {
		schemaFiles, queryFiles = slices.DeleteFunc(schemaFiles, func(p string) bool { return !cfg.Keep(p) }), slices.DeleteFunc(queryFiles, func(p string) bool { return !cfg.Keep(p) })
	}
	r.startProgress(schemaFiles, queryFiles)
	defer r.doneProgress()
	for _, path := range schemaFiles {
		r.file(path, true)
	}
	r.schemaRules()
	// Queries run in --default-database, else the database the schema
	// ended in (its last USE), else the schema's only database.
	r.queryDB = cfg.DefaultDB
	if r.queryDB == "" {
		r.queryDB = cat.Current
	}
	if dbs := cat.Databases(); r.queryDB == "" && len(dbs) == 1 {
		r.queryDB = dbs[0].Name
	}
	if r.queryDB == "" && cat.Database(ImplicitDatabase) != nil {
		r.queryDB = ImplicitDatabase
	}
	for _, path := range queryFiles {
		r.cat.Current = r.queryDB
		switch inputs.QueryKind(path) {
		case "log":
			r.logFile(path)
		case "mybatis":
			r.mapperFile(path)
		default:
			r.file(path, false)
		}
	}
	r.sort()
	return r.rep, nil
}

type runner struct {
	cfg     Config
	queryDB string
	env     *typing.Env
	cat     *catalog.Catalog
	rep     *Report
}

func (r *runner) errorAt(p source.Pos, msg string) {
	r.rep.Errors = append(r.rep.Errors, Error{File: p.File, Line: p.Line, Column: p.Col, Message: msg})
}

func (r *runner) file(path string, schema bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		r.errorAt(source.Pos{File: path}, err.Error())
		return
	}
	before := r.rep.Statements
	r.source(path, data, schema)
	r.advance(int64(len(data)), r.rep.Statements-before)
}

// source lints one file's contents, as schema or as queries.
func (r *runner) source(path string, data []byte, schema bool) {
	if inputs.IsGoose(data) {
		data = inputs.GooseUp(data)
	}
	if !schema {
		// each query file starts from the default database
		r.cat.Current = r.queryDB
	}
	var direct func(string) bool
	var mu sync.Mutex
	db := r.effectiveDB()
	then := func(p parsed) {
		var s sink
		r.query(p, db, &s)
		mu.Lock()
		r.merge(&s)
		mu.Unlock()
	}
	if !schema {
		direct = plainQuery
	}
	stmts, errs := parseFileWith(path, data, r.env.Flavor, direct, then)
	for _, e := range errs {
		r.errorAt(e.Pos, e.Msg)
	}
	var batch []parsed
	flush := func() {
		r.queries(batch)
		batch = batch[:0]
	}
	for _, st := range stmts {
		if schema {
			for _, e := range r.cat.Apply(st.Stmt, r.viewColumns) {
				r.errorAt(e.Pos, e.Msg)
			}
			if isView(st) {
				r.queries([]parsed{st})
			}
			continue
		}
		// SET, USE and DDL change what later statements mean: the queries
		// before them are analysed first.
		if set, ok := st.Node.(*ast.SetStmt); ok {
			flush()
			r.env.AssignUserVars(set, st.Text, r.cat.Current)
			continue
		}
		if isDDL(st) {
			flush()
			for _, e := range r.cat.Apply(st.Stmt, r.viewColumns) {
				r.errorAt(e.Pos, e.Msg)
			}
			continue
		}
		batch = append(batch, st)
	}
	flush()
}

// sink collects one worker's findings and errors.
type sink struct {
	findings   []Finding
	errors     []Error
	statements int
}

// queries analyses statements that do not change the schema or the session
// on every core, then merges what they found (Run sorts it by position).
func (r *runner) queries(stmts []parsed) {
	if len(stmts) == 0 {
		return
	}
	db := r.effectiveDB()
	var mu sync.Mutex
	parallel(len(stmts), func() func(i int) {
		return func(i int) {
			var s sink
			r.query(stmts[i], db, &s)
			mu.Lock()
			r.merge(&s)
			mu.Unlock()
		}
	})
}

// merge adds a sink's results to the report.
func (r *runner) merge(s *sink) {
	r.rep.Findings = append(r.rep.Findings, s.findings...)
	r.rep.Errors = append(r.rep.Errors, s.errors...)
	r.rep.Statements += s.statements
}

// effectiveDB is the database unqualified names resolve in.
func (r *runner) effectiveDB() string {
	if r.cat.Current != "" {
		return r.cat.Current
	}
	return r.cat.Implicit
}

func (r *runner) query(st parsed, db string, s *sink) {
	res, err := r.env.AnalyzeWith(st.Node, st.Text, db, st.Introducers)
	if err != nil {
		s.errorAt(st.At(0), err.Error())
		return
	}
	s.statements++
	for _, u := range res.Unresolved {
		off := u.Off
		if off < 0 {
			off = 0
		}
		s.errorAt(st.At(off), fmt.Sprintf("unknown column or table %s: comparisons using it were not checked", u.Name))
	}
	for _, rule := range rules.All() {
		if rule.Query == nil || r.disabled(rule) {
			continue
		}
		r.safely(st.At(0), rule, s, func() {
			rule.Query(&rules.QueryPass{Env: r.env, Result: res, At: st.At, Report: r.reporter(rule, s)})
		})
	}
	if len(st.ignore) > 0 {
		kept := s.findings[:0]
		for i := range s.findings {
			if !suppressed(&s.findings[i], st.ignore) {
				kept = append(kept, s.findings[i])
			}
		}
		s.findings = kept
	}
}

func (s *sink) errorAt(p source.Pos, msg string) {
	s.errors = append(s.errors, Error{File: p.File, Line: p.Line, Column: p.Col, Message: msg})
}

// safely runs a rule; a panic becomes an input error at the statement
// instead of ending the run.
func (r *runner) safely(at source.Pos, rule *rules.Rule, s *sink, fn func()) {
	defer func() {
		if p := recover(); p != nil {
			s.errorAt(at, fmt.Sprintf("internal error in rule %s: %v", rule.ID, p))
		}
	}()
	fn()
}

func (r *runner) schemaRules() {
	var s sink
	for _, rule := range rules.All() {
		if rule.Schema == nil || r.disabled(rule) {
			continue
		}
		rule.Schema(&rules.SchemaPass{Env: r.env, Catalog: r.cat, Report: r.reporter(rule, &s)})
	}
	r.rep.Findings = append(r.rep.Findings, s.findings...)
}

func (r *runner) disabled(rule *rules.Rule) bool {
	return r.cfg.Disabled[rule.ID] || r.cfg.Disabled[rule.Name]
}

func (r *runner) reporter(rule *rules.Rule, s *sink) func(rules.Finding) {
	return func(f rules.Finding) {
		sev := rule.Severity
		if s, ok := r.cfg.Severity[rule.ID]; ok {
			sev = s
		}
		out := Finding{
			Rule: rule.ID, Name: rule.Name, Severity: string(sev), Impact: string(rule.Impact), ServerError: f.ServerError,
			File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col, Message: f.Message, Hint: f.Hint,
			Columns: f.Columns, IndexUnusable: f.IndexUnusable, Compared: f.Compared,
		}
		if out.Columns == nil {
			out.Columns = []string{}
		}
		if out.IndexUnusable == nil {
			out.IndexUnusable = []string{}
		}
		s.findings = append(s.findings, out)
	}
}

func (r *runner) sort() {
	sort.SliceStable(r.rep.Findings, func(i, j int) bool {
		a, b := r.rep.Findings[i], r.rep.Findings[j]
		return cmp.Or(cmpPos(a.File, a.Line, a.Column, b.File, b.Line, b.Column), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message)) < 0
	})
	sort.SliceStable(r.rep.Errors, func(i, j int) bool {
		a, b := r.rep.Errors[i], r.rep.Errors[j]
		return cmp.Or(cmpPos(a.File, a.Line, a.Column, b.File, b.Line, b.Column), cmp.Compare(a.Message, b.Message)) < 0
	})
}

// cmpPos orders positions by file, line, column.
func cmpPos(af string, al, ac int, bf string, bl, bc int) int {
	return cmp.Or(cmp.Compare(af, bf), cmp.Compare(al, bl), cmp.Compare(ac, bc))
}

// Fails reports whether any finding reaches the given severity.
func (rep *Report) Fails(failOn rules.Severity) bool {
	for _, f := range rep.Findings {
		if rules.Severity(f.Severity).Rank() >= failOn.Rank() {
			return true
		}
	}
	return false
}

func isView(st parsed) bool {
	return strings.HasPrefix(fmt.Sprintf("%T", st.Node), "*ast.CreateView")
}
