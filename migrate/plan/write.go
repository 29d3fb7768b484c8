package plan

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Formats lists the accepted output formats.
var Formats = []string{"sql", "golang-migrate", "flyway", "goose"}

// Text writes the plan for a person: each migration's changes with why,
// its pre-checks, risks, up and down SQL.
func (p *Plan) Text(w io.Writer) error {
	if len(p.Migrations) == 0 {
		fmt.Fprintln(w, "-- collint: no schema change ends the findings")
	}
	attached := map[string]bool{}
	for i, m := range p.Migrations {
		fmt.Fprintf(w, "-- Migration %d: %s\n", i+1, tableNames(m))
		writeMigration(w, m, " ", false)
		for _, q := range m.QueryFixes {
			attached[q] = true
		}
		if m.Alternative != nil {
			title := "alternative when some values do not convert"
			if m.Chosen != "" {
				title = "alternative: the conversion, once the rows above are fixed"
			}
			fmt.Fprintf(w, "-- Migration %d, %s:\n", i+1, title)
			writeMigration(w, m.Alternative, "   ", true)
			for _, q := range m.Alternative.QueryFixes {
				attached[q] = true
			}
		}
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(w, "-- not a schema change: %s\n", s)
	}
	for _, q := range p.QueryFixes {
		if !attached[q.String()] {
			fmt.Fprintf(w, "-- query fix %s\n", q)
		}
	}
	return nil
}

func tableNames(m *Migration) string {
	if len(m.Tables) == 0 {
		return m.Table.QualifiedName()
	}
	var s []string
	for _, t := range m.Tables {
		s = append(s, t.QualifiedName())
	}
	return strings.Join(s, ", ")
}

// writeMigration writes one migration's explanation, pre-checks and SQL.
// An alternative is indented further and its up SQL commented out.
func writeMigration(w io.Writer, m *Migration, pre string, alt bool) {
	multi := len(m.Tables) > 1
	if m.Chosen != "" {
		fmt.Fprintf(w, "--%s  chosen: %s\n", pre, m.Chosen)
		for _, r := range m.Offending {
			fmt.Fprintf(w, "--%s    offending row: %s\n", pre, strings.Join(r, " | "))
		}
	}
	for _, ch := range m.Changes {
		name := ch.From.Name
		if multi {
			name = ch.Table.Name + "." + name
		}
		if ch.Kind == "generated" {
			fmt.Fprintf(w, "--%s  %s: add %s\n", pre, name, ColumnDef(m.Table, ch.To, false))
		} else {
			fmt.Fprintf(w, "--%s  %s: %s -> %s\n", pre, name, ColumnDef(ch.Table, ch.From, false), ColumnDef(ch.Table, ch.To, false))
		}
		fmt.Fprintf(w, "--%s    why: %s\n", pre, ch.Why)
		fmt.Fprintf(w, "--%s    ends: %s\n", pre, strings.Join(ch.Findings, ", "))
	}
	for _, r := range m.Risks {
		fmt.Fprintf(w, "--%s  risk: %s\n", pre, r)
	}
	for _, q := range m.QueryFixes {
		fmt.Fprintf(w, "--%s  query fix %s\n", pre, q)
	}
	for _, o := range m.Online {
		fmt.Fprintf(w, "--%s  online: %s\n", pre, o)
	}
	for _, c := range m.PreChecks {
		fmt.Fprintf(w, "--%s  pre-check (must return no rows): %s\n--%s    %s\n%s\n", pre, c.Name, pre, c.Why, indentSQL(c.SQL))
	}
	if !alt {
		fmt.Fprintf(w, "-- up\n%s-- down\n%s\n", m.Up, commentOut(m.Down))
		return
	}
	fmt.Fprintf(w, "--  up\n%s--  down\n%s\n", commentOut(m.Up), commentOut(m.Down))
}

func indentSQL(s string) string {
	return "--     " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n--     ")
}

func commentOut(s string) string {
	return "-- " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n-- ") + "\n"
}

// WriteFiles writes one migration per file pair in the given format into
// dir, numbered from 1 in plan order: golang-migrate NNNNNN_name.up.sql /
// .down.sql, Flyway V<n>__name.sql / U<n>__name.sql, goose NNNNN_name.sql
// with -- +goose Up/Down, or sql (NNN_name.up.sql/.down.sql). Pre-checks
// go into the up file as comments to run first.
func (p *Plan) WriteFiles(dir, format string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	write := func(name, body string) error {
		path := filepath.Join(dir, name)
		written = append(written, path)
		return os.WriteFile(path, []byte(body), 0o644)
	}
	for i, m := range p.Migrations {
		n := i + 1
		up := header(m) + m.Up
		var err error
		switch format {
		case "golang-migrate":
			if err = write(fmt.Sprintf("%06d_collint_%s.up.sql", n, m.Name), up); err == nil {
				err = write(fmt.Sprintf("%06d_collint_%s.down.sql", n, m.Name), m.Down)
			}
		case "flyway":
			if err = write(fmt.Sprintf("V%d__collint_%s.sql", n, m.Name), up); err == nil {
				err = write(fmt.Sprintf("U%d__collint_%s.sql", n, m.Name), m.Down)
			}
		case "goose":
			err = write(fmt.Sprintf("%05d_collint_%s.sql", n, m.Name), "-- +goose Up\n"+up+"\n-- +goose Down\n"+m.Down)
		case "sql":
			if err = write(fmt.Sprintf("%03d_%s.up.sql", n, m.Name), up); err == nil {
				err = write(fmt.Sprintf("%03d_%s.down.sql", n, m.Name), m.Down)
			}
		default:
			return nil, fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
		}
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// header documents a migration inside its up file.
func header(m *Migration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- collint migration for %s\n", tableNames(m))
	if m.Chosen != "" {
		fmt.Fprintf(&b, "-- chosen: %s\n", m.Chosen)
	}
	for _, ch := range m.Changes {
		fmt.Fprintf(&b, "-- %s.%s: %s\n", ch.Table.Name, ch.From.Name, ch.Why)
	}
	for _, c := range m.PreChecks {
		fmt.Fprintf(&b, "-- Run first; it must return no rows (%s):\n%s\n", c.Name, indentSQL(c.SQL))
	}
	return b.String()
}
