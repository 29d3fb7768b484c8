// Package verify proves a migration on real servers: it starts a
// throwaway server per image (or uses a scratch database on a user's
// server), loads the schema and data (the user's dump, or generated rows
// seeded with hazard values), runs every query, runs the migration's
// pre-checks, applies up and runs the queries again (the errors it was
// meant to fix must be gone and EXPLAIN must use an index on the columns
// it fixed), compares the data (row counts, per-column checksums, every
// converted value against its old textual form), applies down and
// requires the original SHOW CREATE TABLE and data back. Each step is
// timed, and each verdict carries its evidence.
package verify

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/collint/collint/lint/inputs"
	"github.com/collint/collint/lint/sqlsplit"
	"github.com/collint/collint/migrate/sandbox"
)

// Config is one verification.
type Config struct {
	Schemas   []string // schema files or folders, applied in order
	Queries   []string // .sql query files
	Migration string   // a migration folder or one .sql file
	Down      string   // the down file of a single .sql Migration
	// Labels are extra container labels; with Keep, only a kept
	// container with the same labels is reused.
	Labels map[string]string
	Images []string // one server per image, run in parallel
	DSN    string   // instead of Images: a scratch database on this server
	Data   string   // a dump to load instead of generated rows
	// SampleRows per table when generating (datagen.DefaultRows if 0).
	SampleRows int
	Seed       uint64
	Keep       bool // keep (and reuse) the containers
	// ConnCollation is the connection collation the queries run with;
	// default: the server's @@collation_server (what the mysql client and
	// Connector/J use).
	ConnCollation string
	// NoDown accepts migrations without a down part (step 7 is skipped
	// and said so); without it a missing down migration fails.
	NoDown    bool
	DefaultDB string // database for schema statements before any USE
	Logf      func(format string, args ...any)
}

// Run verifies every migration on every image (or the DSN). The error is
// for unusable input (no migration, unreadable files); verdicts, failed
// or not, are in the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	migs, err := ReadMigrations(cfg.Migration, cfg.Down)
	if err != nil {
		return nil, err
	}
	in, err := readInputs(cfg)
	if err != nil {
		return nil, err
	}
	targets := cfg.Images
	if cfg.DSN != "" {
		targets = []string{""}
	}
	if len(targets) == 0 {
		return nil, fmt.Errorf("no --image and no --dsn: nothing to verify on")
	}
	rep := &Report{Runs: make([]*ServerRun, len(targets))}
	var wg sync.WaitGroup
	for i, image := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep.Runs[i] = verifyOn(ctx, cfg, in, migs, image)
		}()
	}
	wg.Wait()
	rep.Pass = true
	for _, r := range rep.Runs {
		rep.Pass = rep.Pass && r.Pass
	}
	rep.Millis = time.Since(start).Milliseconds()
	return rep, nil
}

// inputFile is a file split into statements.
type inputFile struct {
	Path  string
	Data  []byte
	Stmts []sqlsplit.Statement
}

type inputsRead struct {
	schema  []inputs.File
	queries []string // query file paths
	data    []byte
}

func readInputs(cfg Config) (*inputsRead, error) {
	in := &inputsRead{}
	var err error
	if in.schema, err = inputs.Load(cfg.Schemas, inputs.Schema); err != nil {
		return nil, err
	}
	if len(in.schema) == 0 {
		return nil, fmt.Errorf("no --schema given")
	}
	if in.queries, err = inputs.Expand(cfg.Queries, inputs.Queries); err != nil {
		return nil, err
	}
	if cfg.Data != "" {
		if in.data, err = os.ReadFile(cfg.Data); err != nil {
			return nil, fmt.Errorf("--data: %w", err)
		}
	}
	return in, nil
}

// flavorOf maps a server version to collint's flavor name.
func flavorOf(version string) string {
	v := strings.ToLower(version)
	switch {
	case strings.Contains(v, "mariadb") && strings.HasPrefix(v, "10."):
		return "mariadb-10.11"
	case strings.Contains(v, "mariadb"):
		return "mariadb-11"
	case strings.HasPrefix(v, "5.7"):
		return "mysql-5.7"
	case strings.HasPrefix(v, "8.0"):
		return "mysql-8.0"
	case strings.HasPrefix(v, "8."):
		return "mysql-8.4"
	}
	return "mysql-9"
}

// verifyOn runs every step on one image (or the DSN when image is "").
func verifyOn(ctx context.Context, cfg Config, in *inputsRead, migs []*Migration, image string) *ServerRun {
	r := &ServerRun{Target: image}
	if image == "" {
		r.Target = "dsn"
	}
	v := &verifier{cfg: cfg, in: in, run: r}
	defer v.close()
	if !v.start(ctx, image) || !v.load(ctx) || !v.queriesBefore(ctx) {
		r.Pass = false
		return r
	}
	v.migrations(ctx, migs)
	r.Pass = r.Error == ""
	for _, s := range r.Steps {
		r.Pass = r.Pass && s.Pass
	}
	for _, m := range r.Migrations {
		r.Pass = r.Pass && m.Pass
	}
	return r
}

// step times fn and records it.
func step(steps *[]*Step, name string, fn func(s *Step)) *Step {
	s := &Step{Name: name, Pass: true}
	t0 := time.Now()
	fn(s)
	s.Millis = time.Since(t0).Milliseconds()
	*steps = append(*steps, s)
	return s
}

func (v *verifier) logf(format string, args ...any) {
	if v.cfg.Logf != nil {
		v.cfg.Logf("%s: "+format, append([]any{v.run.Target}, args...)...)
	}
}

func (v *verifier) close() {
	if v.conn != nil {
		v.conn.Close()
	}
	if v.db != nil {
		v.db.Close()
	}
	if v.srv != nil {
		if err := v.srv.Close(); err != nil {
			v.run.Error = strings.TrimSpace(v.run.Error + "\ncleanup: " + err.Error())
			v.run.Pass = false
		}
	}
}

// start starts the container or creates the scratch database.
func (v *verifier) start(ctx context.Context, image string) bool {
	s := step(&v.run.Steps, "start", func(s *Step) {
		var err error
		if image == "" {
			v.srv, err = sandbox.FromDSN(ctx, v.cfg.DSN)
		} else {
			v.srv, err = sandbox.Start(ctx, sandbox.Options{Image: image, Keep: v.cfg.Keep, Labels: v.cfg.Labels, Logf: v.cfg.Logf})
		}
		if err != nil {
			s.fail("%v", err)
			return
		}
		v.run.Server = v.srv.Version()
		v.run.Flavor = flavorOf(v.srv.Version())
		v.run.ConnCollation = v.cfg.ConnCollation
		if v.run.ConnCollation == "" {
			v.run.ConnCollation = v.srv.Defaults().CollationServer
		}
		switch {
		case image == "":
			s.note("scratch database %s on %s (%s)", v.srv.Database(), v.srv.Addr(), v.srv.Version())
			v.scope = &scope{scratch: v.srv.Database(), names: map[string]string{}}
		case v.srv.Reused():
			s.note("reused kept container %s (%s)", short(v.srv.ContainerID()), v.srv.Version())
			v.scope = &scope{}
		default:
			s.note("started %s (%s)", short(v.srv.ContainerID()), v.srv.Version())
			v.scope = &scope{}
		}
		if err := v.connect(ctx); err != nil {
			s.fail("connect: %v", err)
		}
	})
	return s.Pass
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
