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
	for i, m := range p.Migrations {
		fmt.Fprintf(w, "-- Migration %d: %s\n", i+1, m.Table.QualifiedName())
		for _, ch := range m.Changes {
			fmt.Fprintf(w, "--   %s: %s -> %s\n", ch.From.Name, ColumnDef(m.Table, ch.From, false), ColumnDef(m.Table, ch.To, false))
			fmt.Fprintf(w, "--     why: %s\n", ch.Why)
			fmt.Fprintf(w, "--     ends: %s\n", strings.Join(ch.Findings, ", "))
		}
		for _, r := range m.Risks {
			fmt.Fprintf(w, "--   risk: %s\n", r)
		}
		for _, q := range m.QueryFixes {
			fmt.Fprintf(w, "--   query fix: %s\n", q)
		}
		for _, o := range m.Online {
			fmt.Fprintf(w, "--   online: %s\n", o)
		}
		for _, c := range m.PreChecks {
			fmt.Fprintf(w, "--   pre-check (must return no rows): %s\n--     %s\n%s\n", c.Name, c.Why, indentSQL(c.SQL))
		}
		fmt.Fprintf(w, "-- up\n%s-- down\n%s\n", m.Up, commentOut(m.Down))
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(w, "-- not a schema change: %s\n", s)
	}
	return nil
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
	fmt.Fprintf(&b, "-- collint migration for %s\n", m.Table.QualifiedName())
	for _, ch := range m.Changes {
		fmt.Fprintf(&b, "-- %s: %s\n", ch.From.Name, ch.Why)
	}
	for _, c := range m.PreChecks {
		fmt.Fprintf(&b, "-- Run first; it must return no rows (%s):\n%s\n", c.Name, indentSQL(c.SQL))
	}
	return b.String()
}
