package cli

import (
	"flag"
	"fmt"
	"io"

	"github.com/sfbench/sfbench/problems/data"
)

var dataCmd = command{
	name: "data", summary: "data export DIR: write the data sets embedded in the binary (with their provenance, README.md) into DIR",
	args: "export DIR", want: "export and a folder to write the data sets into", min: 2, max: 2,
	flags: func(*flag.FlagSet) action {
		return func(stdout, _ io.Writer, args []string) error {
			if args[0] != "export" {
				return fmt.Errorf("data: unknown subcommand %q (want: data export DIR)", args[0])
			}
			if err := data.Export(args[1]); err != nil {
				return fmt.Errorf("data export: %w", err)
			}
			fmt.Fprintf(stdout, "data export: wrote the shipped data sets into %s (use them with SFBENCH_DATA=%s)\n", args[1], args[1])
			return nil
		}
	},
}
