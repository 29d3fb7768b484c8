package catalog

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// FunctionDef is CREATE FUNCTION, which the parser does not know: the
// lint stage builds it from the statement text. Only what views need is
// kept: the function's name and its return type (a view column computed
// by a stored function has that type). It is a statement node so that it
// travels with the others; nothing but Catalog.Apply looks inside.
type FunctionDef struct {
	ast.CreateTableStmt // only to be an ast.StmtNode

	Schema, Name string
	Returns      *ast.ColumnDef // the RETURNS type, as a column named "r"
}

// Function is a stored function's return type: a column whose charset and
// collation follow the database's defaults when not given.
func (c *Catalog) Function(db, name string) *Column {
	return c.funcs[strings.ToLower(db+"."+name)]
}

func (a *applier) createFunction(n *FunctionDef) {
	d := a.db(n.Schema)
	if d == nil || n.Returns == nil {
		return
	}
	// RETURNS VARCHAR(n) without a charset takes the database's.
	t := &Table{DB: d.Name, Charset: d.Charset, Collation: d.Collation, CollationSource: d.source()}
	col, _ := a.column(t, n.Returns, 0)
	if col == nil {
		return
	}
	col.Nullable = true
	if a.c.funcs == nil {
		a.c.funcs = map[string]*Column{}
	}
	a.c.funcs[strings.ToLower(d.Name+"."+n.Name)] = col
}
