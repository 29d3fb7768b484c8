package main

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dc "github.com/ory/dockertest/v3/docker"

	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// TestVerifyCtrlC: `collint verify` as a process, interrupted (SIGINT)
// while its server is starting: it exits with status 130 (what a shell
// reports for a Ctrl-C), and no container labelled with its pid remains.
func TestVerifyCtrlC(t *testing.T) {
	sandboxtest.Require(t, "collint/mysql:9.7")
	bin := filepath.Join(t.TempDir(), "collint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mig := seedMigration(t, "../../fixtures/seed/schema.sql", "mysql-9")
	c, err := dc.NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	// "starting": as soon as the container exists; "loading": once the
	// server answered (-v says so), while schema and data go in.
	for _, when := range []string{"starting", "loading"} {
		t.Run(when, func(t *testing.T) {
			cmd := exec.Command(bin, "verify", "-v", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../fixtures/seed/queries.sql",
				"--migration", mig, "--image", "collint/mysql:9.7")
			var stdout bytes.Buffer
			stderr := &syncBuffer{}
			cmd.Stdout, cmd.Stderr = &stdout, stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := strconv.Itoa(cmd.Process.Pid)
			mine := func() []dc.APIContainers {
				list, err := c.ListContainers(dc.ListContainersOptions{All: true, Filters: map[string][]string{"label": {"collint.pid=" + pid}}})
				if err != nil {
					t.Fatal(err)
				}
				return list
			}
			t.Cleanup(func() { // never leave one behind, whatever failed
				for _, x := range mine() {
					c.RemoveContainer(dc.RemoveContainerOptions{ID: x.ID, Force: true, RemoveVolumes: true})
				}
			})
			ready := func() bool { return len(mine()) > 0 }
			if when == "loading" {
				ready = func() bool { return strings.Contains(stderr.String(), "answered after") }
			}
			deadline := time.Now().Add(60 * time.Second)
			for !ready() {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("not %s after 60 s:\n%s", when, stderr.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatal("collint verify still running 60 s after SIGINT")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("collint verify ended with %v after SIGINT, want exit status 130\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say it was interrupted:\n%s", stderr.String())
			}
			if left := mine(); len(left) > 0 {
				t.Errorf("containers left after SIGINT: %v", left[0].Names)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for a writing process and a reading
// test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
