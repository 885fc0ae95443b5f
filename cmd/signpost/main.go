// Signpost answers questions about social prescribing for Allied Health
// Professionals in England, in Slack and in the terminal.
//
// Usage:
//
//	signpost console  [--knowledge DIR]                 chat in the terminal
//	signpost ask      [--knowledge DIR] [--json] [Q]    answer Q, or each line of stdin
//	signpost validate [DIR]                             check a knowledge directory
//	signpost eval     --knowledge DIR CASES.yaml        score answers against cases
//	signpost serve    [--config FILE] [--knowledge DIR] run the Slack bot
//
// Run `signpost COMMAND --help` for a command's options. Without
// --knowledge, Signpost uses the knowledge built into the binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			if ex.msg != "" {
				fmt.Fprintln(os.Stderr, ex.msg)
			}
			os.Exit(ex.code)
		}
		fmt.Fprintln(os.Stderr, "signpost:", err)
		os.Exit(1)
	}
}
