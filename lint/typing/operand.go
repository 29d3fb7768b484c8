// Package typing gives every expression of a query its type, character set,
// collation and coercibility for one flavor and connection collation, and
// decides — the way the server's DTCollation::aggregate and Arg_comparator
// do — what each comparison becomes: an error, a comparison that an index
// can or cannot serve, or one with a result hazard.
package typing

import (
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/collint/collint/lint/catalog"
)

// Coercibility is the server's derivation level; lower wins. The values
// follow MariaDB 11's enum, which has every level: MySQL and MariaDB 10.x
// never produce Cast or UserVar (they type those expressions Implicit), so
// the order of the levels they do produce is theirs.
type Coercibility int

// Derivation levels.
const (
	Explicit  Coercibility = 0
	None      Coercibility = 1
	Implicit  Coercibility = 2
	Sysconst  Coercibility = 3
	Cast      Coercibility = 4 // MariaDB 11: CAST(x AS CHAR), CONVERT(x USING cs)
	UserVar   Coercibility = 5 // MariaDB 11: @v holding a string
	Coercible Coercibility = 6
	Numeric   Coercibility = 7
	Ignorable Coercibility = 8
)

var coerNames = map[Coercibility]string{Explicit: "EXPLICIT", None: "NONE", Implicit: "IMPLICIT", Sysconst: "SYSCONST", Cast: "CAST", UserVar: "USERVAR", Coercible: "COERCIBLE", Numeric: "NUMERIC", Ignorable: "IGNORABLE"}

func (c Coercibility) String() string { return coerNames[c] }

// ColRef is a resolved column of a table in a query.
type ColRef struct {
	Table  *catalog.Table
	Column *catalog.Column
}

// Name is "db.table.column".
func (c *ColRef) Name() string { return c.Table.DB + "." + c.Table.Name + "." + c.Column.Name }

// Indexed reports whether an index starts with this column.
func (c *ColRef) Indexed() bool {
	return c.Table != nil && !c.Table.View && len(c.Table.IndexesOn(c.Column.Name)) > 0
}

// Operand is a typed expression.
type Operand struct {
	Class     catalog.Class
	Unsigned  bool
	Enum      bool   // an ENUM or SET column: compared with a number by position
	Charset   string // string classes only ("binary" for binary strings)
	Collation string
	Coer      Coercibility
	// ASCII is true when every character the operand can hold is ASCII
	// (MY_REPERTOIRE_ASCII): an ascii column, a literal of ASCII characters,
	// a number turned into a string.
	ASCII bool

	Column  *ColRef   // the operand is exactly this column: its index may serve
	Wrapped []*ColRef // columns under a function, cast or COLLATE: their indexes cannot serve
	Const   bool      // no column at all: literals, placeholders, functions of them
	Param   bool      // a ? placeholder: takes the type its partner asks for
	UserVar bool      // a @variable: constant while the statement runs, unknown to the resolver
	Literal *Literal  // a plain literal

	between    bool // first operand of a BETWEEN (set while judging it)
	upperBound bool // upper bound of a BETWEEN (set while judging it)

	text string   // as written, for messages (computed from node on demand)
	node ast.Node // the expression, for Text
	Off  int      // offset in the statement text
	// Unknown is true when collint could not type the operand; no verdict
	// is drawn from it.
	Unknown bool
}

// Literal is the value of a literal operand.
type Literal struct {
	Value      string
	String     bool // a quoted string (with or without introducer)
	Introducer string
	Temporal   string // "DATE", "TIME", "TIMESTAMP" for typed literals
}

// Text renders the operand as SQL for messages. It is computed on first
// use: most operands never appear in a message.
func (o *Operand) Text() string {
	if o.text == "" && o.node != nil {
		o.text = exprText(o.node)
	}
	return o.text
}

// IsString reports whether the operand is a character or binary string.
func (o *Operand) IsString() bool { return o.Class == catalog.ClassString }

// Columns returns every column the operand reads (bare or wrapped).
func (o *Operand) Columns() []*ColRef {
	if o.Column != nil {
		return []*ColRef{o.Column}
	}
	return o.Wrapped
}

// wrap turns an operand into one computed from it: a bare column becomes a
// wrapped one, whose index can no longer serve.
func (o *Operand) wrap() []*ColRef {
	if o.Column != nil {
		return []*ColRef{o.Column}
	}
	return o.Wrapped
}
