package charset

import (
	"io/fs"
	"testing"
)

// TestBehavior checks the flags read from collation names against what the
// server answered (data/<dir>/behavior.tsv, measured by ./gen): PAD, case
// sensitivity and binary sort must agree everywhere; AccentSensitive is
// taken from the measurement, and the collations whose name reading it
// corrects are logged.
func TestBehavior(t *testing.T) {
	for _, f := range Flavors() {
		t.Run(f, func(t *testing.T) {
			r, err := For(f)
			if err != nil {
				t.Fatal(err)
			}
			dir := "data/" + r.source
			if f == "mysql-5.7" {
				dir = "data/mysql-9.7"
			}
			if _, err := fs.Stat(dataFS, dir+"/behavior.tsv"); err != nil {
				t.Skipf("%s: no behavior.tsv", dir)
			}
			bt, err := readTable(dataFS, dir, "behavior.tsv", false)
			if err != nil {
				t.Fatal(err)
			}
			if f == "mysql-5.7" {
				// Same facts as 9.7's under 5.7's names.
				ds, err := loadDataset("mysql-9.7")
				if err != nil {
					t.Fatal(err)
				}
				bt = deriveMySQL57(ds).behavior
			}
			if len(bt.rows) != len(r.Collations()) {
				t.Errorf("behavior.tsv has %d collations, registry %d", len(bt.rows), len(r.Collations()))
			}
			var corrected []string
			for _, row := range bt.rows {
				c, ok := r.Collation(row["COLLATION_NAME"])
				if !ok {
					t.Errorf("%s: not in registry", row["COLLATION_NAME"])
					continue
				}
				if got, want := c.Pad == PadSpace, row["PAD_SPACE"] == "1"; got != want {
					t.Errorf("%s: PAD SPACE %v, server %v", c.Name, got, want)
				}
				if got, want := !c.CaseSensitive, row["CASE_INSENSITIVE"] == "1"; got != want {
					t.Errorf("%s: case-insensitive %v, server %v", c.Name, got, want)
				}
				if c.Binary && row["BYTE_ORDER"] != "1" {
					t.Errorf("%s: binary, but the server sorts 'a' < 'B'", c.Name)
				}
				if row["ACCENTS_TRIED"] != "" {
					if got, want := c.AccentSensitive, row["ACCENTS_IGNORED"] == ""; got != want {
						t.Errorf("%s: accent-sensitive %v, server %v", c.Name, got, want)
					}
				}
				if _, _, as := nameFlags(c.Name); as != c.AccentSensitive {
					corrected = append(corrected, c.Name)
				}
			}
			t.Logf("AccentSensitive measured against the name reading: %v", corrected)
		})
	}
}
