package catalog

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// viewDef is what a view was created from, so that its columns can be
// derived again when a table it reads changes: the server resolves a
// view's columns from the current tables, not from those of CREATE VIEW.
type viewDef struct {
	db       string
	sel      ast.Node
	names    []ast.CIStr // the view's column list, if given
	connColl *string     // collation_connection at CREATE VIEW
	deps     map[string]bool
}

// tableNames collects the "db.table" names (lower case) a query reads.
type tableNames struct {
	db   string
	deps map[string]bool
}

func (v *tableNames) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok {
		db := t.Schema.L
		if db == "" {
			db = strings.ToLower(v.db)
		}
		v.deps[db+"."+t.Name.L] = true
	}
	return n, false
}

func (v *tableNames) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func newViewDef(c *Catalog, db string, sel ast.Node, names []ast.CIStr) *viewDef {
	v := &tableNames{db: db, deps: map[string]bool{}}
	sel.Accept(v)
	return &viewDef{db: db, sel: sel, names: names, connColl: c.connColl, deps: v.deps}
}

// refreshViews derives again the columns of every view that reads one of
// the changed tables ("db.table", lower case), and of the views that read
// those views, in creation order.
func (a *applier) refreshViews(changed map[string]bool) {
	if a.views == nil || len(changed) == 0 {
		return
	}
	for _, d := range a.c.order {
		for _, t := range d.order {
			if t.def == nil {
				continue
			}
			hit := false
			for dep := range t.def.deps {
				if changed[dep] {
					hit = true
					break
				}
			}
			if !hit {
				continue
			}
			saved := a.c.connColl
			a.c.connColl = t.def.connColl
			cols, err := a.views(a.c, t.def.db, t.def.sel)
			a.c.connColl = saved
			if err != nil || len(cols) == 0 {
				continue // the view is invalid now; it keeps what it had
			}
			for i, c := range cols {
				if i < len(t.def.names) {
					c.Name = t.def.names[i].O
				}
			}
			t.Columns = cols
			changed[strings.ToLower(t.DB+"."+t.Name)] = true
		}
	}
}

// touched is the table ("db.table", lower case) a statement changes, for
// refreshViews; nil when it changes none.
func (a *applier) touched() map[string]bool {
	key := func(tn *ast.TableName) string {
		db := tn.Schema.O
		if db == "" {
			db = a.c.Current
		}
		if db == "" {
			db = a.c.Implicit
		}
		return strings.ToLower(db + "." + tn.Name.O)
	}
	out := map[string]bool{}
	switch n := a.st.Node.(type) {
	case *ast.AlterTableStmt:
		out[key(n.Table)] = true
		for _, spec := range n.Specs {
			if spec.NewTable != nil {
				out[key(spec.NewTable)] = true
			}
		}
	case *ast.CreateTableStmt:
		out[key(n.Table)] = true
	case *ast.DropTableStmt:
		for _, t := range n.Tables {
			out[key(t)] = true
		}
	case *ast.RenameTableStmt:
		for _, tt := range n.TableToTables {
			out[key(tt.OldTable)], out[key(tt.NewTable)] = true, true
		}
	case *ast.CreateViewStmt:
		out[key(n.ViewName)] = true
	}
	return out
}
