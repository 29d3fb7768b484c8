package sandbox

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

// FromDSN returns a Server on an existing MySQL/MariaDB server (no Docker).
// dsn is a go-sql-driver/mysql DSN whose user may create and drop databases;
// its database name and collation parameters are ignored. FromDSN creates
// the database collint_scratch_<random>; DSN("") points at it and Close
// drops it. Nothing outside the scratch database is written. The scratch
// database is also dropped on SIGINT/SIGTERM (see CloseAll).
func FromDSN(ctx context.Context, dsn string) (*Server, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("sandbox: parse DSN: %w", err)
	}
	base := newConfig(cfg.Addr, cfg.User, cfg.Passwd)
	base.Net = cfg.Net
	base.TLSConfig = cfg.TLSConfig
	base.TLS = cfg.TLS
	base.AllowCleartextPasswords = cfg.AllowCleartextPasswords
	base.AllowNativePasswords = cfg.AllowNativePasswords
	base.ServerPubKey = cfg.ServerPubKey

	s := &Server{cfg: base, scratch: true}
	// Probe the server (no retries beyond the driver's own).
	c := base.Clone()
	c.Logger = nopLogger{}
	conn, err := mysql.NewConnector(c)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("sandbox: connect to %s: %w", base.Addr, err)
	}
	if err := s.readDefaults(ctx, db); err != nil {
		return nil, fmt.Errorf("sandbox: read server defaults: %w", err)
	}
	name := "collint_scratch_" + randomHex(8)
	installSignalHandler()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(name)); err != nil {
		return nil, fmt.Errorf("sandbox: create scratch database: %w", err)
	}
	s.database = name
	register(s)
	return s, nil
}
