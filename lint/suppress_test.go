package lint_test

import (
	"strings"
	"testing"

	"github.com/collint/collint/lint"
)

func TestInlineSuppression(t *testing.T) {
	s, err := lint.NewSession("mysql-8.4", "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("s.sql", "CREATE DATABASE d; USE d; CREATE TABLE a (s VARCHAR(9) COLLATE utf8mb4_unicode_ci, n BIGINT, KEY(s), KEY(n))"); len(errs) > 0 {
		t.Fatal(errs)
	}
	q := `-- collint:ignore CL101 the cache key is compared in Java, not here
SELECT 1 FROM a WHERE s = CAST(n AS CHAR);
SELECT 1 FROM a WHERE s = CAST(n AS CHAR); -- collint:ignore illegal-collation-mix legacy report
SELECT 1 FROM a WHERE s = CAST(n AS CHAR); -- collint:ignore CL202 wrong rule: still reported
SELECT 1 FROM a x JOIN a y ON x.s = y.n; -- collint:ignore CL202,CL301 ids are canonical
/* collint:ignore all generated code */ SELECT 1 FROM a WHERE s = CAST(n AS CHAR);
SELECT 1 FROM a WHERE s = CAST(n AS CHAR);
`
	rep := s.Lint("q.sql", []byte(q))
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+"@"+string(rune('0'+f.Line)))
	}
	if strings.Join(got, " ") != "CL101@4 CL101@7" {
		t.Errorf("findings %v, want CL101 on lines 4 and 7 only", got)
	}
}
