// Package audit turns one lint run — a schema plus the statements a server
// actually ran — into a pre-deploy audit report: the server's settings,
// summary counts, every finding with its evidence (statement text or
// performance_schema digest with its occurrences, the columns with their
// charset and collation, the server error it raises or the index it loses)
// and the migration that ends it, and a picture of the schema's collation
// islands. Markdown and self-contained HTML are two renderings of the one
// model built here; the same input always gives byte-identical output.
package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/rules"
	"github.com/collint/collint/migrate/plan"
)

// Server describes the audited server (a copy of what lint/live reads, so
// that reports can be built and tested without one).
type Server struct {
	DSN     string // redacted: never holds a password
	Version string
	Flavor  string
	// CharacterSetServer, CollationServer and DefaultCollationForUTF8MB4
	// are the defaults of CREATE DATABASE/TABLE without a charset.
	CharacterSetServer, CollationServer, DefaultCollationForUTF8MB4 string
	// CollationConnection is what a default client connection gets.
	CollationConnection string
	// PerformanceSchema is false when the server runs without it: then the
	// statements part of the audit is missing.
	PerformanceSchema bool
	// Digests counts the digest rows read from
	// events_statements_summary_by_digest.
	Digests int
}

// Statement is the text a finding was found in: a statement of a file or
// in-memory source, or a performance_schema digest.
type Statement struct {
	Source             string // the file or pseudo-file findings name
	StartLine, EndLine int
	Text               string
	// Digest fields (Digest is "" for statements read from files).
	Digest                         string
	Schema                         string
	Count, Errors, Warnings, NoIdx int64
	FirstSeen, LastSeen            time.Time
	Sample                         string
}

// Input is what a report is built from.
type Input struct {
	// Title names what was audited: the redacted DSN, or the files.
	Title string
	// Server is nil when the input was files, not a server.
	Server *Server
	Report *lint.Report
	// Plan holds the migrations for Report (plan.Build); nil for none.
	Plan *plan.Plan
	// Statements give findings their evidence text (see FromSources).
	Statements []Statement
	// Notes are what the reader could not read or model exactly (a view
	// it may not see, performance_schema off…).
	Notes []string
}

// Audit is the report model the renderers read.
type Audit struct {
	Title      string
	Server     *Server
	Flavor     string
	Connection string // the connection collation the statements were typed with
	Summary    Summary
	Items      []*Item
	Migrations []*Migration
	Skipped    []string // plan entries no schema change can end
	Islands    *Islands
	Errors     []lint.Error
	Notes      []string
}

// Summary counts findings.
type Summary struct {
	Findings   int
	ByRule     []Count // sorted by rule ID
	BySeverity []Count // error, warning, info
	Schema     int     // found in the schema alone
	Statements int     // found in statements (files or digests)
	FromDigest int     // of Statements: found in performance_schema digests
	Errors     int     // input errors
	Analysed   int     // statements analysed
}

// Count is one row of a summary table.
type Count struct {
	Key, Name string
	N         int
}

// Item is one finding with its evidence and fix.
type Item struct {
	ID        string // "F1", "F2"…: anchor and reference
	Finding   lint.Finding
	Key       string // "file:line:col RULE", as plan.Change.Findings names it
	Origin    string // "schema" or "statements"
	Statement *Statement
	Columns   []ColumnInfo
	Fixes     []Fix  // the migrations that end it (one per table changed)
	Skipped   string // why no schema change ends it, when the planner said
	// QueryFixes are the rewrites of the statement that end it without a
	// schema change (plan.Plan.QueryFixes of this finding).
	QueryFixes []plan.QueryFix
}

// Fix is one migration's part in ending a finding.
type Fix struct {
	Migration *Migration
	Changes   []*plan.Change // the column changes that end the finding
}

// ColumnInfo is one column a finding names, as the catalog knows it.
type ColumnInfo struct {
	Name      string // db.table.column
	Type      string
	Charset   string
	Collation string
	Source    string // where the collation came from (column, table, database, server)
	Indexes   []string
	IndexLost bool // the finding says this column's index cannot serve the comparison
	Known     bool // false: not in the catalog (the finding's text still names it)
}

// Migration is a planned migration with its place in the report.
type Migration struct {
	ID    string // "M1", "M2"…
	Plan  *plan.Migration
	Items []string // IDs of the items it ends
}

// severityOrder lists severities from the most severe.
var severityOrder = []string{"error", "warning", "info"}

