package lint

import (
	"strings"

	"github.com/collint/collint/lint/sqlsplit"
)

// suppression is one "-- collint:ignore RULE[,RULE…] reason" comment.
// On a line of its own before a statement it covers the whole statement;
// after code on a line it covers findings on that line.
type suppression struct {
	rules  map[string]bool // IDs or names; "all" matches every rule
	line   int             // 0: the whole statement
	reason string
}

const ignoreMarker = "collint:ignore"

// suppressions reads the statement's comments.
func suppressions(st *sqlsplit.Statement) []suppression {
	var out []suppression
	for _, c := range st.Comments {
		i := strings.Index(c.Text, ignoreMarker)
		if i < 0 {
			continue
		}
		rest := strings.TrimSpace(strings.TrimSuffix(c.Text[i+len(ignoreMarker):], "*/"))
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		s := suppression{rules: map[string]bool{}, reason: strings.TrimSpace(strings.TrimPrefix(rest, f[0]))}
		for _, r := range strings.Split(f[0], ",") {
			if r = strings.TrimSpace(r); r != "" {
				s.rules[r] = true
			}
		}
		if c.Pos.Line >= st.Start.Line {
			s.line = c.Pos.Line // a comment on one of the statement's lines
			if c.Pos.Line == st.Start.Line && c.Pos.Offset < st.Start.Offset {
				s.line = 0 // "/* collint:ignore … */ SELECT …": the whole statement
			}
		}
		out = append(out, s)
	}
	return out
}

// suppressed reports whether a finding is covered by a suppression.
func suppressed(f *Finding, ignore []suppression) bool {
	for _, s := range ignore {
		if (s.rules[f.Rule] || s.rules[f.Name] || s.rules["all"]) && (s.line == 0 || s.line == f.Line) {
			return true
		}
	}
	return false
}
