package verify

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/collint/collint/lint/inputs"
)

// Migration is one migration to verify: its up SQL, its down SQL (if it
// has one) and the pre-checks written in its up file.
type Migration struct {
	Name     string // the up file's base name
	UpFile   string
	Up       string
	DownFile string // "" when there is no down migration
	Down     string
	// PreChecks come from the up file's comment blocks
	//   -- Run first; it must return no rows (<name>):
	//   --     <SQL …;>
	PreChecks []PreCheck
}

// PreCheck is a query that must return no rows before up runs.
type PreCheck struct {
	Name string
	SQL  string
	File string
	Line int // line of the "-- Run first" comment
}

// ReadMigrations reads a migration folder — golang-migrate (NNN_x.up.sql
// with NNN_x.down.sql), Flyway (V<n>__x.sql with U<n>__x.sql), goose
// (NNN_x.sql with -- +goose Up/Down sections) or collint migrate --out's
// sql format — or one .sql file (up only, unless it has goose sections).
// Up files are ordered as their tool orders them (lint/inputs).
//
// down is the down file of a single .sql up file ("" for none); a folder
// pairs its files itself and a goose file carries its own Down section,
// so down is refused for both.
func ReadMigrations(path, down string) ([]*Migration, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("--migration %s: %w", path, err)
	}
	if down != "" {
		if st.IsDir() {
			return nil, fmt.Errorf("--down %s: --migration %s is a folder, whose down files are found by name; --down is for a single up file", down, path)
		}
		data, err := os.ReadFile(down)
		if err != nil {
			return nil, fmt.Errorf("--down %s: %w", down, err)
		}
		m, err := readMigration(path, false)
		if err != nil {
			return nil, err
		}
		if up, _ := os.ReadFile(path); inputs.IsGoose(up) {
			return nil, fmt.Errorf("--down %s: %s is a goose migration and carries its own -- +goose Down section", down, path)
		}
		m.DownFile, m.Down = down, string(data)
		return []*Migration{m}, nil
	}
	var ups []string
	if st.IsDir() {
		if ups, err = inputs.Expand([]string{path}, inputs.Schema); err != nil {
			return nil, fmt.Errorf("--migration %s: %w", path, err)
		}
	} else {
		ups = []string{path}
	}
	var out []*Migration
	for _, up := range ups {
		m, err := readMigration(up, st.IsDir())
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--migration %s: no migration found", path)
	}
	return out, nil
}

var (
	upName     = regexp.MustCompile(`(?i)^(.*)\.up\.sql$`)
	flywayName = regexp.MustCompile(`(?i)^V(.*\.sql)$`)
)

func readMigration(upPath string, inDir bool) (*Migration, error) {
	data, err := os.ReadFile(upPath)
	if err != nil {
		return nil, fmt.Errorf("migration %s: %w", upPath, err)
	}
	m := &Migration{Name: filepath.Base(upPath), UpFile: upPath, Up: string(data)}
	if inputs.IsGoose(data) {
		m.Up = string(inputs.GooseUp(data))
		if down, ok := gooseDown(data); ok {
			m.DownFile, m.Down = upPath, down
		}
	} else if inDir {
		base, dir := filepath.Base(upPath), filepath.Dir(upPath)
		var cand string
		if g := upName.FindStringSubmatch(base); g != nil {
			cand = g[1] + ".down.sql"
		} else if g := flywayName.FindStringSubmatch(base); g != nil {
			cand = "U" + g[1]
		}
		if cand != "" {
			if d, err := os.ReadFile(filepath.Join(dir, cand)); err == nil {
				m.DownFile, m.Down = filepath.Join(dir, cand), string(d)
			}
		}
	}
	m.PreChecks = parsePreChecks(upPath, m.Up)
	return m, nil
}

// gooseDown returns the Down sections of a goose file, Up sections
// blanked (line numbers kept).
func gooseDown(data []byte) (string, bool) {
	var b strings.Builder
	down, any := false, false
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if f := strings.Fields(strings.TrimSpace(string(line))); len(f) >= 2 && f[0] == "--" && strings.EqualFold(f[1], "+goose") || len(f) >= 1 && strings.EqualFold(f[0], "--+goose") {
			s := strings.ToLower(string(line))
			switch {
			case strings.Contains(s, "+goose down"):
				down, any = true, true
			case strings.Contains(s, "+goose up"):
				down = false
			}
		}
		if down {
			b.Write(line)
		} else if bytes.HasSuffix(line, []byte("\n")) {
			b.WriteByte('\n')
		}
	}
	return b.String(), any
}

// preCheckHead is the first line of a pre-check block (the contract with
// collint migrate's plan.WriteFiles).
var preCheckHead = regexp.MustCompile(`^--\s*Run first; it must return no rows \((.*)\):\s*$`)

// parsePreChecks reads the pre-check comment blocks of an up file: the
// head line, then "--     " lines up to the one ending with ";".
func parsePreChecks(file, up string) []PreCheck {
	lines := strings.Split(up, "\n")
	var out []PreCheck
	for i := 0; i < len(lines); i++ {
		g := preCheckHead.FindStringSubmatch(strings.TrimRight(lines[i], "\r"))
		if g == nil {
			continue
		}
		pc := PreCheck{Name: g[1], File: file, Line: i + 1}
		var sql []string
		for j := i + 1; j < len(lines); j++ {
			l := strings.TrimRight(lines[j], "\r")
			if !strings.HasPrefix(l, "--") {
				break
			}
			l = strings.TrimPrefix(l, "--")
			if strings.HasPrefix(l, "     ") {
				l = l[5:]
			} else {
				l = strings.TrimLeft(l, " ")
			}
			sql = append(sql, l)
			i = j
			if strings.HasSuffix(strings.TrimSpace(l), ";") {
				break
			}
		}
		pc.SQL = strings.TrimSuffix(strings.TrimSpace(strings.Join(sql, "\n")), ";")
		if pc.SQL != "" {
			out = append(out, pc)
		}
	}
	return out
}
