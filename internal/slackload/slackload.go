// Package slackload measures the Slack transport under load: it sends
// signed app_mention events at a steady rate over loopback HTTP to a bot
// wired to a fake Slack, and reports how fast each was acknowledged and
// how many answers were delivered.
package slackload

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	bolt "go.etcd.io/bbolt"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/slackbot"
	"github.com/signpost-ahp/signpost/store"
)

// Options set the load.
type Options struct {
	Events    int           // how many app_mention events
	Rate      float64       // events a second
	Questions []string      // asked in turn
	Wait      time.Duration // how long to wait for the last answers
	Channels  int           // spread over this many channels; 1 when zero
	// Faults, when set, make the fake Slack fail posts at random.
	Faults *fakeslack.Faults
	// RestartAt, when set, stops the bot (SIGTERM's way, with Grace to
	// finish) that far into the run and starts another on the same store.
	RestartAt time.Duration
	Grace     time.Duration
	// StoreDir is where the bots keep their store; a temporary directory
	// when empty.
	StoreDir string
	// HoldStore, when set, has another process's lock on the store file
	// (as a long report's) from HoldStoreAt into the run for this long.
	HoldStore, HoldStoreAt time.Duration
}

// Report is what was measured.
type Report struct {
	Sent, Acked, Rejected int
	// Answered counts events with an answer Slack kept, in the channel or
	// privately; Lost those with none; Duplicates those answered twice.
	Answered, Lost, Duplicates int
	// Refused counts posts the fake Slack refused as the real one would
	// (invalid blocks and the like).
	Refused int
	// Resumed counts questions the second bot took up from the journal;
	// Private the answers sent privately because posting failed.
	Resumed, Private       int
	AckP50, AckP99, AckMax time.Duration
	Elapsed                time.Duration // first event sent to last answer delivered
}

func (r Report) String() string {
	return fmt.Sprintf("events=%d acked=%d rejected=%d answered=%d lost=%d duplicates=%d private=%d slack_refused=%d resumed=%d ack_p50=%s ack_p99=%s ack_max=%s elapsed=%s",
		r.Sent, r.Acked, r.Rejected, r.Answered, r.Lost, r.Duplicates, r.Private, r.Refused, r.Resumed, r.AckP50.Round(10*time.Microsecond),
		r.AckP99.Round(10*time.Microsecond), r.AckMax.Round(10*time.Microsecond), r.Elapsed.Round(time.Millisecond))
}

const secret = "load-test-signing-secret"

