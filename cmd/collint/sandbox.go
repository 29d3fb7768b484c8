package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/collint/collint/migrate/sandbox"
)

func sandboxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Manage the throwaway servers collint starts in Docker",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "prune",
		Short: "Remove every container collint started (labelled collint.sandbox=1), including --keep ones",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), 2*time.Minute)
			defer cancel()
			removed, err := sandbox.Prune(ctx)
			for _, id := range removed {
				fmt.Println("removed", id)
			}
			if err != nil {
				return err
			}
			if len(removed) == 0 {
				fmt.Println("no collint containers")
			}
			return nil
		},
	})
	return cmd
}
