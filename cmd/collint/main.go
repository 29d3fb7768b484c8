// Command collint finds MySQL comparisons whose two sides disagree in
// collation, character set or type, writes the migrations that make them
// agree, and proves them on a real server.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// exitError carries an exit status through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	// Parsing allocates heavily and lint memory is bounded by the largest
	// input file: trade heap for fewer collections unless the user chose.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 success,
// 1 findings at or above --fail-on, 2 usage errors or unreadable input.
func run(args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "collint",
		Short:         "Find MySQL comparisons that disagree in collation, charset or type",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(lintCmd(), baselineCmd(), migrateCmd(), rulesCmd(), explainCmd(), sandboxCmd())
	root.AddCommand(schemaCmd())
	root.AddCommand(verifyCmd())
	root.AddCommand(auditCmd())
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "collint:", err)
		return 2
	}
}
