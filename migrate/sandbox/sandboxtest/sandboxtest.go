// Package sandboxtest is the entry point of collint's integration tests: it
// starts sandbox servers for a test, purges them when the test ends (passed
// or failed), and decides whether a test without its prerequisites is
// skipped or failed.
//
//	func TestSomething(t *testing.T) {
//		sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
//			srv := sandboxtest.Start(t, image)
//			db, err := sql.Open("mysql", srv.DSNWith("", map[string]string{
//				"collation": srv.Defaults().CollationServer,
//			}))
//			...
//		})
//	}
//
// # Gating
//
// When Docker is unavailable (no socket, ping fails) or an image is missing
// locally, the test is skipped with a message naming what is missing —
// unless CI=true or COLLINT_INTEGRATION=1 (set by `make test`), in which
// case it fails. `go test -short` skips integration tests.
//
// # Environment
//
//	COLLINT_TEST_IMAGES    comma-separated images for ForEachImage/Images
//	                       (default collint/mysql:9.7,collint/mariadb:10.11,
//	                       plus collint/mariadb:11.8 when present locally)
//	COLLINT_SANDBOX_KEEP=1 start kept containers and reuse them across test
//	                       runs (fast local loops; tests then share servers,
//	                       so only for tests that use their own databases).
//	                       Remove them with `collint sandbox prune`.
package sandboxtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/collint/collint/migrate/sandbox"
)

// Environment variables read by this package.
const (
	EnvImages = "COLLINT_TEST_IMAGES"
	EnvKeep   = "COLLINT_SANDBOX_KEEP"
)

// DefaultImages are tested when COLLINT_TEST_IMAGES is unset.
var DefaultImages = []string{"collint/mysql:9.7", "collint/mariadb:10.11"}

// OptionalImages are added to DefaultImages when present locally.
var OptionalImages = []string{"collint/mariadb:11.8"}

// Images returns the images integration tests run against.
func Images() []string {
	if v := strings.TrimSpace(os.Getenv(EnvImages)); v != "" {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	out := append([]string{}, DefaultImages...)
	for _, img := range OptionalImages {
		if sandbox.Check(context.Background(), img) == nil {
			out = append(out, img)
		}
	}
	return out
}

// Required reports whether missing prerequisites fail tests instead of
// skipping them: CI=true or COLLINT_INTEGRATION=1.
func Required() bool {
	return os.Getenv("CI") == "true" || os.Getenv("COLLINT_INTEGRATION") == "1"
}

// unavailable skips or fails t.
func unavailable(t testing.TB, msg string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (CI=true or COLLINT_INTEGRATION=1: failing instead of skipping)", msg)
	}
	t.Skip(msg + " (skipping; with CI=true this fails)")
}

// RequireDocker skips/fails t unless the Docker engine answers.
func RequireDocker(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped in -short mode")
	}
	if err := sandbox.Ping(context.Background()); err != nil {
		unavailable(t, fmt.Sprintf("integration test needs Docker: %v", err))
	}
}

// Require skips/fails t unless Docker answers and image is present locally.
func Require(t testing.TB, image string) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped in -short mode")
	}
	err := sandbox.Check(context.Background(), image)
	switch {
	case err == nil:
	case errors.Is(err, sandbox.ErrDockerUnavailable):
		unavailable(t, fmt.Sprintf("integration test needs Docker: %v", err))
	case errors.Is(err, sandbox.ErrImageNotFound):
		unavailable(t, fmt.Sprintf("integration test needs image %s: %v", image, err))
	default:
		t.Fatalf("sandbox check for %s: %v", image, err)
	}
}

// Start starts a sandbox from image for t (see StartWith).
func Start(t testing.TB, image string) *sandbox.Server {
	t.Helper()
	return StartWith(t, sandbox.Options{Image: image})
}

// StartWith gates t on o.Image (see Require), starts the sandbox, and
// registers a t.Cleanup that closes it — purging the container whether the
// test passed or failed. Progress goes to t.Logf unless o.Logf is set.
func StartWith(t testing.TB, o sandbox.Options) *sandbox.Server {
	t.Helper()
	Require(t, o.Image)
	if o.Logf == nil {
		o.Logf = t.Logf
	}
	if os.Getenv(EnvKeep) == "1" {
		o.Keep = true
	}
	srv, err := sandbox.Start(context.Background(), o)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close sandbox %s: %v", o.Image, err)
		}
	})
	return srv
}

// FromDSN is sandbox.FromDSN for t: the scratch database is dropped by
// t.Cleanup.
func FromDSN(t testing.TB, dsn string) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.FromDSN(context.Background(), dsn)
	if err != nil {
		t.Fatalf("sandbox from DSN: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("drop scratch database %s: %v", srv.Database(), err)
		}
	})
	return srv
}

// ForEachImage runs fn as a subtest per image of Images(), named after the
// image ("collint/mysql:9.7" -> "mysql-9.7"). Subtests are not parallel;
// call t.Parallel() inside fn if wanted.
func ForEachImage(t *testing.T, fn func(t *testing.T, image string)) {
	t.Helper()
	for _, image := range Images() {
		t.Run(SubtestName(image), func(t *testing.T) { fn(t, image) })
	}
}

// SubtestName turns an image into a subtest name without slashes.
func SubtestName(image string) string {
	name := strings.TrimPrefix(image, "collint/")
	return strings.NewReplacer("/", "-", ":", "-").Replace(name)
}
