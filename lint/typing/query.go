package typing

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
)

// Comparison is one comparison in a statement with the server's verdict.
type Comparison struct {
	Op       string // "=", "IN", "BETWEEN", "LIKE", "USING", …
	Operands []*Operand
	Off      int // offset of the first operand in the statement text
	Verdict  Verdict
	// Not is set for NOT IN, NOT BETWEEN and NOT LIKE; Subquery for
	// IN (SELECT …), whose second operand is the subquery's column.
	Not, Subquery bool
}

// Problem is a server error that is not a comparison: COLLATE with a
// collation of another charset (1253), an illegal mix inside a function.
type Problem struct {
	Off      int
	Code     int
	Msg      string
	Operands []*Operand
}

// Unresolved is a name collint could not find in the schema; the
// comparisons using it are not judged.
type Unresolved struct {
	Off  int
	Name string
}

// Result is everything typing learnt about one statement.
type Result struct {
	Comparisons []Comparison
	Problems    []Problem
	Unresolved  []Unresolved
	// Columns is the statement's result columns (SELECT list), used for
	// views and derived tables.
	Columns []*Operand
	Names   []string
}

type analyzer struct {
	env         *Env
	text        string
	db          string
	res         *Result
	introducers map[int]string
}

// Analyze types one statement. text is the statement text the parser saw
// (offsets in the AST point into it); db is the current database. A panic
// inside the analysis is returned as an error, never raised.
func (e *Env) Analyze(st ast.StmtNode, text, db string) (res *Result, err error) {
	return e.AnalyzeWith(st, text, db, nil)
}

// AnalyzeWith is Analyze for a statement whose charset introducers unknown
// to the parser were blanked: introducers maps each such string literal's
// offset to its charset.
func (e *Env) AnalyzeWith(st ast.StmtNode, text, db string, introducers map[int]string) (res *Result, err error) {
	a := &analyzer{env: e, text: text, db: db, res: &Result{}, introducers: introducers}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error analysing statement: %v\n%s", r, debug.Stack())
		}
	}()
	a.statement(st)
	return a.res, nil
}

func (a *analyzer) statement(st ast.StmtNode) {
	switch n := st.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		cols, names := a.resultSetNamed(n.(ast.ResultSetNode), nil)
		a.res.Columns, a.res.Names = cols, names
	case *ast.InsertStmt:
		if n.Select != nil {
			a.resultSet(n.Select, nil)
		}
	case *ast.UpdateStmt:
		sc := &scope{a: a}
		if n.With != nil {
			a.with(n.With, sc)
		}
		if n.TableRefs != nil {
			a.from(n.TableRefs.TableRefs, sc)
		}
		for _, as := range n.List {
			a.typeExpr(as.Expr, sc)
		}
		if n.Where != nil {
			a.typeExpr(n.Where, sc)
		}
	case *ast.DeleteStmt:
		sc := &scope{a: a}
		if n.With != nil {
			a.with(n.With, sc)
		}
		if n.TableRefs != nil {
			a.from(n.TableRefs.TableRefs, sc)
		}
		if n.Where != nil {
			a.typeExpr(n.Where, sc)
		}
	case *ast.CreateViewStmt:
		cols, names := a.resultSetNamed(n.Select.(ast.ResultSetNode), nil)
		a.res.Columns, a.res.Names = cols, names
	}
}

// last is the comparison record appended last.
func (a *analyzer) last() *Comparison { return &a.res.Comparisons[len(a.res.Comparisons)-1] }

// record types nothing itself: it judges a comparison of typed operands.
func (a *analyzer) record(op string, at ast.Node, ops []*Operand, nary bool) {
	kind := op
	if !nary && (op == "IN" || op == "BETWEEN") {
		kind = "="
	}
	v := a.env.facts().Compare(ops, kind)
	off := ops[0].Off
	if e, ok := at.(ast.ExprNode); ok && off == 0 {
		off = e.OriginTextPosition()
	}
	a.res.Comparisons = append(a.res.Comparisons, Comparison{Op: op, Operands: ops, Off: off, Verdict: v})
}

func (a *analyzer) problem(off, code int, msg string, ops ...*Operand) {
	a.res.Problems = append(a.res.Problems, Problem{Off: off, Code: code, Msg: msg, Operands: ops})
}

func (a *analyzer) unresolved(n *ast.ColumnNameExpr) {
	a.res.Unresolved = append(a.res.Unresolved, Unresolved{Off: n.OriginTextPosition(), Name: exprText(n)})
}

// rel is a relation in a FROM clause: a table, view, derived table or CTE.
type rel struct {
	alias  string
	cols   []string
	ops    []*Operand
	opaque bool // unknown table: its columns resolve to unknown operands
}

