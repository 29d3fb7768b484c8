package live

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/flavor"
)

// Config returns the lint configuration for the snapshot: flavor,
// connection collation, server defaults, schema and (when read) the
// digests as queries, so that lint.Run(cfg) lints the live server. A
// snapshot of one database makes it the default database. Callers
// override Flavor and ConnCollation with what the user asked for, and add
// query files.
func (s *Snapshot) Config() lint.Config {
	cfg := lint.Config{
		Flavor:          s.Server.Flavor,
		ConnCollation:   s.Server.CollationConnection,
		ServerCharset:   s.Server.CharacterSetServer,
		ServerCollation: s.Server.CollationServer,
		SchemaSources:   s.Schema,
	}
	cfg.QuerySources, _ = s.DigestSources()
	if len(s.Databases) == 1 {
		cfg.DefaultDB = s.Databases[0]
	}
	return cfg
}

// Notes lists what the snapshot cannot model exactly for a flavor: the
// Problems met while reading, and server defaults that differ from the
// flavor's stock server (collint's charset tables follow the stock
// default_collation_for_utf8mb4 and character_set_collations, which decide
// what a bare CHARACTER SET utf8mb4 means in a query: CONVERT(… USING
// utf8mb4), _utf8mb4'…'). The schema itself is exact: SHOW CREATE TABLE
// names every column's collation.
func (s *Snapshot) Notes(flavorName string) []string {
	out := append([]string{}, s.Problems...)
	f, err := flavor.Lookup(flavorName)
	if err != nil {
		return out
	}
	for _, v := range []struct{ name, got string }{
		{"default_collation_for_utf8mb4", s.Server.DefaultCollationForUTF8MB4},
		{"character_set_collations", s.Server.CharacterSetCollations},
	} {
		stock, _ := f.Charsets.Variable(v.name)
		if v.got != "" && !strings.EqualFold(v.got, stock) {
			out = append(out, fmt.Sprintf("the server's %s is %q, %s's stock server has %q: collint types CONVERT(… USING cs) and _cs'…' literals with the stock value", v.name, v.got, f.Name, stock))
		}
	}
	return out
}

// DigestFile is the pseudo-file findings of a digest point at:
// performance_schema:<schema>:<first 16 hex digits of DIGEST>.
func DigestFile(d Digest) string {
	return fmt.Sprintf("performance_schema:%s:%s", d.Schema, d.Digest[:min(16, len(d.Digest))])
}

// DigestSources turns the digests into query sources: DIGEST_TEXT made
// parseable by DigestSQL (so line 1, column n is column n of DIGEST_TEXT),
// run in SCHEMA_NAME, counted COUNT_STAR times. DIGEST_TEXT is preferred
// to QUERY_SAMPLE_TEXT: its placeholders stand for the literals of every
// execution, while the sample is one execution, and a finding that holds
// for the sample's literals may not hold for the others counted under the
// same digest. When DIGEST_TEXT does not parse — it is cut at
// performance_schema_max_digest_length (1024 bytes by default) without
// any mark — the sample is linted instead if it parses (it is cut at
// performance_schema_max_sql_text_length), under <file>:sample; skipped
// says which digests neither gave. Statements that are not queries (DDL,
// SET, SHOW…) and queries of the system schemas are left out.
func (s *Snapshot) DigestSources() (srcs []lint.Source, skipped []string) {
	p := parser.New()
	for _, d := range s.Digests {
		if !isQuery(d.Text) || systemTable.MatchString(d.Text) {
			continue
		}
		src := lint.Source{Name: DigestFile(d), Data: []byte(DigestSQL(d.Text)), DB: d.Schema, Occurrences: d.Count}
		if _, _, err := p.Parse(string(src.Data), "", ""); err != nil {
			if _, _, err := p.Parse(d.Sample, "", ""); d.Sample == "" || err != nil {
				skipped = append(skipped, fmt.Sprintf("%s: DIGEST_TEXT does not parse (cut at performance_schema_max_digest_length?) and there is no complete QUERY_SAMPLE_TEXT: not linted", src.Name))
				continue
			}
			src.Name += ":sample"
			src.Data = []byte(d.Sample)
		}
		srcs = append(srcs, src)
	}
	return srcs, skipped
}

// systemTable matches a digest that reads a system schema: collint has
// no catalog of those.
var systemTable = regexp.MustCompile("(?i)`(information_schema|performance_schema|mysql|sys)` \\.")

// isQuery reports whether a digest is a statement collint lints.
func isQuery(text string) bool {
	w := strings.ToUpper(strings.TrimLeft(text, " ("))
	for _, p := range []string{"SELECT ", "WITH ", "UPDATE ", "DELETE ", "INSERT ", "REPLACE ", "TABLE ", "VALUES "} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
