package audit

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/sqlsplit"
)

// FromSources splits SQL sources into statements, so that a finding can
// show the statement it was found in. Sources are split the way lint
// splits them (the mysql client's rules), by name.
func FromSources(sources []lint.Source) []Statement {
	var out []Statement
	for _, src := range sources {
		stmts, _ := sqlsplit.Split(src.Data, sqlsplit.Options{})
		for _, st := range stmts {
			out = append(out, Statement{Source: src.Name, StartLine: st.Start.Line, EndLine: st.End.Line, Text: st.Text})
		}
	}
	return out
}

// FromFiles reads the .sql files of a lint configuration's schema and
// query paths (directories expanded as lint expands them) as sources for
// FromSources; findings name files exactly as these paths do. Logs and
// mapper XML are skipped: their findings carry their own positions and
// occurrence counts. Unreadable files are skipped (lint reported them).
func FromFiles(cfg lint.Config) []Statement {
	var sources []lint.Source
	for _, kind := range []struct {
		paths []string
		k     inputs.Kind
	}{{cfg.Schemas, inputs.Schema}, {cfg.Queries, inputs.Queries}} {
		files, err := inputs.Expand(kind.paths, kind.k)
		if err != nil {
			continue
		}
		for _, f := range files {
			if !strings.EqualFold(filepath.Ext(f), ".sql") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			sources = append(sources, lint.Source{Name: f, Data: data})
		}
	}
	return FromSources(sources)
}
