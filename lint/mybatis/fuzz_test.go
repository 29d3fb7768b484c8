package mybatis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any input parses without panicking and every statement maps
// back to the file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		f.Add(string(data))
	}
	f.Add(mapper(`<select id="q">SELECT * FROM ${t} <where><if test="a">AND a = #{a}</if><foreach item="i" open="(" close=")" separator="OR">#{i}</foreach></where></select>`))
	f.Fuzz(func(t *testing.T, data string) {
		st, _ := Parse(strings.NewReader(data), "m.xml")
		files := map[string][]string{"m.xml": strings.Split(data, "\n")}
		for _, s := range st {
			if err := checkPositions(files, s); err != nil {
				t.Fatalf("%s [%s] %q: %v", s.ID, s.Variant, s.SQL, err)
			}
		}
	})
}
