// Package report renders a lint report: compiler-style text (coloured on a
// terminal only) and the JSON object documented in the README.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/collint/collint/lint"
)

// Formats lists the accepted --format values.
var Formats = []string{"text", "json", "sarif", "github", "checkstyle"}

// Version is written into SARIF logs.
var Version = "dev"

// Write renders rep in the given format.
func Write(w io.Writer, rep *lint.Report, format string, color bool) error {
	switch format {
	case "", "text":
		return Text(w, rep, color)
	case "json":
		return JSON(w, rep)
	case "sarif":
		return SARIF(w, rep, Version)
	case "github":
		return GitHub(w, rep)
	case "checkstyle":
		return Checkstyle(w, rep)
	}
	return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

// JSON writes {"findings":[…],"errors":[…]}.
func JSON(w io.Writer, rep *lint.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Findings []lint.Finding `json:"findings"`
		Errors   []lint.Error   `json:"errors"`
	}{rep.Findings, rep.Errors})
}

const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	blue   = "\x1b[36m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Text writes one line per finding, "file:line:col: severity RULE name:
// message", followed by an indented hint, then the input errors.
func Text(w io.Writer, rep *lint.Report, color bool) error {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + reset
	}
	for _, f := range rep.Findings {
		sev := f.Severity
		switch sev {
		case "error":
			sev = paint(red+bold, sev)
		case "warning":
			sev = paint(yellow, sev)
		default:
			sev = paint(blue, sev)
		}
		seen := ""
		if f.Occurrences > 1 {
			seen = fmt.Sprintf(" (seen %d times)", f.Occurrences)
		}
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s %s: %s%s\n", f.File, f.Line, f.Column, sev, f.Rule, f.Name, f.Message, seen); err != nil {
			return err
		}
		if f.Hint != "" {
			fmt.Fprintf(w, "    %s\n", paint(dim, "hint: "+f.Hint))
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(w, "%s:%d:%d: %s %s\n", e.File, e.Line, e.Column, paint(red, "input error:"), e.Message)
	}
	return nil
}
