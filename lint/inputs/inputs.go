// Package inputs turns the --schema and --queries arguments into an ordered
// list of files.
//
// A path naming a file is used as given, whatever its extension. A path
// naming a directory stands for the *.sql files directly in it (the match is
// case-insensitive; subdirectories are not searched, dot files and
// non-regular files are ignored), ordered so that migration folders apply in
// the order their tool would:
//
//   - golang-migrate: NNN_name.up.sql in numeric version order; NNN_name.down.sql
//     files are skipped.
//   - Flyway: V<version>__desc.sql in version order, the version compared
//     numerically part by part ("1" < "1.1" < "1.9" < "1.10" < "2_1" = "2.1",
//     missing parts count as 0); undo migrations U<version>__desc.sql are
//     skipped; repeatable migrations R__desc.sql come after all versioned ones,
//     by name.
//   - goose (and any other NNN_name.sql / NNN-name.sql / NNN.sql name): in
//     numeric order. The Down sections of goose files are removed by GooseUp
//     (Load does it for files that carry goose annotations).
//   - Any other .sql file: after the versioned and repeatable ones, in
//     lexical (byte) order.
//
// When a directory mixes schemes, every file with a version (golang-migrate
// up, Flyway V, numeric prefix) is ordered by that version, equal versions
// by name; Flyway repeatables follow, then the unversioned files by name.
//
// Paths are expanded in the order given; a file reached twice (listed twice,
// or listed and inside a listed directory) is kept at its first place.
package inputs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Kind says which option the paths were given to; it only shapes error
// messages (both kinds are expanded the same way).
type Kind int

const (
	Schema Kind = iota
	Queries
)

func (k Kind) String() string {
	if k == Queries {
		return "queries"
	}
	return "schema"
}

// File is an input file and its contents.
type File struct {
	Path string
	Data []byte
}

// Expand returns the files named by paths, directories expanded as described
// in the package documentation. A path that does not exist, a directory that
// cannot be read or that holds no .sql file is an error naming the path.
func Expand(paths []string, kind Kind) ([]string, error) {
	var out []string
	seen := make(map[string]bool)
	add := func(p string) {
		key := filepath.Clean(p)
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, pathError(kind, p, err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		files, err := dirFiles(p)
		if err != nil {
			return nil, pathError(kind, p, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s path %s: directory holds no .sql file to apply", kind, p)
		}
		for _, f := range files {
			add(f)
		}
	}
	return out, nil
}

// Load expands paths and reads the files. Files with goose annotations have
// their Down sections blanked (see GooseUp).
func Load(paths []string, kind Kind) ([]File, error) {
	names, err := Expand(paths, kind)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(names))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, pathError(kind, n, err)
		}
		if IsGoose(data) {
			data = GooseUp(data)
		}
		files = append(files, File{Path: n, Data: data})
	}
	return files, nil
}

func pathError(kind Kind, p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s path %s: %w", kind, p, err)
}

// entry is a .sql file of a directory with its place in the order.
type entry struct {
	name    string
	group   int      // groupVersioned, groupRepeatable, groupPlain
	version []string // numeric parts without leading zeros
}

const (
	groupVersioned = iota
	groupRepeatable
	groupPlain
)

var (
	migrateRe    = regexp.MustCompile(`^(\d+)_.*\.(?i:(up|down))\.(?i:sql)$`)
	flywayRe     = regexp.MustCompile(`^([VU])(\d+(?:[._]\d+)*)__.*\.(?i:sql)$`)
	repeatableRe = regexp.MustCompile(`^R__.*\.(?i:sql)$`)
	numberedRe   = regexp.MustCompile(`^(\d+)(?:[_.\-].*)?\.(?i:sql)$`)
	partSplitRe  = regexp.MustCompile(`[._]`)
)

