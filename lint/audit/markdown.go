package audit

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/collint/collint/migrate/plan"
)

// Markdown writes the report as GitHub-flavoured Markdown. Text that comes
// from the schema or the statements is escaped (no raw HTML reaches the
// reader), statements sit in fenced blocks whose fence is longer than any
// backtick run inside them.
func Markdown(w io.Writer, a *Audit) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# collint audit: %s\n\n", mdText(a.Title))

	p("## Server\n\n| setting | value |\n|---|---|\n")
	for _, r := range a.ServerRows() {
		p("| %s | %s |\n", mdCell(r[0]), mdCell(r[1]))
	}
	p("\n")
	for _, n := range a.Notes {
		p("- Note: %s\n", mdText(n))
	}
	if len(a.Notes) > 0 {
		p("\n")
	}
	if a.Server != nil && !a.Server.PerformanceSchema {
		p("> **The statements part is missing.** %s\n\n", mdText(psOffHelp))
	} else if a.Server != nil && a.Server.Digests == 0 {
		p("> **No statements.** %s\n\n", mdText(noDigestsHelp))
	}

	s := a.Summary
	p("## Summary\n\n")
	p("- %d finding(s): %d error(s), %d warning(s), %d info\n", s.Findings, s.BySeverity[0].N, s.BySeverity[1].N, s.BySeverity[2].N)
	p("- from the schema: %d; from statements: %d (%d from performance_schema digests); %d statement(s) analysed\n", s.Schema, s.Statements, s.FromDigest, s.Analysed)
	p("- input errors: %d\n", s.Errors)
	p("- migrations: %d\n\n", len(a.Migrations))
	if len(s.ByRule) > 0 {
		p("| rule | name | findings |\n|---|---|---:|\n")
		for _, c := range s.ByRule {
			p("| %s | %s | %d |\n", c.Key, mdCell(c.Name), c.N)
		}
		p("\n")
	}

	writeIslandsMD(p, a.Islands)

	p("## Findings\n\n")
	if len(a.Items) == 0 {
		p("No finding.\n\n")
	}
	for _, it := range a.Items {
		writeItemMD(p, it)
	}

	if len(a.Migrations) > 0 {
		p("## Migrations\n\n")
		for _, m := range a.Migrations {
			writeMigrationMD(p, m)
		}
	}
	if len(a.Skipped) > 0 {
		p("## Not a schema change\n\n")
		for _, sk := range a.Skipped {
			p("- %s\n", mdText(sk))
		}
		p("\n")
	}
	if len(a.Errors) > 0 {
		p("## Input errors\n\n")
		for _, e := range a.Errors {
			p("- %s: %s\n", mdCode(fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)), mdText(e.Message))
		}
		p("\n")
	}
	return bw.Flush()
}

func writeIslandsMD(p func(string, ...any), is *Islands) {
	p("## Collation islands\n\n")
	if is == nil || len(is.Islands) == 0 {
		p("No table.\n\n")
		return
	}
	p("Tables grouped by the collation most of their character columns use.\n\n")
	p("| island | collation | charset | tables | notes |\n|---|---|---|---|---|\n")
	for _, isl := range is.Islands {
		var names []string
		for _, t := range isl.Tables {
			names = append(names, mdCode(t.Label))
		}
		p("| %s | %s | %s | %s | %s |\n", isl.ID, mdCell(mdCode(isl.Collation)), mdCell(isl.Charset), mdCell(strings.Join(names, ", ")), mdCell(strings.Join(isl.Notes, ", ")))
	}
	p("\n")
	var odd []string
	for _, isl := range is.Islands {
		for _, t := range isl.Tables {
			if len(t.Others) > 0 {
				odd = append(odd, fmt.Sprintf("- %s (island %s): %s", mdCode(t.Label), isl.ID, mdText(strings.Join(t.Others, ", "))))
			}
		}
	}
	if len(odd) > 0 {
		p("Columns outside their table's island:\n\n%s\n\n", strings.Join(odd, "\n"))
	}
	cross := is.Crossing()
	p("### Comparisons that cross islands\n\n")
	if len(cross) == 0 {
		p("None.\n\n")
	}
	for i, e := range cross {
		p("%d. **%s** %s\n", i+1, mdText(e.Label()), mdText(e.Sentence()))
	}
	if len(cross) > 0 {
		p("\n")
	}
	var same []*Edge
	for _, e := range is.Edges {
		if !e.Cross {
			same = append(same, e)
		}
	}
	if len(same) > 0 {
		p("### Other comparisons (one collation)\n\n")
		for _, e := range same {
			p("- %s\n", mdText(e.Sentence()))
		}
		p("\n")
	}
	p("```mermaid\n%s```\n\n", is.Mermaid())
}

