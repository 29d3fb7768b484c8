package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/rules"
)

// GitHub writes workflow commands (::error file=…,line=…,col=…::message)
// that GitHub Actions turns into annotations on the pull request.
func GitHub(w io.Writer, rep *lint.Report) error {
	level := map[string]string{"error": "error", "warning": "warning", "info": "notice"}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s %s::%s\n", level[f.Severity], ghProp(f.File), f.Line, f.Column, f.Rule, ghProp(f.Name), ghData(f.Message))
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(w, "::error file=%s,line=%d,col=%d,title=collint input error::%s\n", ghProp(e.File), e.Line, e.Column, ghData(e.Message))
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Checkstyle writes checkstyle XML (reviewdog -f=checkstyle).
func Checkstyle(w io.Writer, rep *lint.Report) error {
	type errorEl struct {
		Line     int    `xml:"line,attr"`
		Column   int    `xml:"column,attr"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
	type fileEl struct {
		Name   string    `xml:"name,attr"`
		Errors []errorEl `xml:"error"`
	}
	files := map[string]*fileEl{}
	var order []string
	add := func(name string, e errorEl) {
		f, ok := files[name]
		if !ok {
			f = &fileEl{Name: name}
			files[name] = f
			order = append(order, name)
		}
		f.Errors = append(f.Errors, e)
	}
	sev := map[string]string{"error": "error", "warning": "warning", "info": "info"}
	for _, f := range rep.Findings {
		add(f.File, errorEl{f.Line, f.Column, sev[f.Severity], f.Message, "collint." + f.Rule})
	}
	for _, e := range rep.Errors {
		add(e.File, errorEl{e.Line, e.Column, "error", e.Message, "collint.input"})
	}
	sort.Strings(order)
	out := struct {
		XMLName xml.Name  `xml:"checkstyle"`
		Version string    `xml:"version,attr"`
		Files   []*fileEl `xml:"file"`
	}{Version: "4.3"}
	for _, n := range order {
		out.Files = append(out.Files, files[n])
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// SARIF writes a SARIF 2.1.0 log (GitHub code scanning): one run, the
// rules as reportingDescriptors, findings and input errors as results.
func SARIF(w io.Writer, rep *lint.Report, version string) error {
	type msg struct {
		Text string `json:"text"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           region   `json:"region"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type result struct {
		RuleID     string         `json:"ruleId"`
		RuleIndex  int            `json:"ruleIndex"`
		Level      string         `json:"level"`
		Message    msg            `json:"message"`
		Locations  []location     `json:"locations"`
		Properties map[string]any `json:"properties,omitempty"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type descriptor struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     msg            `json:"shortDescription"`
		FullDescription      msg            `json:"fullDescription"`
		Help                 msg            `json:"help"`
		DefaultConfiguration config         `json:"defaultConfiguration"`
		Properties           map[string]any `json:"properties"`
	}
	level := map[string]string{"error": "error", "warning": "warning", "info": "note"}
	all := rules.All()
	index := map[string]int{}
	var descs []descriptor
	for i, r := range all {
		index[r.ID] = i
		descs = append(descs, descriptor{
			ID: r.ID, Name: r.Name,
			ShortDescription:     msg{r.Summary},
			FullDescription:      msg{r.Doc},
			Help:                 msg{"Failing:\n" + r.Failing + "\n\nFixed:\n" + r.Fixed},
			DefaultConfiguration: config{level[string(r.Severity)]},
			Properties:           map[string]any{"impact": string(r.Impact)},
		})
	}
	descs = append(descs, descriptor{ID: "CL000", Name: "input-error", ShortDescription: msg{"input collint could not read or apply"},
		FullDescription: msg{"A statement that does not parse, or a schema change the server would refuse."}, Help: msg{"Fix the statement."},
		DefaultConfiguration: config{"error"}, Properties: map[string]any{"impact": "input"}})
	results := []result{}
	loc := func(file string, line, col int) []location {
		return []location{{physical{artifact{sarifURI(file)}, region{max(line, 1), max(col, 1)}}}}
	}
	for _, f := range rep.Findings {
		props := map[string]any{"impact": f.Impact, "columns": f.Columns, "index_unusable": f.IndexUnusable}
		if f.ServerError != 0 {
			props["server_error"] = f.ServerError
		}
		if f.Occurrences > 0 {
			props["occurrences"] = f.Occurrences // identical statements of a query log
		}
		text := f.Message
		if f.Hint != "" {
			text += "\nHint: " + f.Hint
		}
		results = append(results, result{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: level[f.Severity], Message: msg{text}, Locations: loc(f.File, f.Line, f.Column), Properties: props})
	}
	for _, e := range rep.Errors {
		results = append(results, result{RuleID: "CL000", RuleIndex: len(descs) - 1, Level: "error", Message: msg{e.Message}, Locations: loc(e.File, e.Line, e.Column)})
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name":           "collint",
				"version":        version,
				"informationUri": "https://github.com/collint/collint",
				"rules":          descs,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifURI turns a file path into the URI reference SARIF wants: slashes,
// each segment percent-encoded, absolute paths as file:// URIs (relative
// ones stay relative, which code scanning resolves against the checkout).
func sarifURI(path string) string {
	p := strings.ReplaceAll(path, "\\", "/")
	abs := strings.HasPrefix(p, "/")
	drive := ""
	if len(p) >= 2 && p[1] == ':' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z') {
		drive, p, abs = p[:2], p[2:], true
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	p = strings.Join(segs, "/")
	if !abs {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if drive != "" {
		p = "/" + drive + p
	}
	return "file://" + p
}
