package verify

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/collint/collint/lint/catalog"
)

// bind gives every "?" of q a value so that the statement runs and is
// EXPLAINed: the value of the column the placeholder is compared with
// (=, <>, <, IN, BETWEEN, LIKE), assigned to (UPDATE … SET, INSERT …
// VALUES), taken from the loaded data; LIMIT/OFFSET take 10 and 0. A
// placeholder compared with no column leaves the statement not run, and
// says why.
func (v *verifier) bind(ctx context.Context, q *query) {
	if !hasPlaceholder(q.Text) {
		return
	}
	node, err := parser.New().ParseOneStmt(q.Text, "", "")
	if err != nil {
		q.NotRun = fmt.Sprintf("has ? placeholders and does not parse: %s", shortErr(err))
		return
	}
	b := &binder{cur: &bscope{tables: map[string]*ast.TableName{}}, cols: map[*driver.ParamMarkerExpr]colRef{}, limits: map[*driver.ParamMarkerExpr]string{}}
	node.Accept(b)
	db := q.DB
	if db == "" {
		db = v.catalogDB()
	}
	type sub struct {
		off int
		lit string
	}
	var subs []sub
	for _, m := range b.markers {
		if lit, ok := b.limits[m]; ok {
			subs = append(subs, sub{m.Offset, lit})
			continue
		}
		ref, found := b.cols[m]
		cn := ref.name
		if !found {
			l, c := q.pos(m.Offset)
			q.NotRun = fmt.Sprintf("the ? at %d:%d is compared with no column: no value to bind", l, c)
			return
		}
		tdb, table, ok := v.resolve(ref.scope, cn, db)
		if !ok {
			l, c := q.pos(m.Offset)
			q.NotRun = fmt.Sprintf("the ? at %d:%d is compared with %s, which is no column of a table of the schema: no value to bind", l, c, cn.OrigColName())
			return
		}
		lit, err := v.sampleValue(ctx, tdb, table, cn.Name.O)
		if err != nil {
			q.NotRun = fmt.Sprintf("no value of %s.%s.%s to bind: %v", tdb, table, cn.Name.O, err)
			return
		}
		subs = append(subs, sub{m.Offset, lit})
		q.Binds = append(q.Binds, fmt.Sprintf("%s.%s.%s = %s", tdb, table, cn.Name.O, lit))
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].off < subs[j].off })
	var out strings.Builder
	last := 0
	for _, s := range subs {
		if s.off < last || s.off >= len(q.Text) || q.Text[s.off] != '?' {
			q.NotRun = "has ? placeholders the parser places where the text has none"
			return
		}
		out.WriteString(q.Text[last:s.off])
		out.WriteString(s.lit)
		last = s.off + 1
	}
	out.WriteString(q.Text[last:])
	q.Bound = out.String()
}

// catalogDB is the lint name of the database the queries run in.
func (v *verifier) catalogDB() string {
	if v.rep != nil && v.rep.Catalog.Current != "" {
		return v.rep.Catalog.Current
	}
	if len(v.dbs) > 0 {
		return v.dbs[0]
	}
	return ""
}

// resolve finds the table (lint database name and table) of a column
// named in the statement: by its qualifier (alias or table name), else the
// one table of its SELECT that has such a column, else of the enclosing
// SELECTs.
func (v *verifier) resolve(sc *bscope, cn *ast.ColumnName, db string) (string, string, bool) {
	find := func(tn *ast.TableName) (string, string, bool) {
		d := tn.Schema.O
		if d == "" {
			d = db
		}
		t := v.rep.Catalog.Table(d, tn.Name.O)
		if t == nil || t.View || t.Column(cn.Name.O) == nil {
			return "", "", false
		}
		return d, t.Name, true
	}
	for ; sc != nil; sc = sc.parent {
		if cn.Table.L != "" {
			if tn := sc.tables[cn.Table.L]; tn != nil {
				return find(tn)
			}
			continue
		}
		var hits [][2]string
		seen := map[*ast.TableName]bool{}
		for _, tn := range sc.tables {
			if seen[tn] {
				continue
			}
			seen[tn] = true
			if d, t, ok := find(tn); ok {
				hits = append(hits, [2]string{d, t})
			}
		}
		switch len(hits) {
		case 1:
			return hits[0][0], hits[0][1], true
		case 0:
			continue
		}
		return "", "", false // ambiguous
	}
	return "", "", false
}

