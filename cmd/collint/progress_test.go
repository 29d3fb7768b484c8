package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The progress bar goes to stderr only when stderr is a terminal and
// --quiet is not given. The tests make every run "long" (no delay) and
// fake the terminal; a real, non-terminal file must receive nothing.
func TestProgressBarOnlyOnTerminals(t *testing.T) {
	defer func(d time.Duration, f func(io.Writer) bool) { progressDelay, stderrIsTerminal = d, f }(progressDelay, stderrIsTerminal)
	progressDelay = time.Nanosecond
	args := []string{"lint", "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../lint/testdata/seed-slow.log", "--fail-on", "none"}

	// a file (as in CI, or 2>log): not a terminal, no progress bytes
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := run(args, &out, f); code != 0 {
		t.Fatalf("exit %d", code)
	}
	f.Close()
	if data, _ := os.ReadFile(f.Name()); len(data) != 0 {
		t.Errorf("stderr (a file) got %q", data)
	}
	report := out.String()

	// a terminal: the bar is drawn on stderr and cleared; stdout is unchanged
	stderrIsTerminal = func(io.Writer) bool { return true }
	code, got, stderr := collint(t, args...)
	if code != 0 || got != report {
		t.Errorf("exit %d; the report changed with a progress bar:\n%s", code, got)
	}
	if !strings.Contains(stderr, "\rcollint ") || !strings.HasSuffix(stderr, "\r") || strings.Contains(stderr, "\n") {
		t.Errorf("terminal stderr %q: want a bar, cleared at the end", stderr)
	}
	// --quiet, on lint and baseline
	if _, _, stderr := collint(t, append(args, "--quiet")...); stderr != "" {
		t.Errorf("lint --quiet wrote %q", stderr)
	}
	base := filepath.Join(t.TempDir(), "b.json")
	if _, _, stderr := collint(t, "baseline", "-q", "-o", base, "--schema", "../../fixtures/seed/schema.sql", "--queries", "../../lint/testdata/seed-slow.log"); stderr != "" {
		t.Errorf("baseline -q wrote %q", stderr)
	}
}