// classify places a file name; ok is false for files not to apply.
func classify(name string) (e entry, ok bool) {
	e.name = name
	if m := migrateRe.FindStringSubmatch(name); m != nil {
		if strings.EqualFold(m[2], "down") {
			return e, false
		}
		e.version = []string{trimZeros(m[1])}
		return e, true
	}
	if m := flywayRe.FindStringSubmatch(name); m != nil {
		if m[1] == "U" {
			return e, false
		}
		for _, p := range partSplitRe.Split(m[2], -1) {
			e.version = append(e.version, trimZeros(p))
		}
		return e, true
	}
	if repeatableRe.MatchString(name) {
		e.group = groupRepeatable
		return e, true
	}
	if m := numberedRe.FindStringSubmatch(name); m != nil {
		e.version = []string{trimZeros(m[1])}
		return e, true
	}
	e.group = groupPlain
	return e, true
}

func trimZeros(s string) string {
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0"
	}
	return s
}

// compareNum compares two decimal numbers without leading zeros.
func compareNum(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// compareVersion compares versions part by part, missing parts being 0.
func compareVersion(a, b []string) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := "0", "0"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := compareNum(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// dirFiles lists the .sql files of dir to apply, in order.
func dirFiles(dir string) ([]string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var es []entry
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".sql") {
			continue
		}
		if !de.Type().IsRegular() {
			// follow symbolic links to regular files
			info, err := os.Stat(filepath.Join(dir, name))
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
		}
		if e, ok := classify(name); ok {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.group != b.group {
			return a.group < b.group
		}
		if a.group == groupVersioned {
			if c := compareVersion(a.version, b.version); c != 0 {
				return c < 0
			}
		}
		return a.name < b.name
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = filepath.Join(dir, e.name)
	}
	return out, nil
}

// gooseDirective returns "up", "down", another goose directive in lower
// case, or "" for a line that is not a goose annotation ("-- +goose Up";
// "+goose" is matched exactly, the directive in any case).
func gooseDirective(line []byte) string {
	line = bytes.TrimSpace(line)
	if !bytes.HasPrefix(line, []byte("--")) {
		return ""
	}
	f := strings.Fields(string(line[2:]))
	if len(f) < 2 || f[0] != "+goose" {
		return ""
	}
	return strings.ToLower(f[1])
}

// IsGoose reports whether data has goose annotations ("-- +goose Up" or
// "-- +goose Down" lines).
func IsGoose(data []byte) bool {
	if !bytes.Contains(data, []byte("+goose")) {
		return false
	}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if d := gooseDirective(line); d == "up" || d == "down" {
			return true
		}
	}
	return false
}

// GooseUp returns data with every "-- +goose Down" section (from its
// annotation line to the next "-- +goose Up" line or the end) replaced by
// spaces, keeping line breaks so that line and column numbers are unchanged.
// Up sections, including their annotation and StatementBegin/StatementEnd
// lines (which are SQL comments), are kept as they are. data itself is not
// modified; it is returned as is when there is no Down section.
func GooseUp(data []byte) []byte {
	var out []byte
	down := false
	for pos := 0; pos < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		switch gooseDirective(data[pos:end]) {
		case "up":
			down = false
		case "down":
			down = true
		}
		if down {
			if out == nil {
				out = append([]byte(nil), data...)
			}
			for k := pos; k < end; k++ {
				if c := out[k]; c != '\n' && c != '\r' {
					out[k] = ' '
				}
			}
		}
		pos = end
	}
	if out == nil {
		return data
	}
	return out
}

// QueryKind tells how a --queries file is read: "sql" (a script split as
// the mysql client splits it), "log" (slow or general log, JSON lines; .gz
// too) or "mybatis" (mapper XML). collint lint, verify and the fixture
// tests all read a file as this says.
func QueryKind(path string) string {
	name := strings.ToLower(strings.TrimSuffix(filepath.Base(path), ".gz"))
	switch {
	case strings.HasSuffix(name, ".xml"):
		return "mybatis"
	case strings.HasSuffix(name, ".log"), strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"), strings.Contains(name, "slow"), strings.Contains(name, "general"):
		return "log"
	}
	return "sql"
}