func writeItemMD(p func(string, ...any), it *Item) {
	f := it.Finding
	p("### %s — %s\n\n", mdText(it.Title()), mdCode(it.Location()))
	p("%s\n\n", mdText(f.Message))
	if c := it.Consequence(); c != "" {
		p("- **Consequence:** %s\n", mdText(c))
	}
	if f.Hint != "" {
		p("- **Hint:** %s\n", mdText(f.Hint))
	}
	if o := it.Occurrences(); o != "" {
		p("- **Occurrences:** %s\n", mdText(o))
	}
	p("- **Found in:** %s\n\n", it.Origin)
	if st := it.Statement; st != nil {
		p("Statement:\n\n%s\n", mdFence("sql", st.Text))
		if st.Sample != "" && st.Sample != st.Text {
			p("A sample of it:\n\n%s\n", mdFence("sql", st.Sample))
		}
	}
	if len(it.Columns) > 0 {
		p("| column | type | charset / collation | indexes |\n|---|---|---|---|\n")
		for _, c := range it.Columns {
			p("| %s | %s | %s | %s |\n", mdCell(mdCode(c.Name)), mdCell(c.TypeOrDash()), mdCell(c.Collated()), mdCell(c.IndexNote()))
		}
		p("\n")
	}
	for _, fx := range it.Fixes {
		m := fx.Migration
		p("Migration [%s](#%s) (%s) ends it:\n\n", m.ID, strings.ToLower(m.ID), mdCode(m.Plan.Table.QualifiedName()))
		for _, ch := range fx.Changes {
			p("- %s: %s\n", mdCode(ch.From.Name), mdText(ch.Why))
		}
		p("\n%s\n", mdFence("sql", m.Plan.Up))
	}
	if len(it.Fixes) == 0 {
		p("%s\n\n", mdText(it.NoFix()))
	}
	for _, q := range it.QueryFixes {
		p("- **Query-only fix:** %s — %s\n", mdCode(q.Rewrite), mdText(q.Effect))
	}
	if len(it.QueryFixes) > 0 {
		p("\n")
	}
}

func writeMigrationMD(p func(string, ...any), m *Migration) {
	mp := m.Plan
	p("### %s\n\n", mdHeadingAnchor(m.ID, m.ID+" "+mp.Table.QualifiedName()))
	p("Ends %s.\n\n", mdText(orDash(m.Ends())))
	writeMigrationBodyMD(p, mp)
	if alt := mp.Alternative; alt != nil {
		p("#### %s\n\n", mdText(AlternativeTitle(mp)))
		writeMigrationBodyMD(p, alt)
	}
}

// writeMigrationBodyMD writes a migration's changes, risks, query fixes,
// pre-checks and SQL (and why it was chosen, with the rows that decided).
func writeMigrationBodyMD(p func(string, ...any), mp *plan.Migration) {
	if mp.Chosen != "" {
		p("**Chosen:** %s\n\n", mdText(mp.Chosen))
		if len(mp.Offending) > 0 {
			var rows []string
			for _, r := range mp.Offending {
				rows = append(rows, OffendingRow(r))
			}
			p("Offending rows (at most %d):\n\n%s\n", plan.MaxOffending, mdFence("text", strings.Join(rows, "\n")))
		}
	}
	for _, ch := range mp.Changes {
		p("- %s: %s (ends %s)\n", changeMD(mp, ch), mdText(ch.Why), mdText(strings.Join(ch.Findings, ", ")))
	}
	for _, r := range mp.Risks {
		p("- **Risk:** %s\n", mdText(r))
	}
	for _, q := range mp.QueryFixes {
		p("- **Query fix:** %s\n", mdText(q))
	}
	p("\n")
	for _, c := range mp.PreChecks {
		p("Pre-check, must return no rows: %s. %s\n\n%s\n", mdText(c.Name), mdText(c.Why), mdFence("sql", c.SQL))
	}
	p("Up:\n\n%s\nDown:\n\n%s\n", mdFence("sql", mp.Up), mdFence("sql", mp.Down))
	for _, o := range mp.Online {
		p("Online:\n\n%s\n", mdFence("sh", o))
	}
}

