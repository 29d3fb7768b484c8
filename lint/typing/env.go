package typing

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"

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
	// userVars holds what SET @v = … statements in the input assigned,
	// keyed by lower-case name.
	userVars map[string]*Operand
	// rels caches each table's column operands for one catalog generation.
	rels   map[*catalog.Table]*rel
	relGen int
	relMu  sync.Mutex // statements are analysed on every core
}

// AssignUserVars records the user variables a SET statement assigns, typed
// as the server would store them: the value's class, and for strings its
// charset and collation at IMPLICIT level.
func (e *Env) AssignUserVars(st *ast.SetStmt, text, db string) {
	a := &analyzer{env: e, text: text, db: db, res: &Result{}}
	for _, v := range st.Variables {
		if v.IsSystem || v.Value == nil {
			continue
		}
		o := *a.typeExpr(v.Value, &scope{a: a})
		// A literal's value stays known (date checks use it); its ASCII
		// repertoire does not: a variable has its charset's (measured).
		lit := o.Literal
		o.ASCII = false
		o.Coer, o.Const, o.UserVar, o.Column, o.Wrapped, o.Literal = e.userVarCoer(), true, true, nil, nil, lit
		if o.Class == catalog.ClassNull {
			continue
		}
		if e.userVars == nil {
			e.userVars = map[string]*Operand{}
		}
		e.userVars[strings.ToLower(v.Name)] = &o
	}
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

// castCoer is the derivation of CAST(x AS CHAR) and CONVERT(x USING cs).
func (e *Env) castCoer() Coercibility {
	if e.Flavor.CastDerivations {
		return Cast
	}
	return Implicit
}

// userVarCoer is the derivation of a user variable holding a string.
func (e *Env) userVarCoer() Coercibility {
	if e.Flavor.CastDerivations {
		return UserVar
	}
	return Implicit
}
