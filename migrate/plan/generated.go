package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// alternative is the generated-column migration for a migration that
// converts one string column to an integer type: when some values cannot
// convert (non-numeric, empty, leading zeros, out of range), the column
// stays as it is and a STORED generated column of the target type holds
// the values that convert (NULL for the others), with an index; queries
// join on it instead. It needs no pre-check: nothing is converted in
// place. Only offered for a single-table migration whose only change is
// that conversion and whose column is in no foreign key.
func (b *builder) alternative(m *Migration, keys map[*catalog.Table][]*catalog.ForeignKey) *Migration {
	if len(m.Tables) != 1 || len(m.Changes) != 1 || len(keys[m.Table]) > 0 {
		return nil
	}
	ch := m.Changes[0]
	if ch.Kind != "type" || ch.From.Type.Class() != catalog.ClassString {
		return nil
	}
	t := m.Table
	name := generatedName(t, ch.From.Name)
	to := &catalog.Column{Name: name, Type: ch.To.Type, Nullable: true, Stored: true, Generated: convertibleExpr(ch), CollationSource: ""}
	idx := "idx_" + name
	q := quoteIdent(t.DB) + "." + quoteIdent(t.Name)
	alt := &Migration{
		Name:    strings.ToLower(t.Name + "_" + name),
		Table:   t,
		Tables:  m.Tables,
		Changes: []*Change{{Table: t, From: ch.From, To: to, Kind: "generated", Findings: ch.Findings, Why: fmt.Sprintf("a STORED generated %s column holds the values of %s that convert exactly (NULL for the rest) and is indexed, so joins compare integers through an index while %s keeps every value as it is", ch.To.Type.Spell(false), ch.From.Name, ch.From.Name)}},
		// ADD of a STORED column rebuilds the table on both servers
		// (INPLACE refused); dropping it back is INPLACE, LOCK=NONE on both.
		Algorithm: "ALGORITHM=COPY, LOCK=SHARED",
		Up: fmt.Sprintf("ALTER TABLE %s\n  ADD COLUMN %s AFTER %s,\n  ADD INDEX %s (%s),\n  ALGORITHM=COPY, LOCK=SHARED;\n",
			q, ColumnDefFor(t, to, b.rep.Env.Flavor), quoteIdent(ch.From.Name), quoteIdent(idx), quoteIdent(name)),
		Down: fmt.Sprintf("ALTER TABLE %s\n  DROP INDEX %s,\n  DROP COLUMN %s,\n  ALGORITHM=INPLACE, LOCK=NONE;\n", q, quoteIdent(idx), quoteIdent(name)),
		Risks: []string{fmt.Sprintf("%s is rebuilt (ALGORITHM=COPY: a STORED column is added) and writes wait for the copy", t.Name),
			fmt.Sprintf("rows whose %s does not convert get NULL in %s and no longer match the join: they are the rows the conversion pre-check lists", ch.From.Name, name)},
	}
	alt.Statements = []Statement{{Table: t, SQL: alt.Up}}
	for _, f := range b.fixes {
		if f.Column != columnKey(t, ch.From) || !slices.Contains(ch.Findings, f.Finding) {
			continue
		}
		if r := f.withColumn(name); r != "" {
			alt.QueryFixes = appendUnique(alt.QueryFixes, fmt.Sprintf("%s: rewrite %s as %s — integer comparison through %s", f.Finding, f.Original, r, idx))
		}
	}
	return alt
}

// generatedName names the generated column: b_id_str → b_id, else <col>_int;
// a name already taken gets _int appended until it is free.
func generatedName(t *catalog.Table, col string) string {
	name := col + "_int"
	for _, suf := range []string{"_str", "_string", "_char", "_text"} {
		if base := strings.TrimSuffix(strings.ToLower(col), suf); base != strings.ToLower(col) && base != "" {
			name = col[:len(base)]
			break
		}
	}
	for t.Column(name) != nil {
		name += "_int"
	}
	return name
}

// convertibleExpr is the expression of the generated column: the value as
// an integer when it converts exactly (the conversion pre-check's rule),
// else NULL. CASE evaluates the casts only for values that passed the
// REGEXP, so no row raises a conversion warning (which strict mode would
// turn into an error on INSERT). Measured on MySQL 9.7 and MariaDB 10.11:
// '1' → 1, '-3' → -3, '007', '+7', 'abc', ” and 99999999999999999999 → NULL.
func convertibleExpr(ch *Change) string {
	lo, hi, cast := intBounds(ch.To.Type)
	col := quoteIdent(ch.From.Name)
	return fmt.Sprintf("CASE WHEN %[1]s REGEXP '^[+-]?[0-9]+$' AND CAST(%[1]s AS DECIMAL(65,0)) BETWEEN %[2]s AND %[3]s AND CAST(CAST(%[1]s AS %[4]s) AS BINARY) = CAST(%[1]s AS BINARY) THEN CAST(%[1]s AS %[4]s) END", col, lo, hi, cast)
}
