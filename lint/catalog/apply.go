package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/types"

	"github.com/collint/collint/lint/source"
)

// Stmt is one parsed statement with what is needed to position problems in it.
type Stmt struct {
	Node ast.StmtNode
	Text string                   // the statement text the parser saw
	At   func(off int) source.Pos // maps an offset in Text to the user's file
	// Introducers maps the offset of a string literal to the charset of an
	// introducer the parser does not know (_latin2'…'), blanked in Text.
	Introducers map[int]string
	// Spatial maps the offset of a spatial column type (point, geometry,
	// …) to its name: the parser does not know them and saw BLOB there. It
	// also holds, at their offsets, the SRID n ("srid n") and INVISIBLE
	// ("invisible") column attributes, blanked for the parser.
	Spatial map[int]string
}

// RefusedError is what a ViewTyper returns for a query the server would
// refuse (an illegal mix of collations, …): the view or table is then
// not created, as on the server.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

// ViewTyper derives the columns of a view or CREATE TABLE … SELECT from
// its query. The typing stage provides it; the catalog stays query-agnostic.
type ViewTyper func(c *Catalog, db string, sel ast.Node) ([]*Column, error)

// Apply changes the catalog as the server would on executing st. Statements
// that do not touch the schema (INSERT, SET, LOCK TABLES…) are ignored. The
// returned errors are positioned; the catalog keeps every change that could
// be applied.
func (c *Catalog) Apply(st Stmt, views ViewTyper) []*source.Error {
	a := applier{c: c, st: st, views: views}
	c.gen++
	a.apply()
	if changed := a.touched(); len(changed) > 0 && c.hasViews {
		a.refreshViews(changed)
	}
	return a.errs
}

type applier struct {
	c     *Catalog
	st    Stmt
	views ViewTyper
	errs  []*source.Error
}

func (a *applier) errorf(off int, format string, args ...any) {
	a.errs = append(a.errs, source.Errorf(a.st.At(off), format, args...))
}

func (a *applier) apply() {
	switch n := a.st.Node.(type) {
	case *ast.SetStmt:
		a.c.set(n)
	case *FunctionDef:
		a.createFunction(n)
	case *ast.CreateDatabaseStmt:
		a.createDatabase(n)
	case *ast.AlterDatabaseStmt:
		a.alterDatabase(n)
	case *ast.DropDatabaseStmt:
		a.c.dropDatabase(n.Name.O)
		if strings.EqualFold(a.c.Current, n.Name.O) {
			a.c.Current = ""
		}
	case *ast.UseStmt:
		if a.c.Database(n.DBName) == nil {
			a.errorf(0, "Unknown database '%s' (error 1049)", n.DBName)
			a.c.EnsureDatabase(n.DBName)
		}
		a.c.Current = n.DBName
	case *ast.CreateTableStmt:
		a.createTable(n)
	case *ast.AlterTableStmt:
		a.alterTable(n)
	case *ast.DropTableStmt:
		for _, tn := range n.Tables {
			d := a.db(tn.Schema.O)
			if d == nil || d.removeTable(tn.Name.O) == nil {
				if !n.IfExists {
					a.errorf(0, "Unknown table '%s' (error 1051)", tn.Name.O)
				}
			}
		}
	case *ast.RenameTableStmt:
		for _, tt := range n.TableToTables {
			a.rename(tt.OldTable, tt.NewTable)
		}
	case *ast.CreateViewStmt:
		a.createView(n)
	case *ast.CreateIndexStmt:
		t := a.table(n.Table)
		if t == nil {
			return
		}
		ix := &Index{Name: n.IndexName, Parts: parts(n.IndexPartSpecifications), using: indexUsing(n.IndexOption)}
		switch n.KeyType {
		case ast.IndexKeyTypeUnique:
			ix.Unique = true
		case ast.IndexKeyTypeFulltext:
			ix.Kind = "FULLTEXT"
		case ast.IndexKeyTypeSpatial:
			ix.Kind = "SPATIAL"
		}
		t.spatialKind(ix)
		t.Indexes = append(t.Indexes, ix)
		if !a.checkKeys(t) {
			t.Indexes = t.Indexes[:len(t.Indexes)-1]
		}
	case *ast.DropIndexStmt:
		if t := a.table(n.Table); t != nil {
			t.dropIndex(n.IndexName)
		}
	}
}

