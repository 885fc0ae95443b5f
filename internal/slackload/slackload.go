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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/bot"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
	"github.com/signpost-ahp/signpost/slackbot"
)

// Options set the load.
type Options struct {
	Events    int           // how many app_mention events
	Rate      float64       // events a second
	Questions []string      // asked in turn
	Wait      time.Duration // how long to wait for the last answers
}

// Report is what was measured.
type Report struct {
	Sent, Acked, Rejected, Delivered int
	// Refused counts posts the fake Slack refused as the real one would
	// (invalid blocks and the like); they are not delivered.
	Refused                int
	AckP50, AckP99, AckMax time.Duration
	Elapsed                time.Duration // first event sent to last answer delivered
}

func (r Report) String() string {
	return fmt.Sprintf("events=%d acked=%d rejected=%d delivered=%d slack_refused=%d ack_p50=%s ack_p99=%s ack_max=%s elapsed=%s",
		r.Sent, r.Acked, r.Rejected, r.Delivered, r.Refused, r.AckP50.Round(10*time.Microsecond), r.AckP99.Round(10*time.Microsecond),
		r.AckMax.Round(10*time.Microsecond), r.Elapsed.Round(time.Millisecond))
}

const secret = "load-test-signing-secret"

// Run wires a bot answering from a to a fake Slack and sends it the load.
func Run(ctx context.Context, a *bot.Answerer, opt Options) (Report, error) {
	if opt.Events <= 0 || opt.Rate <= 0 || len(opt.Questions) == 0 {
		return Report{}, fmt.Errorf("load test needs events, a rate and questions")
	}
	if opt.Wait == 0 {
		opt.Wait = 30 * time.Second
	}
	fake := fakeslack.New()
	defer fake.Close()
	api := slack.New("xoxb-load", slack.OptionAPIURL(fake.URL()), slack.OptionRetryConfig(slackbot.RetryConfig()))
	b := slackbot.New(api, a, slackbot.Options{Logger: slog.New(slog.DiscardHandler), Workers: 16})
	if err := b.Start(ctx); err != nil {
		return Report{}, err
	}
	srv := httptest.NewServer(b.Handler(secret, nil))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	var (
		mu   sync.Mutex
		lat  []time.Duration
		rep  = Report{Sent: opt.Events}
		wg   sync.WaitGroup
		tick = time.NewTicker(time.Duration(float64(time.Second) / opt.Rate))
	)
	defer tick.Stop()
	start := time.Now()
	for i := range opt.Events {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return rep, ctx.Err()
		}
		body := mention(i, opt.Questions[i%len(opt.Questions)])
		wg.Go(func() {
			took, status, err := send(ctx, client, srv.URL, body)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				rep.Rejected++
			case status != http.StatusOK:
				rep.Rejected++
			default:
				rep.Acked++
				lat = append(lat, took)
			}
		})
	}
	wg.Wait()
	_, err := fake.WaitFor("chat.postMessage", opt.Events, opt.Wait)
	rep.Elapsed = time.Since(start)
	rep.Refused = len(fake.Rejections())
	rep.Delivered = len(fake.Calls("chat.postMessage")) - rep.Refused
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		rep.AckP50, rep.AckP99, rep.AckMax = lat[n*50/100], lat[min(n-1, n*99/100)], lat[n-1]
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b.Shutdown(shut)
	return rep, err
}

func mention(i int, question string) string {
	ts := fmt.Sprintf("1700000000.%06d", i)
	b, _ := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": "T0LOAD", "api_app_id": "A0LOAD", "event_id": fmt.Sprintf("EvLoad%06d", i),
		"event_time": time.Now().Unix(),
		"event":      map[string]any{"type": "app_mention", "user": "U0ASKER", "text": "<@U0BOT> " + question, "ts": ts, "channel": "C0LOAD", "event_ts": ts},
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
