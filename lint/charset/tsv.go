package charset

import (
	"fmt"
	"io/fs"
	"strings"
)

// table is one TSV file written by ./gen: a header row, then rows. A NULL
// cell (\N) is absent from its row's map, so row["X"] is "" for both NULL and
// empty; use has() to tell them apart.
type table struct {
	file string
	head []string
	rows []row
}

type row map[string]string

func (r row) has(col string) bool { _, ok := r[col]; return ok }

var unescaper = strings.NewReplacer(`\\`, "\\", `\t`, "\t", `\n`, "\n", `\r`, "\r")

func parseTSV(file, data string) (*table, error) {
	lines := strings.Split(strings.TrimRight(data, "\n"), "\n")
	if len(lines) == 0 || lines[0] == "" {
		return nil, fmt.Errorf("%s: empty", file)
	}
	t := &table{file: file, head: strings.Split(lines[0], "\t")}
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(t.head) {
			return nil, fmt.Errorf("%s:%d: %d fields, header has %d", file, i+2, len(f), len(t.head))
		}
		r := make(row, len(f))
		for j, v := range f {
			if v == `\N` {
				continue
			}
			r[t.head[j]] = unescaper.Replace(v)
		}
		t.rows = append(t.rows, r)
	}
	return t, nil
}

func (t *table) hasColumn(col string) bool {
	for _, h := range t.head {
		if h == col {
			return true
		}
	}
	return false
}

func (t *table) require(cols ...string) error {
	for _, c := range cols {
		if !t.hasColumn(c) {
			return fmt.Errorf("%s: no column %s", t.file, c)
		}
	}
	return nil
}

// readTable reads dir/name from fsys; a missing file gives (nil, nil) when
// optional is set.
func readTable(fsys fs.FS, dir, name string, optional bool) (*table, error) {
	p := dir + "/" + name
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		if optional && errorsIsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	return parseTSV(p, string(b))
}
