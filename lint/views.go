package lint

import (
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/typing"
)

// viewColumns types a view's (or CREATE TABLE … SELECT's) query and turns
// its result into catalog columns carrying the expressions' types and
// collations.
func (r *runner) viewColumns(c *catalog.Catalog, db string, sel ast.Node) ([]*catalog.Column, error) {
	st, ok := sel.(ast.StmtNode)
	if !ok {
		return nil, nil
	}
	res, err := r.env.Analyze(st, "", db)
	if err != nil {
		return nil, err
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
