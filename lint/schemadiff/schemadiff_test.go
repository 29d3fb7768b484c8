package schemadiff_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/schemadiff"
	"github.com/collint/collint/lint/schemaout"
)

func build(t *testing.T, sql string) *schemaout.Schema {
	t.Helper()
	s, err := lint.NewSession("mysql-8.4", "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("schema.sql", sql); len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	return schemaout.FromCatalog(s.Catalog())
}

func TestDiff(t *testing.T) {
	a := build(t, `CREATE DATABASE app; USE app;
CREATE TABLE acc (id INT PRIMARY KEY, handle VARCHAR(40) NOT NULL, bio TEXT, KEY k_handle (handle)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE gone (x INT);`)
	b := build(t, `CREATE DATABASE app; USE app;
CREATE TABLE acc (id INT PRIMARY KEY, handle VARCHAR(40) COLLATE utf8mb4_unicode_ci NOT NULL DEFAULT '', bio MEDIUMTEXT, extra INT, KEY k_handle (handle(10))) DEFAULT CHARSET=utf8mb4;
CREATE TABLE added (x INT);`)
	var got []string
	for _, c := range schemadiff.Diff(a, b, schemadiff.Options{}) {
		got = append(got, c.String())
	}
	want := []string{
		"app.acc.handle: collation: utf8mb4_0900_ai_ci | utf8mb4_unicode_ci",
		"app.acc.handle: default: (none) | ''",
		"app.acc.bio: type: text | mediumtext",
		"app.acc.extra: (absent) | column int",
		"app.acc: index k_handle: (handle) | (handle(10))",
		"app.gone: table | (absent)",
		"app.added: (absent) | table",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(schemadiff.Diff(a, a, schemadiff.Options{})); n != 0 {
		t.Errorf("a schema differs from itself: %d changes", n)
	}
	if d := schemadiff.Diff(a, b, schemadiff.Options{IgnoreDefaults: true}); len(d) != len(want)-1 {
		t.Errorf("IgnoreDefaults: %d changes", len(d))
	}
}

func TestPairSingleAndWrite(t *testing.T) {
	a := build(t, "CREATE DATABASE app; USE app; CREATE TABLE t (a VARCHAR(3))")
	b := build(t, "CREATE DATABASE app_prod; USE app_prod; CREATE TABLE t (a VARCHAR(3) CHARACTER SET latin1)")
	note := schemadiff.PairSingle(a, b)
	if note != "comparing database app (A) with app_prod (B)" {
		t.Errorf("note %q", note)
	}
	r := &schemadiff.Report{A: "migrations/", B: "mysql://app:***@db:3306/app_prod", Notes: []string{note}, Changes: schemadiff.Diff(a, b, schemadiff.Options{})}
	var text, js bytes.Buffer
	if err := schemadiff.Write(&text, r, "text"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "app.t.a: charset: utf8mb4 | latin1") || !strings.Contains(text.String(), "note: comparing database app") {
		t.Errorf("text:\n%s", text.String())
	}
	if err := schemadiff.Write(&js, r, "json"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		A, B    string
		Changes []map[string]string
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || len(doc.Changes) != 2 || doc.Changes[0]["path"] != "app.t.a" || doc.Changes[0]["field"] != "charset" {
		t.Errorf("json %v: %s", err, js.String())
	}
}
