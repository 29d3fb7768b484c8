package typing

import (
	"fmt"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/flavor"
)

// Env is what typing depends on besides the query: the flavor, the schema
// and the client's connection collation. All of them are inputs, never
// guesses: the same query can fail for one client and run for another.
type Env struct {
	Flavor  *flavor.Flavor
	Catalog *catalog.Catalog
	// ConnCharset/ConnCollation are character_set_connection and
	// collation_connection: the collation of literals, CAST(… AS CHAR) and
	// user variables.
	ConnCharset, ConnCollation string
}

// NewEnv checks the connection collation against the flavor. An empty
// collation means the flavor's server default.
func NewEnv(f *flavor.Flavor, c *catalog.Catalog, connCollation string) (*Env, error) {
	if connCollation == "" {
		connCollation = f.ServerCollation()
	}
	co, ok := f.Charsets.Collation(connCollation)
	if !ok {
		return nil, fmt.Errorf("unknown connection collation %q for %s", connCollation, f.Name)
	}
	return &Env{Flavor: f, Catalog: c, ConnCharset: co.Charset, ConnCollation: co.Name}, nil
}

func (e *Env) facts() facts { return facts{f: e.Flavor} }
