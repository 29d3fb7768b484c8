package lint_test

import (
	"testing"

	"github.com/collint/collint/lint"
)

// Introducers the TiDB parser does not know (_latin2, _euckr, _utf16) are
// typed with their own charset, positions intact.
func TestUnknownIntroducers(t *testing.T) {
	s, err := lint.NewSession("mysql-9", "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("s.sql", "CREATE DATABASE d; USE d; CREATE TABLE t (l1 VARCHAR(9) CHARACTER SET latin1, kr VARCHAR(9) CHARACTER SET euckr, u VARCHAR(9), KEY(l1), KEY(kr), KEY(u))"); len(errs) > 0 {
		t.Fatal(errs)
	}
	rep := s.Lint("q.sql", []byte("SELECT * FROM t WHERE kr = _euckr'x';\nSELECT * FROM t WHERE l1 = _euckr 'x' COLLATE euckr_korean_ci;\nSELECT * FROM t WHERE u = _latin2'abc' AND u_x = 1;\n"))
	// line 1: fine; line 2: MySQL converts the EXPLICIT euckr constant to
	// the latin1 column's charset (measured on 9.7: no error); line 3:
	// u_x is unknown (an error), u = _latin2'abc' is fine.
	if len(rep.Findings) != 0 {
		t.Errorf("findings %+v, want none", rep.Findings)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 3 {
		t.Errorf("errors %+v, want the unknown column on line 3", rep.Errors)
	}
}
