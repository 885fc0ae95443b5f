package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/signpost-ahp/signpost/bot"
)

func runConsole(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "console", "[--knowledge DIR]")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the built-in knowledge)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	a, err := newAnswerer(ctx, *dir, *indexDir)
	if err != nil {
		return err
	}
	return chat(ctx, a, e.stdin, e.stdout, isTerminal(e.stdin))
}

// chat is the console conversation: a line in, a reply out, until quit or
// end of input. The prompt shows only on a terminal so piped transcripts
// stay clean.
func chat(ctx context.Context, a *bot.Answerer, in io.Reader, out io.Writer, interactive bool) error {
	w := bufio.NewWriter(out)
	defer w.Flush()
	if interactive {
		fmt.Fprintf(w, "Signpost: ask about social prescribing (help for ideas, quit to leave).\n\n")
	}
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
		r, err := a.Do(ctx, bot.ParseCommand(line))
		if err != nil {
			fmt.Fprintf(w, "Sorry, something went wrong: %v\n\n", err)
			continue
		}
		fmt.Fprintf(w, "%s\n\n", bot.TerminalSafe(bot.RenderText(r)))
		if ctx.Err() != nil {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	return nil
}

func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
