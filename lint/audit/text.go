package audit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/collint/collint/migrate/plan"
)

// Sentences shared by the Markdown and HTML renderings, so that both say
// the same thing.

// ServerRows lists the server's settings as (name, value) pairs.
func (a *Audit) ServerRows() [][2]string {
	s := a.Server
	if s == nil {
		return [][2]string{
			{"input", "files (no server was read)"},
			{"flavor", a.Flavor},
			{"connection collation", a.Connection},
		}
	}
	ps := "OFF: the statements part of this audit is missing"
	if s.PerformanceSchema {
		ps = fmt.Sprintf("ON (%d statement digest(s) read)", s.Digests)
	}
	return [][2]string{
		{"server", s.DSN},
		{"version", s.Version},
		{"flavor", s.Flavor},
		{"character_set_server", s.CharacterSetServer},
		{"collation_server", s.CollationServer},
		{"default_collation_for_utf8mb4", orNone(s.DefaultCollationForUTF8MB4)},
		{"connection collation (a default client)", s.CollationConnection},
		{"connection collation (statements typed with)", a.Connection},
		{"performance_schema", ps},
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none on this server)"
	}
	return s
}

// psOffHelp says how to get the statements part when performance_schema
// is off.
const psOffHelp = "performance_schema is OFF on this server, so the statements it ran " +
	"(events_statements_summary_by_digest) could not be read: only the schema was audited. " +
	"To enable it, set performance_schema=ON under [mysqld] in the server's option file and " +
	"restart it (the variable cannot be changed at runtime; MariaDB ships with it OFF), let the " +
	"application run its usual workload, then run collint audit again."

// noDigestsHelp is said when performance_schema is on but holds nothing.
const noDigestsHelp = "performance_schema is ON but events_statements_summary_by_digest holds no " +
	"statement of the audited databases: run the application's workload (or wait for it) before " +
	"auditing, and check that the statements_digest consumer is enabled " +
	"(performance_schema.setup_consumers)."

// Location is where the finding points: "file:line:col".
func (it *Item) Location() string {
	return it.Finding.File + ":" + strconv.Itoa(it.Finding.Line) + ":" + strconv.Itoa(it.Finding.Column)
}

// Title is the item's one-line heading.
func (it *Item) Title() string {
	return fmt.Sprintf("%s %s %s %s", it.ID, it.Finding.Severity, it.Finding.Rule, it.Finding.Name)
}

// Occurrences says how often the statement ran, or "".
func (it *Item) Occurrences() string {
	s := it.Statement
	if s != nil && s.Digest != "" {
		out := fmt.Sprintf("ran %d time(s) (performance_schema digest %s, schema %s", s.Count, s.Digest, orDash(s.Schema))
		if s.Errors > 0 {
			out += fmt.Sprintf(", %d with an error", s.Errors)
		}
		if s.Warnings > 0 {
			out += fmt.Sprintf(", %d warning(s)", s.Warnings)
		}
		if s.NoIdx > 0 {
			out += fmt.Sprintf(", %d without an index", s.NoIdx)
		}
		if !s.FirstSeen.IsZero() {
			out += ", first seen " + s.FirstSeen.UTC().Format("2006-01-02 15:04:05") + " UTC"
		}
		if !s.LastSeen.IsZero() {
			out += ", last seen " + s.LastSeen.UTC().Format("2006-01-02 15:04:05") + " UTC"
		}
		return out + ")"
	}
	if it.Finding.Occurrences > 1 {
		return fmt.Sprintf("seen %d times", it.Finding.Occurrences)
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Consequence says what the finding costs on the server: the error it
// raises or the indexes it loses.
func (it *Item) Consequence() string {
	f := it.Finding
	var parts []string
	if f.ServerError != 0 {
		parts = append(parts, fmt.Sprintf("the server rejects the statement with error %d", f.ServerError))
	}
	if len(f.IndexUnusable) > 0 {
		parts = append(parts, "the index on "+strings.Join(f.IndexUnusable, ", ")+" cannot serve the comparison")
	}
	switch {
	case len(parts) > 0:
		return strings.Join(parts, "; ")
	case f.Impact == "result-hazard":
		return "the statement runs, and can return rows it should not (or miss rows)"
	case f.Impact == "schema":
		return "a schema property: statements that compare these columns with others inherit it"
	}
	return ""
}

// IndexNote describes a column's indexes for the evidence table.
func (c ColumnInfo) IndexNote() string {
	s := strings.Join(c.Indexes, ", ")
	if c.IndexLost {
		if s == "" {
			s = "its index"
		}
		s += " (lost by this comparison)"
	}
	if s == "" {
		return "-"
	}
	return s
}

// Collated is "charset / collation (source)" or "-" for a column without
// a character set.
func (c ColumnInfo) Collated() string {
	if !c.Known {
		return "(not in the schema)"
	}
	if c.Collation == "" {
		return "-"
	}
	s := c.Charset + " / " + c.Collation
	if c.Source != "" {
		s += " (" + c.Source + ")"
	}
	return s
}

// TypeOrDash is the column's type, or "-" when unknown.
func (c ColumnInfo) TypeOrDash() string { return orDash(c.Type) }

// Sentence describes one side of an edge.
func (e EdgeEnd) Sentence(label string) string {
	s := fmt.Sprintf("%s.%s (%s", label, e.Column, e.Type)
	if e.String || e.Collation == "binary" {
		return s + ", " + e.Collation + ")"
	}
	return s + ", in island " + e.Collation + ")"
}

// Sentence describes an edge.
func (e *Edge) Sentence() string {
	s := e.A.Sentence(e.A.Table.Label) + " = " + e.B.Sentence(e.B.Table.Label) + ": " + strings.Join(e.Kinds, " and ")
	if len(e.Findings) > 0 {
		s += " (" + strings.Join(e.Findings, "; ") + ")"
	}
	return s
}

// Ends lists what a migration ends, for headings.
func (m *Migration) Ends() string { return strings.Join(m.Items, ", ") }

// NoFix says why the finding has no migration.
func (it *Item) NoFix() string {
	switch {
	case it.Skipped != "":
		return "No schema change ends it: " + it.Skipped
	case it.Finding.Hint != "":
		return "No migration is generated for this finding; the hint says what to change."
	}
	return "No migration is generated for this finding."
}

// AlternativeTitle introduces a migration's alternative: the
// generated-column migration offered beside a conversion, or, when the
// pre-checks chose the generated column, the conversion to run once the
// offending rows are fixed.
func AlternativeTitle(m *plan.Migration) string {
	if m.Chosen != "" {
		return "Alternative: the conversion, once the offending rows are fixed"
	}
	return "Alternative, when some values do not convert: a generated column"
}

// ChangeLine is one column change of a migration: "old → new", or "add
// new" for a generated column.
func ChangeLine(m *plan.Migration, ch *plan.Change) string {
	if ch.Kind == "generated" {
		return "add " + plan.ColumnDef(m.Table, ch.To, false)
	}
	return plan.ColumnDef(ch.Table, ch.From, false) + " → " + plan.ColumnDef(ch.Table, ch.To, false)
}

// OffendingRow is one row a pre-check found, its values separated by " | ".
func OffendingRow(r []string) string { return strings.Join(r, " | ") }
