// Package flavor describes the server kinds collint can judge for: their
// versions, their defaults and the few places where their comparison rules
// differ. Collation tables themselves live in lint/charset as data.
package flavor

import (
	"fmt"
	"sort"
	"strings"

	"github.com/collint/collint/lint/charset"
)

// Flavor is one server family and version line.
type Flavor struct {
	Name    string // "mysql-8.4"
	MariaDB bool
	// Version is the server version used for executable comments
	// (/*!80000 ... */), e.g. 80400 or 101100.
	Version int
	// NoneWeakest is true where DERIVATION_NONE (the result of combining two
	// IMPLICIT collations, e.g. CONCAT(a_unicode, b_0900)) ranks weakest
	// (MySQL 9.x) instead of just above EXPLICIT (MySQL 8.x, MariaDB).
	NoneWeakest bool
	// BinaryWinsKeepsIndex is true where a _bin column meeting a non-binary
	// column of the same charset still lets the non-binary column's index
	// serve the comparison (measured on MariaDB 10.11).
	BinaryWinsKeepsIndex bool

	Charsets *charset.Registry
}

// Default is the flavor used when none is given.
const Default = "mysql-8.4"

var versions = map[string]struct {
	version              int
	mariadb, noneWeakest bool
}{
	"mysql-5.7":     {50744, false, false},
	"mysql-8.0":     {80040, false, false},
	"mysql-8.4":     {80406, false, false},
	"mysql-9":       {90700, false, true},
	"mariadb-10.11": {101100, true, false},
	"mariadb-11":    {110800, true, false},
}

// Names lists the accepted flavor names in a stable order.
func Names() []string {
	out := make([]string, 0, len(versions))
	for n := range versions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the flavor called name ("mysql-8.4", "mariadb-10.11", …).
func Lookup(name string) (*Flavor, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	v, ok := versions[name]
	if !ok {
		return nil, fmt.Errorf("unknown flavor %q (valid: %s)", name, strings.Join(Names(), ", "))
	}
	reg, err := charset.For(name)
	if err != nil {
		return nil, err
	}
	return &Flavor{
		Name:                 name,
		MariaDB:              v.mariadb,
		Version:              v.version,
		NoneWeakest:          v.noneWeakest,
		BinaryWinsKeepsIndex: v.mariadb,
		Charsets:             reg,
	}, nil
}

// ServerCollation is the collation_server of the flavor's stock server.
func (f *Flavor) ServerCollation() string {
	_, co := f.Charsets.ServerDefaults()
	return co
}
