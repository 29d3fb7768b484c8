// Package config reads .collint.yaml: the flavor, connection collation,
// inputs, rule severities and path filters a project lints with, so that
// CI and developers run the same check. Command-line flags override it.
package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/collint/collint/lint/rules"
)

// DefaultName is looked up in the working directory when --config is not given.
const DefaultName = ".collint.yaml"

// File is the content of .collint.yaml.
type File struct {
	Flavor              string            `yaml:"flavor"`
	ConnectionCollation string            `yaml:"connection_collation"`
	DefaultDatabase     string            `yaml:"default_database"`
	FailOn              string            `yaml:"fail_on"`
	Schema              []string          `yaml:"schema"`
	Queries             []string          `yaml:"queries"`
	Rules               map[string]string `yaml:"rules"` // rule ID or name → error|warning|info|off
	Include             []string          `yaml:"include"`
	Exclude             []string          `yaml:"exclude"`
	Baseline            string            `yaml:"baseline"`

	dir string // the file's directory: relative paths are resolved against it
}

// Load reads a config file. A missing default file is not an error: it
// returns an empty File.
func Load(path string, explicit bool) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && os.IsNotExist(err) {
			return &File{dir: "."}, nil
		}
		return nil, err
	}
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && err.Error() != "EOF" {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.dir = filepath.Dir(path)
	for k, v := range f.Rules {
		if rules.Lookup(k) == nil {
			return nil, fmt.Errorf("%s: rules: unknown rule %q (see collint rules)", path, k)
		}
		switch v {
		case "error", "warning", "info", "off":
		default:
			return nil, fmt.Errorf("%s: rules: %s: %q is not error, warning, info or off", path, k, v)
		}
	}
	return &f, nil
}

// Resolve makes a path from the file relative to the file's directory.
func (f *File) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) || f.dir == "" {
		return p
	}
	return filepath.Join(f.dir, p)
}

// RuleSettings splits the rules section into disabled rules and severity
// overrides, keyed by rule ID.
func (f *File) RuleSettings() (disabled map[string]bool, severity map[string]rules.Severity) {
	disabled, severity = map[string]bool{}, map[string]rules.Severity{}
	for k, v := range f.Rules {
		id := rules.Lookup(k).ID
		if v == "off" {
			disabled[id] = true
		} else {
			severity[id] = rules.Severity(v)
		}
	}
	return disabled, severity
}

// Keep reports whether a file passes the include/exclude filters. Patterns
// are shell globs matched against the slash-separated path; "**/" matches
// any number of directories.
func (f *File) Keep(path string) bool {
	p := filepath.ToSlash(path)
	if len(f.Include) > 0 && !anyMatch(f.Include, p) {
		return false
	}
	return !anyMatch(f.Exclude, p)
}

func anyMatch(patterns []string, p string) bool {
	for _, pat := range patterns {
		if globMatch(filepath.ToSlash(pat), p) {
			return true
		}
	}
	return false
}

// globMatch matches path.Match patterns with a "**" segment meaning any
// number of directories, against p or any of its suffixes after a slash.
func globMatch(pat, p string) bool {
	if strings.Contains(pat, "**") {
		parts := strings.SplitN(pat, "**", 2)
		prefix, rest := strings.TrimSuffix(parts[0], "/"), strings.TrimPrefix(parts[1], "/")
		if prefix != "" {
			if !strings.HasPrefix(p, prefix+"/") {
				return false
			}
			p = p[len(prefix)+1:]
		}
		for {
			if globMatch(rest, p) {
				return true
			}
			i := strings.IndexByte(p, '/')
			if i < 0 {
				return rest == ""
			}
			p = p[i+1:]
		}
	}
	ok, _ := filepath.Match(pat, p)
	return ok
}