func (a *applier) db(name string) *Database {
	if name == "" {
		name = a.c.Current
	}
	if name == "" && a.c.Implicit != "" {
		return a.c.EnsureDatabase(a.c.Implicit)
	}
	if name == "" {
		a.errorf(0, "No database selected (error 1046): add USE or --default-database")
		return nil
	}
	return a.c.Database(name)
}

// table resolves an existing table, reporting 1146 when it is missing.
func (a *applier) table(tn *ast.TableName) *Table {
	d := a.db(tn.Schema.O)
	if d == nil {
		return nil
	}
	t := d.Table(tn.Name.O)
	if t == nil {
		a.errorf(0, "Table '%s.%s' doesn't exist (error 1146)", d.Name, tn.Name.O)
	}
	return t
}

func (a *applier) createDatabase(n *ast.CreateDatabaseStmt) {
	if a.c.Database(n.Name.O) != nil {
		if !n.IfNotExists {
			a.errorf(0, "Can't create database '%s'; database exists (error 1007)", n.Name.O)
		}
		return
	}
	o := optsOf(n.Options)
	cs, co, ok := a.charsetCollation(o, a.c.ServerCharset, a.c.ServerCollation)
	if !ok {
		return
	}
	from := FromServer
	if o.named() {
		from = FromDatabase
	}
	a.c.addDatabase(n.Name.O, cs, co, from, a.st.At(0))
}

func (a *applier) alterDatabase(n *ast.AlterDatabaseStmt) {
	name := n.Name.O
	if n.AlterDefaultDatabase || name == "" {
		name = a.c.Current
	}
	d := a.c.Database(name)
	if d == nil {
		a.errorf(0, "Unknown database '%s' (error 1049)", name)
		return
	}
	o := optsOf(n.Options)
	if cs, co, ok := a.charsetCollation(o, d.Charset, d.Collation); ok && o.named() {
		d.Charset, d.Collation, d.CollationSource = cs, co, FromDatabase
	}
}

type csOpts struct{ charset, collate string }

// named reports whether a charset or collation other than DEFAULT is given.
func (o csOpts) named() bool {
	return o.charset != "" && !strings.EqualFold(o.charset, "default") ||
		o.collate != "" && !strings.EqualFold(o.collate, "default")
}

func optsOf(opts []*ast.DatabaseOption) csOpts {
	var o csOpts
	for _, op := range opts {
		switch op.Tp {
		case ast.DatabaseOptionCharset:
			o.charset = op.Value
		case ast.DatabaseOptionCollate:
			o.collate = op.Value
		}
	}
	return o
}

func tableOpts(opts []*ast.TableOption) (o csOpts, convert bool) {
	for _, op := range opts {
		switch op.Tp {
		case ast.TableOptionCharset:
			o.charset = op.StrValue
			convert = convert || op.UintValue == ast.TableOptionCharsetWithConvertTo
		case ast.TableOptionCollate:
			o.collate = op.StrValue
		}
	}
	return o, convert
}

