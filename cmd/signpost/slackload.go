package main

import (
	"context"
	"fmt"
	"time"

	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/internal/slackload"
)

// loadQuestions mix answers, services and abstentions, as a channel would.
var loadQuestions = []string{
	"what's a village agent?", "how do I refer to a link worker?", "debt advice", "what did the AHP survey find?",
	"befriending in Harrogate", "tell me a joke", "what is social prescribing", "define PCN",
}

func runSlackLoad(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "slack-load", "[--events N] [--rate PER_SECOND] [--channels N] [--faults [--hold-store DURATION]] [--restart-at DURATION] [--knowledge DIR]\n\nSends signed app_mention events over loopback HTTP to Signpost wired to a fake\nSlack, and reports acknowledgement latency, answers delivered, lost and doubled.")
	events := fs.Int("events", 1000, "the `count` of events to send")
	rate := fs.Float64("rate", 100, "events a second")
	channels := fs.Int("channels", 1, "spread the events over this many channels")
	faults := fs.Bool("faults", false, "make the fake Slack answer 10% of posts 429 (Retry-After 1 s), 5% 500, and 2% 500 after posting")
	restartAt := fs.Duration("restart-at", 0, "stop Signpost this far into the run (as SIGTERM does) and start it again on the same store")
	holdStore := fs.Duration("hold-store", 0, "with --faults, hold the store's lock (as a long report does) for this long, from 2 s into the run")
	grace := fs.Duration("grace", 2*time.Second, "with --restart-at, how long the stopping Signpost may finish answers in flight")
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
	opt := slackload.Options{Events: *events, Rate: *rate, Questions: loadQuestions, Channels: *channels,
		RestartAt: *restartAt, Grace: *grace, Wait: 5 * time.Minute}
	if *faults {
		opt.Faults = &fakeslack.Faults{RateLimited: 0.10, RetryAfter: time.Second, ServerError: 0.05, AfterPost: 0.02, Seed: 1}
		opt.HoldStore, opt.HoldStoreAt = *holdStore, 2*time.Second
	}
	rep, err := slackload.Run(ctx, a, opt)
	fmt.Fprintln(e.stdout, rep)
	if err != nil {
		return exitError{code: 1, msg: "signpost slack-load: " + err.Error()}
	}
	if rep.Lost > 0 || rep.Duplicates > 0 || rep.Acked != rep.Sent {
		return exitError{code: 1, msg: "signpost slack-load: events were lost or answered twice"}
	}
	return nil
}
