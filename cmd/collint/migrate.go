package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/livecat"
	"github.com/collint/collint/migrate/plan"
)

func migrateCmd() *cobra.Command {
	lf := &lintFlags{}
	var target, format, out string
	var rowsFlag []string
	var threshold int64
	cmd := &cobra.Command{
		Use:   "migrate --schema PATH [--queries PATH] [--out DIR]",
		Short: "Write the ALTER migrations that end the findings, with pre-checks and down SQL",
		Long: `migrate lints like collint lint, then plans, for each mismatched pair of
columns, the change that ends the finding: a string column holding ids
becomes its partner's exact integer type; two string columns get one
collation (the one that differs from its database's default changes, or both
move to --target-collation). Each migration restates the full column
definition, demands the ALGORITHM/LOCK the server will use, and carries the
pre-check queries that must return no rows before it is applied.

Without --out the plan is printed; with --out the files are written in the
--format of your migration tool.

Foreign keys on a changed column change on both sides in one migration
(drop the key, change both columns, re-create the key with its name and
actions). Every comparison also gets its query-only fix, with the index it
keeps. With --dsn (read-only: one START TRANSACTION READ ONLY, rolled back)
the server's row estimates pick online-tool commands for big tables, and the
pre-checks run: a string column whose values would not convert to an
integer gets a generated column instead, with the offending rows shown.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(plan.Formats, format) {
				return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(plan.Formats, ", "))
			}
			// --dsn (shared with lint) reads the schema from the server;
			// with --schema it only names the server to probe
			var dsn string
			if lf.live.dsn != "" && cmd.Flags().Changed("schema") {
				dsn, lf.live.dsn = lf.live.dsn, ""
			}
			if err := lf.resolve(cmd); err != nil {
				return err
			}
			if dsn == "" && len(lf.cfg.SchemaSources) > 0 {
				var err error
				if dsn, err = lf.live.resolve(); err != nil {
					return err
				}
			}
			rep, err := lint.Run(lf.cfg)
			if err != nil {
				return err
			}
			for _, e := range rep.Errors {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s:%d:%d: input error: %s\n", e.File, e.Line, e.Column, e.Message)
			}
			opts := plan.Options{TargetCollation: target, Rows: map[string]int64{}, OnlineThreshold: threshold}
			for _, r := range rowsFlag {
				name, n, ok := strings.Cut(r, "=")
				v, err := strconv.ParseInt(n, 10, 64)
				if !ok || err != nil || v < 0 {
					return fmt.Errorf("--rows %q: want table=N", r)
				}
				opts.Rows[name] = v
			}
			p, err := plan.Build(rep, opts)
			if err != nil {
				return err
			}
			if dsn != "" {
				// read-only: row estimates and the pre-checks' rows, then
				// plan again with them
				ev, err := probe(cmd.Context(), dsn, p)
				if err != nil {
					return fmt.Errorf("--dsn %s: %v", livecat.Redact(dsn), err)
				}
				ev.Apply(&opts)
				if p, err = plan.Build(rep, opts); err != nil {
					return err
				}
			}
			if out == "" {
				return p.Text(cmd.OutOrStdout())
			}
			files, err := p.WriteFiles(out, format)
			for _, f := range files {
				fmt.Fprintln(cmd.OutOrStdout(), "wrote", f)
			}
			return err
		},
	}
	lf.register(cmd)
	f := cmd.Flags()
	f.StringVar(&target, "target-collation", "", "align every string change to this collation")
	f.StringVar(&format, "format", "sql", "migration files: "+strings.Join(plan.Formats, "|"))
	f.StringVar(&out, "out", "", "directory to write the migration files into (default: print the plan)")
	f.StringArrayVar(&rowsFlag, "rows", nil, "row estimate `table=N` (or db.table=N), repeatable: large tables get gh-ost/pt-online-schema-change commands")
	f.Int64Var(&threshold, "online-threshold", plan.DefaultOnlineThreshold, "rows from which an online schema change tool is proposed")
	return cmd
}
