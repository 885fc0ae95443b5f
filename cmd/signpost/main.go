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
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	// The error may quote a file name or a value from knowledge: escaped
	// as everything else printed is.
	stderr := &terminalSafe{w: os.Stderr}
	code := exitCode(err, stderr)
	stderr.flush()
	if code != 0 {
		os.Exit(code)
	}
}

// exitCode says what run's error means for the process: its message on
// stderr and the code to exit with (0 for no error).
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ex exitError
	if errors.As(err, &ex) {
		if ex.msg != "" {
			fmt.Fprintln(stderr, ex.msg)
		}
		return ex.code
	}
	fmt.Fprintln(stderr, "signpost:", err)
	return 1
}
