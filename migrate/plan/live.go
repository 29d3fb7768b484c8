package plan

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// MaxOffending is how many offending rows a pre-check run shows.
const MaxOffending = 10

// Evidence is what a plan's pre-checks and the server's statistics say
// about a user's data: fed back into Options, it lets Build choose.
type Evidence struct {
	// Rows is information_schema.TABLES.TABLE_ROWS per "db.table" (an
	// InnoDB estimate).
	Rows map[string]int64
	// Offending is the rows (at most MaxOffending) of each string → integer
	// conversion pre-check that found some, per "db.table.column".
	Offending map[string][][]string
	// Found is the rows of every other pre-check that found some, per
	// pre-check name.
	Found map[string][][]string
}

// Probe runs, on the user's server, every pre-check of the plan and reads
// the row estimates of the tables it alters. It only reads: everything
// runs in one START TRANSACTION READ ONLY, rolled back at the end (a
// pre-check is a SELECT; the server refuses any write in a read-only
// transaction with error 1792).
func Probe(ctx context.Context, db *sql.DB, p *Plan) (*Evidence, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "START TRANSACTION READ ONLY"); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	ev := &Evidence{Rows: map[string]int64{}, Offending: map[string][][]string{}, Found: map[string][][]string{}}
	seen := map[*catalog.Table]bool{}
	var tables []*catalog.Table
	for _, m := range p.Migrations {
		for _, t := range m.Tables {
			if !seen[t] {
				seen[t] = true
				tables = append(tables, t)
			}
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].QualifiedName() < tables[j].QualifiedName() })
	for _, t := range tables {
		var n sql.NullInt64
		err := conn.QueryRowContext(ctx, "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", t.DB, t.Name).Scan(&n)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("row estimate of %s: %w", t.QualifiedName(), err)
		}
		if n.Valid {
			ev.Rows[t.QualifiedName()] = n.Int64
		}
	}
	for _, m := range p.Migrations {
		for _, c := range m.PreChecks {
			rows, err := firstRows(ctx, conn, c.SQL)
			if err != nil {
				return nil, fmt.Errorf("pre-check %s: %w", c.Name, err)
			}
			if len(rows) == 0 {
				continue
			}
			if c.column != "" {
				ev.Offending[c.column] = rows
			} else {
				ev.Found[c.Name] = rows
			}
		}
	}
	return ev, nil
}

// Apply puts the evidence into the options for the next Build: --rows
// given by the user win over the server's estimates.
func (ev *Evidence) Apply(opts *Options) {
	if opts.Rows == nil {
		opts.Rows = map[string]int64{}
	}
	for k, v := range ev.Rows {
		if _, ok := opts.Rows[k]; !ok {
			opts.Rows[k] = v
		}
	}
	opts.Offending, opts.Found = ev.Offending, ev.Found
}

// firstRows runs a pre-check and returns at most MaxOffending rows.
func firstRows(ctx context.Context, conn *sql.Conn, q string) ([][]string, error) {
	q = strings.TrimSuffix(strings.TrimSpace(q), ";")
	r, err := conn.QueryContext(ctx, fmt.Sprintf("SELECT * FROM (%s) AS pre_check LIMIT %d", q, MaxOffending))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cols, err := r.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = quoteString(v.String)
			}
		}
		out = append(out, row)
	}
	return out, r.Err()
}
