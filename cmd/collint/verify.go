package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/collint/collint/migrate/datagen"
	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/verify"
)

func verifyCmd() *cobra.Command {
	var cfg verify.Config
	var format string
	var verbose bool
	var labels []string
	cmd := &cobra.Command{
		Use:   "verify --schema PATH --migration DIR|FILE [--down FILE] [--queries PATH] [--image IMG…|--dsn DSN] [--data dump.sql|--sample-rows N]",
		Short: "Prove a migration on real servers: queries fixed, no value lost, down restores",
		Long: `verify starts a throwaway server per --image (in parallel), or creates and
drops a scratch database on --dsn (nothing outside it is written; a schema
naming another database is refused), then, each step timed:

  1 start   2 load the schema and the data (--data, or generated rows seeded
  with hazard values)   3 run every query, record its error and EXPLAIN
  4 run the migration's pre-checks   5 apply up, run the queries again: the
  errors it was meant to fix must be gone, EXPLAIN must use an index on the
  columns it changed   6 compare row counts, per-column checksums and every
  converted value with its old text ('007' → 7 is a loss)   7 apply down:
  SHOW CREATE TABLE and every row must equal the originals.

Pre-checks come from "-- Run first; it must return no rows (…):" comment
blocks in up files (collint migrate writes them). Rows they find in your
--data stop the migration; rows they find in generated data are the planted
hazards: they are shown and deleted before up.

A migration without a down part fails step 7 unless --no-down. A single
.sql up file gets its down with --down FILE; a folder pairs its files by
name (NNN_x.up.sql/NNN_x.down.sql, V…/U…), a goose file has its own
-- +goose Down section.
Exit status: 0 when every migration passes on every server, 1 when one
fails, 2 for usage or input errors, 130 when interrupted (Ctrl-C/SIGTERM). Containers are removed at the end, on
failure and on Ctrl-C, unless --keep (kept containers are reused next run).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(verify.Formats, format) {
				return fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(verify.Formats, ", "))
			}
			if len(cfg.Schemas) == 0 || cfg.Migration == "" {
				return fmt.Errorf("--schema and --migration are required")
			}
			if cfg.DSN != "" && cmd.Flags().Changed("image") {
				return fmt.Errorf("--dsn and --image exclude each other")
			}
			if cfg.DSN != "" {
				cfg.Images = nil
			}
			if cfg.Down != "" && cfg.NoDown {
				return fmt.Errorf("--down and --no-down exclude each other")
			}
			for _, l := range labels {
				k, val, ok := strings.Cut(l, "=")
				if !ok || k == "" || strings.HasPrefix(k, "collint.") {
					return fmt.Errorf("--label %q: want KEY=VALUE with a key not starting with \"collint.\"", l)
				}
				if cfg.Labels == nil {
					cfg.Labels = map[string]string{}
				}
				cfg.Labels[k] = val
			}
			if cfg.Data != "" && cmd.Flags().Changed("sample-rows") {
				return fmt.Errorf("--data and --sample-rows exclude each other")
			}
			if verbose {
				cfg.Logf = func(f string, a ...any) { fmt.Fprintf(cmd.ErrOrStderr(), f+"\n", a...) }
			}
			// Ctrl-C cancels the run; the servers are removed by the
			// verifiers' own Close (and CloseAll for any in flight), then
			// the command exits 130 as a shell expects. A second Ctrl-C
			// kills at once (the next run's start reaps what it left).
			sandbox.DisableSignalHandler()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() { <-ctx.Done(); stop() }()
			rep, err := verify.Run(ctx, cfg)
			if ctx.Err() != nil && cmd.Context().Err() == nil {
				cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if err := sandbox.CloseAll(cctx); err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), "collint: cleanup:", err)
				}
				fmt.Fprintln(cmd.ErrOrStderr(), "collint: interrupted; the servers it started are removed")
				return exitError{130}
			}
			if err != nil {
				return err
			}
			if err := rep.Write(cmd.OutOrStdout(), format); err != nil {
				return err
			}
			if !rep.Pass {
				return exitError{1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&cfg.Schemas, "schema", nil, "schema file or migration folder (repeatable, applied in order)")
	f.StringArrayVar(&cfg.Queries, "queries", nil, "query .sql file or folder (repeatable)")
	f.StringVar(&cfg.Migration, "migration", "", "migration folder (collint migrate --out, golang-migrate, Flyway, goose) or one .sql file")
	f.StringArrayVar(&cfg.Images, "image", []string{"collint/mysql:9.7"}, "server image (repeatable; verified in parallel)")
	f.StringVar(&cfg.DSN, "dsn", "", "verify in a scratch database on this server instead (go-sql-driver DSN; the user must create databases)")
	f.StringVar(&cfg.Data, "data", "", "SQL dump to load instead of generated rows")
	f.IntVar(&cfg.SampleRows, "sample-rows", datagen.DefaultRows, "generated rows per table")
	f.Uint64Var(&cfg.Seed, "seed", 1, "seed of the generated rows")
	f.BoolVar(&cfg.Keep, "keep", false, "keep the containers running and reuse them next time")
	f.StringVar(&cfg.ConnCollation, "connection-collation", "", "collation of the connection the queries run on (default: the server's collation_server)")
	f.StringVar(&cfg.DefaultDB, "default-database", "", "database for schema statements before any USE")
	f.StringVar(&cfg.Down, "down", "", "down migration of a single .sql --migration file (a folder pairs its files; a goose file has its own Down)")
	f.BoolVar(&cfg.NoDown, "no-down", false, "accept migrations without a down part")
	f.StringArrayVar(&labels, "label", nil, "extra container label KEY=VALUE (repeatable); --keep reuses only a kept container with the same labels")
	f.StringVar(&format, "format", "text", "report format: "+strings.Join(verify.Formats, "|"))
	f.BoolVarP(&verbose, "verbose", "v", false, "log progress to stderr")
	return cmd
}
