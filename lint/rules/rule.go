// Package rules holds collint's checks. A rule is a value — ID, name,
// default severity, one-line summary, documentation with a failing and a
// fixed example — registered in one list (All). Query rules read the
// verdicts typing computed for each comparison; schema rules read the
// catalog.
package rules

import (
	"sort"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/source"
	"github.com/collint/collint/lint/typing"
)

// Severity orders findings for --fail-on.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank is larger for more severe findings.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Impact says what happens on the server.
type Impact string

// Impacts.
const (
	QueryError    Impact = "query-error"
	IndexUnusable Impact = "index-unusable"
	ResultHazard  Impact = "result-hazard"
	Schema        Impact = "schema"
)

// Rule is one check.
type Rule struct {
	ID       string
	Name     string
	Severity Severity
	Impact   Impact
	Summary  string
	Doc      string
	Failing  string // an example that triggers the rule
	Fixed    string // the same example fixed
	// Query is called for each analysed statement; Schema once per catalog.
	Query  func(p *QueryPass)
	Schema func(p *SchemaPass)
}

// Finding is one reported problem.
type Finding struct {
	Rule          *Rule
	Severity      Severity
	ServerError   int
	Pos           source.Pos
	Message       string
	Hint          string
	Columns       []string
	IndexUnusable []string
	// Compared is the comparison the finding is about (nil for schema
	// findings and problems that are not a comparison).
	Compared *Compared
}

// QueryPass is what a query rule sees: one statement's typing result.
// Report fills in the rule and its severity.
type QueryPass struct {
	Env    *typing.Env
	Result *typing.Result
	At     func(off int) source.Pos
	Report func(Finding)
}

// SchemaPass is what a schema rule sees.
type SchemaPass struct {
	Env     *typing.Env
	Catalog *catalog.Catalog
	Report  func(Finding)
}

var registry, sorted []*Rule

func register(r *Rule) *Rule {
	registry = append(registry, r)
	sorted = append([]*Rule(nil), registry...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	return r
}

// All returns every rule sorted by ID. The slice is shared: do not modify it.
func All() []*Rule { return sorted }

// Lookup finds a rule by ID or name.
func Lookup(key string) *Rule {
	for _, r := range registry {
		if r.ID == key || r.Name == key {
			return r
		}
	}
	return nil
}
