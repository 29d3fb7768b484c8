package live

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/flavor"
	"github.com/collint/collint/lint/livecat"
)

// Read connects read-only and reads the snapshot in one START TRANSACTION
// READ ONLY (both MySQL and MariaDB have it): server variables,
// information_schema.SCHEMATA for the databases' defaults, SHOW CREATE
// TABLE for every base table, information_schema.VIEWS for views and,
// with Options.Digests, performance_schema's digest summary. Nothing is
// written; the connection goes only to the DSN's address. Errors carry
// the redacted DSN and never the password.
func Read(ctx context.Context, dsn string, opt Options) (*Snapshot, error) {
	cfg, err := livecat.ParseDSN(dsn)
	if err != nil {
		return nil, err // redacted by ParseDSN
	}
	red := Redact(dsn)
	fail := func(err error) error {
		return fmt.Errorf("%s: %s", red, scrub(err.Error(), cfg.Passwd, dsn, red))
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fail(err)
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fail(err)
	}
	defer tx.Rollback()
	s := &Snapshot{DSN: red}
	r := &reader{ctx: ctx, tx: tx, s: s}
	dbs := opt.Databases
	if len(dbs) == 0 && cfg.DBName != "" {
		dbs = []string{cfg.DBName}
	}
	if err := r.server(); err != nil {
		return nil, fail(err)
	}
	if err := r.schema(dbs); err != nil {
		return nil, fail(err)
	}
	if opt.Digests {
		if err := r.digests(); err != nil {
			return nil, fail(err)
		}
		_, skipped := s.DigestSources()
		s.Problems = append(s.Problems, skipped...)
	}
	if err := tx.Commit(); err != nil {
		return nil, fail(err)
	}
	return s, nil
}

// scrub removes a password (and the raw DSN) from a message: driver
// errors may echo either.
func scrub(msg, password, dsn, redacted string) string {
	if dsn != "" {
		msg = strings.ReplaceAll(msg, dsn, redacted)
	}
	if password != "" {
		msg = strings.ReplaceAll(msg, password, "***")
	}
	return msg
}

type reader struct {
	ctx context.Context
	tx  *sql.Tx
	s   *Snapshot
}

