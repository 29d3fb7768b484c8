package lint

import "os"

// Progress is told how far a run has got, for a progress bar: Start once
// with the total size in bytes of the input files, Advance as they are read
// (bytes of the file as stored: compressed bytes for a .gz), Done when the
// run ends. Calls come from one goroutine at a time.
type Progress interface {
	Start(totalBytes int64)
	Advance(bytes int64, statements int)
	Done()
}

// startProgress sums the sizes of the input files for Config.Progress.
func (r *runner) startProgress(lists ...[]string) {
	if r.cfg.Progress == nil {
		return
	}
	var total int64
	for _, l := range lists {
		for _, p := range l {
			if st, err := os.Stat(p); err == nil {
				total += st.Size()
			}
		}
	}
	r.cfg.Progress.Start(total)
}

// advance reports bytes read and statements seen.
func (r *runner) advance(bytes int64, statements int) {
	if r.cfg.Progress != nil && (bytes > 0 || statements > 0) {
		r.cfg.Progress.Advance(bytes, statements)
	}
}

// doneProgress ends the progress report.
func (r *runner) doneProgress() {
	if r.cfg.Progress != nil {
		r.cfg.Progress.Done()
	}
}
