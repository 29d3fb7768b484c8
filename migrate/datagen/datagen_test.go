package datagen_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/migrate/datagen"
)

func catalogOf(t *testing.T, flavor, schema string) *catalog.Catalog {
	t.Helper()
	s, err := lint.NewSession(flavor, "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("schema.sql", schema); len(errs) > 0 {
		t.Fatal(errs)
	}
	return s.Catalog()
}

const shop = `CREATE DATABASE shop DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
USE shop;
CREATE TABLE child (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id BIGINT NOT NULL,
  opt_parent BIGINT NULL,
  ref VARCHAR(32) NOT NULL,
  CONSTRAINT fk_p FOREIGN KEY (parent_id) REFERENCES parent (id),
  CONSTRAINT fk_o FOREIGN KEY (opt_parent) REFERENCES parent (id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE parent (
  id BIGINT NOT NULL PRIMARY KEY,
  code VARCHAR(8) NOT NULL,
  name VARCHAR(40) CHARACTER SET latin1 NULL,
  legacy VARCHAR(40) CHARACTER SET utf8mb3 NOT NULL,
  any4 VARCHAR(40) NOT NULL,
  tiny TINYINT UNSIGNED NOT NULL,
  amount DECIMAL(6,2) NOT NULL,
  born DATE NULL,
  kind ENUM('a','b','c') NOT NULL,
  doc JSON NULL,
  UNIQUE KEY uk_code (code)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
`

func column(t *testing.T, tt *datagen.Table, name string) []datagen.Value {
	t.Helper()
	for j, c := range tt.Columns {
		if c.Name == name {
			var out []datagen.Value
			for _, r := range tt.Rows {
				out = append(out, r[j])
			}
			return out
		}
	}
	t.Fatalf("no column %s", name)
	return nil
}

