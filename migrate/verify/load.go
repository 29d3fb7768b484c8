package verify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/catalog"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/datagen"
	"github.com/collint/collint/migrate/sandbox"
)

// verifier holds one target's state through the steps.
type verifier struct {
	cfg   Config
	in    *inputsRead
	run   *ServerRun
	srv   *sandbox.Server
	db    *sql.DB
	conn  *sql.Conn
	scope *scope
	rep   *lint.Report // lint of schema + queries for the server's flavor
	dbs   []string     // server databases holding the schema (lint names in order)
	qdb   string       // server database the queries run in
	qs    []*query
}

func (v *verifier) connect(ctx context.Context) error {
	dsn := v.srv.DSNWith("", map[string]string{"collation": v.run.ConnCollation})
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(2)
	v.db = db
	v.conn, err = db.Conn(ctx)
	return err
}

// serverDB is the server's name for a database of the input.
func (v *verifier) serverDB(name string) string {
	if v.scope.scratch != "" {
		return v.scope.scratch
	}
	return name
}

func (v *verifier) splitOpts() sqlsplit.Options {
	return sqlsplit.Options{MariaDB: strings.Contains(v.run.Flavor, "mariadb")}
}

// exec runs one input statement through the scope (rewritten, or refused
// on a user's server).
func (v *verifier) exec(ctx context.Context, text string) error {
	sqlText, kind, err := v.scope.rewrite(text)
	if err != nil {
		return err
	}
	if kind == skipIt || strings.TrimSpace(sqlText) == "" {
		return nil
	}
	_, err = v.conn.ExecContext(ctx, sqlText)
	return err
}

// execFile runs every statement of a SQL text; the first failure is
// returned with its file:line:col.
func (v *verifier) execFile(ctx context.Context, file string, data []byte) error {
	stmts, errs := sqlsplit.Split(data, v.splitOpts())
	if len(errs) > 0 {
		return fmt.Errorf("%s:%d:%d: %s", file, errs[0].Pos.Line, errs[0].Pos.Col, errs[0].Msg)
	}
	for _, st := range stmts {
		if strings.TrimSpace(st.Text) == "" {
			continue
		}
		if err := v.exec(ctx, st.Text); err != nil {
			return fmt.Errorf("%s:%d:%d: %v", file, st.Start.Line, st.Start.Col, err)
		}
	}
	return nil
}

// load lints the input for the server's flavor, loads the schema and the
// data (the dump, or generated rows).
func (v *verifier) load(ctx context.Context) bool {
	s := step(&v.run.Steps, "load", func(s *Step) {
		rep, err := lint.Run(lint.Config{Schemas: v.cfg.Schemas, Queries: v.cfg.Queries, Flavor: v.run.Flavor, ConnCollation: v.run.ConnCollation, DefaultDB: v.cfg.DefaultDB})
		if err != nil {
			s.fail("lint: %v", err)
			return
		}
		v.rep = rep
		if v.scope.scratch != "" {
			if dbs := rep.Catalog.Databases(); len(dbs) > 1 {
				var names []string
				for _, d := range dbs {
					names = append(names, d.Name)
				}
				s.fail("with --dsn the schema must hold one database (it goes into the scratch database); it holds %s", strings.Join(names, ", "))
				// the statements below say where: each refusal is positioned
			}
		}
		for _, d := range rep.Catalog.Databases() {
			v.dbs = append(v.dbs, d.Name)
			if v.scope.scratch == "" {
				// a kept container still holds the last run's databases
				if _, err := v.conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(d.Name)); err != nil {
					s.fail("drop %s: %v", d.Name, err)
					return
				}
			}
		}
		implicit := rep.Catalog.Database(lint.ImplicitDatabase) != nil
		first := v.cfg.DefaultDB
		if first == "" && implicit {
			first = lint.ImplicitDatabase
		}
		if first != "" {
			if v.scope.scratch == "" {
				if _, err := v.conn.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdent(first)); err != nil {
					s.fail("%v", err)
					return
				}
			} else if err := v.scope.own(first); err != nil {
				s.fail("%v", err)
				return
			}
			if _, err := v.conn.ExecContext(ctx, "USE "+quoteIdent(v.serverDB(first))); err != nil {
				s.fail("%v", err)
				return
			}
		}
		refused := 0
		for _, f := range v.in.schema {
			stmts, errs := sqlsplit.Split(f.Data, v.splitOpts())
			for _, e := range errs {
				s.fail("%s:%d:%d: %s", f.Path, e.Pos.Line, e.Pos.Col, e.Msg)
			}
			for _, st := range stmts {
				if strings.TrimSpace(st.Text) == "" {
					continue
				}
				if err := v.exec(ctx, st.Text); err != nil {
					s.fail("%s:%d:%d: %v", f.Path, st.Start.Line, st.Start.Col, err)
					refused++
					if v.scope.scratch == "" {
						return // the server refused the schema: nothing after it is meaningful
					}
				}
			}
		}
		if refused > 0 || !s.Pass {
			return
		}
		s.note("schema: %d file(s) loaded", len(v.in.schema))
		v.qdb = v.serverDB(rep.Catalog.Current)
		if v.qdb == "" && len(v.dbs) > 0 {
			v.qdb = v.serverDB(v.dbs[0])
		}
		if v.qdb != "" {
			if _, err := v.conn.ExecContext(ctx, "USE "+quoteIdent(v.qdb)); err != nil {
				s.fail("USE %s: %v", v.qdb, err)
				return
			}
		}
		if v.in.data != nil {
			if err := v.execFile(ctx, v.cfg.Data, v.in.data); err != nil {
				s.fail("data: %v", err)
				return
			}
			s.note("data: %s loaded", v.cfg.Data)
		} else if err := v.generate(ctx, s); err != nil {
			s.fail("generated data: %v", err)
			return
		}
		for _, d := range v.dbs {
			for _, t := range v.tables(ctx, v.serverDB(d)) {
				v.conn.ExecContext(ctx, "ANALYZE TABLE "+quoteIdent(v.serverDB(d))+"."+quoteIdent(t))
			}
		}
		if v.qdb != "" {
			v.conn.ExecContext(ctx, "USE "+quoteIdent(v.qdb))
		}
	})
	return s.Pass
}

