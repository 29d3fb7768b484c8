package difftest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
)

// Verdict is one side's judgement of a case.
type Verdict struct {
	Error int  // server error code, 0 for none
	Index bool // the probed column's index serves the comparison
	Note  string
}

func (v Verdict) String() string {
	if v.Error != 0 {
		return fmt.Sprintf("E%d", v.Error)
	}
	if v.Index {
		return "idx"
	}
	return "scan"
}

// Agree compares two verdicts for a case.
func Agree(c Case, a, b Verdict) bool {
	if a.Error != b.Error {
		return false
	}
	return a.Error != 0 || c.ErrorOnly || a.Index == b.Index
}

// Collint judges a case with collint's typing.
func Collint(s *lint.Session, c Case) Verdict {
	res, err := s.Analyze(c.SQL)
	if err != nil {
		return Verdict{Error: -1, Note: err.Error()}
	}
	if len(res.Unresolved) > 0 {
		return Verdict{Error: -1, Note: fmt.Sprintf("unresolved %v", res.Unresolved)}
	}
	for _, p := range res.Problems {
		return Verdict{Error: p.Code, Note: p.Msg}
	}
	v := Verdict{Index: true}
	for _, cmp := range res.Comparisons {
		for _, o := range cmp.Operands {
			if o.Unknown {
				return Verdict{Error: -1, Note: "operand not typed: " + o.Text()}
			}
		}
		if cmp.Verdict.ServerError != 0 {
			return Verdict{Error: cmp.Verdict.ServerError, Note: cmp.Verdict.ErrorMsg}
		}
		for _, l := range cmp.Verdict.Lost {
			if l.Col.Table.Name == "ty" && l.Col.Column.Name == c.Probe {
				v.Index, v.Note = false, l.Why
			}
		}
	}
	return v
}

// Server judges a case on a real server through one session. explainCmd
// is "EXPLAIN FORMAT=TRADITIONAL" on MySQL (9.x defaults to TREE) and
// "EXPLAIN" on MariaDB.
func Server(ctx context.Context, conn *sql.Conn, c Case, explainCmd string) Verdict {
	rows, err := conn.QueryContext(ctx, c.SQL)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	if err != nil {
		var me *mysql.MySQLError
		if errors.As(err, &me) {
			return Verdict{Error: int(me.Number), Note: me.Message}
		}
		return Verdict{Error: -2, Note: err.Error()}
	}
	return explain(ctx, conn, c, explainCmd)
}

// explain reads the access type of table y from EXPLAIN.
func explain(ctx context.Context, conn *sql.Conn, c Case, explainCmd string) Verdict {
	rows, err := conn.QueryContext(ctx, explainCmd+" "+c.SQL)
	if err != nil {
		return Verdict{Error: -2, Note: "EXPLAIN: " + err.Error()}
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	idx := map[string]int{}
	for i, n := range cols {
		idx[strings.ToLower(n)] = i
	}
	var lines []string
	v := Verdict{Note: "no row for y"}
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return Verdict{Error: -2, Note: err.Error()}
		}
		get := func(k string) string {
			if i, ok := idx[k]; ok {
				return vals[i].String
			}
			return ""
		}
		lines = append(lines, fmt.Sprintf("table=%s type=%s key=%s extra=%s", get("table"), get("type"), get("key"), get("extra")))
		extra := get("extra")
		if get("table") == "" && (strings.Contains(extra, "Impossible WHERE") || strings.Contains(extra, "no matching row")) {
			v = Verdict{Index: true, Note: extra}
		}
		if get("table") != "y" {
			continue
		}
		switch get("type") {
		case "ref", "eq_ref", "range", "ref_or_null", "const", "index_merge", "system":
			v.Index = get("key") == "ix_"+c.Probe
		default:
			v.Index = false
		}
		v.Note = strings.Join(lines, " | ")
	}
	return v
}
