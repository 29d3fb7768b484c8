// Package progress draws a one-line progress bar for long lint runs on a
// terminal: bytes read of the total, statements per second, and the time
// left. It stays silent for the first seconds (most runs end before), draws
// at most ten times a second, and clears its line when the run ends, so
// that nothing of it remains above the report.
//
// A Bar implements lint.Progress. Whether to show one at all (stderr is a
// terminal, no --quiet) is the caller's decision.
package progress

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Bar is a progress bar writing to a terminal.
type Bar struct {
	w     io.Writer
	now   func() time.Time
	delay time.Duration // nothing is drawn before this much time has passed
	every time.Duration // minimum time between two draws
	width int           // of the bar itself, in cells

	start, last time.Time
	total, read int64
	statements  int64
	drawn       int // length of the line last drawn (0: nothing on screen)
}

// Options adjusts a Bar; the zero value gives the defaults.
type Options struct {
	Now   func() time.Time // default time.Now
	Delay time.Duration    // default 2 s
	Every time.Duration    // default 100 ms
}

// New returns a Bar drawing on w (a terminal).
func New(w io.Writer, o Options) *Bar {
	b := &Bar{w: w, now: o.Now, delay: o.Delay, every: o.Every, width: 30}
	if b.now == nil {
		b.now = time.Now
	}
	if b.delay == 0 {
		b.delay = 2 * time.Second
	}
	if b.every == 0 {
		b.every = 100 * time.Millisecond
	}
	return b
}

// Start begins a run over totalBytes of input.
func (b *Bar) Start(totalBytes int64) {
	b.start, b.total = b.now(), totalBytes
}

// Advance records progress and redraws the line when it is due.
func (b *Bar) Advance(bytes int64, statements int) {
	b.read += bytes
	b.statements += int64(statements)
	t := b.now()
	if t.Sub(b.start) < b.delay || (b.drawn > 0 && t.Sub(b.last) < b.every) {
		return
	}
	b.last = t
	b.draw(b.line(t.Sub(b.start)))
}

// Done clears the line, if one was drawn.
func (b *Bar) Done() {
	if b.drawn > 0 {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", b.drawn))
		b.drawn = 0
	}
}

// line renders the bar for an elapsed time.
func (b *Bar) line(elapsed time.Duration) string {
	frac := 0.0
	if b.total > 0 {
		frac = min(float64(b.read)/float64(b.total), 1)
	}
	full := int(frac * float64(b.width))
	bar := strings.Repeat("█", full) + strings.Repeat("░", b.width-full)
	rate := float64(b.statements) / max(elapsed.Seconds(), 1e-9)
	s := fmt.Sprintf("collint %s %3.0f%% %s/%s %s statements/s", bar, 100*frac, size(b.read), size(b.total), count(rate))
	if frac > 0 && frac < 1 {
		left := time.Duration(float64(elapsed) * (1 - frac) / frac).Round(time.Second)
		s += fmt.Sprintf(", %s left", left)
	}
	return s
}

// draw replaces the line on screen.
func (b *Bar) draw(s string) {
	n := len([]rune(s))
	pad := ""
	if n < b.drawn {
		pad = strings.Repeat(" ", b.drawn-n)
	}
	fmt.Fprintf(b.w, "\r%s%s", s, pad)
	b.drawn = max(n, b.drawn)
}

// size prints a byte count with a binary unit.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// count prints a rate with a k/M suffix.
func count(r float64) string {
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.1fM", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.0fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}
