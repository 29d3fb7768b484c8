package typing_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/source"
	"github.com/collint/collint/lint/typing"
)

// matrixSchema is the setup of the measured join matrix in
// shared/mysql-semantics.md: every column indexed, table defaults
// utf8mb4_unicode_ci.
const matrixSchema = `CREATE DATABASE m DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
USE m;
CREATE TABLE t (
  uni VARCHAR(20), zero VARCHAR(20) COLLATE utf8mb4_0900_ai_ci, bin VARCHAR(20) COLLATE utf8mb4_bin,
  mb3 VARCHAR(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci, lat VARCHAR(20) CHARACTER SET latin1,
  big BIGINT, ubig BIGINT UNSIGNED, dcm DECIMAL(20,2), dbl DOUBLE, d DATE, asc_ VARCHAR(20) CHARACTER SET ascii,
  KEY(uni), KEY(zero), KEY(bin), KEY(mb3), KEY(lat), KEY(big), KEY(ubig), KEY(dcm), KEY(dbl), KEY(d), KEY(asc_)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE u LIKE t;`

func env(t *testing.T, fl, conn string) *typing.Env {
	t.Helper()
	return envSchema(t, fl, conn, matrixSchema)
}

func envSchema(t *testing.T, fl, conn, schema string) *typing.Env {
	t.Helper()
	charset.RegisterWithParser()
	f, err := flavor.Lookup(fl)
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.New(f)
	p := parser.New()
	for _, s := range strings.Split(schema, ";") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		st, err := p.ParseOneStmt(s, "", "")
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		for _, e := range cat.Apply(catalog.Stmt{Node: st, Text: s, At: func(int) source.Pos { return source.Pos{} }}, nil) {
			t.Fatalf("apply %s: %v", s, e)
		}
	}
	e, err := typing.NewEnv(f, cat, conn)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func analyze(t *testing.T, e *typing.Env, q string) *typing.Result {
	t.Helper()
	st, err := parser.New().ParseOneStmt(q, "", "")
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	res, err := e.Analyze(st, q, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unresolved) > 0 {
		t.Fatalf("%s: unresolved %v", q, res.Unresolved)
	}
	return res
}

// verdict summarises the first comparison: "E1267", or the lost index
// columns ("-" for none).
func verdict(t *testing.T, e *typing.Env, q string) string {
	res := analyze(t, e, q)
	if len(res.Problems) > 0 {
		return "P" + itoa(res.Problems[0].Code)
	}
	if len(res.Comparisons) == 0 {
		t.Fatalf("%s: no comparison found", q)
	}
	v := res.Comparisons[0].Verdict
	if v.ServerError != 0 {
		return "E" + itoa(v.ServerError)
	}
	var lost []string
	for _, l := range v.Lost {
		lost = append(lost, l.Col.Table.Name+"."+l.Col.Column.Name)
	}
	sort.Strings(lost)
	if len(lost) == 0 {
		return "-"
	}
	return strings.Join(lost, ",")
}

func itoa(n int) string {
	return strings.TrimSpace(strings.Replace(string(rune('0'+n/1000))+string(rune('0'+n/100%10))+string(rune('0'+n/10%10))+string(rune('0'+n%10)), "\x00", "", -1))
}

