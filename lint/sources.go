package lint

import (
	"fmt"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/source"
)

// Source is an in-memory input: schema DDL or queries read from somewhere
// other than a file (a live server's SHOW CREATE output, a
// performance_schema digest). Name is what findings and errors point at,
// as a file path would be.
type Source struct {
	Name string
	Data []byte
	// DB is the default database of a query source ("" for the run's).
	DB string
	// Occurrences, for a query source, is how many times the server ran
	// it: its findings carry that count (0: not counted).
	Occurrences int64
}

// addSources applies what Config holds in memory, before the files: the
// server's defaults (ServerCharset, ServerCollation), the schema sources,
// then lints the query sources against that schema.
func (r *runner) addSources() error {
	cfg := r.cfg
	if cfg.ServerCollation != "" {
		co, ok := r.env.Flavor.Charsets.Collation(cfg.ServerCollation)
		if !ok {
			return fmt.Errorf("unknown server collation %q for %s", cfg.ServerCollation, r.env.Flavor.Name)
		}
		if cfg.ServerCharset != "" && cfg.ServerCharset != co.Charset {
			return fmt.Errorf("server collation %s is not of character set %s", co.Name, cfg.ServerCharset)
		}
		r.cat.ServerCharset, r.cat.ServerCollation = co.Charset, co.Name
		// --default-database was created with the flavor's defaults
		for _, d := range r.cat.Databases() {
			if d.CollationSource == catalog.FromServer {
				d.Charset, d.Collation = co.Charset, co.Name
			}
		}
	}
	for _, s := range cfg.SchemaSources {
		r.source(s.Name, s.Data, true)
	}
	if len(cfg.QuerySources) == 0 {
		return nil
	}
	saved := r.queryDB
	defer func() { r.queryDB = saved }()
	for _, s := range cfg.QuerySources {
		r.queryDB = s.DB
		if r.queryDB == "" {
			r.queryDB = cfg.DefaultDB
		}
		before := len(r.rep.Findings)
		if !plainQuery(string(s.Data)) {
			r.errorAt(source.Pos{File: s.Name, Line: 1, Col: 1}, "not a query collint lints (SELECT, INSERT, UPDATE, DELETE…): skipped")
			continue
		}
		r.source(s.Name, s.Data, false)
		if s.Occurrences > 0 {
			for i := before; i < len(r.rep.Findings); i++ {
				r.rep.Findings[i].Occurrences = int(s.Occurrences)
			}
		}
	}
	return nil
}
