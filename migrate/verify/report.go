package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Report is every verdict: one Run per image (in --image order) or for
// the DSN.
type Report struct {
	Runs   []*ServerRun `json:"runs"`
	Pass   bool         `json:"pass"`
	Millis int64        `json:"ms"`
}

// ServerRun is the verification on one server.
type ServerRun struct {
	Target        string             `json:"target"` // image, or "dsn"
	Server        string             `json:"server"` // VERSION()
	Flavor        string             `json:"flavor"`
	ConnCollation string             `json:"connection_collation"`
	Steps         []*Step            `json:"steps"` // start, load, queries
	Migrations    []*MigrationResult `json:"migrations"`
	Error         string             `json:"error,omitempty"`
	Pass          bool               `json:"pass"`
}

// MigrationResult is one migration's verdict on one server.
type MigrationResult struct {
	Name  string  `json:"name"`
	Steps []*Step `json:"steps"` // pre-checks, up, queries after up, data, down
	Pass  bool    `json:"pass"`
}

// Step is one timed step with what it saw. Evidence lines back a failure
// (rows, EXPLAIN lines, table definitions); Notes say what passed.
type Step struct {
	Name     string   `json:"name"`
	Millis   int64    `json:"ms"`
	Pass     bool     `json:"pass"`
	Failures []string `json:"failures,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Notes    []string `json:"notes,omitempty"`
}

func (s *Step) fail(format string, args ...any) {
	s.Pass = false
	s.Failures = append(s.Failures, fmt.Sprintf(format, args...))
}

func (s *Step) evidence(format string, args ...any) {
	s.Evidence = append(s.Evidence, fmt.Sprintf(format, args...))
}

func (s *Step) note(format string, args ...any) {
	s.Notes = append(s.Notes, fmt.Sprintf(format, args...))
}

// Formats lists the report formats.
var Formats = []string{"text", "json", "markdown"}

// Write renders the report.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "markdown":
		return r.markdown(w)
	case "text", "":
		return r.text(w)
	}
	return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

func verdict(pass bool) string {
	if pass {
		return "PASS"
	}
	return "FAIL"
}

func (r *Report) text(w io.Writer) error {
	for _, run := range r.Runs {
		if run.Server == "" { // the server never answered
			fmt.Fprintf(w, "%s %s\n", verdict(run.Pass), run.Target)
		} else {
			fmt.Fprintf(w, "%s %s (server %s, flavor %s, connection collation %s)\n", verdict(run.Pass), run.Target, run.Server, run.Flavor, run.ConnCollation)
		}
		if run.Error != "" {
			fmt.Fprintf(w, "  error: %s\n", run.Error)
		}
		n := 0
		for _, s := range run.Steps {
			n++
			textStep(w, "  ", n, s)
		}
		for _, m := range run.Migrations {
			fmt.Fprintf(w, "  %s migration %s\n", verdict(m.Pass), m.Name)
			for i, s := range m.Steps {
				textStep(w, "    ", n+i+1, s)
			}
		}
	}
	fmt.Fprintf(w, "%s: %d server(s) in %d ms\n", verdict(r.Pass), len(r.Runs), r.Millis)
	return nil
}

func textStep(w io.Writer, indent string, n int, s *Step) {
	fmt.Fprintf(w, "%s%d. %-16s %s %6d ms\n", indent, n, s.Name, strings.ToLower(verdict(s.Pass)), s.Millis)
	for _, f := range s.Failures {
		fmt.Fprintf(w, "%s   FAIL %s\n", indent, indentLines(f, indent+"        "))
	}
	for _, e := range s.Evidence {
		fmt.Fprintf(w, "%s     > %s\n", indent, indentLines(e, indent+"       "))
	}
	for _, note := range s.Notes {
		fmt.Fprintf(w, "%s     %s\n", indent, indentLines(note, indent+"     "))
	}
}

func indentLines(s, indent string) string {
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}

func (r *Report) markdown(w io.Writer) error {
	fmt.Fprintf(w, "## collint verify: %s\n\n", verdict(r.Pass))
	fmt.Fprintln(w, "| server | migration | step | verdict | ms |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	row := func(run *ServerRun, mig string, s *Step) {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d |\n", run.Target, mig, s.Name, verdict(s.Pass), s.Millis)
	}
	for _, run := range r.Runs {
		for _, s := range run.Steps {
			row(run, "", s)
		}
		for _, m := range run.Migrations {
			for _, s := range m.Steps {
				row(run, m.Name, s)
			}
		}
	}
	for _, run := range r.Runs {
		fmt.Fprintf(w, "\n### %s %s\n\n%s, flavor %s, connection collation %s\n", verdict(run.Pass), run.Target, run.Server, run.Flavor, run.ConnCollation)
		if run.Error != "" {
			fmt.Fprintf(w, "\n**error:** %s\n", run.Error)
		}
		steps := append([]*Step(nil), run.Steps...)
		names := make([]string, len(steps))
		for _, m := range run.Migrations {
			for _, s := range m.Steps {
				steps = append(steps, s)
				names = append(names, m.Name)
			}
		}
		for i, s := range steps {
			if len(s.Failures)+len(s.Evidence)+len(s.Notes) == 0 {
				continue
			}
			title := s.Name
			if names[i] != "" {
				title = names[i] + ": " + s.Name
			}
			fmt.Fprintf(w, "\n**%s** (%s)\n\n", title, strings.ToLower(verdict(s.Pass)))
			for _, f := range s.Failures {
				fmt.Fprintf(w, "- **FAIL** %s\n", mdLine(f))
			}
			if len(s.Evidence) > 0 {
				fmt.Fprintln(w, "\n```")
				for _, e := range s.Evidence {
					fmt.Fprintln(w, e)
				}
				fmt.Fprintln(w, "```")
			}
			for _, n := range s.Notes {
				fmt.Fprintf(w, "- %s\n", mdLine(n))
			}
		}
	}
	return nil
}

func mdLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
}