// TestJoinMatrix checks the measured MySQL 9.7 matrix of
// shared/mysql-semantics.md (x drives, y's index is probed): each case
// names which indexes are lost or which error is raised.
func TestJoinMatrix(t *testing.T) {
	e := env(t, "mysql-9", "utf8mb4_0900_ai_ci")
	cases := []struct{ q, want string }{
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.uni", "-"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.zero", "E1267"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.bin", "t.uni"},
		{"SELECT 1 FROM t x JOIN u y ON x.bin = y.uni", "u.uni"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.mb3", "u.mb3"},
		{"SELECT 1 FROM t x JOIN u y ON x.mb3 = y.uni", "t.mb3"},
		{"SELECT 1 FROM t x JOIN u y ON x.mb3 = y.zero", "t.mb3"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.lat", "u.lat"},
		{"SELECT 1 FROM t x JOIN u y ON x.mb3 = y.lat", "u.lat"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.big", "t.uni"},
		{"SELECT 1 FROM t x JOIN u y ON x.big = y.uni", "u.uni"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = y.d", "t.uni"},
		{"SELECT 1 FROM t x JOIN u y ON x.d = y.uni", "u.uni"},
		{"SELECT 1 FROM t x JOIN u y ON x.dcm = y.d", "u.d"},
		{"SELECT 1 FROM t x JOIN u y ON x.d = y.big", "-"},
		{"SELECT 1 FROM t x JOIN u y ON x.big = y.big", "-"},
		{"SELECT 1 FROM t x JOIN u y ON x.dbl = y.big", "-"},
		// wrapping
		{"SELECT 1 FROM t x JOIN u y ON x.uni = CAST(y.big AS CHAR)", "E1267"},
		{"SELECT 1 FROM t x JOIN u y ON x.zero = CAST(y.big AS CHAR)", "u.big"},
		{"SELECT 1 FROM t x JOIN u y ON x.uni = LOWER(y.uni)", "u.uni"},
		// literals never conflict with a column
		{"SELECT 1 FROM t WHERE uni = 'x'", "-"},
		{"SELECT 1 FROM t WHERE lat = 'é'", "-"},
		{"SELECT 1 FROM t WHERE lat = '가나다'", "E3854"},
		{"SELECT 1 FROM t WHERE mb3 = '😀'", "E3854"},
		{"SELECT 1 FROM t WHERE d = 'abc'", "E1525"},
		{"SELECT 1 FROM t WHERE d = '2024-01-31'", "-"},
		{"SELECT 1 FROM t WHERE uni = 1", "t.uni"},
		{"SELECT 1 FROM t WHERE big = '1'", "-"},
		// COLLATE
		{"SELECT 1 FROM t WHERE uni COLLATE utf8mb4_0900_ai_ci = zero", "t.uni"},
		{"SELECT 1 FROM t WHERE lat COLLATE utf8mb4_bin = 'x'", "P1253"},
		{"SELECT 1 FROM t WHERE uni = zero COLLATE utf8mb4_unicode_ci", "t.zero"},
		// IN and BETWEEN
		{"SELECT 1 FROM t WHERE uni IN (zero, 'x')", "E1270"},
		{"SELECT 1 FROM t WHERE uni IN (zero, 'x', 'y')", "E1271"},
		{"SELECT 1 FROM t WHERE uni BETWEEN zero AND 'z'", "E1270"},
		// user variables are IMPLICIT with the connection collation
		{"SELECT 1 FROM t WHERE @v = uni", "E1267"},
		{"SELECT 1 FROM t WHERE @v = zero", "-"},
		// CONCAT of two IMPLICIT collations is NONE: weakest on 9.x
		{"SELECT 1 FROM t WHERE CONCAT(uni, zero) = 'x'", "t.uni,t.zero"},
		// USING
		{"SELECT 1 FROM t JOIN u USING (uni)", "-"},
	}
	for _, c := range cases {
		if got := verdict(t, e, c.q); got != c.want {
			t.Errorf("%s\n got %s, want %s", c.q, got, c.want)
		}
	}
}

func TestConnectionCollationDecides(t *testing.T) {
	q := "SELECT 1 FROM t x JOIN u y ON x.uni = CAST(y.big AS CHAR)"
	if got := verdict(t, env(t, "mysql-8.4", "utf8mb4_0900_ai_ci"), q); got != "E1267" {
		t.Errorf("0900 connection: got %s, want E1267", got)
	}
	if got := verdict(t, env(t, "mysql-8.4", "utf8mb4_unicode_ci"), q); got != "u.big" {
		t.Errorf("unicode_ci connection: got %s, want u.big (only the wrapped bigint's index)", got)
	}
	if got := verdict(t, env(t, "mysql-8.4", "utf8mb4_general_ci"), q); got != "E1267" {
		t.Errorf("general_ci connection: got %s, want E1267", got)
	}
}

func TestNoneRankPerFlavor(t *testing.T) {
	q := "SELECT 1 FROM t WHERE CONCAT(uni, zero) = 'x'"
	if got := verdict(t, env(t, "mysql-8.4", ""), q); got != "E1267" {
		t.Errorf("8.4: got %s, want E1267 (NONE outranks COERCIBLE)", got)
	}
}

func TestHazards(t *testing.T) {
	e := env(t, "mysql-9", "")
	res := analyze(t, e, "SELECT 1 FROM t x JOIN u y ON x.uni = y.big")
	if h := res.Comparisons[0].Verdict.Hazards; len(h) != 1 || h[0].Kind != "double-compare" {
		t.Errorf("varchar = bigint: hazards %+v, want double-compare", h)
	}
	res = analyze(t, e, "SELECT 1 FROM t x JOIN u y ON x.big = y.ubig")
	if h := res.Comparisons[0].Verdict.Hazards; len(h) != 1 || h[0].Kind != "signed-unsigned" {
		t.Errorf("bigint = bigint unsigned: hazards %+v", h)
	}
	res = analyze(t, e, "SELECT 1 FROM t x JOIN u y ON x.uni = y.bin")
	kinds := map[string]bool{}
	for _, h := range res.Comparisons[0].Verdict.Hazards {
		kinds[h.Kind] = true
	}
	if !kinds["sensitivity-mismatch"] {
		t.Errorf("unicode_ci = bin: hazards %+v, want sensitivity-mismatch", res.Comparisons[0].Verdict.Hazards)
	}
}
