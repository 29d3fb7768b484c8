package schemadiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Report is a comparison ready to print: the two sources (passwords
// redacted) and the changes from A to B.
type Report struct {
	A       string   `json:"a"`
	B       string   `json:"b"`
	Notes   []string `json:"notes,omitempty"`
	Changes []Change `json:"changes"`
}

// Formats lists the accepted output formats.
var Formats = []string{"text", "json"}

// Write renders the report in one of Formats.
func Write(w io.Writer, r *Report, format string) error {
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "text":
		var b strings.Builder
		fmt.Fprintf(&b, "A: %s\nB: %s\n", r.A, r.B)
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "note: %s\n", n)
		}
		if len(r.Changes) == 0 {
			b.WriteString("no differences\n")
		}
		for _, c := range r.Changes {
			b.WriteString(c.String())
			b.WriteByte('\n')
		}
		if len(r.Changes) > 0 {
			fmt.Fprintf(&b, "%d difference(s)\n", len(r.Changes))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
}
