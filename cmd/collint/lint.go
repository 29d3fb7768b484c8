package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/report"
	"github.com/collint/collint/lint/rules"
)

func lintCmd() *cobra.Command {
	var cfg lint.Config
	var format, failOn string
	var disable []string
	cmd := &cobra.Command{
		Use:   "lint --schema PATH [--queries PATH]",
		Short: "Report comparisons MySQL rejects, answers without an index, or answers surprisingly",
		Long: `lint reads a schema (files or migration folders, applied in order) and
query files, and reports every comparison whose operands disagree in
collation, character set or type, in the server's own terms.

The connection collation decides how literals, CAST(... AS CHAR) and user
variables compare. It defaults to the flavor's server default, which is what
the mysql CLI and Connector/J use; drivers differ: go-sql-driver/mysql sends
utf8mb4_general_ci unless told otherwise, and SET NAMES changes it.

Exit status: 0 no finding reaches --fail-on, 1 one does, 2 usage error or
unreadable input.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(cfg.Schemas) == 0 && len(cfg.Queries) == 0 {
				return fmt.Errorf("nothing to lint: give --schema and/or --queries")
			}
			if !slices.Contains(report.Formats, format) {
				return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(report.Formats, ", "))
			}
			sev := rules.Severity(failOn)
			if sev.Rank() == 0 && failOn != "none" {
				return fmt.Errorf("--fail-on must be error, warning, info or none")
			}
			cfg.Disabled = map[string]bool{}
			for _, d := range disable {
				for _, x := range strings.Split(d, ",") {
					if rules.Lookup(strings.TrimSpace(x)) == nil {
						return fmt.Errorf("unknown rule %q (see collint rules)", x)
					}
					cfg.Disabled[strings.TrimSpace(x)] = true
				}
			}
			rep, err := lint.Run(cfg)
			if err != nil {
				return err
			}
			color := format == "text" && isTerminal(cmd.OutOrStdout()) && os.Getenv("NO_COLOR") == ""
			if err := report.Write(cmd.OutOrStdout(), rep, format, color); err != nil {
				return err
			}
			if failOn != "none" && rep.Fails(sev) {
				return exitError{1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&cfg.Schemas, "schema", nil, "schema `PATH`: a .sql file or a directory (migrations applied in version order); repeatable")
	f.StringArrayVar(&cfg.Queries, "queries", nil, "query `PATH`: a .sql file or directory; repeatable")
	f.StringVar(&cfg.Flavor, "flavor", flavor.Default, "server flavor: "+strings.Join(flavor.Names(), "|"))
	f.StringVar(&cfg.ConnCollation, "connection-collation", "", "collation_connection of the client (default: the flavor's server default; go-sql-driver/mysql uses utf8mb4_general_ci)")
	f.StringVar(&cfg.DefaultDB, "default-database", "", "database for statements before any USE")
	f.StringVar(&format, "format", "text", "output format: "+strings.Join(report.Formats, "|"))
	f.StringVar(&failOn, "fail-on", "error", "exit 1 when a finding has at least this severity: error|warning|info|none")
	f.StringArrayVar(&disable, "disable", nil, "rule IDs or names not to run (comma-separated, repeatable)")
	return cmd
}

// isTerminal reports whether w is a terminal (colour only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