type scope struct {
	a       *analyzer
	outer   *scope
	rels    []*rel
	ctes    map[string]*rel
	aliases map[string]*Operand // SELECT-list aliases, for HAVING/ORDER BY
}

func (s *scope) cte(name string) *rel {
	for x := s; x != nil; x = x.outer {
		if r, ok := x.ctes[strings.ToLower(name)]; ok {
			return r
		}
	}
	return nil
}

func (r *rel) column(name string) *Operand {
	for i, c := range r.cols {
		if strings.EqualFold(c, name) {
			return r.ops[i]
		}
	}
	if r.opaque {
		return &Operand{Unknown: true}
	}
	return nil
}

func (s *scope) lookup(cn *ast.ColumnName) *Operand {
	for x := s; x != nil; x = x.outer {
		if o := x.lookupHere(cn); o != nil {
			return o
		}
	}
	return nil
}

func (s *scope) lookupHere(cn *ast.ColumnName) *Operand {
	if cn.Table.O != "" {
		for _, r := range s.rels {
			if strings.EqualFold(r.alias, cn.Table.O) {
				return r.column(cn.Name.O)
			}
		}
		return nil
	}
	for _, r := range s.rels {
		if o := r.column(cn.Name.O); o != nil {
			return o
		}
	}
	if o, ok := s.aliases[strings.ToLower(cn.Name.O)]; ok {
		return o
	}
	return nil
}

// tableRel returns the relation of a table under an alias. The column
// operands are built once per table and catalog generation: lookups copy
// them, so sharing is safe.
func (e *Env) tableRel(t *catalog.Table, alias string) *rel {
	e.relMu.Lock()
	defer e.relMu.Unlock()
	if e.relGen != e.Catalog.Generation() || e.rels == nil {
		e.rels, e.relGen = map[*catalog.Table]*rel{}, e.Catalog.Generation()
	}
	base, ok := e.rels[t]
	if !ok {
		base = &rel{}
		for _, c := range t.Columns {
			base.cols = append(base.cols, c.Name)
			base.ops = append(base.ops, columnOperand(t, c))
		}
		e.rels[t] = base
	}
	return &rel{alias: alias, cols: base.cols, ops: base.ops}
}

func (a *analyzer) with(w *ast.WithClause, sc *scope) {
	if sc.ctes == nil {
		sc.ctes = map[string]*rel{}
	}
	for _, c := range w.CTEs {
		name := strings.ToLower(c.Name.O)
		if c.IsRecursive || w.IsRecursive {
			sc.ctes[name] = &rel{alias: c.Name.O, opaque: true}
		}
		ops, names := a.resultSetNamed(c.Query.Query, sc)
		for i := range names {
			if i < len(c.ColNameList) {
				names[i] = c.ColNameList[i].O
			}
		}
		sc.ctes[name] = &rel{alias: c.Name.O, cols: names, ops: ops}
	}
}

// from adds the relations of a FROM clause to sc and checks join conditions.
func (a *analyzer) from(n ast.ResultSetNode, sc *scope) {
	switch x := n.(type) {
	case *ast.Join:
		a.from(x.Left, sc)
		left := len(sc.rels)
		if x.Right == nil {
			return
		}
		a.from(x.Right, sc)
		if x.On != nil {
			a.typeExpr(x.On.Expr, sc)
		}
		for _, u := range x.Using {
			a.usingPair(sc, left, u.Name.O, x)
		}
		if x.NaturalJoin {
			for _, r := range sc.rels[left:] {
				for _, c := range r.cols {
					a.usingPair(sc, left, c, x)
				}
			}
		}
	case *ast.TableSource:
		alias := x.AsName.O
		switch src := x.Source.(type) {
		case *ast.TableName:
			if alias == "" {
				alias = src.Name.O
			}
			if src.Schema.O == "" {
				if c := sc.cte(src.Name.O); c != nil {
					cp := *c
					cp.alias = alias
					sc.rels = append(sc.rels, &cp)
					return
				}
			}
			db := src.Schema.O
			if db == "" {
				db = a.db
			}
			t := a.env.Catalog.Table(db, src.Name.O)
			if t == nil {
				a.res.Unresolved = append(a.res.Unresolved, Unresolved{Off: -1, Name: strings.TrimPrefix(db+"."+src.Name.O, ".")})
				sc.rels = append(sc.rels, &rel{alias: alias, opaque: true})
				return
			}
			sc.rels = append(sc.rels, a.env.tableRel(t, alias))
		case *ast.SelectStmt, *ast.SetOprStmt:
			outer := sc.outer
			if x.Lateral {
				outer = sc
			}
			ops, names := a.resultSetNamed(src, &scope{a: a, outer: outer, ctes: sc.ctes})
			sc.rels = append(sc.rels, &rel{alias: alias, cols: names, ops: ops})
		case *ast.Join:
			a.from(src, sc)
		}
	}
}