// charsetCollation resolves a CHARACTER SET / COLLATE pair against a
// default pair, as the server does for databases, tables and columns:
// a collation alone implies its charset, a charset alone its default
// collation, neither the defaults.
func (a *applier) charsetCollation(o csOpts, defCS, defCO string) (cs, co string, ok bool) {
	reg := a.c.Flavor.Charsets
	cs, co = defCS, defCO
	if strings.EqualFold(o.charset, "default") {
		o.charset = ""
	}
	if strings.EqualFold(o.collate, "default") {
		o.collate = ""
	}
	if o.charset != "" {
		ch, found := reg.Charset(o.charset)
		if !found {
			a.errorf(0, "Unknown character set: '%s' (error 1115)", o.charset)
			return "", "", false
		}
		cs, co = ch.Name, ch.DefaultCollation
	}
	if o.collate != "" {
		var col, found = reg.Collation(o.collate)
		if o.charset != "" {
			col, found = reg.CollationFor(cs, o.collate)
			if !found {
				if _, exists := reg.Collation(o.collate); exists {
					a.errorf(0, "COLLATION '%s' is not valid for CHARACTER SET '%s' (error 1253)", o.collate, cs)
					return "", "", false
				}
			}
		}
		if !found {
			a.errorf(0, "Unknown collation: '%s' (error 1273)", o.collate)
			return "", "", false
		}
		cs, co = col.Charset, col.Name
	}
	return cs, co, true
}

func (a *applier) createTable(n *ast.CreateTableStmt) {
	d := a.db(n.Table.Schema.O)
	if d == nil {
		return
	}
	if d.Table(n.Table.Name.O) != nil {
		if !n.IfNotExists {
			a.errorf(0, "Table '%s' already exists (error 1050)", n.Table.Name.O)
		}
		return
	}
	if n.ReferTable != nil {
		src := a.table(n.ReferTable)
		if src == nil {
			return
		}
		t := src.clone()
		t.DB, t.Name, t.Pos, t.ForeignKeys = d.Name, n.Table.Name.O, a.st.At(0), nil
		d.addTable(t)
		return
	}
	before := len(a.errs)
	t := &Table{DB: d.Name, Name: n.Table.Name.O, Pos: a.st.At(0), Charset: d.Charset, Collation: d.Collation, CollationSource: d.source()}
	o, _ := tableOpts(n.Options)
	if o.charset != "" || o.collate != "" {
		cs, co, ok := a.charsetCollation(o, d.Charset, d.Collation)
		if !ok {
			return
		}
		t.Charset, t.Collation, t.CollationSource = cs, co, FromTable
	}
	for _, op := range n.Options {
		switch op.Tp {
		case ast.TableOptionEngine:
			t.Engine = op.StrValue
		case ast.TableOptionRowFormat:
			t.RowFormat = rowFormat(op.UintValue)
		}
	}
	search := 0
	for _, cd := range n.Cols {
		col, off := a.column(t, cd, search)
		search = off
		if col == nil {
			continue
		}
		if t.Column(col.Name) != nil {
			a.errorf(off, "Duplicate column name '%s' (error 1060)", col.Name)
			continue
		}
		t.Columns = append(t.Columns, col)
		a.columnConstraints(t, cd)
	}
	for _, cons := range n.Constraints {
		a.addConstraint(t, cons)
	}
	if len(a.errs) > before {
		return // the server refuses the whole statement
	}
	if n.Select != nil && a.views != nil {
		cols, err := a.views(a.c, d.Name, n.Select)
		var refused *RefusedError
		if errors.As(err, &refused) {
			a.errorf(0, "table %s not created: the server refuses its query (%s)", t.Name, refused.Msg)
			return
		}
		if err != nil {
			a.errorf(0, "%v", err)
		}
		for _, c := range cols {
			if t.Column(c.Name) == nil {
				// CREATE TABLE … SELECT keeps NULL/NOT NULL, charset,
				// collation and DEFAULT, not AUTO_INCREMENT (whose column
				// then defaults to 0).
				if c.AutoIncrement {
					c.AutoIncrement = false
					if c.Default == nil && !c.Nullable {
						zero := "0"
						c.Default = &zero
					}
				}
				t.Columns = append(t.Columns, c)
			}
		}
	}
	if !a.checkKeys(t) {
		return
	}
	d.addTable(t)
}

func rowFormat(v uint64) string {
	switch v {
	case ast.RowFormatDynamic:
		return "DYNAMIC"
	case ast.RowFormatCompact:
		return "COMPACT"
	case ast.RowFormatRedundant:
		return "REDUNDANT"
	case ast.RowFormatCompressed:
		return "COMPRESSED"
	case ast.RowFormatFixed:
		return "FIXED"
	}
	return ""
}

