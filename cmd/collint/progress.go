package main

import (
	"io"
	"time"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/lint/progress"
)

// Hooks for tests: whether stderr is a terminal, and how long a run goes
// before its progress bar shows.
var (
	stderrIsTerminal = isTerminal
	progressDelay    = 2 * time.Second
)

// progressBar returns the progress bar for a run writing to stderr: none
// with --quiet or when stderr is not a terminal (a CI log, a pipe).
func progressBar(stderr io.Writer, quiet bool) lint.Progress {
	if quiet || !stderrIsTerminal(stderr) {
		return nil
	}
	return progress.New(stderr, progress.Options{Delay: progressDelay})
}
