package verify

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/plan"
)

var update = flag.Bool("update", false, "rewrite testdata/report.*")

// TestReadMigrationsEveryFormat: collint migrate's files in each format
// read back with their down part and the pre-check SQL exactly as planned.
func TestReadMigrationsEveryFormat(t *testing.T) {
	s, err := lint.NewSession("mysql-9", "")
	if err != nil {
		t.Fatal(err)
	}
	schema, _ := os.ReadFile("../../fixtures/seed/schema.sql")
	queries, _ := os.ReadFile("../../fixtures/seed/queries.sql")
	if errs := s.Apply("schema.sql", string(schema)); len(errs) > 0 {
		t.Fatal(errs)
	}
	p, err := plan.Build(s.Lint("queries.sql", queries), plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(strings.TrimSpace(p.Migrations[0].PreChecks[0].SQL), ";")
	for _, format := range plan.Formats {
		dir := t.TempDir()
		if _, err := p.WriteFiles(dir, format); err != nil {
			t.Fatal(err)
		}
		migs, err := ReadMigrations(dir, "")
		if err != nil {
			t.Fatal(format, err)
		}
		if len(migs) != 1 {
			t.Fatalf("%s: %d migrations", format, len(migs))
		}
		m := migs[0]
		if !strings.Contains(m.Up, "MODIFY `b_id_str` bigint NOT NULL") || strings.Contains(m.Up, "varchar(32)") {
			t.Errorf("%s: up:\n%s", format, m.Up)
		}
		if m.DownFile == "" || !strings.Contains(m.Down, "MODIFY `b_id_str` varchar(32) NOT NULL") || strings.Contains(m.Down, "bigint NOT NULL") {
			t.Errorf("%s: down %q:\n%s", format, m.DownFile, m.Down)
		}
		if len(m.PreChecks) != 1 || m.PreChecks[0].SQL != want || m.PreChecks[0].Name != "a.b_id_str converts to bigint without loss" {
			t.Errorf("%s: pre-checks %+v\nwant SQL\n%s", format, m.PreChecks, want)
		}
	}
	if migs, err := ReadMigrations("../../cmd/collint/testdata/verify/lossy/001_a_bigint.up.sql", ""); err != nil || migs[0].DownFile != "" || len(migs[0].PreChecks) != 0 {
		t.Errorf("a single file is up only, without pre-checks: %+v %v", migs, err)
	}
}

func TestScopeRewrite(t *testing.T) {
	s := &scope{scratch: "collint_scratch_1", names: map[string]string{}}
	for _, tc := range []struct{ in, want, err string }{
		{"CREATE DATABASE shop DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci", "ALTER DATABASE `collint_scratch_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", ""},
		{"USE shop", "", ""},
		{"ALTER TABLE `shop`.`a` MODIFY b VARCHAR(3) COMMENT 'shop.a'", "ALTER TABLE `collint_scratch_1`.`a` MODIFY b VARCHAR(3) COMMENT 'shop.a'", ""},
		{"SELECT a.id FROM shop.a AS a JOIN b ON a.x = b.y", "SELECT a.id FROM `collint_scratch_1`.a AS a JOIN b ON a.x = b.y", ""},
		{"INSERT INTO audit.log VALUES (1)", "", "names database audit"},
		{"DROP DATABASE shop", "", "is not a statement verify runs"},
		{"SET GLOBAL max_connections = 1", "", "SET GLOBAL"},
		{"CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN END", "", "cannot be read"},
	} {
		got, _, err := s.rewrite(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s:\n got %q %v\nwant %q", tc.in, got, err, tc.want)
		}
	}
	// in a container nothing is rewritten
	if got, _, err := (&scope{}).rewrite("INSERT INTO audit.log VALUES (1)"); err != nil || got != "INSERT INTO audit.log VALUES (1)" {
		t.Errorf("container: %q %v", got, err)
	}
}

func TestSameValue(t *testing.T) {
	c := func(s string) cell { return cell{Text: s} }
	for _, tc := range []struct {
		old, new cell
		same     bool
	}{
		{c("42"), c("42"), true},
		{c("007"), c("7"), false},
		{c("12.5"), c("13"), false},
		{c("+7"), c("7"), false},
		{c("1.5"), c("1.50"), true},
		{c("5"), c("5.00"), true},
		{c("2024-01-02"), c("2024-01-02 00:00:00"), true},
		{c("Élan"), c("Élan"), true},
		{c(""), cell{Null: true}, false},
		{cell{Null: true}, cell{Null: true}, true},
		{c("5"), c("50"), false},
	} {
		if got := sameValue(tc.old, tc.new); got != tc.same {
			t.Errorf("%q → %q: same=%v", tc.old.Text, tc.new.Text, got)
		}
	}
}

// TestReportFormats: the shape of each format (golden; -update rewrites).
func TestReportFormats(t *testing.T) {
	up := &Step{Name: "up", Millis: 12, Pass: true, Notes: []string{"applied m/001_a.up.sql"}}
	data := &Step{Name: "data", Millis: 3, Pass: false}
	data.fail("shop.a.b_id_str: 1 of 5 value(s) changed by the conversion (varchar(32) → bigint)")
	data.evidence("shop.a id=3: b_id_str '007' → 7 (varchar(32) → bigint): value lost")
	rep := &Report{Millis: 4000, Runs: []*ServerRun{{
		Target: "collint/mysql:9.7", Server: "9.7.4-2", Flavor: "mysql-9", ConnCollation: "utf8mb4_0900_ai_ci",
		Steps:      []*Step{{Name: "start", Millis: 3900, Pass: true, Notes: []string{"started abc"}}},
		Migrations: []*MigrationResult{{Name: "001_a.up.sql", Steps: []*Step{up, data}}},
	}}}
	for _, format := range Formats {
		var b bytes.Buffer
		if err := rep.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "report."+format)
		if *update {
			os.MkdirAll("testdata", 0o755)
			os.WriteFile(golden, b.Bytes(), 0o644)
		}
		want, _ := os.ReadFile(golden)
		if b.String() != string(want) {
			t.Errorf("%s differs from %s:\n%s", format, golden, b.String())
		}
	}
}