// column builds a column from its definition. search is where to look for
// its name in the statement text, to position it; the returned offset is
// where the name was found.
func (a *applier) column(t *Table, cd *ast.ColumnDef, search int) (*Column, int) {
	off := findName(a.st.Text, cd.Name.Name.O, search)
	col := &Column{Name: cd.Name.Name.O, Type: typeFromField(cd.Tp), Nullable: true, Pos: a.st.At(off)}
	if sp, ok := a.st.Spatial[typeOffset(a.st.Text, off)]; ok && col.Type.Base == "blob" {
		col.Type = Type{Base: canonicalSpatial(sp, a.c.Flavor.MariaDB), Len: -1, Dec: -1}
		cd.Tp.SetCharset("")
	}
	a.columnMarks(col, off)
	if national(a.st.Text, off) {
		cd.Tp.SetCharset("utf8mb3")
	}
	var collate string
	for _, op := range cd.Options {
		switch op.Tp {
		case ast.ColumnOptionNotNull, ast.ColumnOptionPrimaryKey:
			col.Nullable = false
		case ast.ColumnOptionNull:
			col.Nullable = true
		case ast.ColumnOptionDefaultValue:
			col.Default, col.DefaultExpr = defaultValue(op.Expr)
			col.hasDefaultNull = col.Default == nil
		case ast.ColumnOptionAutoIncrement:
			col.AutoIncrement = true
		case ast.ColumnOptionOnUpdate:
			col.OnUpdate = exprText(op.Expr)
		case ast.ColumnOptionComment:
			s := exprText(op.Expr)
			col.Comment = &s
		case ast.ColumnOptionGenerated:
			col.Generated = exprText(op.Expr)
			col.Stored = op.Stored
		case ast.ColumnOptionCollate:
			collate = op.StrValue
		}
	}
	if col.Type.Base == "json" && a.c.Flavor.MariaDB {
		// MariaDB's JSON is an alias: LONGTEXT utf8mb4_bin with a json_valid check.
		col.Type = Type{Base: "longtext", Len: -1, Dec: -1}
		col.Charset, col.Collation, col.CollationSource = "utf8mb4", "utf8mb4_bin", FromColumn
		if !a.checkColumn(col, off) {
			return nil, off
		}
		return col, off
	}
	if col.Type.Class() == ClassString {
		if !a.columnCharset(t, cd.Tp, collate, col) {
			return nil, off
		}
		if col.Charset == "binary" && !col.Type.IsBinaryString() {
			// CHARACTER SET binary (or a binary table default) makes
			// CHAR/VARCHAR/TEXT the binary types.
			col.Type.Base = binaryBase[col.Type.Base]
		}
	}
	if col.Type.Base == "text" || col.Type.Base == "blob" {
		// TEXT(n) is the smallest TEXT type holding n characters, BLOB(n)
		// n bytes.
		if n := cd.Tp.GetFlen(); n > 0 {
			if ml := maxLen(a.c.Flavor.Charsets, col.Charset); col.Type.HasCharset() && ml > 0 {
				n *= ml
			}
			col.Type.Base = textForLength(n, col.Type.IsBinaryString())
		}
	}
	if !a.checkColumn(col, off) {
		return nil, off
	}
	return col, off
}

// binaryBase is the binary string type of each character string type.
var binaryBase = map[string]string{"char": "binary", "varchar": "varbinary", "tinytext": "tinyblob", "text": "blob",
	"mediumtext": "mediumblob", "longtext": "longblob", "enum": "enum", "set": "set",
	"binary": "binary", "varbinary": "varbinary", "tinyblob": "tinyblob", "blob": "blob", "mediumblob": "mediumblob", "longblob": "longblob"}