// Build assembles the report model.
func Build(in Input) *Audit {
	rep := in.Report
	a := &Audit{Title: in.Title, Server: in.Server, Errors: rep.Errors, Notes: in.Notes}
	if rep.Env != nil {
		a.Flavor = rep.Env.Flavor.Name
		a.Connection = rep.Env.ConnCollation
	}
	findings := slices.Clone(rep.Findings)
	slices.SortStableFunc(findings, func(x, y lint.Finding) int {
		return cmp.Compare(sevRank(x.Severity), sevRank(y.Severity))
	})
	migs := map[*plan.Migration]*Migration{}
	if in.Plan != nil {
		for i, m := range in.Plan.Migrations {
			mm := &Migration{ID: fmt.Sprintf("M%d", i+1), Plan: m}
			migs[m] = mm
			a.Migrations = append(a.Migrations, mm)
		}
		a.Skipped = in.Plan.Skipped
	}
	for i, f := range findings {
		it := &Item{ID: fmt.Sprintf("F%d", i+1), Finding: f, Key: fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Rule), Origin: origin(f)}
		it.Statement = statementFor(in.Statements, f)
		it.Columns = columnInfos(rep.Catalog, f)
		if in.Plan != nil {
			for _, m := range in.Plan.Migrations {
				var fix *Fix
				for _, ch := range m.Changes {
					if slices.Contains(ch.Findings, it.Key) {
						if fix == nil {
							it.Fixes = append(it.Fixes, Fix{Migration: migs[m]})
							fix = &it.Fixes[len(it.Fixes)-1]
							migs[m].Items = append(migs[m].Items, it.ID)
						}
						fix.Changes = append(fix.Changes, ch)
					}
				}
			}
			for _, q := range in.Plan.QueryFixes {
				if q.Finding == it.Key {
					it.QueryFixes = append(it.QueryFixes, q)
				}
			}
			for _, s := range in.Plan.Skipped {
				if strings.HasPrefix(s, it.Key+": ") {
					it.Skipped = strings.TrimPrefix(s, it.Key+": ")
					break
				}
			}
		}
		a.Items = append(a.Items, it)
	}
	a.Summary = summarize(a.Items, rep)
	a.Islands = BuildIslands(rep.Catalog, rep.Findings, a.Connection)
	return a
}

func sevRank(s string) int {
	if i := slices.Index(severityOrder, s); i >= 0 {
		return i
	}
	return len(severityOrder)
}

// origin says whether a finding comes from the schema alone or from a
// statement: schema rules report impact "schema".
func origin(f lint.Finding) string {
	if f.Impact == string(rules.Schema) {
		return "schema"
	}
	return "statements"
}

func summarize(items []*Item, rep *lint.Report) Summary {
	s := Summary{Findings: len(items), Errors: len(rep.Errors), Analysed: rep.Statements}
	byRule := map[string]*Count{}
	bySev := map[string]int{}
	for _, it := range items {
		f := it.Finding
		c := byRule[f.Rule]
		if c == nil {
			c = &Count{Key: f.Rule, Name: f.Name}
			byRule[f.Rule] = c
		}
		c.N++
		bySev[f.Severity]++
		if it.Origin == "schema" {
			s.Schema++
		} else {
			s.Statements++
			if it.Statement != nil && it.Statement.Digest != "" {
				s.FromDigest++
			}
		}
	}
	for _, c := range byRule {
		s.ByRule = append(s.ByRule, *c)
	}
	slices.SortFunc(s.ByRule, func(x, y Count) int { return cmp.Compare(x.Key, y.Key) })
	for _, sev := range severityOrder {
		s.BySeverity = append(s.BySeverity, Count{Key: sev, N: bySev[sev]})
	}
	return s
}

// statementFor finds the statement a finding points into.
func statementFor(stmts []Statement, f lint.Finding) *Statement {
	for i := range stmts {
		s := &stmts[i]
		if s.Source == f.File && s.StartLine <= f.Line && f.Line <= s.EndLine {
			return s
		}
	}
	return nil
}

// columnInfos looks the finding's columns up in the catalog.
func columnInfos(cat *catalog.Catalog, f lint.Finding) []ColumnInfo {
	var out []ColumnInfo
	for _, name := range f.Columns {
		ci := ColumnInfo{Name: name, IndexLost: slices.Contains(f.IndexUnusable, name)}
		if t, c := lookupColumn(cat, name); c != nil {
			ci.Known = true
			ci.Type = c.Type.SpellFor(cat.Flavor)
			ci.Charset, ci.Collation, ci.Source = c.Charset, c.Collation, c.CollationSource
			for _, ix := range t.IndexesOn(c.Name) {
				ci.Indexes = append(ci.Indexes, indexName(ix))
			}
		}
		out = append(out, ci)
	}
	return out
}

func indexName(ix *catalog.Index) string {
	if ix.Primary {
		return "PRIMARY"
	}
	return ix.Name
}

// lookupColumn resolves "db.table.column".
func lookupColumn(cat *catalog.Catalog, name string) (*catalog.Table, *catalog.Column) {
	if cat == nil {
		return nil, nil
	}
	parts := strings.SplitN(name, ".", 3)
	if len(parts) != 3 {
		return nil, nil
	}
	t := cat.Table(parts[0], parts[1])
	if t == nil {
		return nil, nil
	}
	c := t.Column(parts[2])
	if c == nil {
		return nil, nil
	}
	return t, c
}
