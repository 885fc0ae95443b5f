package main

import (
	"context"
	"fmt"

	"github.com/signpost-ahp/signpost/internal/slackload"
)

// loadQuestions mix answers, services and abstentions, as a channel would.
var loadQuestions = []string{
	"what's a village agent?", "how do I refer to a link worker?", "debt advice", "what did the AHP survey find?",
	"befriending in Harrogate", "tell me a joke", "what is social prescribing", "define PCN",
}

func runSlackLoad(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "slack-load", "[--events N] [--rate PER_SECOND] [--knowledge DIR]\n\nSends signed app_mention events over loopback HTTP to Signpost wired to a fake\nSlack, and reports acknowledgement latency and answers delivered.")
	events := fs.Int("events", 1000, "how many events to send")
	rate := fs.Float64("rate", 100, "events a second")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the built-in knowledge)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *events < 1 || *rate <= 0 {
		fs.Usage()
		return exitError{code: 2}
	}
	a, err := newAnswerer(ctx, *dir, *indexDir)
	if err != nil {
		return err
	}
	rep, err := slackload.Run(ctx, a, slackload.Options{Events: *events, Rate: *rate, Questions: loadQuestions})
	fmt.Fprintln(e.stdout, rep)
	if err != nil {
		return err
	}
	if rep.Delivered != rep.Sent || rep.Acked != rep.Sent {
		return exitError{code: 1, msg: "signpost slack-load: events were lost"}
	}
	return nil
}