// canonicalSpatial is the name COLUMN_TYPE shows for a spatial type:
// MySQL 8.0+ calls GEOMETRYCOLLECTION geomcollection, MariaDB the reverse.
func canonicalSpatial(name string, mariadb bool) string {
	switch {
	case name == "geometrycollection" && !mariadb:
		return "geomcollection"
	case name == "geomcollection" && mariadb:
		return "geometrycollection"
	}
	return name
}

// typeOffset is the offset of the type that follows the column name at off.
func typeOffset(text string, off int) int {
	i := off
	if i < len(text) && text[i] == '`' {
		i++
		for i < len(text) {
			if text[i] == '`' {
				if i+1 < len(text) && text[i+1] == '`' {
					i += 2
					continue
				}
				i++
				break
			}
			i++
		}
	} else {
		for i < len(text) && isIdentByte(text[i]) {
			i++
		}
	}
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
		i++
	}
	return i
}

// columnCharset fills a string column's charset and collation.
func (a *applier) columnCharset(t *Table, ft *types.FieldType, collate string, col *Column) bool {
	if col.Type.IsBinaryString() {
		col.Charset, col.Collation, col.CollationSource = "binary", "binary", FromColumn
		return true
	}
	if collate == "" {
		collate = ft.GetCollate()
	}
	o := csOpts{charset: ft.GetCharset(), collate: collate}
	if o.charset == "" && o.collate == "" {
		col.Charset, col.Collation, col.CollationSource = t.Charset, t.Collation, t.CollationSource
		if mysql.HasBinaryFlag(ft.GetFlag()) {
			return a.binaryAttr(col)
		}
		return true
	}
	def := t.Charset
	cs, co, ok := a.charsetCollation(o, def, t.Collation)
	if !ok {
		return false
	}
	col.Charset, col.Collation, col.CollationSource = cs, co, FromColumn
	if o.collate == "" && mysql.HasBinaryFlag(ft.GetFlag()) {
		return a.binaryAttr(col)
	}
	return true
}

// binaryAttr applies the BINARY column attribute: the charset's _bin collation.
func (a *applier) binaryAttr(col *Column) bool {
	if c, ok := a.c.Flavor.Charsets.CollationFor(col.Charset, col.Charset+"_bin"); ok {
		col.Collation, col.CollationSource = c.Name, FromColumn
		return true
	}
	a.errorf(0, "no binary collation for character set '%s'", col.Charset)
	return false
}

func textForLength(n int, bin bool) string {
	switch {
	case n < 256:
		return pick(bin, "tinyblob", "tinytext")
	case n < 65536:
		return pick(bin, "blob", "text")
	case n < 1<<24:
		return pick(bin, "mediumblob", "mediumtext")
	}
	return pick(bin, "longblob", "longtext")
}

// columnConstraints records PRIMARY KEY, UNIQUE and REFERENCES written on a column.
func (a *applier) columnConstraints(t *Table, cd *ast.ColumnDef) {
	name := cd.Name.Name.O
	for _, op := range cd.Options {
		switch op.Tp {
		case ast.ColumnOptionPrimaryKey:
			if t.index("PRIMARY") != nil {
				a.errorf(0, "Multiple primary key defined (error 1068)")
				continue
			}
			t.Indexes = append(t.Indexes, &Index{Name: "PRIMARY", Primary: true, Unique: true, Parts: []IndexPart{{Column: name}}})
		case ast.ColumnOptionUniqKey:
			t.Indexes = append(t.Indexes, &Index{Name: t.freeIndexName(name), Unique: true, Parts: []IndexPart{{Column: name}}})
		case ast.ColumnOptionReference:
			// MySQL ignores inline REFERENCES (it parses and discards them); MariaDB 10.5+ honours them.
			if a.c.Flavor.MariaDB && op.Refer != nil {
				a.addForeignKey(t, "", []string{name}, op.Refer)
			}
		}
	}
}

// indexUsing is USING BTREE/HASH as written.
func indexUsing(o *ast.IndexOption) string {
	if o == nil {
		return ""
	}
	switch o.Tp {
	case ast.IndexTypeBtree:
		return "BTREE"
	case ast.IndexTypeHash:
		return "HASH"
	}
	return ""
}

