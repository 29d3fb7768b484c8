package catalog

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// DefaultSQLMode is the sql_mode a fresh session of the flavor's servers
// starts with.
func (c *Catalog) DefaultSQLMode() string {
	switch {
	case c.Flavor.MariaDB:
		return "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"
	case c.Flavor.Version < 80000:
		return "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"
	}
	return "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
}

// SQLMode is the session's sql_mode: the flavor's default until a SET
// sql_mode in the schema changes it (mysqldump output sets
// NO_AUTO_VALUE_ON_ZERO, which is not strict, and restores the old mode
// from a user variable at the end).
func (c *Catalog) SQLMode() string {
	if c.sqlMode == nil {
		return c.DefaultSQLMode()
	}
	return *c.sqlMode
}

// hasMode reports whether the session's sql_mode includes mode.
func (c *Catalog) hasMode(mode string) bool {
	for _, m := range strings.Split(c.SQLMode(), ",") {
		if strings.EqualFold(strings.TrimSpace(m), mode) {
			return true
		}
	}
	return false
}

// strict reports whether errors that strict mode raises are raised:
// a too long VARCHAR, a literal default for a TEXT column, a zero date.
func (c *Catalog) strict() bool {
	return c.hasMode("STRICT_TRANS_TABLES") || c.hasMode("STRICT_ALL_TABLES")
}

// modeAliases expands the combination modes that imply strictness.
var modeAliases = map[string]string{
	"TRADITIONAL": "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
}

func normalizeMode(s string) string {
	var out []string
	for _, m := range strings.Split(s, ",") {
		m = strings.ToUpper(strings.TrimSpace(m))
		if m == "" {
			continue
		}
		if x, ok := modeAliases[m]; ok {
			m = x
		}
		out = append(out, m)
	}
	return strings.Join(out, ",")
}

// ConnCollation is collation_connection as SET NAMES / SET
// collation_connection in the schema left it ("" when never set): view
// definitions take their literals' collation from it.
func (c *Catalog) ConnCollation() string {
	if c.connColl == nil {
		return ""
	}
	return *c.connColl
}

// savedVar is a user variable holding a session variable's value
// (SET @saved_sql_mode = @@sql_mode).
type savedVar struct {
	sys string // "sql_mode" or "collation_connection"; "" for a string constant
	val *string
}

// set follows the session variables dumps set around their definitions:
// sql_mode (SET sql_mode = '…' / DEFAULT / @saved, SET @saved = @@sql_mode)
// and the connection collation (SET NAMES, SET collation_connection).
// Other variables change no schema.
func (c *Catalog) set(n *ast.SetStmt) {
	for _, v := range n.Variables {
		name := strings.ToLower(v.Name)
		switch {
		case v.Name == ast.SetNames || v.Name == ast.SetCharset:
			cs, _ := constString(v.Value)
			if cs == "" || strings.EqualFold(cs, "default") {
				c.connColl = nil
				continue
			}
			co, _ := constString(v.ExtendValue)
			if co == "" {
				co = c.Flavor.Charsets.DefaultCollation(cs)
			}
			if col, ok := c.Flavor.Charsets.CollationFor(cs, co); ok {
				c.connColl = &col.Name
			}
		case v.IsSystem && !v.IsGlobal && (name == "sql_mode" || name == "collation_connection"):
			cur := &c.sqlMode
			if name == "collation_connection" {
				cur = &c.connColl
			}
			switch val := v.Value.(type) {
			case *ast.DefaultExpr:
				*cur = nil
			case *ast.VariableExpr:
				sv, ok := c.saved[strings.ToLower(val.Name)]
				switch {
				case !ok || val.IsSystem:
				case sv.sys == name:
					*cur = sv.val
				case sv.sys == "" && sv.val != nil && name == "sql_mode": // SET @m = ''; SET sql_mode = @m
					m := normalizeMode(*sv.val)
					*cur = &m
				case sv.sys == "" && sv.val != nil:
					if col, ok := c.Flavor.Charsets.Collation(*sv.val); ok {
						*cur = &col.Name
					}
				}
			default:
				s, ok := constString(v.Value)
				if !ok {
					continue
				}
				if name == "sql_mode" {
					m := normalizeMode(s)
					*cur = &m
				} else if col, ok := c.Flavor.Charsets.Collation(s); ok {
					*cur = &col.Name
				}
			}
		case !v.IsSystem:
			if str, ok := constString(v.Value); ok {
				if c.saved == nil {
					c.saved = map[string]savedVar{}
				}
				c.saved[name] = savedVar{val: &str}
				continue
			}
			if ve, ok := v.Value.(*ast.VariableExpr); ok && ve.IsSystem {
				sys := strings.ToLower(ve.Name)
				if sys != "sql_mode" && sys != "collation_connection" {
					continue
				}
				val := c.sqlMode
				if sys == "collation_connection" {
					val = c.connColl
				}
				if c.saved == nil {
					c.saved = map[string]savedVar{}
				}
				c.saved[name] = savedVar{sys: sys, val: val}
			}
		}
	}
}

// constString reads a string constant (or an identifier-like value the
// parser stored as a string: SET NAMES utf8mb4).
func constString(e ast.ExprNode) (string, bool) {
	if v, ok := e.(ast.ValueExpr); ok {
		if s, ok := v.GetValue().(string); ok {
			return s, true
		}
	}
	return "", false
}
