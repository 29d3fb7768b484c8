package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/spf13/cobra"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/audit"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/live"
	"github.com/collint/collint/lint/livecat"
	"github.com/collint/collint/lint/rules"
	"github.com/collint/collint/migrate/plan"
)

// auditFlags are collint audit's inputs.
type auditFlags struct {
	dsn, defaultsFile string
	databases         []string
	format, out       string
	flavor, connColl  string
	failOn            string
	timeout           time.Duration
	schemas, queries  []string
}

func auditCmd() *cobra.Command {
	af := &auditFlags{}
	cmd := &cobra.Command{
		Use:   "audit [--dsn DSN | --defaults-file FILE] [--format markdown|html] [--out FILE]",
		Short: "Pre-deploy audit of a live server: schema and the statements it ran, as a Markdown or HTML report",
		Long: `audit reads a server's schema (information_schema, SHOW CREATE) and the
statements it actually ran (performance_schema's statement digests) in one
read-only transaction, lints them, plans the migrations that end the
findings, and writes a report: the server's settings, summary counts, every
finding with its evidence (statement or digest with its occurrences, the
columns with their charset and collation, the error it raises or the index
it loses) and its migration, and a picture of the schema's collation
islands. It never writes to the server.

The DSN comes from --dsn, else $COLLINT_DSN, else the [client] group of
--defaults-file. Passwords are never printed. Without a server, --schema
and --queries audit files instead (no server section, no digests).

The HTML report is one self-contained file (inline CSS and SVG, no script,
nothing fetched).

Exit status: 0 no finding reaches --fail-on, 1 one does, 2 usage or
connection error.`,
		RunE: func(cmd *cobra.Command, args []string) error { return af.run(cmd) },
	}
	f := cmd.Flags()
	f.StringVar(&af.dsn, "dsn", "", "server to audit: mysql://user[:password]@host[:port]/[db] or user[:password]@tcp(host:port)/[db] (default $COLLINT_DSN)")
	f.StringVar(&af.defaultsFile, "defaults-file", "", "my.cnf-format `FILE` whose [client] group names the server (when no --dsn or $COLLINT_DSN)")
	f.StringArrayVar(&af.databases, "database", nil, "database to audit (repeatable; default: the DSN's, else every non-system database)")
	f.StringVar(&af.format, "format", "markdown", "report format: markdown|html")
	f.StringVar(&af.out, "out", "", "write the report to `FILE` (default: standard output)")
	f.StringVar(&af.flavor, "flavor", "", "server flavor (default: detected from the server's VERSION()): "+strings.Join(flavor.Names(), "|"))
	f.StringVar(&af.connColl, "connection-collation", "", "collation_connection of the application (default: what a default client connection gets on the server)")
	f.StringVar(&af.failOn, "fail-on", "error", "exit 1 when a finding has at least this severity: error|warning|info|none")
	f.DurationVar(&af.timeout, "timeout", time.Minute, "time allowed for reading the server")
	f.StringArrayVar(&af.schemas, "schema", nil, "audit schema files instead of a server (`PATH`, repeatable)")
	f.StringArrayVar(&af.queries, "queries", nil, "query files to audit with --schema (`PATH`, repeatable)")
	return cmd
}

func (af *auditFlags) run(cmd *cobra.Command) error {
	if af.format != "markdown" && af.format != "html" {
		return fmt.Errorf("unknown format %q (valid: markdown, html)", af.format)
	}
	sev := rules.Severity(af.failOn)
	if sev.Rank() == 0 && af.failOn != "none" {
		return fmt.Errorf("--fail-on must be error, warning, info or none")
	}
	var in audit.Input
	var err error
	if len(af.schemas) > 0 && af.dsn == "" && af.defaultsFile == "" {
		in, err = af.fromFiles()
	} else {
		in, err = af.fromServer(cmd)
	}
	if err != nil {
		return err
	}
	a := audit.Build(in)
	var buf bytes.Buffer
	if af.format == "html" {
		err = audit.HTML(&buf, a)
	} else {
		err = audit.Markdown(&buf, a)
	}
	if err != nil {
		return err
	}
	if af.out != "" {
		if err := os.WriteFile(af.out, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "collint: wrote %s: %d finding(s)\n", af.out, len(in.Report.Findings))
	} else if _, err := cmd.OutOrStdout().Write(buf.Bytes()); err != nil {
		return err
	}
	if af.failOn != "none" && in.Report.Fails(sev) {
		return exitError{1}
	}
	return nil
}

