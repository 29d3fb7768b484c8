package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
)

func sample() *lint.Report {
	return &lint.Report{
		Findings: []lint.Finding{
			{Rule: "CL101", Name: "illegal-collation-mix", Severity: "error", Impact: "query-error", ServerError: 1267,
				File: "q.sql", Line: 2, Column: 38, Message: "a.x (utf8mb4_unicode_ci, IMPLICIT) = CAST(b.id AS CHAR): MySQL rejects this, 100% sure\nreally",
				Hint: "align", Columns: []string{"shop.a.x", "shop.b.id"}, IndexUnusable: []string{}},
			{Rule: "CL202", Name: "index-unusable-type", Severity: "warning", Impact: "index-unusable",
				File: "q.sql", Line: 5, Column: 1, Message: "m", Columns: []string{}, IndexUnusable: []string{"shop.a.x"}},
			{Rule: "CL404", Name: "utf8mb3-usage", Severity: "info", Impact: "schema", File: "s.sql", Line: 1, Column: 1, Message: "u <&> 'q'"},
		},
		Errors: []lint.Error{{File: "s.sql", Line: 3, Column: 7, Message: "syntax error near 'x'"}},
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sample(), false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"q.sql:2:38: error CL101 illegal-collation-mix: a.x",
		"    hint: align\n",
		"s.sql:3:7: input error: syntax error near 'x'",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without a terminal")
	}
	b.Reset()
	Text(&b, sample(), true)
	if !strings.Contains(b.String(), "\x1b[31m") {
		t.Error("no colour when asked")
	}
}

func TestGitHub(t *testing.T) {
	var b bytes.Buffer
	GitHub(&b, sample())
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 annotations, got %d:\n%s", len(lines), b.String())
	}
	if want := "::error file=q.sql,line=2,col=38,title=CL101 illegal-collation-mix::a.x (utf8mb4_unicode_ci, IMPLICIT) = CAST(b.id AS CHAR): MySQL rejects this, 100%25 sure%0Areally"; lines[0] != want {
		t.Errorf("got  %s\nwant %s", lines[0], want)
	}
	if !strings.HasPrefix(lines[2], "::notice file=s.sql") || !strings.HasPrefix(lines[3], "::error file=s.sql,line=3,col=7,title=collint input error::") {
		t.Errorf("levels: %v", lines)
	}
}

func TestCheckstyle(t *testing.T) {
	var b bytes.Buffer
	if err := Checkstyle(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     int    `xml:"line,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if len(doc.Files) != 2 || doc.Files[0].Name != "q.sql" || len(doc.Files[0].Errors) != 2 || doc.Files[1].Errors[0].Message != "u <&> 'q'" || doc.Files[0].Errors[0].Source != "collint.CL101" {
		t.Errorf("unexpected document: %+v", doc)
	}
}

// TestSARIF checks the log against the SARIF 2.1.0 schema's requirements
// for the objects collint writes (required properties, enums, minimums,
// no unknown properties on closed objects).
func TestSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := SARIF(&b, sample(), "test"); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	only := func(obj map[string]any, where string, allowed ...string) {
		ok := map[string]bool{}
		for _, a := range allowed {
			ok[a] = true
		}
		for k := range obj {
			if !ok[k] {
				t.Errorf("%s: property %q not allowed by the schema", where, k)
			}
		}
	}
	only(log, "log", "$schema", "version", "runs", "inlineExternalProperties", "properties")
	if log["version"] != "2.1.0" {
		t.Errorf("version %v", log["version"])
	}
	runs := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("runs: %d", len(runs))
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != "collint" {
		t.Errorf("driver %v", driver["name"])
	}
	levels := map[string]bool{"none": true, "note": true, "warning": true, "error": true}
	rulesArr := driver["rules"].([]any)
	ids := map[string]int{}
	for i, r := range rulesArr {
		rd := r.(map[string]any)
		only(rd, "reportingDescriptor", "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties")
		id, _ := rd["id"].(string)
		if id == "" {
			t.Errorf("rule %d without id", i)
		}
		ids[id] = i
		for _, k := range []string{"shortDescription", "fullDescription", "help"} {
			if m, _ := rd[k].(map[string]any); m == nil || m["text"] == "" {
				t.Errorf("rule %s: %s without text", id, k)
			}
		}
		if lv := rd["defaultConfiguration"].(map[string]any)["level"].(string); !levels[lv] {
			t.Errorf("rule %s: level %q", id, lv)
		}
	}
	results := run["results"].([]any)
	if len(results) != 4 {
		t.Fatalf("results: %d", len(results))
	}
	for _, r := range results {
		res := r.(map[string]any)
		only(res, "result", "ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid", "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties")
		if !levels[res["level"].(string)] {
			t.Errorf("level %v", res["level"])
		}
		if msg := res["message"].(map[string]any); msg["text"] == "" {
			t.Error("result without message text")
		}
		if int(res["ruleIndex"].(float64)) != ids[res["ruleId"].(string)] {
			t.Errorf("ruleIndex %v does not point at %v", res["ruleIndex"], res["ruleId"])
		}
		loc := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		region := loc["region"].(map[string]any)
		if region["startLine"].(float64) < 1 || region["startColumn"].(float64) < 1 {
			t.Errorf("region %v", region)
		}
		if loc["artifactLocation"].(map[string]any)["uri"] == "" {
			t.Error("no artifact uri")
		}
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"queries.sql":             "queries.sql",
		"db/migrations/V1__x.sql": "db/migrations/V1__x.sql",
		"my queries/100% ü#1.sql": "my%20queries/100%25%20%C3%BC%231.sql",
		"/tmp/q.sql":              "file:///tmp/q.sql",
		`C:\sql\q.sql`:            "file:///C:/sql/q.sql",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}
