package schemaout

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Formats lists the accepted output formats.
var Formats = []string{"text", "json"}

// Write renders the schema in one of Formats.
func Write(w io.Writer, s *Schema, format string) error {
	switch format {
	case "json":
		return WriteJSON(w, s)
	case "text":
		return WriteText(w, s)
	}
	return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the schema as one indented JSON object.
func WriteJSON(w io.Writer, s *Schema) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

// WriteText writes the schema for people: per database its defaults and a
// count of its string columns by collation (the ones that differ from the
// database's default are collation islands), then per table its columns —
// type, collation and where it came from, NULL, default — its indexes with
// their key length, and its foreign keys.
//
//	database shop  utf8mb4_0900_ai_ci (server)
//	  collations: utf8mb4_0900_ai_ci 12, utf8mb4_unicode_ci 3 (island: settlement.merchant_ref, …)
//
//	  table settlement  utf8mb4_unicode_ci (table)
//	    merchant_ref  varchar(32)  utf8mb4_unicode_ci (table)  NOT NULL
//	    index idx_ref (merchant_ref)  128 bytes
func WriteText(w io.Writer, s *Schema) error {
	bw := &errWriter{w: w}
	if s.ServerVersion != "" {
		bw.printf("-- server %s (flavor %s)\n", s.ServerVersion, s.Flavor)
	} else if s.Flavor != "" {
		bw.printf("-- flavor %s\n", s.Flavor)
	}
	for i, d := range s.Databases {
		if i > 0 {
			bw.printf("\n")
		}
		bw.printf("database %s  %s%s\n", d.Name, d.Collation, source(d.CollationSource))
		if line := collationSummary(d); line != "" {
			bw.printf("  collations: %s\n", line)
		}
		for _, t := range d.Tables {
			bw.printf("\n")
			if t.View {
				bw.printf("  view %s\n", t.Name)
			} else {
				bw.printf("  table %s  %s%s\n", t.Name, t.Collation, source(t.CollationSource))
			}
			var cols strings.Builder
			tw := tabwriter.NewWriter(&cols, 0, 0, 2, ' ', 0)
			for _, c := range t.Columns {
				coll := ""
				if c.Collation != "" && c.Collation != "binary" {
					coll = c.Collation + source(c.CollationSource)
				}
				null := "NULL"
				if !c.Nullable {
					null = "NOT NULL"
				}
				var extra []string
				if c.Default != nil {
					extra = append(extra, "DEFAULT "+quoteDefault(*c.Default))
				}
				if c.AutoIncrement {
					extra = append(extra, "AUTO_INCREMENT")
				}
				if c.Generated {
					extra = append(extra, "GENERATED")
				}
				fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\n", c.Name, c.Type, coll, null, strings.Join(extra, " "))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			for _, line := range strings.SplitAfter(cols.String(), "\n") {
				if line != "" {
					bw.printf("%s\n", strings.TrimRight(line, " \n"))
				}
			}
			for _, ix := range t.Indexes {
				bw.printf("    %s\n", describeIndex(ix))
			}
			for _, fk := range t.ForeignKeys {
				bw.printf("    foreign key %s (%s) references %s.%s (%s)\n", fk.Name, strings.Join(fk.Columns, ", "),
					fk.RefDatabase, fk.RefTable, strings.Join(fk.RefColumns, ", "))
			}
		}
	}
	for _, e := range s.Errors {
		bw.printf("%s:%d:%d: input error: %s\n", e.File, e.Line, e.Column, e.Message)
	}
	return bw.err
}

func source(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func quoteDefault(d string) string {
	if strings.HasPrefix(d, "CURRENT_TIMESTAMP") {
		return d
	}
	return "'" + strings.ReplaceAll(d, "'", "''") + "'"
}

func describeIndex(ix Index) string {
	var b strings.Builder
	switch {
	case ix.Primary:
		b.WriteString("primary key")
	case ix.Kind == "HASH" && ix.Unique:
		b.WriteString("unique key " + ix.Name + " (hash)")
	case ix.Kind != "":
		b.WriteString(strings.ToLower(ix.Kind) + " key " + ix.Name)
	case ix.Unique:
		b.WriteString("unique key " + ix.Name)
	default:
		b.WriteString("key " + ix.Name)
	}
	b.WriteString(" (")
	for i, c := range ix.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c)
		if i < len(ix.Prefixes) && ix.Prefixes[i] > 0 {
			fmt.Fprintf(&b, "(%d)", ix.Prefixes[i])
		}
	}
	b.WriteString(")")
	if ix.Using != "" {
		b.WriteString(" using " + strings.ToLower(ix.Using))
	}
	if ix.Kind == "" {
		fmt.Fprintf(&b, "  %d bytes", ix.KeyBytes)
	}
	return b.String()
}

// collationSummary counts the database's string columns (of base tables)
// per collation, most used first, naming up to three columns of each
// collation that differs from the database's default.
func collationSummary(d Database) string {
	count := map[string]int{}
	islands := map[string][]string{}
	for _, t := range d.Tables {
		if t.View {
			continue
		}
		for _, c := range t.Columns {
			if c.Collation == "" || c.Collation == "binary" {
				continue
			}
			count[c.Collation]++
			if c.Collation != d.Collation {
				islands[c.Collation] = append(islands[c.Collation], t.Name+"."+c.Name)
			}
		}
	}
	if len(count) == 0 {
		return ""
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if count[names[i]] != count[names[j]] {
			return count[names[i]] > count[names[j]]
		}
		return names[i] < names[j]
	})
	var parts []string
	for _, n := range names {
		p := fmt.Sprintf("%s %d", n, count[n])
		if cols := islands[n]; len(cols) > 0 {
			shown := cols
			if len(shown) > 3 {
				shown = append(append([]string(nil), cols[:3]...), fmt.Sprintf("%d more", len(cols)-3))
			}
			p += " (island: " + strings.Join(shown, ", ") + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