// fromServer reads the server read-only and lints what it holds.
func (af *auditFlags) fromServer(cmd *cobra.Command) (audit.Input, error) {
	dsn, err := live.ResolveDSN(af.dsn, af.defaultsFile)
	if err != nil {
		return audit.Input{}, err
	}
	if dsn == "" {
		return audit.Input{}, fmt.Errorf("no server to audit: give --dsn, set COLLINT_DSN, or name a --defaults-file (or audit files with --schema)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), af.timeout)
	defer cancel()
	snap, err := live.Read(ctx, dsn, live.Options{Databases: af.databases, Digests: true})
	if err != nil {
		return audit.Input{}, err
	}
	cfg := snap.Config()
	if af.flavor != "" {
		cfg.Flavor = af.flavor
	}
	if af.connColl != "" {
		cfg.ConnCollation = af.connColl
	}
	_, skipped := snap.DigestSources()
	notes := append(snap.Notes(cfg.Flavor), skipped...)
	rep, err := lint.Run(cfg)
	if err != nil {
		return audit.Input{}, err
	}
	p, err := plan.Build(rep, plan.Options{})
	if err != nil {
		return audit.Input{}, err
	}
	if len(p.Migrations) > 0 {
		// the pre-checks' rows and the row estimates decide between a
		// conversion and a generated column, as with collint migrate --dsn
		ev, err := probe(ctx, dsn, p)
		if err != nil {
			notes = append(notes, "the migrations' pre-checks could not be run on the server (the plan assumes every value converts): "+err.Error())
		} else {
			opts := plan.Options{}
			ev.Apply(&opts)
			if p, err = plan.Build(rep, opts); err != nil {
				return audit.Input{}, err
			}
		}
	}
	for _, n := range notes {
		fmt.Fprintf(cmd.ErrOrStderr(), "collint: %s\n", n)
	}
	srv := snap.Server
	stmts := audit.FromSources(cfg.SchemaSources)
	stmts = append(stmts, digestStatements(snap, cfg.QuerySources)...)
	return audit.Input{
		Title: snap.DSN,
		Server: &audit.Server{
			DSN: snap.DSN, Version: srv.Version, Flavor: srv.Flavor,
			CharacterSetServer: srv.CharacterSetServer, CollationServer: srv.CollationServer,
			DefaultCollationForUTF8MB4: srv.DefaultCollationForUTF8MB4, CollationConnection: srv.CollationConnection,
			PerformanceSchema: srv.PerformanceSchema, Digests: len(snap.Digests),
		},
		Notes:      notes,
		Report:     rep,
		Plan:       p,
		Statements: stmts,
	}, nil
}

// digestStatements gives each digest query source its digest row as
// evidence: DIGEST_TEXT as performance_schema shows it (lint read it made
// parseable, positions unchanged) or, when lint read the sample, the
// sample; with the row's counts. Sources are named live.DigestFile.
func digestStatements(snap *live.Snapshot, sources []lint.Source) []audit.Statement {
	var out []audit.Statement
	for _, src := range sources {
		for _, d := range snap.Digests {
			name := live.DigestFile(d)
			if src.Name != name && src.Name != name+":sample" {
				continue
			}
			st := audit.Statement{Source: src.Name, StartLine: 1, EndLine: 1 + strings.Count(string(src.Data), "\n"), Text: d.Text,
				Digest: d.Digest, Schema: d.Schema, Count: d.Count, Errors: d.Errors, Warnings: d.Warnings, NoIdx: d.NoIndexUsed,
				FirstSeen: d.FirstSeen, LastSeen: d.LastSeen, Sample: d.Sample}
			out = append(out, st)
			break
		}
	}
	return out
}

// fromFiles audits schema and query files, as collint lint reads them.
func (af *auditFlags) fromFiles() (audit.Input, error) {
	cfg := lint.Config{Schemas: af.schemas, Queries: af.queries, Flavor: af.flavor, ConnCollation: af.connColl}
	rep, err := lint.Run(cfg)
	if err != nil {
		return audit.Input{}, err
	}
	p, err := plan.Build(rep, plan.Options{})
	if err != nil {
		return audit.Input{}, err
	}
	return audit.Input{Title: strings.Join(append(append([]string{}, af.schemas...), af.queries...), ", "), Report: rep, Plan: p, Statements: audit.FromFiles(cfg)}, nil
}

// probe runs the plan's pre-checks and reads the row estimates of the
// tables it alters, read-only (plan.Probe: one START TRANSACTION READ
// ONLY, rolled back), for migrate --dsn and audit. Errors never hold the
// password.
func probe(ctx context.Context, dsn string, p *plan.Plan) (*plan.Evidence, error) {
	cfg, err := livecat.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s", scrubPassword(err.Error(), cfg.Passwd))
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	ev, err := plan.Probe(ctx, db, p)
	if err != nil {
		return nil, fmt.Errorf("%s", scrubPassword(err.Error(), cfg.Passwd))
	}
	return ev, nil
}

// scrubPassword removes a password from a message.
func scrubPassword(msg, pw string) string {
	if pw == "" {
		return msg
	}
	return strings.ReplaceAll(msg, pw, "***")
}
