package audit

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/collint/collint/migrate/plan"
)

//go:embed report.html.tmpl
var htmlTemplate string

var htmlTmpl = template.Must(template.New("audit").Funcs(template.FuncMap{
	"columnDef":    ChangeLine,
	"altTitle":     AlternativeTitle,
	"offendingRow": OffendingRow,
	"maxOffending": func() int { return plan.MaxOffending },
	"lower":        strings.ToLower,
	"join":         strings.Join,
	"svg": func(is *Islands) template.HTML {
		// The SVG is built by this package with every text node and
		// attribute value escaped (esc); it holds no script and no
		// external reference.
		return template.HTML(is.SVG())
	},
	"psOffHelp":     func() string { return psOffHelp },
	"noDigestsHelp": func() string { return noDigestsHelp },
}).Parse(htmlTemplate))

// HTML writes the report as one self-contained HTML page: inline CSS, the
// islands picture as inline SVG, no script, no font, image or style sheet
// fetched from anywhere. Every text from the schema, the statements or
// the server is escaped by html/template.
func HTML(w io.Writer, a *Audit) error {
	return htmlTmpl.Execute(w, a)
}
