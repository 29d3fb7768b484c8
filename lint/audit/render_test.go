package audit

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/plan"
)

// TestDeterministic renders every fixture twice from two separate lint
// runs: the outputs must be byte-identical (map order, layout).
func TestDeterministic(t *testing.T) {
	for _, dir := range fixtures.Dirs(filepath.Join("..", "..", "fixtures")) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			md1, h1 := render(t, fixtureAudit(t, name))
			md2, h2 := render(t, fixtureAudit(t, name))
			if !bytes.Equal(md1, md2) || !bytes.Equal(h1, h2) {
				t.Fatal("two runs on the same input rendered differently")
			}
			checkSelfContained(t, h1)
			checkSVG(t, fixtureAudit(t, name).Islands.SVG())
		})
	}
}

// checkSelfContained fails when the page could run code or fetch anything.
func checkSelfContained(t *testing.T, page []byte) {
	t.Helper()
	low := strings.ToLower(string(page))
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "src=", "javascript:"} {
		if strings.Contains(low, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	// the only absolute URL is the SVG namespace
	for _, m := range regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'\s<]*`).FindAllString(string(page), -1) {
		if m != "http://www.w3.org/2000/svg" {
			t.Errorf("page refers to %s", m)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(string(page), -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("link to %s: only in-page anchors are allowed", m[1])
		}
	}
}

// checkSVG parses the picture as XML.
func checkSVG(t *testing.T, svg string) {
	t.Helper()
	if svg == "" {
		return
	}
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

// hostile is a schema and a query whose names and text hold markup.
const hostileSchema = "CREATE DATABASE shop DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci;\nUSE shop;\n" +
	"CREATE TABLE `t<script>alert(1)</script>` (id BIGINT PRIMARY KEY, `c&\"'` VARCHAR(10) COLLATE utf8mb4_unicode_ci, KEY (`c&\"'`));\n" +
	"CREATE TABLE b (id BIGINT PRIMARY KEY, name VARCHAR(10), KEY (name));\n"

const hostileQueries = "SELECT /* <script>alert(2)</script> ``` | ** */ 1 FROM `t<script>alert(1)</script>` x JOIN b ON x.`c&\"'` = b.name;\n"

func hostileAudit(t *testing.T) *Audit {
	t.Helper()
	dir := t.TempDir()
	sp, qp := filepath.Join(dir, "schema.sql"), filepath.Join(dir, "queries.sql")
	os.WriteFile(sp, []byte(hostileSchema), 0o644)
	os.WriteFile(qp, []byte(hostileQueries), 0o644)
	cfg := lint.Config{Schemas: []string{sp}, Queries: []string{qp}}
	rep, err := lint.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 || rep.Findings[0].Rule != "CL101" {
		t.Fatalf("want a CL101 on the hostile join, got %+v %+v", rep.Findings, rep.Errors)
	}
	p, _ := plan.Build(rep, plan.Options{})
	return Build(Input{Title: "<b>title</b>", Report: rep, Plan: p, Statements: FromFiles(cfg)})
}

func TestHTMLEscapesEverything(t *testing.T) {
	a := hostileAudit(t)
	_, page := render(t, a)
	checkSelfContained(t, page)
	s := string(page)
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(2)&lt;/script&gt;", "&lt;b&gt;title&lt;/b&gt;"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks the escaped text %s", want)
		}
	}
	if strings.Contains(s, "<b>title") {
		t.Error("title reached the page unescaped")
	}
	checkSVG(t, a.Islands.SVG())
	if !strings.Contains(a.Islands.SVG(), "t&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the picture lacks the escaped table name")
	}
}

func TestMarkdownEscapesEverything(t *testing.T) {
	md, _ := render(t, hostileAudit(t))
	// outside fenced blocks and code spans no markup may survive
	prose := stripFences(string(md))
	prose = regexp.MustCompile("(`+)[^`].*?[^`]?(`+)").ReplaceAllString(prose, "")
	prose = strings.ReplaceAll(prose, `<a id="m1"></a>`, "")
	if strings.Contains(prose, "<") {
		i := strings.Index(prose, "<")
		t.Errorf("raw < in Markdown prose: %q", prose[max(0, i-60):min(len(prose), i+60)])
	}
	// the statement is shown verbatim in a fence longer than its ``` run
	if !strings.Contains(string(md), "````sql\nSELECT /* <script>alert(2)</script> ``` | ** */ 1 FROM `t<script>alert(1)</script>` x JOIN b ON x.`c&\"'` = b.name\n````\n") {
		t.Errorf("statement not fenced verbatim:\n%s", md)
	}
}

func TestPerformanceSchemaOff(t *testing.T) {
	a := fixtureAudit(t, "seed")
	a.Server = &Server{DSN: "root:***@tcp(127.0.0.1:3306)/shop", Version: "9.7.4", Flavor: "mysql-9", PerformanceSchema: false}
	md, page := render(t, a)
	for _, out := range [][]byte{md, page} {
		if !bytes.Contains(out, []byte("The statements part is missing")) || !bytes.Contains(out, []byte("set performance_schema=ON under")) {
			t.Errorf("no performance_schema notice in:\n%s", out)
		}
	}
	a.Server.PerformanceSchema, a.Server.Digests = true, 3
	md, page = render(t, a)
	if bytes.Contains(md, []byte("statements part is missing")) || bytes.Contains(page, []byte("statements part is missing")) {
		t.Error("notice shown with performance_schema ON")
	}
	if !bytes.Contains(md, []byte("ON (3 statement digest(s) read)")) {
		t.Error("digest count missing")
	}
}