// sampleValue is a literal of one non-NULL value of the column in the
// loaded data (the first in the table's order), or of its type's zero
// when the column holds none.
func (v *verifier) sampleValue(ctx context.Context, db, table, col string) (string, error) {
	c := columnOf(v.rep.Catalog, db+"."+table+"."+col)
	if c == nil {
		return "", fmt.Errorf("unknown column")
	}
	var val sql.NullString
	var hex sql.NullString
	// an empty string is a planted hazard, not a value an application binds
	nonEmpty := ""
	if c.Type.Class() == catalog.ClassString {
		nonEmpty = " AND LENGTH(" + quoteIdent(col) + ") > 0"
	}
	q := fmt.Sprintf("SELECT %s, HEX(%s) FROM %s.%s WHERE %s IS NOT NULL%s LIMIT 1", quoteIdent(col), quoteIdent(col), quoteIdent(v.serverDB(db)), quoteIdent(table), quoteIdent(col), nonEmpty)
	err := v.conn.QueryRowContext(ctx, q).Scan(&val, &hex)
	if err == sql.ErrNoRows {
		if c.Type.Class().Numeric() {
			return "0", nil
		}
		return "''", nil
	}
	if err != nil {
		return "", err
	}
	switch {
	case c.Type.Class().Numeric() && c.Type.Class() != catalog.ClassBit:
		return val.String, nil
	case c.Type.Class() != catalog.ClassString || c.Type.HasCharset():
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(val.String) + "'", nil
	}
	return "X'" + hex.String + "'", nil
}

// binder finds the placeholders of a statement and what each one is
// compared with or assigned to.
type binder struct {
	markers []*driver.ParamMarkerExpr
	cur     *bscope
	cols    map[*driver.ParamMarkerExpr]colRef
	limits  map[*driver.ParamMarkerExpr]string
}

// bscope is one SELECT's tables: alias or name (lower case) → table.
type bscope struct {
	tables map[string]*ast.TableName
	parent *bscope
}

// colRef is a column a placeholder meets, with the SELECT it is named in.
type colRef struct {
	name  *ast.ColumnName
	scope *bscope
}

func (b *binder) pair(col ast.ExprNode, others ...ast.ExprNode) {
	c, ok := unparen(col).(*ast.ColumnNameExpr)
	if !ok {
		return
	}
	for _, o := range others {
		if m, ok := unparen(o).(*driver.ParamMarkerExpr); ok {
			b.cols[m] = colRef{c.Name, b.cur}
		}
	}
}

func unparen(e ast.ExprNode) ast.ExprNode {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

var comparison = map[opcode.Op]bool{opcode.EQ: true, opcode.NE: true, opcode.LT: true, opcode.LE: true, opcode.GT: true, opcode.GE: true, opcode.NullEQ: true}

func (b *binder) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.SelectStmt:
		b.cur = &bscope{tables: map[string]*ast.TableName{}, parent: b.cur}
	case *driver.ParamMarkerExpr:
		b.markers = append(b.markers, x)
	case *ast.TableSource:
		if tn, ok := x.Source.(*ast.TableName); ok {
			b.cur.tables[tn.Name.L] = tn
			if x.AsName.L != "" {
				b.cur.tables[x.AsName.L] = tn
			}
		}
	case *ast.BinaryOperationExpr:
		if comparison[x.Op] {
			b.pair(x.L, x.R)
			b.pair(x.R, x.L)
		}
	case *ast.PatternInExpr:
		b.pair(x.Expr, x.List...)
	case *ast.BetweenExpr:
		b.pair(x.Expr, x.Left, x.Right)
	case *ast.PatternLikeOrIlikeExpr:
		b.pair(x.Expr, x.Pattern)
	case *ast.Assignment:
		if m, ok := unparen(x.Expr).(*driver.ParamMarkerExpr); ok {
			b.cols[m] = colRef{x.Column, b.cur}
		}
	case *ast.Limit:
		if m, ok := x.Count.(*driver.ParamMarkerExpr); ok {
			b.limits[m] = "10"
		}
		if m, ok := x.Offset.(*driver.ParamMarkerExpr); ok {
			b.limits[m] = "0"
		}
	case *ast.InsertStmt:
		for _, row := range x.Lists {
			for i, e := range row {
				if m, ok := unparen(e).(*driver.ParamMarkerExpr); ok && i < len(x.Columns) {
					b.cols[m] = colRef{x.Columns[i], b.cur}
				}
			}
		}
		if x.Table != nil && x.Table.TableRefs != nil {
			if ts, ok := x.Table.TableRefs.Left.(*ast.TableSource); ok {
				if tn, ok := ts.Source.(*ast.TableName); ok {
					for _, c := range x.Columns {
						if c.Table.L == "" {
							c.Table = tn.Name
						}
					}
				}
			}
		}
	}
	return n, false
}

func (b *binder) Leave(n ast.Node) (ast.Node, bool) {
	if _, ok := n.(*ast.SelectStmt); ok && b.cur.parent != nil {
		b.cur = b.cur.parent
	}
	return n, true
}