// Run wires a bot answering from a to a fake Slack and sends it the load.
func Run(ctx context.Context, a *answer.Answerer, opt Options) (Report, error) {
	if opt.Events <= 0 || opt.Rate <= 0 || len(opt.Questions) == 0 {
		return Report{}, fmt.Errorf("load test needs events, a rate and questions")
	}
	opt = opt.withDefaults()
	if opt.StoreDir == "" {
		dir, err := os.MkdirTemp("", "signpost-load-")
		if err != nil {
			return Report{}, err
		}
		defer os.RemoveAll(dir)
		opt.StoreDir = dir
	}
	st, err := store.Open(opt.StoreDir)
	if err != nil {
		return Report{}, err
	}
	fake := fakeslack.New()
	defer fake.Close()
	if opt.Faults != nil {
		fake.SetFaults(*opt.Faults)
	}
	h := &harness{opt: opt, a: a, st: st, fake: fake, rep: Report{Sent: opt.Events}}
	b, err := h.newBot(ctx)
	if err != nil {
		return Report{}, err
	}
	h.b, h.current = b, b.Handler(secret, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	tick := time.NewTicker(time.Duration(float64(time.Second) / opt.Rate))
	defer tick.Stop()
	start := time.Now()
	if opt.HoldStore > 0 {
		go holdStore(ctx, filepath.Join(opt.StoreDir, "signpost.db"), opt.HoldStoreAt, opt.HoldStore)
	}
	restarted := make(chan error, 1)
	if opt.RestartAt > 0 {
		go func() { restarted <- h.restartAfter(ctx) }()
	} else {
		restarted <- nil
	}
	if err := h.sendAll(ctx, tick, client, srv.URL); err != nil {
		return h.rep, err
	}
	if err := <-restarted; err != nil {
		return h.rep, err
	}
	h.tally(start)
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h.mu.Lock()
	last := h.b
	h.mu.Unlock()
	last.Shutdown(shut)
	if h.rep.Lost > 0 {
		return h.rep, fmt.Errorf("%d of %d events were not answered within %v", h.rep.Lost, opt.Events, opt.Wait)
	}
	return h.rep, nil
}

// withDefaults fills in the options left at zero.
func (opt Options) withDefaults() Options {
	if opt.Wait == 0 {
		opt.Wait = 30 * time.Second
	}
	if opt.Channels <= 0 {
		opt.Channels = 1
	}
	if opt.Grace == 0 {
		opt.Grace = 20 * time.Second
	}
	return opt
}

// harness is one load run: the fake Slack and store the bots share, the
// bot that is current (another after a restart), and what is measured.
type harness struct {
	opt  Options
	a    *answer.Answerer
	st   *store.Store
	fake *fakeslack.Fake

	// The listener stays up across the restart, as a load balancer's
	// would; requests go to whichever bot is current. A restart takes the
	// write lock: like serve's http.Server.Shutdown, it waits for requests
	// being handled to finish before the bot stops, and requests that
	// come meanwhile wait for the new bot, as they would in a queue.
	swap    sync.RWMutex
	current http.Handler

	mu  sync.Mutex // guards b, rep and lat while events are sent
	b   *slackbot.Bot
	rep Report
	lat []time.Duration
}

// newBot starts a bot on the shared store, posting to the fake Slack.
func (h *harness) newBot(ctx context.Context) (*slackbot.Bot, error) {
	api := slack.New("xoxb-load", slack.OptionAPIURL(h.fake.URL()), slack.OptionRetryConfig(slackbot.RetryConfig()))
	// The load is the transport's, not a person's: each event comes
	// from a different person, and the channels' budgets are opened up
	// so that what is measured is delivery, not the flood policy
	// (slackbot's TestBudgets covers that).
	open := slackbot.Rate{Burst: 1 << 20, Every: time.Microsecond}
	b := slackbot.New(api, h.a, slackbot.Options{Logger: slog.New(slog.DiscardHandler), Workers: 16, Store: h.st, PerUser: open, PerChannel: open})
	return b, b.Start(ctx)
}

// ServeHTTP hands a request to the current bot.
func (h *harness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.swap.RLock()
	defer h.swap.RUnlock()
	h.current.ServeHTTP(w, r)
}

// restartAfter stops the bot opt.RestartAt into the run, as SIGTERM does,
// starts another on the same store and has it resume what the first left
// journalled.
func (h *harness) restartAfter(ctx context.Context) error {
	select {
	case <-time.After(h.opt.RestartAt):
	case <-ctx.Done():
		return ctx.Err()
	}
	nb, err := h.swapBot(ctx)
	if err != nil {
		return err
	}
	n, _, err := nb.Resume(ctx)
	h.mu.Lock()
	h.rep.Resumed = n
	h.b = nb
	h.mu.Unlock()
	return err
}

// swapBot shuts the current bot down and puts a new one in its place,
// holding requests back meanwhile.
func (h *harness) swapBot(ctx context.Context) (*slackbot.Bot, error) {
	h.swap.Lock()
	defer h.swap.Unlock()
	shut, cancel := context.WithTimeout(context.Background(), h.opt.Grace)
	h.b.Shutdown(shut) // SIGTERM: what is left stays journalled
	cancel()
	nb, err := h.newBot(ctx)
	if err != nil {
		return nil, err
	}
	h.current = nb.Handler(secret, nil)
	return nb, nil
}

// sendAll sends the events, one a tick, each from its own goroutine, and
// waits for them all to be acknowledged or rejected.
func (h *harness) sendAll(ctx context.Context, tick *time.Ticker, client *http.Client, url string) error {
	var wg sync.WaitGroup
	for i := range h.opt.Events {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
		body := mention(i, fmt.Sprintf("C0LOAD%02d", i%h.opt.Channels), h.opt.Questions[i%len(h.opt.Questions)])
		wg.Go(func() {
			took, status, err := send(ctx, client, url, body)
			h.mu.Lock()
			defer h.mu.Unlock()
			switch {
			case err != nil:
				h.rep.Rejected++
			case status != http.StatusOK:
				h.rep.Rejected++
			default:
				h.rep.Acked++
				h.lat = append(h.lat, took)
			}
		})
	}
	wg.Wait()
	return nil
}

// tally fills in the rest of the report once every event is sent: what
// was answered, lost, refused or sent privately, and how fast events were
// acknowledged.
func (h *harness) tally(start time.Time) {
	rep, lat := &h.rep, h.lat
	// Wait until every event has its answer, or the time is up.
	deadline := time.Now().Add(h.opt.Wait)
	for {
		rep.Answered, rep.Duplicates = answered(h.fake, h.opt.Events)
		if rep.Answered >= h.opt.Events || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	rep.Elapsed = time.Since(start)
	rep.Lost = h.opt.Events - rep.Answered
	rep.Refused = len(h.fake.Rejections())
	rep.Private = len(h.fake.Calls("chat.postEphemeral"))
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		rep.AckP50, rep.AckP99, rep.AckMax = lat[n*50/100], lat[min(n-1, n*99/100)], lat[n-1]
	}
}

// answered counts the events with an answer Slack kept in the channel
// (with blocks or as plain text: each is keyed by the event), and those
// answered more than once.
func answered(fake *fakeslack.Fake, events int) (n, dups int) {
	per := map[string]int{}
	for key, c := range fake.PostedKeys() {
		base, part, _ := strings.Cut(key, "#")
		if !strings.HasPrefix(base, "EvLoad") || !strings.HasPrefix(part, "0") {
			continue
		}
		per[base] += c
	}
	for _, c := range per {
		n++
		if c > 1 {
			dups++
		}
	}
	return min(n, events), dups
}

func mention(i int, channel, question string) string {
	ts := fmt.Sprintf("1700000000.%06d", i)
	b, _ := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": "T0LOAD", "api_app_id": "A0LOAD", "event_id": fmt.Sprintf("EvLoad%06d", i),
		"event_time": time.Now().Unix(),
		"event":      map[string]any{"type": "app_mention", "user": fmt.Sprintf("U0ASK%04d", i%5000), "text": "<@U0BOT> " + question, "ts": ts, "channel": channel, "event_ts": ts},
	})
	return string(b)
}

func send(ctx context.Context, client *http.Client, base, body string) (time.Duration, int, error) {
	stamp := fmt.Sprint(time.Now().Unix())
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/slack/events", strings.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(start), resp.StatusCode, nil
}

// holdStore takes the store file's lock, as bbolt does for another
// process (a report, a backup), from after into the run for hold.
func holdStore(ctx context.Context, path string, after, hold time.Duration) {
	select {
	case <-time.After(after):
	case <-ctx.Done():
		return
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 10 * time.Second})
	if err != nil {
		return
	}
	defer db.Close()
	select {
	case <-time.After(hold):
	case <-ctx.Done():
	}
}
