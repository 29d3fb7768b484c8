package live

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// digests reads events_statements_summary_by_digest for the databases
// read (SCHEMA_NAME; statements run without a default database are left
// out: their tables cannot be resolved). QUERY_SAMPLE_TEXT exists on MySQL
// 8.0.3+ only.
func (r *reader) digests() error {
	if !r.s.Server.PerformanceSchema {
		r.s.Problems = append(r.s.Problems, "performance_schema is OFF on the server: no statement digests (start it with --performance-schema=ON)")
		return nil
	}
	var n int
	if err := r.tx.QueryRowContext(r.ctx, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'performance_schema' AND TABLE_NAME = 'events_statements_summary_by_digest' AND COLUMN_NAME = 'QUERY_SAMPLE_TEXT'").Scan(&n); err != nil {
		return err
	}
	sample := "''"
	if n > 0 {
		sample = "COALESCE(QUERY_SAMPLE_TEXT, '')"
	}
	if len(r.s.Databases) == 0 {
		return nil
	}
	args := make([]any, len(r.s.Databases))
	for i, d := range r.s.Databases {
		args[i] = d
	}
	q := `SELECT SCHEMA_NAME, DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_ERRORS, SUM_WARNINGS, SUM_NO_INDEX_USED,
  CAST(FIRST_SEEN AS CHAR), CAST(LAST_SEEN AS CHAR), ` + sample + `
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST_TEXT IS NOT NULL AND SCHEMA_NAME IN (?` + strings.Repeat(",?", len(args)-1) + `)
ORDER BY SCHEMA_NAME, DIGEST`
	err := r.rows(q, args, func(rows *sql.Rows) error {
		var d Digest
		var first, last string
		if err := rows.Scan(&d.Schema, &d.Digest, &d.Text, &d.Count, &d.Errors, &d.Warnings, &d.NoIndexUsed, &first, &last, &d.Sample); err != nil {
			return err
		}
		d.FirstSeen, _ = time.Parse("2006-01-02 15:04:05.999999", first)
		d.LastSeen, _ = time.Parse("2006-01-02 15:04:05.999999", last)
		r.s.Digests = append(r.s.Digests, d)
		return nil
	})
	if err != nil {
		return fmt.Errorf("performance_schema.events_statements_summary_by_digest: %v", err)
	}
	// MariaDB may keep one digest under several rows (per schema); the
	// order above makes output stable
	slices.SortStableFunc(r.s.Digests, func(a, b Digest) int {
		return strings.Compare(a.Schema+a.Digest, b.Schema+b.Digest)
	})
	return nil
}
