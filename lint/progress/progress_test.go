package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/collint/collint/lint"
)

var _ lint.Progress = (*Bar)(nil)

// clock is a fake clock the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time             { return c.t }
func (c *clock) add(d time.Duration)        { c.t = c.t.Add(d) }
func newBar(w *bytes.Buffer, c *clock) *Bar { return New(w, Options{Now: c.now}) }

func TestSilentForShortRuns(t *testing.T) {
	var w bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	b := newBar(&w, c)
	b.Start(1000)
	for i := 0; i < 10; i++ {
		c.add(150 * time.Millisecond) // 1.5 s in all
		b.Advance(100, 10)
	}
	b.Done()
	if w.Len() != 0 {
		t.Errorf("a run under 2 s drew %q", w.String())
	}
}

func TestDrawsAfterDelayAndClears(t *testing.T) {
	var w bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	b := newBar(&w, c)
	b.Start(4 << 20)
	c.add(2 * time.Second)
	b.Advance(1<<20, 20_000)
	out := w.String()
	for _, want := range []string{"\rcollint ", " 25% ", "1.0 MiB/4.0 MiB", "10k statements/s", "6s left"} {
		if !strings.Contains(out, want) {
			t.Errorf("line %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "\n") {
		t.Errorf("the bar must stay on one line: %q", out)
	}
	w.Reset()
	b.Done()
	clear := w.String()
	if !strings.HasPrefix(clear, "\r") || !strings.HasSuffix(clear, "\r") || strings.Trim(clear, "\r ") != "" || len(clear) < len([]rune(out)) {
		t.Errorf("Done wrote %q, want the line blanked out", clear)
	}
	w.Reset()
	b.Done()
	if w.Len() != 0 {
		t.Errorf("a second Done wrote %q", w.String())
	}
}

func TestRedrawsAtMostTenTimesASecond(t *testing.T) {
	var w bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	b := newBar(&w, c)
	b.Start(1 << 30)
	c.add(3 * time.Second)
	for i := 0; i < 1000; i++ { // 1,000 advances over one second
		c.add(time.Millisecond)
		b.Advance(1<<10, 1)
	}
	if n := strings.Count(w.String(), "\r"); n < 9 || n > 11 {
		t.Errorf("%d draws in one second, want about 10", n)
	}
}

func TestShorterLineOverwritesLonger(t *testing.T) {
	var w bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	b := newBar(&w, c)
	b.Start(100)
	c.add(3 * time.Second)
	b.Advance(50, 3_000_000) // a long rate
	first := w.String()
	w.Reset()
	c.add(time.Second)
	b.Advance(50, 0) // done: no "left", slower rate
	second := w.String()
	if len([]rune(second)) < len([]rune(first)) {
		t.Errorf("the second line %q is shorter than the first %q: leftovers stay on screen", second, first)
	}
}
