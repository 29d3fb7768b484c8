package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
)

// DefaultStartTimeout is used when Options.StartTimeout is zero. A first start
// initialises the datadir, which takes ~3 s for MySQL 9.7 and ~1 s for
// MariaDB on an idle 2-core machine, but CI runs many packages in parallel.
const DefaultStartTimeout = 2 * time.Minute

// Label keys put on every sandbox container.
const (
	LabelSandbox = "collint.sandbox" // always "1"
	LabelImage   = "collint.image"   // Options.Image
	LabelPID     = "collint.pid"     // pid of the process that created it
	LabelKeep    = "collint.keep"    // "1" when Options.Keep, else "0"
	LabelArgs    = "collint.args"    // JSON array of Options.Args
	LabelHost    = "collint.host"    // hostname of the creating process
	LabelPIDNS   = "collint.pidns"   // pid namespace of the creating process (Linux)
)

// Errors wrapped by Start and Check, for errors.Is.
var (
	// ErrDockerUnavailable: no Docker socket, or the engine does not answer.
	ErrDockerUnavailable = errors.New("docker is unavailable")
	// ErrImageNotFound: the image is not present locally (Start never pulls).
	ErrImageNotFound = errors.New("image not found locally")
)

// Options configures Start.
type Options struct {
	// Image is the local image to run, e.g. "collint/mysql:9.7" or
	// "collint/mariadb:10.11". It is never pulled: build it with
	// `make images` (images/build.sh).
	Image string

	// Keep leaves the container running after Close and after the process
	// exits, and makes Start reuse a running container started with the
	// same Image, Args and Keep. Kept containers are only removed by Prune.
	Keep bool

	// Args are extra server arguments, appended after the image's command,
	// e.g. []string{"--performance-schema=ON"}.
	Args []string

	// StartTimeout bounds the wait for `SELECT 1` (DefaultStartTimeout if 0).
	StartTimeout time.Duration

	// Database, if set, is created on first start (MYSQL_DATABASE) and is the
	// database of DSN(""). On a reused Keep container it is created with
	// CREATE DATABASE IF NOT EXISTS.
	Database string

	// EmptyPassword starts the server with MYSQL_ALLOW_EMPTY_PASSWORD
	// instead of a random root password.
	EmptyPassword bool

	// Env is extra container environment ("NAME=value").
	Env []string

	// TmpfsSize limits the tmpfs datadir, e.g. "2g" (default: Docker's, half
	// of the RAM).
	TmpfsSize string

	// Labels are extra container labels (keys must not start with
	// "collint.sandbox"/"collint.image"/... of the Label* constants). Keep
	// reuse only picks a container carrying the same extra labels, and
	// PruneLabels can target them.
	Labels map[string]string

	// Logf, if set, receives progress messages (t.Logf fits).
	Logf func(format string, args ...any)
}

// Defaults are server settings read once the server answers.
type Defaults struct {
	Version            string // SELECT VERSION()
	CharacterSetServer string // @@character_set_server
	CollationServer    string // @@collation_server
	SQLMode            string // @@sql_mode
	// DefaultCollationForUTF8MB4 is @@default_collation_for_utf8mb4 (MySQL
	// 8.0+ only; "" on MariaDB).
	DefaultCollationForUTF8MB4 string
	// CharacterSetCollations is @@character_set_collations (MariaDB 11.2+
	// only; "" elsewhere).
	CharacterSetCollations string
}

// Server is a running sandbox: a container started by Start, or a scratch
// database on an existing server from FromDSN. It is safe for concurrent use.
type Server struct {
	image    string
	keep     bool
	reused   bool
	cfg      *mysql.Config // no DBName; Logger silenced
	database string        // default database of DSN("")
	scratch  bool          // FromDSN: database is ours to drop
	defaults Defaults
	cont     *container // nil for FromDSN

	containerID string

	closeOnce sync.Once
	closeErr  error
}

// DSN returns a go-sql-driver/mysql DSN for database db ("" means the
// server's default database: Options.Database for Start, the scratch
// database for FromDSN). The connection collation is the driver's default,
// utf8mb4_general_ci; see DSNWith.
func (s *Server) DSN(db string) string {
	return s.DSNWith(db, nil)
}

// DSNWith is DSN with extra go-sql-driver/mysql DSN parameters, e.g.
// {"collation": "utf8mb4_0900_ai_ci", "multiStatements": "true",
// "parseTime": "true"}. Unknown parameter names are, as always with
// go-sql-driver, session variables set on every new connection.
//
// "collation" is special: go-sql-driver can only put collations of its own
// id table (ids < 256) in the handshake, errors out for others when a
// charset is set, and MariaDB 11.x remaps handshake collations through
// @@character_set_collations anyway. So DSNWith turns {"collation": C} into
// {"charset": <charset of C>, "collation_connection": "'C'"}: the driver runs
// SET NAMES <charset> and then SET collation_connection = 'C' on every new
// connection, which yields exactly C on every server that knows C (for
// example MariaDB's utf8mb4_uca1400_ai_ci). An explicit "charset" is kept.
// Invalid parameters make the DSN fail at sql.Open or first use.
func (s *Server) DSNWith(db string, params map[string]string) string {
	cfg := s.cfg.Clone()
	if db == "" {
		db = s.database
	}
	cfg.DBName = db
	dsn := cfg.FormatDSN()
	if len(params) == 0 {
		return dsn
	}
	p := make(map[string]string, len(params)+1)
	for k, v := range params {
		p[k] = v
	}
	if col := p["collation"]; col != "" && safeName.MatchString(col) {
		delete(p, "collation")
		if p["charset"] == "" {
			p["charset"] = CharsetOf(col)
		}
		p["collation_connection"] = "'" + col + "'"
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(dsn)
	sep := "?"
	// FormatDSN writes the password as it is, '?' included: only a '?'
	// after the database's '/' starts the parameters
	if strings.Contains(dsn[strings.LastIndex(dsn, "/"):], "?") {
		sep = "&"
	}
	for _, k := range keys {
		b.WriteString(sep)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p[k]))
		sep = "&"
	}
	return b.String()
}

