package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/collint/collint/lint/rules"
)

func rulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule: ID, name, default severity, summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tSEVERITY\tIMPACT\tSUMMARY")
			for _, r := range rules.All() {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity, r.Impact, r.Summary)
			}
			return w.Flush()
		},
	}
}

func explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation with a failing and a fixed example",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := rules.Lookup(args[0])
			if r == nil {
				return fmt.Errorf("unknown rule %q (see collint rules)", args[0])
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s (%s, %s)\n\n%s\n\n%s\n\nFailing:\n%s\n\nFixed:\n%s\n", r.ID, r.Name, r.Severity, r.Impact, r.Summary, r.Doc, indent(r.Failing), indent(r.Fixed))
			return nil
		},
	}
}

func indent(s string) string {
	out := "    "
	for _, c := range s {
		out += string(c)
		if c == '\n' {
			out += "    "
		}
	}
	return out
}
