package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/live"
)

// liveFlags read the schema (and digests) from a live server: --dsn,
// $COLLINT_DSN, --defaults-file.
type liveFlags struct {
	dsn, defaultsFile string
	digests           bool
	timeout           time.Duration
}

func (lv *liveFlags) register(cmd *cobra.Command, digests bool) {
	f := cmd.Flags()
	f.StringVar(&lv.dsn, "dsn", "", "lint a live server's schema, read in one READ ONLY transaction (mysql://user:pass@host:port/db or user:pass@tcp(host:port)/db; default $"+live.EnvDSN+")")
	f.StringVar(&lv.defaultsFile, "defaults-file", "", "my.cnf-format `FILE` whose [client] and [collint] groups give user, password, host, port, socket, database (when neither --dsn nor $"+live.EnvDSN+" is set)")
	if digests {
		f.BoolVar(&lv.digests, "digests", false, "with --dsn: also lint the statements in performance_schema.events_statements_summary_by_digest (once per digest, counted COUNT_STAR times)")
		f.DurationVar(&lv.timeout, "timeout", time.Minute, "time allowed for reading the server")
	}
}

// resolve returns the DSN to read ("" for none).
func (lv *liveFlags) resolve() (string, error) {
	return live.ResolveDSN(lv.dsn, lv.defaultsFile)
}

// apply reads the server, when one is given, into cfg: its schema and
// digests; its flavor unless --flavor was given, its connection collation
// unless --connection-collation (or the configuration file) names one.
func (lv *liveFlags) apply(cmd *cobra.Command, cfg *lint.Config) error {
	dsn := ""
	// a schema given by files wins over $COLLINT_DSN
	if lv.dsn != "" || lv.defaultsFile != "" || len(cfg.Schemas) == 0 {
		var err error
		if dsn, err = lv.resolve(); err != nil {
			return err
		}
	}
	if dsn == "" {
		if lv.digests {
			return fmt.Errorf("--digests needs a server: --dsn, $%s or --defaults-file", live.EnvDSN)
		}
		return nil
	}
	if len(cfg.Schemas) > 0 {
		return fmt.Errorf("give --schema or a server (--dsn, $%s, --defaults-file), not both", live.EnvDSN)
	}
	timeout := lv.timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
	defer cancel()
	snap, err := live.Read(ctx, dsn, live.Options{Digests: lv.digests})
	if err != nil {
		return err
	}
	lc := snap.Config()
	if cmd.Flags().Changed("flavor") {
		lc.Flavor = cfg.Flavor
	}
	if cfg.ConnCollation != "" {
		lc.ConnCollation = cfg.ConnCollation
	}
	if cfg.DefaultDB != "" {
		lc.DefaultDB = cfg.DefaultDB
	}
	for _, n := range snap.Notes(lc.Flavor) {
		fmt.Fprintf(cmd.ErrOrStderr(), "collint: %s: %s\n", snap.DSN, n)
	}
	cfg.Flavor, cfg.ConnCollation, cfg.DefaultDB = lc.Flavor, lc.ConnCollation, lc.DefaultDB
	cfg.SchemaSources, cfg.QuerySources = lc.SchemaSources, lc.QuerySources
	cfg.ServerCharset, cfg.ServerCollation = lc.ServerCharset, lc.ServerCollation
	return nil
}