// spatialKind marks a key on one whole spatial column SPATIAL: the parser
// never sees that word (compat blanks it), and the server allows no other
// key on such a column.
func (t *Table) spatialKind(ix *Index) {
	if ix.Kind == "" && len(ix.Parts) == 1 && !ix.Parts[0].Expr && ix.Parts[0].Prefix == 0 {
		if c := t.Column(ix.Parts[0].Column); c != nil && c.Type.Class() == ClassSpatial {
			ix.Kind = "SPATIAL"
		}
	}
}

func (t *Table) freeIndexName(base string) string {
	name := base
	for i := 2; t.index(name) != nil; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	return name
}

func (t *Table) index(name string) *Index {
	for _, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			return ix
		}
	}
	return nil
}

func (t *Table) dropIndex(name string) bool {
	ix := t.index(name)
	if ix == nil {
		return false
	}
	t.Indexes = removeFrom(t.Indexes, ix)
	return true
}

func parts(specs []*ast.IndexPartSpecification) []IndexPart {
	var out []IndexPart
	for _, s := range specs {
		if s.Expr != nil {
			out = append(out, IndexPart{Expr: true, Column: exprText(s.Expr)})
			continue
		}
		p := IndexPart{Column: s.Column.Name.O}
		if s.Length > 0 {
			p.Prefix = s.Length
		}
		out = append(out, p)
	}
	return out
}

func (a *applier) addConstraint(t *Table, cons *ast.Constraint) {
	switch cons.Tp {
	case ast.ConstraintPrimaryKey:
		if t.index("PRIMARY") != nil {
			a.errorf(0, "Multiple primary key defined (error 1068)")
			return
		}
		t.Indexes = append(t.Indexes, &Index{Name: "PRIMARY", Primary: true, Unique: true, Parts: parts(cons.Keys), using: indexUsing(cons.Option)})
		for _, p := range cons.Keys {
			if p.Column != nil {
				if c := t.Column(p.Column.Name.O); c != nil {
					c.Nullable = false
				}
			}
		}
	case ast.ConstraintKey, ast.ConstraintIndex, ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex, ast.ConstraintFulltext:
		ps := parts(cons.Keys)
		name := cons.Name
		if name == "" && len(ps) > 0 {
			name = t.freeIndexName(ps[0].Column)
		}
		ix := &Index{Name: name, Parts: ps, using: indexUsing(cons.Option)}
		ix.Unique = cons.Tp == ast.ConstraintUniq || cons.Tp == ast.ConstraintUniqKey || cons.Tp == ast.ConstraintUniqIndex
		if cons.Tp == ast.ConstraintFulltext {
			ix.Kind = "FULLTEXT"
		}
		t.spatialKind(ix)
		t.Indexes = append(t.Indexes, ix)
	case ast.ConstraintForeignKey:
		var cols []string
		for _, k := range cons.Keys {
			if k.Column != nil {
				cols = append(cols, k.Column.Name.O)
			}
		}
		a.addForeignKey(t, cons.Name, cols, cons.Refer)
	}
}

func (a *applier) addForeignKey(t *Table, name string, cols []string, ref *ast.ReferenceDef) {
	fk := &ForeignKey{Name: name, Columns: cols, RefDB: ref.Table.Schema.O, RefTable: ref.Table.Name.O, Pos: a.st.At(0)}
	if fk.RefDB == "" {
		fk.RefDB = t.DB
	}
	if ref.OnDelete != nil && ref.OnDelete.ReferOpt != ast.ReferOptionNoOption {
		fk.OnDelete = ref.OnDelete.ReferOpt.String()
	}
	if ref.OnUpdate != nil && ref.OnUpdate.ReferOpt != ast.ReferOptionNoOption {
		fk.OnUpdate = ref.OnUpdate.ReferOpt.String()
	}
	for _, p := range ref.IndexPartSpecifications {
		if p.Column != nil {
			fk.RefColumns = append(fk.RefColumns, p.Column.Name.O)
		}
	}
	if fk.Name == "" {
		fk.Name = fmt.Sprintf("%s_ibfk_%d", t.Name, len(t.ForeignKeys)+1)
	}
	// InnoDB adds an index for the referencing columns when none exists.
	if len(cols) > 0 && len(t.IndexesOn(cols[0])) == 0 {
		t.Indexes = append(t.Indexes, &Index{Name: t.freeIndexName(name + pick(name == "", cols[0], "")), Parts: colParts(cols)})
	}
	t.ForeignKeys = append(t.ForeignKeys, fk)
}

