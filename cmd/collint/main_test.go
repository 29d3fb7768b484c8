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
