// Package live reads collint's inputs from a live server: the schema (from
// information_schema and SHOW CREATE, in one READ ONLY transaction), the
// server variables that decide defaults (character_set_server,
// collation_server, default_collation_for_utf8mb4, the connection
// collation a default client gets) and, when asked, the statement digests
// of performance_schema.events_statements_summary_by_digest. It never
// writes, and passwords never appear in what it returns.
package live

import (
	"time"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/livecat"
)

// Redact returns the DSN with its password replaced (see livecat.Redact).
func Redact(dsn string) string { return livecat.Redact(dsn) }

// Server describes the server behind a DSN.
type Server struct {
	Version string // VERSION()
	Flavor  string // collint flavor name (flavor.FromVersion)
	// The server's defaults: what CREATE DATABASE/TABLE without a charset
	// get.
	CharacterSetServer, CollationServer, DefaultCollationForUTF8MB4 string
	// CollationConnection is what a default client connection gets.
	CollationConnection string
	// CharacterSetCollations is MariaDB 11.2+'s charset → default
	// collation map ("" elsewhere).
	CharacterSetCollations string
	PerformanceSchema      bool
}

// Snapshot is everything read from the server in one read-only
// transaction.
type Snapshot struct {
	DSN       string // redacted
	Server    Server
	Databases []string
	// Schema is the schema as named in-memory SQL sources ("dsn:db" →
	// DDL), in the order they must be applied.
	Schema  []lint.Source
	Digests []Digest // when requested
	// Problems are what could not be read or modelled exactly (a view
	// whose definition the user may not see, performance_schema off, a
	// server default collint's flavor tables do not follow); none is fatal.
	Problems []string
}

// Digest is one row of events_statements_summary_by_digest.
type Digest struct {
	Schema, Digest, Text string
	Count                int64
	Errors, Warnings     int64
	NoIndexUsed          int64
	FirstSeen, LastSeen  time.Time
	Sample               string
}

// Options say what Read reads.
type Options struct {
	Databases []string // default: the DSN's database, else every non-system one
	Digests   bool
}
