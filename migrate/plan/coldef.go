package plan

import (
	"fmt"
	"strings"

	"github.com/collint/collint/lint/catalog"
)

// quoteIdent quotes an identifier with backticks.
func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// quoteString quotes a string literal the way SHOW CREATE TABLE does.
func quoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

// ColumnDef restates a column's whole definition — type, charset and
// collation, NULL, DEFAULT, ON UPDATE, AUTO_INCREMENT, COMMENT, generated
// expression, INVISIBLE — so that MODIFY drops nothing. keepIntWidth
// follows the flavor's spelling of integer types.
//
// Charset and collation are written the way they were declared: not at
// all when inherited from the table (the server remembers an explicit
// CHARACTER SET and shows it in SHOW CREATE TABLE afterwards, measured on
// MySQL 9.7), COLLATE alone within the table's charset.
func ColumnDef(t *catalog.Table, c *catalog.Column, keepIntWidth bool) string {
	var b strings.Builder
	b.WriteString(quoteIdent(c.Name))
	b.WriteByte(' ')
	b.WriteString(c.Type.Spell(keepIntWidth))
	if c.Type.HasCharset() && c.Charset != "" {
		inherited := c.CollationSource != catalog.FromColumn && c.Charset == t.Charset && c.Collation == t.Collation
		switch {
		case inherited:
		case c.Charset == t.Charset:
			fmt.Fprintf(&b, " COLLATE %s", c.Collation)
		default:
			fmt.Fprintf(&b, " CHARACTER SET %s COLLATE %s", c.Charset, c.Collation)
		}
	}
	if c.Generated != "" {
		kind := "VIRTUAL"
		if c.Stored {
			kind = "STORED"
		}
		fmt.Fprintf(&b, " GENERATED ALWAYS AS (%s) %s", c.Generated, kind)
	}
	if c.Nullable {
		b.WriteString(" NULL")
	} else {
		b.WriteString(" NOT NULL")
	}
	if c.Default != nil && c.Generated == "" {
		b.WriteString(" DEFAULT ")
		b.WriteString(defaultSQL(c))
	}
	if c.OnUpdate != "" {
		b.WriteString(" ON UPDATE " + c.OnUpdate)
	}
	if c.AutoIncrement {
		b.WriteString(" AUTO_INCREMENT")
	}
	if c.Comment != nil && *c.Comment != "" {
		b.WriteString(" COMMENT " + quoteString(unquote(*c.Comment)))
	}
	if c.Invisible {
		b.WriteString(" INVISIBLE")
	}
	return b.String()
}

// defaultSQL renders a column default as SQL: expressions as they are,
// literals quoted for string and temporal columns.
func defaultSQL(c *catalog.Column) string {
	d := *c.Default
	up := strings.ToUpper(d)
	switch {
	case strings.HasPrefix(d, "(") || strings.HasPrefix(up, "CURRENT_TIMESTAMP") || strings.HasPrefix(up, "NOW(") || up == "NULL":
		return d
	case strings.HasPrefix(d, "'") && strings.HasSuffix(d, "'") && len(d) >= 2:
		return d
	case c.Type.Class() == catalog.ClassString || c.Type.Class().Temporal() || c.Type.Class() == catalog.ClassYear:
		return quoteString(d)
	}
	return d
}

// unquote strips one level of SQL quotes from a restored literal.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return strings.NewReplacer("''", "'", `\'`, "'", `\\`, `\`).Replace(s[1 : len(s)-1])
	}
	return s
}
