package lint

import (
	"fmt"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/rules"
	"github.com/collint/collint/lint/source"
	"github.com/collint/collint/lint/typing"
	"github.com/collint/collint/lint/viewcols"
)

// viewColumns types a view's (or CREATE TABLE … SELECT's) query and turns
// its result into catalog columns carrying the expressions' types and
// collations.
func (r *runner) viewColumns(c *catalog.Catalog, db string, sel ast.Node) ([]*catalog.Column, error) {
	st, ok := sel.(ast.StmtNode)
	if !ok {
		return nil, nil
	}
	// The view's literals take the collation of the connection that
	// created it: SET NAMES / collation_connection in the schema.
	if coll := c.ConnCollation(); coll != "" && coll != r.env.ConnCollation {
		if co, ok := r.env.Flavor.Charsets.Collation(coll); ok {
			saved, savedCS := r.env.ConnCollation, r.env.ConnCharset
			r.env.ConnCollation, r.env.ConnCharset = co.Name, co.Charset
			defer func() { r.env.ConnCollation, r.env.ConnCharset = saved, savedCS }()
		}
	}
	res, err := r.env.Analyze(st, "", db)
	if err != nil {
		return nil, err
	}
	if len(res.Unresolved) > 0 {
		// the server refuses a view of a table or column it does not know
		return nil, &catalog.RefusedError{Msg: fmt.Sprintf("unknown table or column %s (error 1146/1054)", res.Unresolved[0].Name)}
	}
	if msg := serverRefuses(r.env, res); msg != "" {
		return nil, &catalog.RefusedError{Msg: msg}
	}
	typed := make([]viewcols.Typed, len(res.Columns))
	for i, o := range res.Columns {
		typed[i] = viewcols.Typed{Name: res.Names[i], Charset: o.Charset, Collation: o.Collation, IsString: o.IsString(),
			Unknown: o.Unknown, ColumnCollation: o.Column != nil}
	}
	if cols, ok := viewcols.Columns(c, db, sel, typed); ok {
		for i, col := range cols {
			if col == nil {
				cols[i] = columnFromOperand(res.Names[i], res.Columns[i])
			}
		}
		return cols, nil
	}
	var cols []*catalog.Column
	for i, o := range res.Columns {
		cols = append(cols, columnFromOperand(res.Names[i], o))
	}
	return cols, nil
}

var baseOfClass = map[catalog.Class]string{
	catalog.ClassString: "varchar", catalog.ClassInt: "bigint", catalog.ClassDecimal: "decimal",
	catalog.ClassDouble: "double", catalog.ClassDate: "date", catalog.ClassDatetime: "datetime",
	catalog.ClassTime: "time", catalog.ClassYear: "year", catalog.ClassJSON: "json", catalog.ClassBit: "bit",
}

func columnFromOperand(name string, o *typing.Operand) *catalog.Column {
	if o.Column != nil {
		cp := *o.Column.Column
		cp.Name = name
		return &cp
	}
	col := &catalog.Column{Name: name, Nullable: true, Type: catalog.Type{Base: baseOfClass[o.Class], Len: -1, Dec: -1, Unsigned: o.Unsigned}}
	if col.Type.Base == "" {
		col.Type.Base = "varchar"
	}
	if o.IsString() {
		col.Charset, col.Collation, col.CollationSource = o.Charset, o.Collation, catalog.FromColumn
		if o.Charset == "binary" {
			col.Type.Base = "varbinary"
		}
	}
	return col
}

// serverRefuses returns why the server refuses a query (a comparison it
// rejects with an error, e.g. 1267 Illegal mix of collations), or "".
func serverRefuses(env *typing.Env, res *typing.Result) string {
	msg := ""
	for _, rule := range rules.All() {
		if rule.Query == nil || msg != "" {
			continue
		}
		rule.Query(&rules.QueryPass{Env: env, Result: res, At: func(int) source.Pos { return source.Pos{} }, Report: func(f rules.Finding) {
			if f.ServerError != 0 && msg == "" {
				msg = fmt.Sprintf("error %d: %s", f.ServerError, f.Message)
			}
		}})
	}
	return msg
}
