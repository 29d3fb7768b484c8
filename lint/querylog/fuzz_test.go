package querylog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzScan: no format panics on any input, and every statement is where
// its position says.
func FuzzScan(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		f.Add(data, uint8(0))
	}
	f.Add([]byte("# Time: x\nSELECT 'a;\n# b';\n"), uint8(Slow))
	f.Add([]byte("\t\t 1 Query\tSELECT 1\n  , 2\n"), uint8(General))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		lines := splitLines(data)
		sc := Scanner{Format: Format(format % 4), OnError: func(*Error) error { return nil }}
		err := sc.Scan(bytes.NewReader(data), func(s Statement) error {
			if s.SQL == "" {
				t.Fatalf("empty statement at %d:%d", s.Line, s.Col)
			}
			if err := checkPositions(lines, s); err != nil {
				t.Fatal(err)
			}
			Shape(s.SQL)
			Key(s.SQL)
			return nil
		})
		if err != nil && err != ErrUnknownFormat {
			t.Fatal(err)
		}
	})
}

// FuzzDigest: Digest is idempotent on its own output's shape (digesting a
// digest changes nothing but the collapsed lists) and never panics.
func FuzzDigest(f *testing.F) {
	for _, q := range digestInputs {
		f.Add(q)
	}
	f.Add("SELECT /*!40001 x */ 1, _latin1'a', -1, N'x', @@a.b, `a``b`")
	f.Fuzz(func(t *testing.T, q string) {
		d, lits := Shape(q)
		if Digest(q) != d {
			t.Fatal("Digest != Shape")
		}
		for _, l := range lits {
			Class(l)
		}
		Key(q)
	})
}
