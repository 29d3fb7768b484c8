package lint_test

import (
	"strings"
	"testing"

	"github.com/collint/collint/lint"
)

// Query logs and MyBatis mappers are linted with positions in the original
// file; identical statements in a log are analysed once and counted.
func TestLogAndMapperInputs(t *testing.T) {
	rep, err := lint.Run(lint.Config{
		Schemas: []string{"../fixtures/seed/schema.sql"},
		Queries: []string{"testdata/seed-slow.log", "testdata/seed-mapper.xml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.File, "testdata/") {
			got = append(got, f.Rule+"@"+f.File[len("testdata/"):]+":"+itoa3(f.Line)+":"+itoa3(f.Column)+"x"+itoa3(f.Occurrences))
		}
	}
	// columns checked by hand against the files
	want := []string{
		"CL202@seed-mapper.xml:5:42x0",
		"CL301@seed-mapper.xml:5:42x0",
		"CL101@seed-mapper.xml:8:29x0",
		"CL101@seed-slow.log:9:38x2",
		"CL202@seed-slow.log:20:18x1",
		"CL301@seed-slow.log:20:18x1",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings\n%v\nwant\n%v", got, want)
	}
}

func itoa3(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	if s == "" {
		return "0"
	}
	return s
}