func TestGenerateRespectsSchema(t *testing.T) {
	cat := catalogOf(t, "mysql-9", shop)
	d := datagen.Generate(cat, datagen.Options{Rows: 60, Seed: 1, IDColumns: map[string]string{"shop.child.ref": "shop.parent.id"}})
	if len(d.Tables) != 2 || d.Tables[0].Table.Name != "parent" || d.Tables[1].Table.Name != "child" {
		t.Fatalf("parents first: %v", d.Counts())
	}
	parent, child := d.Tables[0], d.Tables[1]
	if len(parent.Rows) != 60 || len(child.Rows) != 60 {
		t.Fatalf("rows: %v", d.Counts())
	}
	ids := map[string]bool{}
	for _, v := range column(t, parent, "id") {
		if v.Null || ids[v.Text] {
			t.Fatalf("primary key value %q null or repeated", v.Text)
		}
		ids[v.Text] = true
	}
	// hazards: min and max of the type, NULLs where allowed, never where not
	seen := map[string]bool{}
	for _, v := range column(t, parent, "id") {
		seen[v.Text] = true
	}
	if !seen["-9223372036854775808"] || !seen["9223372036854775807"] {
		t.Errorf("bigint min/max hazards missing")
	}
	tiny := map[string]bool{}
	for _, v := range column(t, parent, "tiny") {
		tiny[v.Text] = true
	}
	if !tiny["255"] || !tiny["0"] {
		t.Errorf("tinyint unsigned hazards 0 and 255 missing: %v", tiny)
	}
	codes := map[string]bool{}
	for _, v := range column(t, parent, "code") {
		k := strings.ToLower(strings.TrimRight(v.Text, " "))
		if codes[k] {
			t.Errorf("uk_code collides under _ai_ci: %q", v.Text)
		}
		codes[k] = true
		if len([]rune(v.Text)) > 8 {
			t.Errorf("code %q longer than VARCHAR(8)", v.Text)
		}
	}
	has := func(vals []datagen.Value, want string) bool {
		for _, v := range vals {
			if v.Text == want && !v.Null {
				return true
			}
		}
		return false
	}
	if any4 := column(t, parent, "any4"); !has(any4, "emoji 😀") || !has(any4, "") || !has(any4, "trailing ") || !has(any4, "Élan") || !has(any4, "ÉLAN") || !has(any4, "007") {
		t.Errorf("utf8mb4 column lacks hazards: %v", any4)
	}
	for _, name := range []string{"name", "legacy"} {
		for _, v := range column(t, parent, name) {
			if strings.ContainsAny(v.Text, "😀𝄞") {
				t.Errorf("%s (%s) got a 4-byte character: %q", name, name, v.Text)
			}
		}
	}
	if !has(column(t, parent, "name"), "Élan") {
		t.Error("latin1 holds É: the accent hazard belongs there")
	}
	nulls := 0
	for _, v := range column(t, parent, "name") {
		if v.Null {
			nulls++
		}
	}
	if nulls == 0 {
		t.Error("nullable column without NULLs")
	}
	for _, name := range []string{"code", "legacy", "any4", "amount", "kind"} {
		for _, v := range column(t, parent, name) {
			if v.Null {
				t.Errorf("NOT NULL column %s got NULL", name)
			}
		}
	}
	// foreign keys take parent values
	for _, v := range column(t, child, "parent_id") {
		if !ids[v.Text] {
			t.Errorf("child.parent_id %q is not a parent id", v.Text)
		}
	}
	for _, v := range column(t, child, "opt_parent") {
		if !v.Null && !ids[v.Text] {
			t.Errorf("child.opt_parent %q is not a parent id", v.Text)
		}
	}
	// id text: mostly parent ids, plus '00<id>' style hazards
	valid, zeros := 0, 0
	for _, v := range column(t, child, "ref") {
		if ids[v.Text] {
			valid++
		}
		if strings.HasPrefix(v.Text, "00") {
			zeros++
		}
	}
	if valid < 40 || zeros == 0 {
		t.Errorf("ref: %d valid ids, %d leading-zero hazards", valid, zeros)
	}
	// deterministic
	again := datagen.Generate(cat, datagen.Options{Rows: 60, Seed: 1, IDColumns: map[string]string{"shop.child.ref": "shop.parent.id"}})
	name := func(t *catalog.Table) string { return t.QualifiedName() }
	if !reflect.DeepEqual(d.Statements(50, name), again.Statements(50, name)) {
		t.Error("same seed, different rows")
	}
	if st := d.Statements(50, name); len(st) != 4 || !strings.HasPrefix(st[0], "INSERT INTO shop.parent (`id`, `code`") {
		t.Errorf("statements: %d, %.80s", len(st), st[0])
	}
}

func TestUniqueUnderCollation(t *testing.T) {
	cat := catalogOf(t, "mysql-9", `CREATE DATABASE u; USE u;
CREATE TABLE t (c VARCHAR(3) COLLATE utf8mb4_0900_ai_ci NOT NULL PRIMARY KEY, b VARCHAR(3) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY (b), y TINYINT(1) NOT NULL UNIQUE);`)
	d := datagen.Generate(cat, datagen.Options{Rows: 50, Seed: 7})
	tt := d.Tables[0]
	if len(tt.Rows) != 2 {
		t.Errorf("a TINYINT(1) unique key holds two values, got %d rows", len(tt.Rows))
	}
	reg := cat.Flavor.Charsets
	if got, want := datagen.Fold(reg, tt.Table.Column("c"), "Élan ", 0), "elan"; got != want {
		t.Errorf("fold under _ai_ci: %q, want %q", got, want)
	}
	if got := datagen.Fold(reg, tt.Table.Column("b"), "Élan ", 0); got != "Élan" {
		t.Errorf("fold under utf8mb4_bin (PAD SPACE): %q", got)
	}
}

func TestSelfReferenceAndCycle(t *testing.T) {
	cat := catalogOf(t, "mysql-9", `CREATE DATABASE c; USE c;
CREATE TABLE node (id INT PRIMARY KEY, parent INT NULL, FOREIGN KEY (parent) REFERENCES node (id));`)
	d := datagen.Generate(cat, datagen.Options{Rows: 10})
	if len(d.Tables[0].Rows) != 10 || len(d.Notes) != 1 {
		t.Errorf("rows %d, notes %v", len(d.Tables[0].Rows), d.Notes)
	}
}
