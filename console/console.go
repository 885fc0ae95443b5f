// Package console is Signpost's terminal transport: a conversation, a
// line in and a reply out, rendering the same answer.Reply that Slack shows.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/plaintext"
)

// Run holds the conversation until quit or the end of input. The greeting
// and prompt show only when interactive (a terminal), so that piped
// transcripts stay clean.
func Run(ctx context.Context, a *answer.Answerer, in io.Reader, out io.Writer, interactive bool) error {
	w := bufio.NewWriter(out)
	defer w.Flush()
	if interactive {
		fmt.Fprintf(w, "Signpost: ask about social prescribing (help for ideas, quit to leave).\n\n")
	}
	var conv *answer.Context
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if interactive {
			fmt.Fprint(w, "> ")
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		switch strings.ToLower(line) {
		case "":
			continue
		case "quit", "exit", "bye", "q":
			return nil
		}
		// One session is one conversation: follow-ups keep its context.
		r, next, err := a.Continue(ctx, conv, answer.ParseCommand(line))
		conv = next
		if err != nil {
			fmt.Fprintf(w, "Sorry, something went wrong: %v\n\n", err)
			continue
		}
		// Knowledge text may carry terminal escapes: strip them.
		fmt.Fprintf(w, "%s\n\n", plaintext.Safe(plaintext.Render(r)))
		if ctx.Err() != nil {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	return nil
}
