package charset

import (
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	pcharset "github.com/pingcap/tidb/pkg/parser/charset"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

const parserDDL = "CREATE TABLE t (a VARCHAR(5) CHARACTER SET latin2, b TEXT CHARACTER SET euckr COLLATE euckr_korean_ci, c VARCHAR(3) COLLATE utf8mb4_uca1400_ai_ci, d CHAR(2) CHARSET utf16)"

// The column clauses of parserDDL one by one, and what the stock TiDB
// parser says about each before RegisterWithParser.
var parserClauses = []struct {
	col       string
	failsWith string // "" = parses even before registration
}{
	{"a VARCHAR(5) CHARACTER SET latin2", "Unknown character set: 'latin2'"},
	{"b TEXT CHARACTER SET euckr COLLATE euckr_korean_ci", "Unknown character set: 'euckr'"},
	{"c VARCHAR(3) COLLATE utf8mb4_uca1400_ai_ci", "Unknown collation: 'utf8mb4_uca1400_ai_ci'"},
	{"d CHAR(2) CHARSET utf16", "Unknown character set: 'utf16'"},
	{"e VARCHAR(3) COLLATE utf8mb3_unicode_520_ci", "Unknown collation: 'utf8mb3_unicode_520_ci'"},
	{"f VARCHAR(3) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci", ""},
	{"g VARCHAR(3) COLLATE utf8mb4_0900_ai_ci", ""},
	{"h VARCHAR(3) COLLATE uca1400_ai_ci", "Unknown collation: 'uca1400_ai_ci'"},
	{"i VARCHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin", "Unknown collation: 'utf8mb4_nopad_bin'"},
	{"j VARCHAR(3) CHARACTER SET ucs2 COLLATE ucs2_general_ci", "Unknown character set: 'ucs2'"},
	{"k VARCHAR(3) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_nopad_ci", "Unknown collation: 'utf8mb3_general_nopad_ci'"},
	{"l VARCHAR(3) CHARACTER SET latin1 COLLATE latin1_german2_ci", ""},
}

func parseDDL(sql string) error {
	_, _, err := parser.New().Parse(sql, "", "")
	return err
}

// TestRegisterWithParser must be the only test that calls RegisterWithParser
// (it checks the parser's state before registering).
func TestRegisterWithParser(t *testing.T) {
	if parserRegistered.Load() {
		t.Skip("RegisterWithParser already ran in this process (go test -count>1)")
	}
	// Before: the stock parser rejects the DDL, clause by clause.
	if err := parseDDL(parserDDL); err == nil {
		t.Fatal("parser accepts the DDL before registration; the test no longer proves anything")
	} else {
		t.Logf("before RegisterWithParser: %v", err)
	}
	for _, c := range parserClauses {
		err := parseDDL("CREATE TABLE t (" + c.col + ")")
		switch {
		case c.failsWith == "" && err != nil:
			t.Errorf("before: %s: %v", c.col, err)
		case c.failsWith != "" && (err == nil || !strings.Contains(err.Error(), c.failsWith)):
			t.Errorf("before: %s: got %v, want %q", c.col, err, c.failsWith)
		}
	}

	// Snapshot the parser's ID map and supported list.
	idsBefore := map[int]*pcharset.Collation{}
	for id := 0; id < 4096; id++ {
		if c, err := pcharset.GetCollationByID(id); err == nil {
			idsBefore[id] = c
		}
	}
	supportedBefore := len(pcharset.GetSupportedCollations())
	charsetsBefore := map[string]string{}
	for _, cs := range []string{"utf8", "utf8mb4", "ascii", "latin1", "binary", "gbk", "gb18030"} {
		info, err := pcharset.GetCharsetInfo(cs)
		if err != nil {
			t.Fatal(err)
		}
		charsetsBefore[cs] = info.DefaultCollation
	}

	RegisterWithParser()
	RegisterWithParser() // idempotent

	stmts, _, err := parser.New().Parse(parserDDL, "", "")
	if err != nil {
		t.Fatalf("after RegisterWithParser: %v", err)
	}
	ct := stmts[0].(*ast.CreateTableStmt)
	got := map[string]string{}
	for _, col := range ct.Cols {
		got[col.Name.Name.O] = col.Tp.GetCharset()
	}
	for col, want := range map[string]string{"a": "latin2", "b": "euckr", "d": "utf16"} {
		if got[col] != want {
			t.Errorf("column %s: %s, want %s", col, got[col], want)
		}
	}
	collates := map[string]string{}
	for _, col := range ct.Cols {
		for _, o := range col.Options {
			if o.Tp == ast.ColumnOptionCollate {
				collates[col.Name.Name.O] = o.StrValue
			}
		}
	}
	if collates["b"] != "euckr_korean_ci" || collates["c"] != "utf8mb4_uca1400_ai_ci" {
		t.Errorf("COLLATE clauses: %v", collates)
	}
	for _, c := range parserClauses {
		if err := parseDDL("CREATE TABLE t (" + c.col + ")"); err != nil {
			t.Errorf("after: %s: %v", c.col, err)
		}
	}
	// Every collation name of every flavor parses.
	for _, f := range parserOrder {
		r, err := For(f)
		if err != nil {
			continue
		}
		for _, c := range r.Collations() {
			if _, err := pcharset.GetCollationByName(c.Name); err != nil {
				t.Errorf("%s: %s: %v", f, c.Name, err)
			}
		}
		for _, cs := range r.Charsets() {
			if _, err := pcharset.GetCharsetInfo(cs.Name); err != nil {
				t.Errorf("%s: charset %s: %v", f, cs.Name, err)
			}
		}
	}

	// TiDB's own entries are untouched.
	for id, c := range idsBefore {
		if now, err := pcharset.GetCollationByID(id); err != nil || now != c {
			t.Errorf("ID %d: was %s, now %v (%v)", id, c.Name, now, err)
		}
		if now, err := pcharset.GetCollationByName(c.Name); err != nil || now != c {
			t.Errorf("name %s: was ID %d, now %v (%v)", c.Name, c.ID, now, err)
		}
	}
	if n := len(pcharset.GetSupportedCollations()); n != supportedBefore {
		t.Errorf("GetSupportedCollations: %d entries, was %d", n, supportedBefore)
	}
	for cs, def := range charsetsBefore {
		info, _ := pcharset.GetCharsetInfo(cs)
		if info.DefaultCollation != def {
			t.Errorf("charset %s: default %s, was %s", cs, info.DefaultCollation, def)
		}
	}
	// Introducers stay limited to what the parser hard-codes.
	if err := parseDDL("SELECT _latin2'x'"); err == nil || !strings.Contains(err.Error(), "Unsupported character introducer") {
		t.Errorf("_latin2'x': %v", err)
	}
}
