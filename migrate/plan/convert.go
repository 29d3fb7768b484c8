package plan

import (
	"fmt"

	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/charset"
)

// conversion is a table-level CONVERT TO CHARACTER SET.
type conversion struct {
	Charset, Collation string
	risks              []string
}

// convertTarget returns the CONVERT TO a table's changes amount to: every
// character column of the table moves to one charset and collation other
// than the table's default, and that target is a new charset or the
// database's collation. CONVERT TO then also changes the default (new
// columns follow), and widens TEXT types when the charset's bytes per
// character grow — measured on MySQL 9.7 and MariaDB 10.11: latin1 →
// utf8mb4 turns TINYTEXT into TEXT and TEXT into MEDIUMTEXT. The widening
// is written into each change's new definition and stated as a risk; down
// restores the table default and every column's exact definition.
func (b *builder) convertTarget(t *catalog.Table, changes []*Change) *conversion {
	byCol := map[*catalog.Column]*Change{}
	for _, ch := range changes {
		if ch.Kind != "collation" {
			return nil
		}
		byCol[ch.From] = ch
	}
	var cs, co string
	n := 0
	for _, c := range t.Columns {
		if !c.Type.HasCharset() || c.Generated != "" {
			if c.Generated != "" && c.Type.HasCharset() {
				return nil
			}
			continue
		}
		ch := byCol[c]
		if ch == nil {
			return nil
		}
		if n == 0 {
			cs, co = ch.To.Charset, ch.To.Collation
		} else if ch.To.Charset != cs || ch.To.Collation != co {
			return nil
		}
		n++
	}
	if n == 0 || (cs == t.Charset && co == t.Collation) {
		return nil
	}
	// The table's default moves too: only when that is wanted — its
	// charset is the wrong one, or the table is an island of another
	// collation that returns to its database's. A table whose one string
	// column follows a _bin partner keeps its default (MODIFY).
	if d := b.rep.Catalog.Database(t.DB); cs == t.Charset && (d == nil || co != d.Collation) {
		return nil
	}
	conv := &conversion{Charset: cs, Collation: co}
	reg := b.rep.Env.Flavor.Charsets
	for _, ch := range changes {
		to := *ch.To
		to.CollationSource = catalog.FromTable
		if to.Type.IsText() {
			if w := catalog.WidenText(to.Type.Base, maxLen(reg, ch.From.Charset), maxLen(reg, cs)); w != to.Type.Base {
				conv.risks = append(conv.risks, fmt.Sprintf("CONVERT TO widens %s.%s from %s to %s so that it still holds as many characters in %s (down turns it back; a value longer than %s then allows fails)", t.Name, ch.From.Name, to.Type.Base, w, cs, to.Type.Base))
				to.Type.Base = w
			}
		}
		ch.To = &to
		ch.Why += fmt.Sprintf("; every character column of %s changes to %s, so the table converts as a whole (its default for new columns too)", t.Name, co)
	}
	return conv
}

func maxLen(reg *charset.Registry, cs string) int {
	if ch, ok := reg.Charset(cs); ok {
		return ch.MaxLen
	}
	return 0
}