// changeMD is ChangeLine with the definitions as code.
func changeMD(m *plan.Migration, ch *plan.Change) string {
	if ch.Kind == "generated" {
		return "add " + mdCode(plan.ColumnDef(m.Table, ch.To, false))
	}
	return mdCode(plan.ColumnDef(ch.Table, ch.From, false)) + " → " + mdCode(plan.ColumnDef(ch.Table, ch.To, false))
}

// mdHeadingAnchor writes a heading text whose GitHub anchor is the lower
// case id (the text starts with it and the rest is plain).
func mdHeadingAnchor(id, text string) string {
	return fmt.Sprintf(`<a id="%s"></a>%s`, strings.ToLower(id), mdText(text))
}

var mdSpecial = regexp.MustCompile("[\\\\`*\\[\\]<>|&#~]|(^|[^\\pL\\pN])_")

// mdText escapes text for a Markdown paragraph: no emphasis, link, code
// span or raw HTML can start inside it; newlines become spaces.
func mdText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return mdSpecial.ReplaceAllStringFunc(s, func(m string) string {
		switch m {
		case "<":
			return "&lt;"
		case ">":
			return "&gt;"
		case "&":
			return "&amp;"
		}
		if strings.HasSuffix(m, "_") && len(m) > 1 {
			return m[:len(m)-1] + `\_`
		}
		return `\` + m
	})
}

// mdCell is text for a table cell: already escaped code spans and text
// keep their escapes; pipes are escaped (also inside code spans, as GFM
// tables require).
func mdCell(s string) string {
	if strings.HasPrefix(s, "`") {
		return strings.ReplaceAll(s, "|", `\|`)
	}
	return mdText(s)
}

// mdCode is an inline code span holding s verbatim.
func mdCode(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdFence is a fenced code block holding s verbatim.
func mdFence(lang, s string) string {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n"
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// Mermaid is the islands as a Mermaid flowchart: one subgraph per island,
// crossing edges captioned with their two collations. Names are quoted
// labels; node ids are generated.
func (is *Islands) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	ids := map[*IslandTable]string{}
	n := 0
	for _, isl := range is.Islands {
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n", isl.ID, mermaidLabel(isl.Collation))
		for _, t := range isl.Tables {
			n++
			ids[t] = fmt.Sprintf("t%d", n)
			fmt.Fprintf(&b, "    %s[\"%s\"]\n", ids[t], mermaidLabel(t.Label))
		}
		b.WriteString("  end\n")
	}
	for _, e := range is.Edges {
		arrow := "---"
		if len(e.Kinds) == 1 && e.Kinds[0] == "foreign key" {
			arrow = "-.-"
		}
		if e.Cross {
			fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", ids[e.A.Table], arrow, mermaidLabel(e.A.Column+" "+e.Label()+" "+e.B.Column), ids[e.B.Table])
		} else {
			fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", ids[e.A.Table], arrow, mermaidLabel(e.A.Column+" = "+e.B.Column), ids[e.B.Table])
		}
	}
	k := 0
	for _, e := range is.Edges {
		if e.Cross {
			fmt.Fprintf(&b, "  linkStyle %d stroke:#dc2626,stroke-width:3px\n", k)
		}
		k++
	}
	return b.String()
}

// mermaidLabel makes text safe inside a quoted Mermaid label.
func mermaidLabel(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "\n", " ", "`", "#96;", "<", "#lt;", ">", "#gt;").Replace(s)
}