func colParts(cols []string) []IndexPart {
	out := make([]IndexPart, len(cols))
	for i, c := range cols {
		out[i] = IndexPart{Column: c}
	}
	return out
}

func (a *applier) rename(from, to *ast.TableName) {
	src := a.db(from.Schema.O)
	if src == nil {
		return
	}
	t := src.Table(from.Name.O)
	if t == nil {
		a.errorf(0, "Table '%s.%s' doesn't exist (error 1146)", src.Name, from.Name.O)
		return
	}
	dst := a.db(to.Schema.O)
	if dst == nil {
		return
	}
	src.removeTable(t.Name)
	t.DB, t.Name = dst.Name, to.Name.O
	dst.addTable(t)
}

func (a *applier) createView(n *ast.CreateViewStmt) {
	d := a.db(n.ViewName.Schema.O)
	if d == nil {
		return
	}
	if old := d.Table(n.ViewName.Name.O); old != nil && !n.OrReplace {
		a.errorf(0, "Table '%s' already exists (error 1050)", n.ViewName.Name.O)
		return
	}
	v := &Table{DB: d.Name, Name: n.ViewName.Name.O, View: true, Pos: a.st.At(0)}
	if a.views != nil {
		cols, err := a.views(a.c, d.Name, n.Select)
		var refused *RefusedError
		if errors.As(err, &refused) {
			a.errorf(0, "view %s not created: the server refuses its query (%s)", v.Name, refused.Msg)
			return
		}
		if err != nil {
			a.errorf(0, "view %s: %v", v.Name, err)
		}
		for i, c := range cols {
			if i < len(n.Cols) {
				c.Name = n.Cols[i].O
			}
		}
		v.Columns = cols
		v.def = newViewDef(a.c, d.Name, n.Select, n.Cols)
		a.c.hasViews = true
	}
	d.addTable(v)
}

func (t *Table) clone() *Table {
	n := *t
	n.Columns = make([]*Column, len(t.Columns))
	for i, c := range t.Columns {
		cc := *c
		n.Columns[i] = &cc
	}
	n.Indexes = make([]*Index, len(t.Indexes))
	for i, ix := range t.Indexes {
		c := *ix
		c.Parts = append([]IndexPart(nil), ix.Parts...)
		n.Indexes[i] = &c
	}
	n.ForeignKeys = append([]*ForeignKey(nil), t.ForeignKeys...)
	return &n
}