// usingPair records the equality USING(c)/NATURAL JOIN implies between
// the left relations (rels[:left]) and the right ones.
func (a *analyzer) usingPair(sc *scope, left int, name string, at ast.Node) {
	var l, r *Operand
	for _, x := range sc.rels[:left] {
		if o := x.column(name); o != nil && l == nil {
			l = o
		}
	}
	for _, x := range sc.rels[left:] {
		if o := x.column(name); o != nil && r == nil {
			r = o
		}
	}
	if l == nil || r == nil {
		return
	}
	lc, rc := *l, *r
	lc.text, rc.text = relName(sc.rels[:left], name, l), relName(sc.rels[left:], name, r)
	off := usingOffset(a.text, name)
	lc.Off, rc.Off = off, off
	a.record("=", at, []*Operand{&lc, &rc}, false)
}

func relName(rels []*rel, col string, o *Operand) string {
	for _, r := range rels {
		if r.column(col) == o {
			return r.alias + "." + col
		}
	}
	return col
}

// usingOffset finds the column inside USING (…) in the statement text.
func usingOffset(text, col string) int {
	up := strings.ToUpper(text)
	i := strings.Index(up, "USING")
	if i < 0 {
		i = strings.Index(up, "NATURAL")
		if i < 0 {
			return 0
		}
		return i
	}
	if j := strings.Index(strings.ToLower(text[i:]), strings.ToLower(col)); j >= 0 {
		return i + j
	}
	return i
}

func (a *analyzer) resultSet(n ast.ResultSetNode, outer *scope) []*Operand {
	ops, _ := a.resultSetNamed(n, outer)
	return ops
}

func (a *analyzer) resultSetNamed(n ast.ResultSetNode, outer *scope) ([]*Operand, []string) {
	switch x := n.(type) {
	case *ast.SelectStmt:
		return a.selectStmt(x, outer)
	case *ast.SetOprStmt:
		sc := &scope{a: a, outer: outer}
		if x.With != nil {
			a.with(x.With, sc)
		}
		return a.setOprList(x.SelectList, sc)
	case *ast.SubqueryExpr:
		return a.resultSetNamed(x.Query, outer)
	}
	return nil, nil
}

func (a *analyzer) setOprList(l *ast.SetOprSelectList, sc *scope) ([]*Operand, []string) {
	if l == nil {
		return nil, nil
	}
	var ops []*Operand
	var names []string
	for i, s := range l.Selects {
		var o []*Operand
		var nm []string
		switch y := s.(type) {
		case *ast.SelectStmt:
			o, nm = a.selectStmt(y, sc)
		case *ast.SetOprSelectList:
			o, nm = a.setOprList(y, sc)
		}
		if i == 0 {
			ops, names = o, nm
		}
	}
	return ops, names
}

func (a *analyzer) selectStmt(s *ast.SelectStmt, outer *scope) ([]*Operand, []string) {
	sc := &scope{a: a, outer: outer}
	if outer != nil {
		sc.ctes = outer.ctes
	}
	if s.With != nil {
		own := &scope{a: a, outer: outer}
		a.with(s.With, own)
		sc.outer, sc.ctes = own, own.ctes
	}
	if s.From != nil {
		a.from(s.From.TableRefs, sc)
	}
	var ops []*Operand
	var names []string
	if s.Fields != nil {
		for _, f := range s.Fields.Fields {
			if f.WildCard != nil {
				for _, r := range sc.rels {
					if f.WildCard.Table.O != "" && !strings.EqualFold(f.WildCard.Table.O, r.alias) {
						continue
					}
					ops = append(ops, r.ops...)
					names = append(names, r.cols...)
				}
				continue
			}
			o := a.typeExpr(f.Expr, sc)
			name := f.AsName.O
			if name == "" {
				if cn, ok := f.Expr.(*ast.ColumnNameExpr); ok {
					name = cn.Name.Name.O
				} else if name = f.Text(); name == "" {
					name = exprText(f.Expr) // the parser keeps the field's text; this is a fallback
				}
			}
			ops = append(ops, o)
			names = append(names, name)
		}
	}
	if s.Where != nil {
		a.typeExpr(s.Where, sc)
	}
	if s.GroupBy != nil || s.Having != nil || s.OrderBy != nil {
		sc.aliases = make(map[string]*Operand, len(names))
		for i, n := range names {
			sc.aliases[strings.ToLower(n)] = ops[i]
		}
	}
	if s.GroupBy != nil {
		for _, g := range s.GroupBy.Items {
			a.typeExpr(g.Expr, sc)
		}
	}
	if s.Having != nil {
		a.typeExpr(s.Having.Expr, sc)
	}
	if s.OrderBy != nil {
		for _, o := range s.OrderBy.Items {
			a.typeExpr(o.Expr, sc)
		}
	}
	return ops, names
}
