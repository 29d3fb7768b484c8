package lint_test

import (
	"os"
	"testing"

	"github.com/collint/collint/lint"
)

// FuzzLint feeds arbitrary statements to the whole pipeline (split, parse,
// type, rules) over the seed schema. It must never panic, and every
// finding and error must carry a position inside the input.
func FuzzLint(f *testing.F) {
	schema, err := os.ReadFile("../fixtures/views-ctes/schema.sql")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"SELECT * FROM accounts a JOIN events e ON e.account_code = a.code",
		"SELECT id FROM accounts WHERE code IN (SELECT account_ref FROM events) AND CAST(id AS CHAR) = code COLLATE utf8mb4_bin",
		"WITH r AS (SELECT account_code c FROM events) SELECT 1 FROM r NATURAL JOIN accounts WHERE r.c BETWEEN 'a' AND _latin1'z'",
		"UPDATE accounts a JOIN events e USING (id) SET a.code = e.account_ref WHERE CONCAT(a.code, @x) = N'x'",
		"DELETE FROM events WHERE account_ref LIKE CONVERT(? USING latin1) OR id = DATE '2024-01-01'",
		"SELECT CASE code WHEN 1 THEN 'a' ELSE code END = IFNULL(NULL, code) FROM accounts;;\nDELIMITER //\nSELECT 1//",
		"SELECT (SELECT MAX(code) FROM accounts) = ALL (SELECT account_code FROM events)",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		// a fresh schema each time: statements in the input may change it
		s, err := lint.NewSession("mysql-9", "")
		if err != nil {
			t.Fatal(err)
		}
		if errs := s.Apply("schema.sql", string(schema)); len(errs) > 0 {
			t.Fatalf("schema: %+v", errs)
		}
		rep := s.Lint("fuzz.sql", []byte(sql))
		lines := 1
		for i := 0; i < len(sql); i++ {
			if sql[i] == '\n' {
				lines++
			}
		}
		for _, fd := range rep.Findings {
			if fd.Line < 1 || fd.Line > lines || fd.Column < 1 {
				t.Fatalf("finding outside the input (%d lines): %+v", lines, fd)
			}
		}
		for _, e := range rep.Errors {
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("error outside the input (%d lines): %+v", lines, e)
			}
		}
	})
}
