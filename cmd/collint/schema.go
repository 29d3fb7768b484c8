package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/config"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/live"
	"github.com/collint/collint/lint/livecat"
	"github.com/collint/collint/lint/schemadiff"
	"github.com/collint/collint/lint/schemaout"
)

// schemaFlags are the inputs of collint schema and collint schema diff.
type schemaFlags struct {
	schemas    []string
	flavor     string
	defaultDB  string
	configPath string
	format     string
	timeout    time.Duration
}

func (sf *schemaFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&sf.flavor, "flavor", flavor.Default, "server flavor the schema is resolved for: "+strings.Join(flavor.Names(), "|")+" (diff against a server: the server's)")
	f.StringVar(&sf.defaultDB, "default-database", "", "database for statements before any USE (default: an implicit database named "+lint.ImplicitDatabase+")")
	f.StringVar(&sf.configPath, "config", "", "configuration file (default: "+config.DefaultName+" in the working directory, if present): flavor, default_database, schema")
	f.StringVar(&sf.format, "format", "text", "output format: text|json")
	f.DurationVar(&sf.timeout, "timeout", time.Minute, "time allowed for reading a server")
}

// resolve merges .collint.yaml under the flags.
func (sf *schemaFlags) resolve(cmd *cobra.Command, useSchemas bool) error {
	if !slices.Contains(schemaout.Formats, sf.format) {
		return fmt.Errorf("unknown format %q (valid: %s)", sf.format, strings.Join(schemaout.Formats, ", "))
	}
	file, err := config.Load(orDefault(sf.configPath, config.DefaultName), sf.configPath != "")
	if err != nil {
		return err
	}
	changed := cmd.Flags().Changed
	if !changed("flavor") && file.Flavor != "" {
		sf.flavor = file.Flavor
	}
	if !changed("default-database") && file.DefaultDatabase != "" {
		sf.defaultDB = file.DefaultDatabase
	}
	if useSchemas && len(sf.schemas) == 0 {
		for _, p := range file.Schema {
			sf.schemas = append(sf.schemas, file.Resolve(p))
		}
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// fromSchema builds collint's catalog of schema paths for a flavor.
func (sf *schemaFlags) fromSchema(paths []string, fl string) (*schemaout.Schema, error) {
	rep, err := lint.Run(lint.Config{Schemas: paths, Flavor: fl, DefaultDB: sf.defaultDB})
	if err != nil {
		return nil, err
	}
	s := schemaout.FromCatalog(rep.Catalog)
	for _, e := range rep.Errors {
		s.Errors = append(s.Errors, schemaout.Error{File: e.File, Line: e.Line, Column: e.Column, Message: e.Message})
	}
	return s, nil
}

// fromServer reads a live server's catalog.
func (sf *schemaFlags) fromServer(ctx context.Context, dsn string) (*schemaout.Schema, error) {
	ctx, cancel := context.WithTimeout(ctx, sf.timeout)
	defer cancel()
	return livecat.ReadDSN(ctx, dsn)
}

func schemaCmd() *cobra.Command {
	sf := &schemaFlags{}
	var dsn, defaultsFile string
	cmd := &cobra.Command{
		Use:   "schema (--schema PATH… | --dsn DSN)",
		Short: "Print the catalog collint resolves: every column's exact type, charset, collation and their origin",
		Long: `schema prints every database, table, view and column as collint resolved
it from the schema (files or migration folders, applied in order): the
column type as information_schema.COLUMNS.COLUMN_TYPE spells it on the
flavor's servers, the charset and collation and where the collation came
from (column, table, database or server), nullability, default, indexes
with their key length in bytes, and foreign keys. Each database starts with
a count of its string columns per collation: the ones that differ from the
database's default are its collation islands.

--dsn reads a live server instead, in the same shape, inside one READ ONLY
transaction over information_schema. A DSN is a URL or a
go-sql-driver/mysql DSN:

  mysql://user[:password]@host[:port]/[database][?param=value]
  user[:password]@tcp(host:port)/[database]

Without --dsn, $COLLINT_DSN is read, else --defaults-file (the [client]
and [collint] groups of a my.cnf file). Without a password in the DSN,
MYSQL_PWD is used; passwords are never printed. Without a database, every database but the system ones is read.

Statements collint cannot apply (the server would refuse them, or a table
is unknown) are reported with their position on stderr, and in "errors"
with --format json; the rest of the schema is still built.

Exit status: 0 success, 1 the schema had statements that could not be
applied (the catalog is still printed), 2 usage error, unreadable input or
unreachable server.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			// a schema given by files wins over $COLLINT_DSN
			if dsn != "" || defaultsFile != "" || len(sf.schemas) == 0 {
				if dsn, err = live.ResolveDSN(dsn, defaultsFile); err != nil {
					return err
				}
			}
			if err := sf.resolve(cmd, dsn == ""); err != nil {
				return err
			}
			var s *schemaout.Schema
			switch {
			case dsn != "" && len(sf.schemas) > 0:
				return fmt.Errorf("give --schema or --dsn, not both (compare them with collint schema diff)")
			case dsn != "":
				s, err = sf.fromServer(cmd.Context(), dsn)
			case len(sf.schemas) > 0:
				s, err = sf.fromSchema(sf.schemas, sf.flavor)
			default:
				return fmt.Errorf("nothing to show: give --schema PATH or --dsn DSN")
			}
			if err != nil {
				return err
			}
			failed := len(s.Errors) > 0
			if sf.format == "text" {
				for _, e := range s.Errors {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s:%d:%d: input error: %s\n", e.File, e.Line, e.Column, e.Message)
				}
				s.Errors = nil // on stderr already
			}
			if err := schemaout.Write(cmd.OutOrStdout(), s, sf.format); err != nil {
				return err
			}
			if failed {
				return exitError{1}
			}
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().StringArrayVar(&sf.schemas, "schema", nil, "schema `PATH`: a .sql file or a directory (migrations applied in version order); repeatable")
	cmd.Flags().StringVar(&dsn, "dsn", "", "read this live server instead of a schema (see above for the syntax; default $"+live.EnvDSN+")")
	cmd.Flags().StringVar(&defaultsFile, "defaults-file", "", "my.cnf-format `FILE` whose [client] and [collint] groups give user, password, host, port, socket, database (when neither --dsn nor $"+live.EnvDSN+" is set)")
	cmd.AddCommand(schemaDiffCmd())
	return cmd
}

func schemaDiffCmd() *cobra.Command {
	sf := &schemaFlags{}
	var ignoreDefaults bool
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two schemas: migrations against production, one server against another",
		Long: `diff compares two sources, each a schema path (a .sql file or a migration
folder) or a DSN (see collint schema --help), and lists every database,
table, view, column, index and foreign key that exists on one side only or
differs in type, charset, collation, nullability, default or position.

When a side is a server and --flavor is not given, the schema side is
resolved for the server's flavor, so that types are spelled alike. When
each side holds exactly one database and their names differ, the two are
compared with each other.

Exit status: 0 no difference, 1 differences, 2 usage error, unreadable
input or unreachable server.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := sf.resolve(cmd, false); err != nil {
				return err
			}
			sides := make([]*schemaout.Schema, 2)
			// servers first: their flavor decides how the schema sides are spelled
			fl := sf.flavor
			for i, src := range args {
				if !livecat.IsDSN(src) {
					continue
				}
				s, err := sf.fromServer(cmd.Context(), src)
				if err != nil {
					return err
				}
				sides[i] = s
				if !cmd.Flags().Changed("flavor") {
					fl = s.Flavor
				}
			}
			for i, src := range args {
				if sides[i] != nil {
					continue
				}
				s, err := sf.fromSchema([]string{src}, fl)
				if err != nil {
					if red := livecat.Redact(src); red != src {
						// it holds a password: never echo it as a path
						return fmt.Errorf("%s: neither a DSN collint can read nor a schema path", red)
					}
					return err
				}
				for _, e := range s.Errors {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s:%d:%d: input error: %s\n", e.File, e.Line, e.Column, e.Message)
				}
				sides[i] = s
			}
			r := &schemadiff.Report{A: livecat.Redact(args[0]), B: livecat.Redact(args[1])}
			if note := schemadiff.PairSingle(sides[0], sides[1]); note != "" {
				r.Notes = append(r.Notes, note)
			}
			r.Changes = schemadiff.Diff(sides[0], sides[1], schemadiff.Options{IgnoreDefaults: ignoreDefaults, IgnoreEmptyDatabases: true})
			if err := schemadiff.Write(cmd.OutOrStdout(), r, sf.format); err != nil {
				return err
			}
			if len(r.Changes) > 0 {
				return exitError{1}
			}
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().BoolVar(&ignoreDefaults, "ignore-defaults", false, "do not compare column defaults")
	return cmd
}