func (r *reader) rows(q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// variable reads a server variable with SHOW VARIABLES ("" when the
// server has none of that name, as MariaDB has no
// default_collation_for_utf8mb4).
func (r *reader) variable(name string, global bool) (string, error) {
	q := "SHOW VARIABLES LIKE '" + name + "'" // name is one of ours: SHOW takes no placeholder
	if global {
		q = "SHOW GLOBAL VARIABLES LIKE '" + name + "'"
	}
	var n, v string
	err := r.tx.QueryRowContext(r.ctx, q).Scan(&n, &v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// server reads the variables that decide defaults. CollationConnection is
// @@GLOBAL.collation_connection: what a session starts with before the
// client's handshake or SET NAMES changes it, which is what a client that
// asks for the server's default gets (Connector/J without
// characterEncoding). collint's own session is not representative:
// go-sql-driver/mysql always asks for utf8mb4_general_ci.
func (r *reader) server() error {
	sv := &r.s.Server
	if err := r.tx.QueryRowContext(r.ctx, "SELECT VERSION(), @@character_set_server, @@collation_server, @@GLOBAL.collation_connection").
		Scan(&sv.Version, &sv.CharacterSetServer, &sv.CollationServer, &sv.CollationConnection); err != nil {
		return err
	}
	sv.Flavor = flavor.FromVersion(sv.Version)
	var err error
	if sv.DefaultCollationForUTF8MB4, err = r.variable("default_collation_for_utf8mb4", false); err != nil {
		return err
	}
	if sv.CharacterSetCollations, err = r.variable("character_set_collations", false); err != nil {
		return err
	}
	ps, err := r.variable("performance_schema", true)
	if err != nil {
		return err
	}
	sv.PerformanceSchema = strings.EqualFold(ps, "ON") || ps == "1"
	return nil
}

// schema reads the databases (every non-system one when none is named)
// into one source per database: CREATE DATABASE with the defaults
// information_schema.SCHEMATA shows, then SHOW CREATE TABLE of each base
// table; views follow in a second pass (they may use tables of any
// database), in dependency order, each under the SET NAMES it was created
// with (its literals take that collation).
func (r *reader) schema(names []string) error {
	q := "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
	var args []any
	if len(names) > 0 {
		q += " WHERE SCHEMA_NAME IN (?" + strings.Repeat(",?", len(names)-1) + ")"
		for _, n := range names {
			args = append(args, n)
		}
	} else {
		q += " WHERE SCHEMA_NAME NOT IN ('" + strings.Join(livecat.SystemDatabases, "','") + "')"
	}
	type dbDef struct{ name, cs, co string }
	var dbs []dbDef
	if err := r.rows(q+" ORDER BY SCHEMA_NAME", args, func(rows *sql.Rows) error {
		var d dbDef
		if err := rows.Scan(&d.name, &d.cs, &d.co); err != nil {
			return err
		}
		dbs = append(dbs, d)
		return nil
	}); err != nil {
		return err
	}
	for _, n := range names {
		if !slices.ContainsFunc(dbs, func(d dbDef) bool { return d.name == n }) {
			return fmt.Errorf("database %s does not exist (or the user cannot see it)", quote(n))
		}
	}
	var views []view
	for _, d := range dbs {
		r.s.Databases = append(r.s.Databases, d.name)
		var b strings.Builder
		fmt.Fprintf(&b, "-- %s: database %s as information_schema.SCHEMATA and SHOW CREATE TABLE show it\n", r.s.DSN, d.name)
		b.WriteString("SET FOREIGN_KEY_CHECKS = 0;\n")
		// the server does not record whether CREATE DATABASE named its
		// collation: one equal to collation_server is taken as inherited
		fmt.Fprintf(&b, "CREATE DATABASE IF NOT EXISTS %s;\n", quote(d.name))
		if d.co != r.s.Server.CollationServer {
			fmt.Fprintf(&b, "ALTER DATABASE %s CHARACTER SET %s COLLATE %s;\n", quote(d.name), d.cs, d.co)
		}
		fmt.Fprintf(&b, "USE %s;\n", quote(d.name))
		var tables []string
		if err := r.rows("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", []any{d.name}, func(rows *sql.Rows) error {
			var n, typ string
			if err := rows.Scan(&n, &typ); err != nil {
				return err
			}
			if typ == "BASE TABLE" || typ == "SYSTEM VERSIONED" {
				tables = append(tables, n)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, t := range tables {
			var n, ddl string
			if err := r.tx.QueryRowContext(r.ctx, "SHOW CREATE TABLE "+quote(d.name)+"."+quote(t)).Scan(&n, &ddl); err != nil {
				return fmt.Errorf("SHOW CREATE TABLE %s.%s: %v", quote(d.name), quote(t), err)
			}
			b.WriteString(ddl)
			b.WriteString(";\n")
		}
		r.s.Schema = append(r.s.Schema, lint.Source{Name: "dsn:" + d.name, Data: []byte(b.String())})
		vs, err := r.views(d.name)
		if err != nil {
			return err
		}
		views = append(views, vs...)
	}
	if len(views) > 0 {
		r.s.Schema = append(r.s.Schema, viewSource(views))
	}
	return nil
}

type view struct {
	db, name, def, cs, co string
}

func (r *reader) views(db string) ([]view, error) {
	var out []view
	err := r.rows("SELECT TABLE_NAME, VIEW_DEFINITION, CHARACTER_SET_CLIENT, COLLATION_CONNECTION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", []any{db}, func(rows *sql.Rows) error {
		v := view{db: db}
		if err := rows.Scan(&v.name, &v.def, &v.cs, &v.co); err != nil {
			return err
		}
		if strings.TrimSpace(v.def) == "" {
			r.s.Problems = append(r.s.Problems, fmt.Sprintf("view %s.%s: information_schema.VIEWS shows no definition (the user needs SHOW VIEW): its columns are unknown", quote(db), quote(v.name)))
			return nil
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// viewSource creates the views so that each comes after the views it
// selects from (VIEW_DEFINITION names them `db`.`view`).
func viewSource(views []view) lint.Source {
	sort.Slice(views, func(i, j int) bool {
		return views[i].db+"."+views[i].name < views[j].db+"."+views[j].name
	})
	done := map[int]bool{}
	var order []view
	var visit func(i int, depth int)
	visit = func(i int, depth int) {
		if done[i] || depth > len(views) {
			return
		}
		done[i] = true
		for j, w := range views {
			if j != i && !done[j] && strings.Contains(views[i].def, quote(w.db)+"."+quote(w.name)) {
				visit(j, depth+1)
			}
		}
		order = append(order, views[i])
	}
	for i := range views {
		visit(i, 0)
	}
	var b strings.Builder
	b.WriteString("-- views, as information_schema.VIEWS shows them\n")
	for _, v := range order {
		fmt.Fprintf(&b, "USE %s;\nSET NAMES %s COLLATE %s;\nCREATE VIEW %s AS %s;\n", quote(v.db), v.cs, v.co, quote(v.name), v.def)
	}
	b.WriteString("SET NAMES DEFAULT;\n")
	return lint.Source{Name: "dsn:views", Data: []byte(b.String())}
}

var ident = regexp.MustCompile("`")

// quote quotes an identifier with backticks.
func quote(s string) string {
	return "`" + ident.ReplaceAllString(s, "``") + "`"
}