// CharsetOf returns the character set of a collation name by MySQL naming
// rules: "utf8mb4_0900_ai_ci" -> "utf8mb4", "latin1_bin" -> "latin1",
// "binary" -> "binary".
func CharsetOf(collation string) string {
	if i := strings.IndexByte(collation, '_'); i > 0 {
		return collation[:i]
	}
	return collation
}

// Open returns a *sql.DB for DSN(db). The caller closes it.
func (s *Server) Open(db string) (*sql.DB, error) {
	return sql.Open("mysql", s.DSN(db))
}

// Image is the image the container runs ("" for FromDSN).
func (s *Server) Image() string { return s.image }

// Version is SELECT VERSION(), e.g. "9.7.4-2" or "10.11.18-MariaDB-0+deb12u1".
func (s *Server) Version() string { return s.defaults.Version }

// Flavor is "mariadb" when VERSION() says MariaDB, else "mysql".
func (s *Server) Flavor() string {
	if strings.Contains(strings.ToLower(s.defaults.Version), "mariadb") {
		return "mariadb"
	}
	return "mysql"
}

// Defaults are the server defaults read at start.
func (s *Server) Defaults() Defaults { return s.defaults }

// Addr is the host:port clients connect to (127.0.0.1:<random> for Start).
func (s *Server) Addr() string { return s.cfg.Addr }

// Database is the database DSN("") points at ("" if none).
func (s *Server) Database() string { return s.database }

// ContainerID is the Docker container id ("" for FromDSN).
func (s *Server) ContainerID() string {
	return s.containerID
}

// Reused reports whether Start reused a running Keep container.
func (s *Server) Reused() bool { return s.reused }

// Close purges the container (unless Keep) or, for FromDSN, drops the
// scratch database. It is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		unregister(s)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s.closeErr = s.close(ctx)
	})
	return s.closeErr
}

func (s *Server) close(ctx context.Context) error {
	switch {
	case s.cont != nil:
		if s.keep {
			return nil
		}
		return s.cont.remove(ctx)
	case s.scratch && s.database != "":
		c := s.cfg.Clone()
		c.Logger = nopLogger{}
		conn, err := mysql.NewConnector(c)
		if err != nil {
			return err
		}
		db := sql.OpenDB(conn)
		defer db.Close()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(s.database)); err != nil {
			return fmt.Errorf("sandbox: drop scratch database %s: %w", s.database, err)
		}
	}
	return nil
}

// readDefaults fills s.defaults. Optional variables are read one by one so
// that their absence on a flavor is not an error.
func (s *Server) readDefaults(ctx context.Context, db *sql.DB) error {
	d := &s.defaults
	err := db.QueryRowContext(ctx,
		"SELECT VERSION(), @@character_set_server, @@collation_server, @@sql_mode").
		Scan(&d.Version, &d.CharacterSetServer, &d.CollationServer, &d.SQLMode)
	if err != nil {
		return err
	}
	var v sql.NullString
	if db.QueryRowContext(ctx, "SELECT @@default_collation_for_utf8mb4").Scan(&v) == nil {
		d.DefaultCollationForUTF8MB4 = v.String
	}
	v = sql.NullString{}
	if db.QueryRowContext(ctx, "SELECT @@character_set_collations").Scan(&v) == nil {
		d.CharacterSetCollations = v.String
	}
	return nil
}

// nopLogger silences go-sql-driver's "[mysql] ... unexpected EOF" noise while
// we poll a server that is still starting.
type nopLogger struct{}

func (nopLogger) Print(...any) {}

func newConfig(addr, user, password string) *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = addr
	cfg.User = user
	cfg.Passwd = password
	return cfg
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

func randomHex(nbytes int) string {
	b := make([]byte, nbytes)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

func logf(o *Options, format string, args ...any) {
	if o != nil && o.Logf != nil {
		o.Logf("sandbox: "+format, args...)
	}
}

// waitReady polls SELECT 1 with exponential backoff (50 ms, x1.5, capped at
// 500 ms) until it answers, ctx ends, or alive reports the server is gone.
func waitReady(ctx context.Context, cfg *mysql.Config, alive func(context.Context) error) (*sql.DB, error) {
	c := cfg.Clone()
	c.Logger = nopLogger{}
	c.Timeout = 5 * time.Second
	conn, err := mysql.NewConnector(c)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	delay := 50 * time.Millisecond
	var lastErr error
	for {
		attempt, cancel := context.WithTimeout(ctx, 10*time.Second)
		var one int
		lastErr = db.QueryRowContext(attempt, "SELECT 1").Scan(&one)
		cancel()
		if lastErr == nil {
			return db, nil
		}
		if alive != nil {
			if err := alive(ctx); err != nil {
				db.Close()
				return nil, fmt.Errorf("%w (last connection error: %v)", err, lastErr)
			}
		}
		select {
		case <-ctx.Done():
			db.Close()
			return nil, fmt.Errorf("server did not answer SELECT 1: %w (last connection error: %v)", ctx.Err(), lastErr)
		case <-time.After(delay):
		}
		delay = delay * 3 / 2
		if delay > 500*time.Millisecond {
			delay = 500 * time.Millisecond // polling loopback is cheap; answer fast
		}
	}
}