// TestDigestEvidence gives a finding a digest statement: its occurrences
// and digest are shown, and the summary counts it as from digests.
func TestDigestEvidence(t *testing.T) {
	schema, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "seed", "schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	text := "SELECT `a` . `id` , `b` . `name` FROM `a` JOIN `b` ON `a` . `b_id_str` = CAST(`b` . `id` AS CHAR ) WHERE `b` . `id` > ?"
	src := lint.Source{Name: "performance_schema:shop:1a2b3c4d5e6f", Data: []byte(text), DB: "shop", Occurrences: 7}
	cfg := lint.Config{SchemaSources: []lint.Source{{Name: "dsn:shop", Data: schema}}, QuerySources: []lint.Source{src}}
	rep, err := lint.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stmts := FromSources(cfg.QuerySources)
	for i := range stmts {
		stmts[i].Digest, stmts[i].Schema, stmts[i].Count, stmts[i].Errors = "1a2b3c4d5e6f7a8b", "shop", 7, 7
		stmts[i].FirstSeen = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	p, _ := plan.Build(rep, plan.Options{})
	a := Build(Input{Title: "x", Server: &Server{PerformanceSchema: true, Digests: 1}, Report: rep, Plan: p, Statements: stmts})
	var it *Item
	for _, x := range a.Items {
		if x.Finding.Rule == "CL101" {
			it = x
		}
	}
	if it == nil {
		t.Fatalf("no CL101 from the digest: %+v %+v", rep.Findings, rep.Errors)
	}
	if it.Finding.Occurrences != 7 || it.Statement == nil || it.Statement.Count != 7 {
		t.Fatalf("occurrences not carried: %+v %+v", it.Finding, it.Statement)
	}
	if a.Summary.FromDigest != 1 {
		t.Errorf("summary: %d from digests, want 1", a.Summary.FromDigest)
	}
	want := "ran 7 time(s) (performance_schema digest 1a2b3c4d5e6f7a8b, schema shop, 7 with an error, first seen 2025-01-02 03:04:05 UTC)"
	if got := it.Occurrences(); got != want {
		t.Errorf("occurrences:\n got %s\nwant %s", got, want)
	}
	if len(it.Fixes) == 0 {
		t.Error("the digest finding has no migration")
	}
}

// stripFences removes fenced code blocks (their fence is the opening
// line's run of backticks).
func stripFences(md string) string {
	var out []string
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		switch {
		case fence != "":
			if line == fence {
				fence = ""
			}
		case strings.HasPrefix(line, "```"):
			fence = line[:len(line)-len(strings.TrimLeft(line, "`"))]
		default:
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// TestChosenAlternative: when the pre-checks found rows that would not
// convert (collint audit runs them on the server), the generated column
// is the migration, with why and the rows, and the conversion is shown as
// the alternative; per finding, the query-only fixes.
func TestChosenAlternative(t *testing.T) {
	dir := filepath.Join("..", "..", "fixtures", "seed")
	rep, _, err := fixtures.Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"21", "'007'", "'not canonical (leading zeros or sign would be lost)'"}, {"22", "'<b>x|y</b>'", "'not an integer'"}}
	p, err := plan.Build(rep, plan.Options{Offending: map[string][][]string{"shop.a.b_id_str": rows}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Migrations) != 1 || p.Migrations[0].Chosen == "" || p.Migrations[0].Alternative == nil {
		t.Fatalf("the plan did not choose the generated column: %+v", p.Migrations)
	}
	md, page := render(t, Build(Input{Title: "seed", Report: rep, Plan: p}))
	m := string(md)
	for _, want := range []string{
		"**Chosen:** with --dsn the pre-check found 2 rows that would not convert to bigint",
		"Offending rows (at most 10):\n\n```text\n21 | '007' | 'not canonical (leading zeros or sign would be lost)'\n22 | '<b>x|y</b>' | 'not an integer'\n```\n",
		"- add `` `b_id` bigint GENERATED ALWAYS AS (",
		"#### Alternative: the conversion, once the offending rows are fixed\n\n- `` `b_id_str` varchar(32) NOT NULL `` → `` `b_id_str` bigint NOT NULL ``",
		"- **Query-only fix:** `CAST(a.b_id_str AS SIGNED) = b.id` — keeps the index on b.id",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if i, j := strings.Index(m, "ADD COLUMN `b_id`"), strings.Index(m, "MODIFY `b_id_str` bigint"); i < 0 || j < 0 || i > j {
		t.Errorf("the generated column (at %d) must come before the conversion (at %d)", i, j)
	}
	h := string(page)
	for _, want := range []string{
		"<p><strong>Chosen:</strong> with --dsn the pre-check found 2 rows",
		"<pre class=\"offending\"><code>21 | &#39;007&#39; | &#39;not canonical (leading zeros or sign would be lost)&#39;\n22 | &#39;&lt;b&gt;x|y&lt;/b&gt;&#39; | &#39;not an integer&#39;\n</code></pre>",
		"<h4>Alternative: the conversion, once the offending rows are fixed</h4>",
		"<li><strong>Query-only fix:</strong> <code>CAST(a.b_id_str AS SIGNED) = b.id</code>",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	checkSelfContained(t, page)
}
