package schemaout_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/schemaout"
)

func build(t *testing.T, flavor, sql string) *schemaout.Schema {
	t.Helper()
	s, err := lint.NewSession(flavor, "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("schema.sql", sql); len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	return schemaout.FromCatalog(s.Catalog())
}

const shop = `
CREATE DATABASE shop;
USE shop;
CREATE TABLE settlement (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_ref VARCHAR(32) NOT NULL,
  amount DECIMAL(12,2) NOT NULL DEFAULT 0,
  note TEXT,
  KEY idx_ref (merchant_ref),
  KEY idx_note (note(10))
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE payout (
  id INT UNSIGNED NOT NULL PRIMARY KEY,
  settlement_id INT UNSIGNED,
  legacy_code CHAR(4) CHARACTER SET latin1,
  CONSTRAINT fk_settlement FOREIGN KEY (settlement_id) REFERENCES settlement (id)
);
CREATE VIEW v AS SELECT s.merchant_ref, p.id FROM settlement s LEFT JOIN payout p ON p.settlement_id = s.id;
`

// The JSON shape is an interface: these names must not change.
func TestJSONShape(t *testing.T) {
	s := build(t, "mysql-8.4", shop)
	var b bytes.Buffer
	if err := schemaout.WriteJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Databases []struct {
			Name, Charset, Collation string
			Tables                   []struct {
				Name, Charset, Collation string
				View                     bool
				Columns                  []map[string]any
				Indexes                  []map[string]any
				ForeignKeys              []map[string]any `json:"foreign_keys"`
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Databases) != 1 || doc.Databases[0].Name != "shop" || doc.Databases[0].Collation != "utf8mb4_0900_ai_ci" {
		t.Fatalf("databases: %+v", doc.Databases)
	}
	tables := doc.Databases[0].Tables
	if len(tables) != 3 || tables[1].Name != "settlement" || tables[1].Collation != "utf8mb4_unicode_ci" || tables[1].View || !tables[2].View {
		t.Fatalf("tables (sorted by name): %+v", tables)
	}
	ref := tables[1].Columns[1]
	for k, want := range map[string]any{"name": "merchant_ref", "type": "varchar(32)", "charset": "utf8mb4", "collation": "utf8mb4_unicode_ci",
		"collation_source": "table", "nullable": false, "default": nil} {
		if got, ok := ref[k]; !ok || got != want {
			t.Errorf("column %s = %v (present %v), want %v", k, got, ok, want)
		}
	}
	id := tables[1].Columns[0]
	if id["type"] != "int unsigned" || id["charset"] != "" || id["collation"] != "" {
		t.Errorf("non-string column: %v", id)
	}
	if d := tables[1].Columns[2]["default"]; d != "0.00" {
		t.Errorf("decimal(12,2) DEFAULT 0 shows %v, want 0.00 (as COLUMN_DEFAULT)", d)
	}
	var idx map[string]any
	for _, ix := range tables[1].Indexes {
		if ix["name"] == "idx_ref" {
			idx = ix
		}
	}
	if idx == nil || idx["unique"] != false || idx["key_bytes"] != float64(128) || len(idx["columns"].([]any)) != 1 {
		t.Errorf("idx_ref: %v (want key_bytes 128 = 32 characters × 4)", idx)
	}
	if tables[0].Indexes[0]["name"] != "PRIMARY" {
		t.Errorf("PRIMARY first: %v", tables[0].Indexes)
	}
	fk := tables[0].ForeignKeys
	if len(fk) != 1 || fk[0]["name"] != "fk_settlement" || fk[0]["ref_table"] != "settlement" {
		t.Errorf("foreign keys: %v", fk)
	}
	// views: the columns they expose, nullable on the outer join's inner side
	if c := tables[2].Columns; len(c) != 2 || c[1]["name"] != "id" || c[1]["nullable"] != true || c[0]["collation"] != "utf8mb4_unicode_ci" {
		t.Errorf("view columns: %v", c)
	}
	if doc.Errors == nil {
		t.Error(`"errors" must be present (empty)`)
	}
}

func TestTextShowsSourcesIslandsAndKeys(t *testing.T) {
	s := build(t, "mysql-8.4", shop)
	var b bytes.Buffer
	if err := schemaout.WriteText(&b, s); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"database shop  utf8mb4_0900_ai_ci (server)",
		"collations: utf8mb4_unicode_ci 2 (island: settlement.merchant_ref, settlement.note), latin1_swedish_ci 1 (island: payout.legacy_code)",
		"  table settlement  utf8mb4_unicode_ci (table)",
		"    merchant_ref  varchar(32)    utf8mb4_unicode_ci (table)  NOT NULL",
		"    amount        decimal(12,2)                              NOT NULL  DEFAULT '0.00'",
		"    key idx_note (note(10))  40 bytes",
		"    primary key (id)  4 bytes",
		"    foreign key fk_settlement (settlement_id) references shop.settlement (id)",
		"  view v",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing space: %q", line)
		}
	}
}

// Integer display widths: MySQL 8.0.19+ drops them (but for tinyint(1)
// and ZEROFILL), MariaDB keeps them; MariaDB's JSON is longtext.
func TestTypesFollowTheFlavor(t *testing.T) {
	ddl := "CREATE DATABASE d; USE d; CREATE TABLE t (a INT, b TINYINT(1), c TINYINT(1) UNSIGNED, d INT(5) ZEROFILL, e BIGINT UNSIGNED, j JSON, g POINT, y YEAR)"
	for fl, want := range map[string]string{
		"mysql-8.4":     "int tinyint(1) tinyint unsigned int(5) unsigned zerofill bigint unsigned json point year",
		"mysql-5.7":     "int(11) tinyint(1) tinyint(1) unsigned int(5) unsigned zerofill bigint(20) unsigned json point year(4)",
		"mariadb-10.11": "int(11) tinyint(1) tinyint(1) unsigned int(5) unsigned zerofill bigint(20) unsigned longtext point year(4)",
	} {
		s := build(t, fl, ddl)
		var got []string
		for _, c := range s.Databases[0].Tables[0].Columns {
			got = append(got, c.Type)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s:\n got %s\nwant %s", fl, strings.Join(got, " "), want)
		}
	}
}

func TestCanonDefault(t *testing.T) {
	ty := func(s string) catalog.Type {
		t, err := catalog.ParseColumnType(s)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, k := range []struct {
		value string
		expr  bool
		typ   string
		want  string
	}{
		{"0", false, "decimal(10,2)", "0.00"},
		{"1.5", false, "int", "2"},
		{"-1", false, "int", "-1"},
		{"now()", false, "datetime", "CURRENT_TIMESTAMP"},
		{"current_timestamp(6)", false, "datetime(6)", "CURRENT_TIMESTAMP(6)"},
		{"b'0'", false, "bit(1)", "b'0'"},
		{"0x00", false, "bit(1)", "b'0'"},
		{"x'41'", false, "varchar(3)", "A"},
		{"", false, "binary(2)", "\x00\x00"},
		{"CURRENT_DATE()", true, "date", "curdate()"},
		{"JSON_ARRAY()", true, "json", "json_array()"},
		{"(UUID_TO_BIN(UUID()))", true, "binary(16)", "uuid_to_bin(uuid())"},
		{"It's", false, "varchar(9)", "It's"},
		{"1e3", false, "double", "1000"},
	} {
		if got := *schemaout.CanonDefault(k.value, k.expr, ty(k.typ)); got != k.want {
			t.Errorf("CanonDefault(%q, %v, %s) = %q, want %q", k.value, k.expr, k.typ, got, k.want)
		}
	}
}
