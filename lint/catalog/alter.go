package catalog

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/charset"
)

func (a *applier) alterTable(n *ast.AlterTableStmt) {
	t := a.table(n.Table)
	if t == nil {
		return
	}
	// The server applies an ALTER TABLE as a whole or not at all.
	before, snapshot := len(a.errs), t.clone()
	defer func() {
		if len(a.errs) > before || !a.checkKeys(t) {
			*t = *snapshot
		}
	}()
	search := 0
	for _, spec := range n.Specs {
		switch spec.Tp {
		case ast.AlterTableAddColumns:
			for _, cd := range spec.NewColumns {
				col, off := a.column(t, cd, search)
				search = off
				if col == nil {
					continue
				}
				if t.Column(col.Name) != nil {
					if !spec.IfNotExists {
						a.errorf(off, "Duplicate column name '%s' (error 1060)", col.Name)
					}
					continue
				}
				t.insertColumn(col, spec.Position)
				a.columnConstraints(t, cd)
			}
			for _, cons := range spec.NewConstraints {
				a.addConstraint(t, cons)
			}
		case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
			old := ""
			if spec.OldColumnName != nil {
				old = spec.OldColumnName.Name.O
			} else if len(spec.NewColumns) > 0 {
				old = spec.NewColumns[0].Name.Name.O
			}
			i := t.columnIndex(old)
			if i < 0 {
				if !spec.IfExists {
					a.errorf(0, "Unknown column '%s' in '%s' (error 1054)", old, t.Name)
				}
				continue
			}
			col, off := a.column(t, spec.NewColumns[0], search)
			search = off
			if col == nil {
				continue
			}
			t.renameInIndexes(old, col.Name)
			t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
			if spec.Position == nil || spec.Position.Tp == ast.ColumnPositionNone {
				t.Columns = append(t.Columns[:i], append([]*Column{col}, t.Columns[i:]...)...)
			} else {
				t.insertColumn(col, spec.Position)
			}
			a.columnConstraints(t, spec.NewColumns[0])
		case ast.AlterTableRenameColumn:
			c := t.Column(spec.OldColumnName.Name.O)
			if c == nil {
				a.errorf(0, "Unknown column '%s' in '%s' (error 1054)", spec.OldColumnName.Name.O, t.Name)
				continue
			}
			t.renameInIndexes(c.Name, spec.NewColumnName.Name.O)
			c.Name = spec.NewColumnName.Name.O
		case ast.AlterTableDropColumn:
			i := t.columnIndex(spec.OldColumnName.Name.O)
			if i < 0 {
				if !spec.IfExists {
					a.errorf(0, "Can't DROP '%s'; check that column/key exists (error 1091)", spec.OldColumnName.Name.O)
				}
				continue
			}
			t.dropColumnFromIndexes(t.Columns[i].Name)
			t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
		case ast.AlterTableAlterColumn:
			if len(spec.NewColumns) == 0 {
				continue
			}
			c := t.Column(spec.NewColumns[0].Name.Name.O)
			if c == nil {
				continue
			}
			c.Default, c.DefaultExpr = nil, false
			for _, op := range spec.NewColumns[0].Options {
				if op.Expr != nil && (op.Tp == ast.ColumnOptionDefaultValue || op.Tp == ast.ColumnOptionNoOption) { // SET DEFAULT
					c.Default, c.DefaultExpr = defaultValue(op.Expr)
				}
			}
		case ast.AlterTableAddConstraint:
			a.addConstraint(t, spec.Constraint)
		case ast.AlterTableDropPrimaryKey:
			t.dropIndex("PRIMARY")
		case ast.AlterTableDropIndex:
			if !t.dropIndex(spec.Name) && !spec.IfExists {
				a.errorf(0, "Can't DROP '%s'; check that column/key exists (error 1091)", spec.Name)
			}
		case ast.AlterTableDropForeignKey:
			t.dropForeignKey(spec.Name)
		case ast.AlterTableRenameIndex:
			if ix := t.index(spec.FromKey.O); ix != nil {
				ix.Name = spec.ToKey.O
			}
		case ast.AlterTableRenameTable:
			a.rename(&ast.TableName{Schema: ast.NewCIStr(t.DB), Name: ast.NewCIStr(t.Name)}, spec.NewTable)
		case ast.AlterTableOption:
			a.tableOptions(t, spec.Options)
		}
	}
}

