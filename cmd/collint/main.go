// Command collint finds MySQL comparisons whose two sides disagree in
// collation, character set or type, writes the migrations that make them
// agree, and proves them on a real server.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// exitError carries an exit status through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	root := &cobra.Command{
		Use:           "collint",
		Short:         "Find MySQL comparisons that disagree in collation, charset or type",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(lintCmd(), rulesCmd(), explainCmd(), sandboxCmd())
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		os.Exit(ee.code)
	default:
		fmt.Fprintln(os.Stderr, "collint:", err)
		os.Exit(2)
	}
}
