package report_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/xeipuuv/gojsonschema"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/report"
)

// sarifSchema returns the OASIS SARIF 2.1.0 JSON schema (errata 01) as the
// module github.com/owenrumney/go-sarif/v3 ships it: the constant "schema"
// of its package pkg/report/v210/sarif, read from the module's source in the
// module cache (the package exports only a Validate that re-encodes a
// Report through its own structs, which would hide fields it does not
// know).
func sarifSchema(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "schema.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if len(v.Names) == 1 && v.Names[0].Name == "schema" && len(v.Values) == 1 {
				lit, ok := v.Values[0].(*ast.BasicLit)
				if !ok {
					break
				}
				text, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(text, `"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"`) {
					t.Fatalf("%s: not the SARIF 2.1.0 schema", path)
				}
				return text
			}
		}
	}
	t.Fatalf("%s: no const schema", path)
	return ""
}

// validateSARIF checks a SARIF log against the schema, and that go-sarif
// reads it back with every result.
func validateSARIF(t *testing.T, schema *gojsonschema.Schema, name string, rep *lint.Report) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.SARIF(&buf, rep, "1.2.3"); err != nil {
		t.Fatal(err)
	}
	res, err := schema.Validate(gojsonschema.NewBytesLoader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, e := range res.Errors() {
		t.Errorf("%s: %s", name, e)
	}
	log, err := sarif.FromBytes(buf.Bytes(), sarif.WithStrictValidation())
	if err != nil {
		t.Fatalf("%s: go-sarif cannot read it: %v", name, err)
	}
	if n, want := len(log.Runs[0].Results), len(rep.Findings)+len(rep.Errors); n != want {
		t.Errorf("%s: %d results, want %d", name, n, want)
	}
}

func loadSchema(t *testing.T) *gojsonschema.Schema {
	schema, err := gojsonschema.NewSchema(gojsonschema.NewStringLoader(sarifSchema(t)))
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// TestSARIFValidatesAgainstSchema validates the SARIF of every fixture's
// report, of a log's report (occurrences), and of a run with parse errors,
// schema errors and inline suppressions.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schema := loadSchema(t)
	dirs := fixtures.Dirs("../../fixtures")
	if len(dirs) < 10 {
		t.Fatalf("%d fixtures", len(dirs))
	}
	for _, dir := range dirs {
		rep, _, err := fixtures.Run(dir)
		if err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, schema, filepath.Base(dir), rep)
	}

	d := t.TempDir()
	os.WriteFile(filepath.Join(d, "schema.sql"), []byte("CREATE TABLE a (id INT PRIMARY KEY, s VARCHAR(10) COLLATE utf8mb4_bin, t VARCHAR(10) COLLATE utf8mb4_unicode_ci);\nCREATE TABLE broken (;\n"), 0o644)
	os.WriteFile(filepath.Join(d, "q.sql"), []byte("-- collint:ignore CL101 legacy report, rewritten in Q3\nSELECT 1 FROM a WHERE s = t;\nSELECT 1 FROM a WHERE s = t; -- collint:ignore CL304\nSELECT 1 FROM a WHERE s = t;\nSELEC oops;\nSELECT 1 FROM a WHERE 'ünïcode \"quoted\" <xml> & %0A' = t AND id = '01';\n"), 0o644)
	rep, err := lint.Run(lint.Config{Schemas: []string{filepath.Join(d, "schema.sql")}, Queries: []string{filepath.Join(d, "q.sql"), "../testdata/seed-slow.log"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) < 2 || len(rep.Findings) == 0 {
		t.Fatalf("want parse errors and findings, got %d errors, %d findings", len(rep.Errors), len(rep.Findings))
	}
	validateSARIF(t, schema, "errors-and-suppressions", rep)
	validateSARIF(t, schema, "empty", &lint.Report{Findings: []lint.Finding{}, Errors: []lint.Error{}})
	odd := &lint.Report{Findings: []lint.Finding{{Rule: "CL101", Name: "illegal-collation-mix", Severity: "error", File: "my queries/100% ü#1.sql", Line: 1, Column: 1, Message: "m", Columns: []string{}, IndexUnusable: []string{}}},
		Errors: []lint.Error{{File: `C:\sql\q.sql`, Message: "no position"}}}
	validateSARIF(t, schema, "odd-paths", odd)
}

// TestSARIFSchemaCatchesMistakes makes sure the validation can fail: a
// level SARIF does not know and a missing message are rejected.
func TestSARIFSchemaCatchesMistakes(t *testing.T) {
	schema := loadSchema(t)
	var buf bytes.Buffer
	rep := &lint.Report{Findings: []lint.Finding{{Rule: "CL101", Severity: "error", File: "q.sql", Line: 1, Column: 1, Message: "m"}}}
	if err := report.SARIF(&buf, rep, "1"); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	json.Unmarshal(buf.Bytes(), &log)
	result := log["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
	result["level"] = "fatal"
	delete(result, "message")
	bad, _ := json.Marshal(log)
	res, err := schema.Validate(gojsonschema.NewBytesLoader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid() || len(res.Errors()) < 2 {
		t.Errorf("a broken log passed: %v", res.Errors())
	}
}
