package audit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/collint/collint/fixtures"
	"github.com/collint/collint/migrate/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// fixtureAudit builds the audit of a bundled fixture, as collint audit
// does for files.
func fixtureAudit(t *testing.T, name string) *Audit {
	t.Helper()
	dir := filepath.Join("..", "..", "fixtures", name)
	rep, cfg, err := fixtures.Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(rep, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	stmts := FromFiles(cfg)
	os.Chdir(wd)
	return Build(Input{Title: "fixtures/" + name, Report: rep, Plan: p, Statements: stmts})
}

func render(t *testing.T, a *Audit) (md, html []byte) {
	t.Helper()
	var m, h bytes.Buffer
	if err := Markdown(&m, a); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&h, a); err != nil {
		t.Fatal(err)
	}
	return m.Bytes(), h.Bytes()
}