// tableOptions applies ALTER TABLE … [DEFAULT] CHARSET/COLLATE (table default
// only) and CONVERT TO CHARACTER SET (every character column, TEXT widened
// when the charset's bytes per character grow).
func (a *applier) tableOptions(t *Table, opts []*ast.TableOption) {
	o, convert := tableOpts(opts)
	for _, op := range opts {
		switch op.Tp {
		case ast.TableOptionEngine:
			t.Engine = op.StrValue
		case ast.TableOptionRowFormat:
			t.RowFormat = rowFormat(op.UintValue)
		}
	}
	if o.charset == "" && o.collate == "" {
		return
	}
	if strings.EqualFold(o.charset, "default") {
		d := a.c.Database(t.DB)
		o.charset = d.Charset
	}
	cs, co, ok := a.charsetCollation(o, t.Charset, t.Collation)
	if !ok {
		return
	}
	oldCS := t.Charset
	t.Charset, t.Collation, t.CollationSource = cs, co, FromTable
	if !convert {
		return
	}
	reg := a.c.Flavor.Charsets
	newMax := maxLen(reg, cs)
	for _, c := range t.Columns {
		if !c.Type.HasCharset() {
			continue
		}
		if c.Type.IsText() {
			from := c.Charset
			if from == "" {
				from = oldCS
			}
			c.Type.Base = WidenText(c.Type.Base, maxLen(reg, from), newMax)
		}
		c.Charset, c.Collation, c.CollationSource = cs, co, FromTable
	}
}

func maxLen(reg *charset.Registry, cs string) int {
	if ch, ok := reg.Charset(cs); ok {
		return ch.MaxLen
	}
	return 0
}

var textBytes = map[string]int{"tinytext": 255, "text": 65535, "mediumtext": 1<<24 - 1, "longtext": 1<<32 - 1}
var textOrder = []string{"tinytext", "text", "mediumtext", "longtext"}

// WidenText returns the TEXT type CONVERT TO CHARACTER SET gives a column
// of type base: the smallest that holds as many characters in the new
// charset (newMax bytes per character) as base held in the old one
// (oldMax); measured on MySQL 9.7 and MariaDB 10.11 (latin1 → utf8mb4
// turns TINYTEXT into TEXT and TEXT into MEDIUMTEXT).
func WidenText(base string, oldMax, newMax int) string {
	limit, ok := textBytes[base]
	if !ok || oldMax <= 0 || newMax <= oldMax {
		return base
	}
	need := limit / oldMax * newMax
	for _, tt := range textOrder {
		if textBytes[tt] >= need {
			return tt
		}
	}
	return "longtext"
}

func (t *Table) insertColumn(col *Column, pos *ast.ColumnPosition) {
	if pos == nil || pos.Tp == ast.ColumnPositionNone {
		t.Columns = append(t.Columns, col)
		return
	}
	at := 0
	if pos.Tp == ast.ColumnPositionAfter {
		at = t.columnIndex(pos.RelativeColumn.Name.O) + 1
		if at == 0 {
			at = len(t.Columns)
		}
	}
	t.Columns = append(t.Columns[:at], append([]*Column{col}, t.Columns[at:]...)...)
}

func (t *Table) renameInIndexes(old, new string) {
	for _, ix := range t.Indexes {
		for i := range ix.Parts {
			if strings.EqualFold(ix.Parts[i].Column, old) {
				ix.Parts[i].Column = new
			}
		}
	}
	for _, fk := range t.ForeignKeys {
		for i := range fk.Columns {
			if strings.EqualFold(fk.Columns[i], old) {
				fk.Columns[i] = new
			}
		}
	}
}

// dropColumnFromIndexes removes the column's key parts; an index left
// without parts disappears, as on the server.
func (t *Table) dropColumnFromIndexes(name string) {
	var keep []*Index
	for _, ix := range t.Indexes {
		var ps []IndexPart
		for _, p := range ix.Parts {
			if !strings.EqualFold(p.Column, name) {
				ps = append(ps, p)
			}
		}
		ix.Parts = ps
		if len(ps) > 0 {
			keep = append(keep, ix)
		}
	}
	t.Indexes = keep
}

func (t *Table) dropForeignKey(name string) {
	var keep []*ForeignKey
	for _, fk := range t.ForeignKeys {
		if !strings.EqualFold(fk.Name, name) {
			keep = append(keep, fk)
		}
	}
	t.ForeignKeys = keep
}
