package lint

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// Baseline is a recorded set of accepted findings: CI fails only on new
// ones. Findings are matched by rule, file and message (not line, so that
// edits above a finding do not revive it), with multiplicity.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding and how many times it occurs.
type BaselineEntry struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Message string `json:"message"`
	Count   int    `json:"count"`
}

type baselineKey struct{ rule, file, message string }

// NewBaseline records the report's findings.
func NewBaseline(rep *Report) *Baseline {
	counts := map[baselineKey]int{}
	for _, f := range rep.Findings {
		counts[baselineKey{f.Rule, f.File, f.Message}]++
	}
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	for k, n := range counts {
		b.Findings = append(b.Findings, BaselineEntry{k.rule, k.file, k.message, n})
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return x.Message < y.Message
	})
	return b
}

// Write saves the baseline as indented JSON.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("%s: baseline version %d not supported", path, b.Version)
	}
	return &b, nil
}

// Filter removes the findings the baseline accepts and returns how many
// were removed.
func (b *Baseline) Filter(rep *Report) int {
	left := map[baselineKey]int{}
	for _, e := range b.Findings {
		left[baselineKey{e.Rule, e.File, e.Message}] += e.Count
	}
	kept := rep.Findings[:0]
	removed := 0
	for _, f := range rep.Findings {
		k := baselineKey{f.Rule, f.File, f.Message}
		if left[k] > 0 {
			left[k]--
			removed++
			continue
		}
		kept = append(kept, f)
	}
	rep.Findings = kept
	return removed
}