// defaultValue is a DEFAULT clause as COLUMN_DEFAULT shows it before the
// column's type formats it: a literal's value without quotes or
// introducer, CURRENT_TIMESTAMP[(n)] for its synonyms, the SQL text of any
// other expression, nil for NULL.
func defaultValue(e ast.ExprNode) (value *string, expr bool) {
	switch n := e.(type) {
	case ast.ValueExpr:
		v := n.GetValue()
		if v == nil {
			return nil, false
		}
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case int64, uint64:
			s = fmt.Sprint(x)
			if strings.EqualFold(exprText(e), "TRUE") || strings.EqualFold(exprText(e), "FALSE") {
				s = pick(strings.EqualFold(exprText(e), "TRUE"), "1", "0")
			}
		case float64:
			s = strconv.FormatFloat(x, 'g', -1, 64)
		case fmt.Stringer: // decimals, bit and hex literals
			s = x.String()
		default:
			s = exprText(e)
		}
		if r := exprText(e); strings.HasPrefix(r, "b'") || strings.HasPrefix(r, "x'") || strings.HasPrefix(r, "0x") || strings.HasPrefix(r, "0b") {
			s = r // bit and hex literals stay as written
		}
		return &s, false
	case *ast.UnaryOperationExpr:
		if v, ok := n.V.(ast.ValueExpr); ok && n.Op == opcode.Minus {
			if s, _ := defaultValue(v); s != nil {
				neg := "-" + *s
				return &neg, false
			}
		}
	case *ast.FuncCallExpr:
		switch n.FnName.L {
		case "current_timestamp", "now", "localtime", "localtimestamp":
			s := "CURRENT_TIMESTAMP"
			if len(n.Args) == 1 {
				if v, ok := n.Args[0].(ast.ValueExpr); ok && fmt.Sprint(v.GetValue()) != "0" {
					s += "(" + fmt.Sprint(v.GetValue()) + ")"
				}
			}
			return &s, false
		}
	}
	s := exprText(e)
	return &s, true
}

// exprText restores an expression as SQL text.
func exprText(e ast.ExprNode) string {
	if e == nil {
		return ""
	}
	var b strings.Builder
	if err := e.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)); err != nil {
		return e.Text()
	}
	return b.String()
}

// findName locates a column name (quoted or bare) in text at or after from.
func findName(text, name string, from int) int {
	lower := strings.ToLower(text)
	n := strings.ToLower(name)
	for i := from; i < len(lower); {
		j := strings.Index(lower[i:], n)
		if j < 0 {
			break
		}
		j += i
		before := byte(' ')
		if j > 0 {
			before = lower[j-1]
		}
		after := byte(' ')
		if j+len(n) < len(lower) {
			after = lower[j+len(n)]
		}
		if before == '`' && after == '`' {
			return j - 1
		}
		if !isIdentByte(before) && !isIdentByte(after) && before != '`' {
			return j
		}
		i = j + 1
	}
	return from
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// national reports whether the column defined at off uses a NATIONAL type
// (NCHAR, NVARCHAR, NATIONAL CHAR/VARCHAR…), whose charset is utf8mb3. The
// TiDB parser drops that fact, so it is read from the text.
func national(text string, off int) bool {
	rest := text[off:]
	// skip the column name
	if strings.HasPrefix(rest, "`") {
		if k := strings.IndexByte(rest[1:], '`'); k >= 0 {
			rest = rest[k+2:]
		}
	} else {
		k := 0
		for k < len(rest) && isIdentByte(rest[k]) {
			k++
		}
		rest = rest[k:]
	}
	word := strings.ToUpper(strings.TrimSpace(rest))
	for _, p := range []string{"NATIONAL ", "NCHAR", "NVARCHAR"} {
		if strings.HasPrefix(word, p) {
			return true
		}
	}
	return false
}

// columnMarks applies the SRID and INVISIBLE attributes that lint's compat
// blanked for the parser and recorded in Stmt.Spatial, for the column
// whose definition starts at off (it ends at the next comma or closing
// parenthesis outside quotes and parentheses).
func (a *applier) columnMarks(col *Column, off int) {
	if len(a.st.Spatial) == 0 {
		return
	}
	text := a.st.Text
	end, depth := typeOffset(text, off), 0
scan:
	for end < len(text) {
		switch c := text[end]; c {
		case '\'', '"', '`':
			end++
			for end < len(text) && text[end] != c {
				if text[end] == '\\' && c != '`' {
					end++
				}
				end++
			}
		case '(':
			depth++
		case ')':
			if depth == 0 {
				break scan
			}
			depth--
		case ',':
			if depth == 0 {
				break scan
			}
		}
		end++
	}
	for at, mark := range a.st.Spatial {
		if at <= off || at >= end {
			continue
		}
		switch {
		case mark == "invisible":
			col.Invisible = true
		case strings.HasPrefix(mark, "srid "):
			col.SRID = strings.TrimPrefix(mark, "srid ")
		}
	}
}
