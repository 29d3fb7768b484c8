package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func collint(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestSeedStory(t *testing.T) {
	schema, queries := "../../fixtures/seed/schema.sql", "../../fixtures/seed/queries.sql"
	code, out, _ := collint(t, "lint", "--schema", schema, "--queries", queries)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (an error finding)\n%s", code, out)
	}
	if !strings.Contains(out, "queries.sql:2:38: error CL101 illegal-collation-mix") || !strings.Contains(out, "error 1267") {
		t.Errorf("no 1267 at 2:38:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
	// the connection collation decides
	code, out, _ = collint(t, "lint", "--schema", schema, "--queries", queries, "--connection-collation", "utf8mb4_unicode_ci")
	if code != 0 || strings.Contains(out, "CL101") {
		t.Errorf("with utf8mb4_unicode_ci: exit %d, want 0 and no CL101\n%s", code, out)
	}
	if !strings.Contains(out, "CL202") || !strings.Contains(out, "CL301") {
		t.Errorf("the a.b_id_str = b.id variant must report CL202 and CL301:\n%s", out)
	}
	code, _, _ = collint(t, "lint", "--schema", schema, "--queries", queries, "--fail-on", "none")
	if code != 0 {
		t.Errorf("--fail-on none: exit %d", code)
	}
}

func TestJSONShapeAndErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.sql"), []byte("CREATE TABLE t (a VARCHAR(3) COLLATE utf8mb4_bin, b INT, KEY(a));\nCREATE TABLE broken (x INT,,);\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "q.sql"), []byte("SELECT * FROM t WHERE a = 1;\nSELEC oops;\nSELECT * FROM t WHERE b = 2;\n"), 0o644)
	code, out, _ := collint(t, "lint", "--schema", filepath.Join(dir, "s.sql"), "--queries", filepath.Join(dir, "q.sql"), "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d (only warnings expected)\n%s", code, out)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
		Errors   []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rep.Errors) != 2 {
		t.Fatalf("want 2 positioned errors (schema line 2, query line 2), got %v", rep.Errors)
	}
	for _, e := range rep.Errors {
		if e["line"].(float64) != 2 || e["column"].(float64) < 1 {
			t.Errorf("error not positioned on line 2: %v", e)
		}
	}
	var rules []string
	for _, f := range rep.Findings {
		for _, k := range []string{"rule", "name", "severity", "impact", "file", "line", "column", "message", "columns", "index_unusable"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding without %q: %v", k, f)
			}
		}
		rules = append(rules, f["rule"].(string))
	}
	if got := strings.Join(rules, ","); got != "CL202,CL301,CL403" {
		t.Errorf("findings %s, want CL202,CL301 from q.sql (the statement after the broken one is still linted) and CL403 for the column-level collation", got)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"lint"},
		{"lint", "--schema", "/no/such/file.sql"},
		{"lint", "--schema", "../../fixtures/seed/schema.sql", "--flavor", "oracle"},
		{"lint", "--schema", "../../fixtures/seed/schema.sql", "--connection-collation", "nope_ci"},
		{"lint", "--schema", "../../fixtures/seed/schema.sql", "--format", "xml"},
		{"explain", "CL999"},
	} {
		if code, _, stderr := collint(t, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := collint(t, "rules")
	if code != 0 || !strings.Contains(out, "CL101") || !strings.Contains(out, "CL404") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = collint(t, "explain", "illegal-collation-mix")
	if code != 0 || !strings.Contains(out, "Failing:") || !strings.Contains(out, "Fixed:") {
		t.Errorf("explain: exit %d\n%s", code, out)
	}
}

func TestConfigAndBaseline(t *testing.T) {
	dir := t.TempDir()
	seed, _ := os.ReadFile("../../fixtures/seed/schema.sql")
	queries, _ := os.ReadFile("../../fixtures/seed/queries.sql")
	os.MkdirAll(filepath.Join(dir, "db"), 0o755)
	os.MkdirAll(filepath.Join(dir, "q", "testdata"), 0o755)
	os.WriteFile(filepath.Join(dir, "db", "schema.sql"), seed, 0o644)
	os.WriteFile(filepath.Join(dir, "q", "queries.sql"), queries, 0o644)
	os.WriteFile(filepath.Join(dir, "q", "testdata", "broken.sql"), []byte("SELEC nonsense;"), 0o644)
	cfg := filepath.Join(dir, "collint.yaml")
	os.WriteFile(cfg, []byte("schema: [db]\nqueries: [q, q/testdata]\nconnection_collation: utf8mb4_general_ci\nrules:\n  CL403: off\n  CL301: error\nexclude: [\"**/testdata/**\"]\n"), 0o644)

	code, out, _ := collint(t, "lint", "--config", cfg, "--format", "json")
	var rep struct {
		Findings []struct{ Rule, Severity string } `json:"findings"`
		Errors   []any                             `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Rule] = f.Severity
	}
	if code != 1 || got["CL101"] != "error" || got["CL301"] != "error" || got["CL403"] != "" || len(rep.Errors) != 0 {
		t.Errorf("exit %d, findings %v, errors %v: want CL101 (general_ci connection), CL301 raised to error, no CL403, testdata excluded", code, got, rep.Errors)
	}
	// flags override the file
	if _, out, _ := collint(t, "lint", "--config", cfg, "--connection-collation", "utf8mb4_unicode_ci", "--format", "json"); strings.Contains(out, `"CL101"`) {
		t.Errorf("--connection-collation did not override the file:\n%s", out)
	}
	// baseline: accept today's findings, fail only on new ones
	base := filepath.Join(dir, "base.json")
	if code, _, stderr := collint(t, "baseline", "--config", cfg, "-o", base); code != 0 {
		t.Fatalf("baseline: exit %d %s", code, stderr)
	}
	if code, out, _ := collint(t, "lint", "--config", cfg, "--baseline", base); code != 0 || strings.Contains(out, "CL") {
		t.Errorf("with the baseline: exit %d\n%s", code, out)
	}
	os.WriteFile(filepath.Join(dir, "q", "queries.sql"), append(queries, []byte("\nSELECT 1 FROM a WHERE b_id_str = @x;\n")...), 0o644)
	code, out, _ = collint(t, "lint", "--config", cfg, "--baseline", base)
	if code != 1 || strings.Count(out, "CL101") != 1 || !strings.Contains(out, "@x") {
		t.Errorf("a new finding must still fail: exit %d\n%s", code, out)
	}
}

// An inline "-- collint:ignore" comment silences a finding through the
// command too, on its line or for the whole statement below it.
func TestInlineSuppressionThroughCommand(t *testing.T) {
	dir := t.TempDir()
	q := filepath.Join(dir, "q.sql")
	os.WriteFile(q, []byte("-- collint:ignore CL101 legacy report, fixed by V42\nSELECT a.id FROM a JOIN b ON a.b_id_str = CAST(b.id AS CHAR);\nSELECT a.id FROM a JOIN b ON a.b_id_str = CAST(b.id AS CHAR); -- collint:ignore CL101\nSELECT a.id FROM a JOIN b ON a.b_id_str = CAST(b.id AS CHAR);\n"), 0o644)
	code, out, _ := collint(t, "lint", "--schema", "../../fixtures/seed/schema.sql", "--queries", q, "--disable", "CL403", "--format", "github")
	if code != 1 || strings.Count(out, "CL101") != 1 || !strings.Contains(out, "line=4,") {
		t.Errorf("exit %d: want exactly the CL101 of line 4\n%s", code, out)
	}
}