// generate inserts generated rows into every table (emptied first: rows
// a mysqldump schema brings are replaced).
func (v *verifier) generate(ctx context.Context, s *Step) error {
	ids := map[string]string{}
	for _, f := range v.rep.Findings {
		if len(f.Columns) != 2 {
			continue
		}
		a, b := columnOf(v.rep.Catalog, f.Columns[0]), columnOf(v.rep.Catalog, f.Columns[1])
		switch {
		case a != nil && b != nil && a.Type.HasCharset() && b.Type.Class() == catalog.ClassInt:
			ids[f.Columns[0]] = f.Columns[1]
		case a != nil && b != nil && b.Type.HasCharset() && a.Type.Class() == catalog.ClassInt:
			ids[f.Columns[1]] = f.Columns[0]
		}
	}
	data := datagen.Generate(v.rep.Catalog, datagen.Options{Rows: v.cfg.SampleRows, Seed: v.cfg.Seed, IDColumns: ids})
	if _, err := v.conn.ExecContext(ctx, "SET foreign_key_checks = 0"); err != nil {
		return err
	}
	defer v.conn.ExecContext(ctx, "SET foreign_key_checks = 1")
	name := func(t *catalog.Table) string { return quoteIdent(v.serverDB(t.DB)) + "." + quoteIdent(t.Name) }
	for _, t := range data.Tables {
		if _, err := v.conn.ExecContext(ctx, "DELETE FROM "+name(t.Table)); err != nil {
			return fmt.Errorf("empty %s: %v", t.Table.QualifiedName(), err)
		}
	}
	for _, st := range data.Statements(100, name) {
		if _, err := v.conn.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("%v in %.200s", err, st)
		}
	}
	rows := v.cfg.SampleRows
	if rows <= 0 {
		rows = datagen.DefaultRows
	}
	s.note("data: generated (seed %d, up to %d rows per table, hazards included): %s", v.cfg.Seed, rows, strings.Join(data.Counts(), ", "))
	for _, n := range data.Notes {
		s.note("data: %s", n)
	}
	return nil
}

func columnOf(cat *catalog.Catalog, name string) *catalog.Column {
	p := strings.SplitN(name, ".", 3)
	if len(p) != 3 {
		return nil
	}
	if t := cat.Table(p[0], p[1]); t != nil && !t.View {
		return t.Column(p[2])
	}
	return nil
}

// tables lists the base tables of a server database.
func (v *verifier) tables(ctx context.Context, db string) []string {
	rows, err := v.conn.QueryContext(ctx, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", db)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil && !strings.HasPrefix(t, copyPrefix) {
			out = append(out, t)
		}
	}
	return out
}

// serverError returns the MySQL error number of err (0 if none).
func serverError(err error) int {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return int(me.Number)
	}
	return 0
}
