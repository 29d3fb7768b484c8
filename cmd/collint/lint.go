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
	"github.com/collint/collint/lint/config"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/report"
	"github.com/collint/collint/lint/rules"
)

// lintFlags are the inputs shared by lint and baseline.
type lintFlags struct {
	cfg        lint.Config
	configPath string
	format     string
	failOn     string
	disable    []string
	baseline   string
	quiet      bool // no progress bar
	live       liveFlags
}

func (lf *lintFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&lf.cfg.Schemas, "schema", nil, "schema `PATH`: a .sql file or a directory (migrations applied in version order); repeatable")
	f.StringArrayVar(&lf.cfg.Queries, "queries", nil, "query `PATH`: a .sql file or directory; repeatable")
	f.StringVar(&lf.cfg.Flavor, "flavor", flavor.Default, "server flavor: "+strings.Join(flavor.Names(), "|"))
	f.StringVar(&lf.cfg.ConnCollation, "connection-collation", "", "collation_connection of the client (default: the flavor's server default; go-sql-driver/mysql uses utf8mb4_general_ci)")
	f.StringVar(&lf.cfg.DefaultDB, "default-database", "", "database for statements before any USE (default: an implicit database named "+lint.ImplicitDatabase+")")
	f.StringVar(&lf.configPath, "config", "", "configuration file (default: "+config.DefaultName+" in the working directory, if present)")
	f.StringArrayVar(&lf.disable, "disable", nil, "rule IDs or names not to run (comma-separated, repeatable)")
	f.BoolVarP(&lf.quiet, "quiet", "q", false, "no progress bar on stderr (it shows only on a terminal, for runs over 2 s)")
	lf.live.register(cmd, true)
}

// resolve merges .collint.yaml under the command-line flags.
func (lf *lintFlags) resolve(cmd *cobra.Command) error {
	path, explicit := lf.configPath, lf.configPath != ""
	if !explicit {
		path = config.DefaultName
	}
	file, err := config.Load(path, explicit)
	if err != nil {
		return err
	}
	changed := cmd.Flags().Changed
	if !changed("flavor") && file.Flavor != "" {
		lf.cfg.Flavor = file.Flavor
	}
	if !changed("connection-collation") && file.ConnectionCollation != "" {
		lf.cfg.ConnCollation = file.ConnectionCollation
	}
	if !changed("default-database") && file.DefaultDatabase != "" {
		lf.cfg.DefaultDB = file.DefaultDatabase
	}
	if f := cmd.Flags().Lookup("fail-on"); f != nil && !f.Changed && file.FailOn != "" {
		lf.failOn = file.FailOn
	}
	if f := cmd.Flags().Lookup("baseline"); f != nil && !f.Changed && file.Baseline != "" {
		lf.baseline = file.Resolve(file.Baseline)
	}
	if len(lf.cfg.Schemas) == 0 {
		for _, p := range file.Schema {
			lf.cfg.Schemas = append(lf.cfg.Schemas, file.Resolve(p))
		}
	}
	if len(lf.cfg.Queries) == 0 {
		for _, p := range file.Queries {
			lf.cfg.Queries = append(lf.cfg.Queries, file.Resolve(p))
		}
	}
	if len(file.Include)+len(file.Exclude) > 0 {
		lf.cfg.Keep = file.Keep
	}
	lf.cfg.Disabled, lf.cfg.Severity = file.RuleSettings()
	for _, d := range lf.disable {
		for _, x := range strings.Split(d, ",") {
			r := rules.Lookup(strings.TrimSpace(x))
			if r == nil {
				return fmt.Errorf("unknown rule %q (see collint rules)", x)
			}
			lf.cfg.Disabled[r.ID] = true
		}
	}
	if err := lf.live.apply(cmd, &lf.cfg); err != nil {
		return err
	}
	if len(lf.cfg.Schemas) == 0 && len(lf.cfg.Queries) == 0 && len(lf.cfg.SchemaSources) == 0 {
		return fmt.Errorf("nothing to lint: give --schema and/or --queries, or --dsn (or list them in %s)", config.DefaultName)
	}
	lf.cfg.Progress = progressBar(cmd.ErrOrStderr(), lf.quiet)
	return nil
}

func lintCmd() *cobra.Command {
	lf := &lintFlags{}
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

Settings can live in .collint.yaml (flags override it). A finding can be
silenced with a comment "-- collint:ignore CL101 reason" on its line, or on
the line before the statement for the whole statement.

Exit status: 0 no finding reaches --fail-on, 1 one does, 2 usage error or
unreadable input.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(report.Formats, lf.format) {
				return fmt.Errorf("unknown format %q (valid: %s)", lf.format, strings.Join(report.Formats, ", "))
			}
			if err := lf.resolve(cmd); err != nil {
				return err
			}
			sev := rules.Severity(lf.failOn)
			if sev.Rank() == 0 && lf.failOn != "none" {
				return fmt.Errorf("--fail-on must be error, warning, info or none")
			}
			rep, err := lint.Run(lf.cfg)
			if err != nil {
				return err
			}
			if lf.baseline != "" {
				b, err := lint.LoadBaseline(lf.baseline)
				if err != nil {
					return err
				}
				if n := b.Filter(rep); n > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "collint: %d finding(s) accepted by the baseline %s\n", n, lf.baseline)
				}
			}
			color := lf.format == "text" && isTerminal(cmd.OutOrStdout()) && os.Getenv("NO_COLOR") == ""
			if err := report.Write(cmd.OutOrStdout(), rep, lf.format, color); err != nil {
				return err
			}
			if lf.failOn != "none" && rep.Fails(sev) {
				return exitError{1}
			}
			return nil
		},
	}
	lf.register(cmd)
	f := cmd.Flags()
	f.StringVar(&lf.format, "format", "text", "output format: "+strings.Join(report.Formats, "|"))
	f.StringVar(&lf.failOn, "fail-on", "error", "exit 1 when a finding has at least this severity: error|warning|info|none")
	f.StringVar(&lf.baseline, "baseline", "", "baseline `FILE` (from collint baseline): its findings are not reported")
	return cmd
}

func baselineCmd() *cobra.Command {
	lf := &lintFlags{}
	var out string
	cmd := &cobra.Command{
		Use:   "baseline --schema PATH [--queries PATH] [-o FILE]",
		Short: "Record the current findings so that lint --baseline reports only new ones",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := lf.resolve(cmd); err != nil {
				return err
			}
			rep, err := lint.Run(lf.cfg)
			if err != nil {
				return err
			}
			b := lint.NewBaseline(rep)
			if err := b.Write(out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d finding(s)\n", out, len(rep.Findings))
			return nil
		},
	}
	lf.register(cmd)
	cmd.Flags().StringVarP(&out, "output", "o", ".collint-baseline.json", "baseline file to write")
	return cmd
}

// isTerminal reports whether w is a terminal (colour only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
