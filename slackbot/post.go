package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// metadataType marks Signpost's messages so a retry can tell whether an
// earlier attempt was posted after all.
const metadataType = "signpost_reply"

// poster posts messages without posting twice. A chat.postMessage that
// fails with a rate limit, a server error or a broken connection may still
// have been posted, so before trying again it looks in the thread or
// channel for a message carrying the same key.
type poster struct {
	api     API
	metrics *Metrics
	log     *slog.Logger
	// backoff is the first wait after a server or connection error; it
	// doubles, up to maxBackoff.
	backoff time.Duration
	// retryFor is how long a post is retried while Slack is rate limiting
	// or failing: an answer is still worth having minutes later. Zero means
	// retryBudget.
	retryFor time.Duration
	// attempts, when set, caps the tries however long they take (tests).
	attempts int
	// gates hold each rate-limited channel's posts until Slack's
	// Retry-After is over.
	gates *channelGates
}

// channelGates are the times until which channels are rate limited.
type channelGates struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// hold marks a channel rate limited for d from now.
func (g *channelGates) hold(channel string, d time.Duration) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.until == nil {
		g.until = map[string]time.Time{}
	}
	if t := time.Now().Add(d); t.After(g.until[channel]) {
		g.until[channel] = t
	}
	for c, t := range g.until { // forget channels long free
		if time.Since(t) > time.Minute {
			delete(g.until, c)
		}
	}
}

// wait is how long a post to channel must wait, 0 for none.
func (g *channelGates) wait(channel string) time.Duration {
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return max(0, time.Until(g.until[channel]))
}

const (
	retryBudget = 3 * time.Minute
	maxBackoff  = 30 * time.Second
)

// errUncertain marks a post that failed in a way that may still have
// posted it, when Slack could not then be asked whether it had. Posting
// again could post twice.
var errUncertain = errors.New("the answer may have been posted, and Slack could not be asked whether it was")

func (p poster) post(ctx context.Context, channel, thread string, m Message, key string) error {
	opts := []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metadataType, EventPayload: map[string]any{"key": key}}),
	}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	backoff, budget := p.backoff, p.retryFor
	if backoff == 0 {
		backoff = 500 * time.Millisecond
	}
	if budget == 0 {
		budget = retryBudget
	}
	start := time.Now()
	// Look only at messages from around when the first attempt was made:
	// in a long thread the first page of replies would not reach them.
	since := start.Add(-checkSkew)
	for attempt := 1; ; attempt++ {
		// Slack limits posts per channel: while one channel is over its
		// limit, its other posts wait out the same Retry-After, and other
		// channels go on.
		if wait := p.gates.wait(channel); wait > 0 {
			if err := sleep(ctx, wait); err != nil {
				return err
			}
		}
		_, _, err := p.api.PostMessageContext(ctx, channel, opts...)
		if err == nil {
			return nil
		}
		p.metrics.apiError("chat.postMessage")
		wait, retry := retryable(err, backoff)
		if !retry {
			return err
		}
		var limited *slack.RateLimitedError
		if errors.As(err, &limited) {
			p.gates.hold(channel, wait)
		}
		last := p.attempts > 0 && attempt >= p.attempts || time.Since(start)+wait > budget
		if !last {
			p.log.Warn("posting failed; will check and retry", "attempt", attempt, "wait", wait, "err", err)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		backoff = min(2*backoff, maxBackoff)
		// A rate-limited post was refused before Slack did anything; any
		// other failure may have posted after all, so look before trying
		// again (or giving up).
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			seen, cerr := p.posted(ctx, channel, thread, key, since, backoff)
			if cerr != nil {
				return fmt.Errorf("%w: posting: %w; checking: %w", errUncertain, err, cerr)
			}
			if seen {
				return nil
			}
		}
		if last {
			return err
		}
	}
}

// sleep waits d, or until ctx ends. A worker waiting here gives back its
// slot first (releaseWorker).
func sleep(ctx context.Context, d time.Duration) error {
	releaseWorker(ctx)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryable says whether an error may be worth retrying, and after how long.
func retryable(err error, backoff time.Duration) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, time.Second), true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code >= 500 {
		return backoff, true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return backoff, true
	}
	return 0, false
}

const (
	// checkAttempts is how often posted asks Slack before saying it cannot tell.
	checkAttempts = 3
	// checkSkew allows for this machine's clock being ahead of Slack's.
	checkSkew = time.Minute
	// checkLimit is how many messages posted reads: Slack's limit for the
	// history methods of apps not in its Marketplace is 15 a call.
	checkLimit = 15
)

// posted looks for a message with this key among the thread's replies or
// the channel's latest messages. When Slack cannot be asked it tries
// again, then reports the error: "not found" would be a guess, and a wrong
// guess posts the answer twice.
func (p poster) posted(ctx context.Context, channel, thread, key string, since time.Time, backoff time.Duration) (bool, error) {
	var err error
	oldest := fmt.Sprintf("%d.%06d", since.Unix(), since.Nanosecond()/1000)
	for attempt := 1; attempt <= checkAttempts; attempt++ {
		var msgs []slack.Message
		if msgs, err = p.recent(ctx, channel, thread, oldest); err == nil {
			for _, m := range msgs {
				if m.Metadata.EventType == metadataType && m.Metadata.EventPayload["key"] == key {
					return true, nil
				}
			}
			return false, nil
		}
		if attempt == checkAttempts {
			break
		}
		wait, _ := retryable(err, backoff)
		if err := sleep(ctx, max(wait, backoff)); err != nil {
			return false, err
		}
		backoff *= 2
	}
	return false, err
}

func (p poster) recent(ctx context.Context, channel, thread, oldest string) ([]slack.Message, error) {
	if thread != "" {
		ms, _, _, err := p.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: thread, Oldest: oldest, Limit: checkLimit, IncludeAllMetadata: true,
		})
		if err != nil {
			p.metrics.apiError("conversations.replies")
		}
		return ms, err
	}
	resp, err := p.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channel, Oldest: oldest, Limit: checkLimit, IncludeAllMetadata: true,
	})
	if err != nil {
		p.metrics.apiError("conversations.history")
		return nil, err
	}
	return resp.Messages, nil
}

// dest is where a reply goes, and who asked.
type dest struct {
	channel string
	thread  string // thread_ts to reply in, "" for none
	user    string // who asked: a private copy goes to them if posting fails
	key     string // idempotency key for posting
}

// slackError is Slack's error code in err ("invalid_blocks",
// "not_in_channel"), or "".
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// notMember reports whether err says Signpost cannot post in the
// conversation at all: no fallback there can help.
func notMember(err error) bool {
	switch slackError(err) {
	case "not_in_channel", "channel_not_found", "is_archived", "cannot_dm_bot", "restricted_action":
		return true
	}
	return false
}

// publish posts messages in a conversation. A message Slack refuses for
// any reason but membership is posted again as plain text, without blocks.
// It returns how many messages were posted, and errUncertain (wrapped)
// when the next may or may not have been, or else the error that stopped it.
func (b *Bot) publish(ctx context.Context, d dest, msgs []Message) (int, error) {
	for i, m := range msgs {
		key := fmt.Sprintf("%s#%d", d.key, i)
		err := b.posting.post(ctx, d.channel, d.thread, m, key)
		switch {
		case err == nil:
			continue
		case ctx.Err() != nil || errors.Is(err, errUncertain) || notMember(err):
			return i, err
		case !refusal(err):
			// Not Slack's answer (a response that could not be read,
			// say): the message may be there, so plain text could double it.
			return i, fmt.Errorf("%w: %w", errUncertain, err)
		}
		b.log.Warn("Slack refused a message; posting it as plain text", "channel", d.channel, "err", err)
		b.metrics.fallback("plain_text")
		if err := b.posting.post(ctx, d.channel, d.thread, Message{Text: textOnly(m)}, key+":text"); err != nil {
			return i, err
		}
	}
	return len(msgs), nil
}

// refusal reports whether err is Slack's own answer that it did not post:
// an error it named, a rate limit, or a server error it was asked about
// afterwards (post looks before giving up on those).
func refusal(err error) bool {
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	return errors.As(err, &se) || errors.As(err, &rl) || errors.As(err, &sc)
}

// send posts a reply so that the person always hears back. What cannot be
// posted in the conversation, even as plain text, goes to the person
// privately; what may have been posted already goes privately too, since
// posting it again could post it twice. Only what was not posted is sent
// again. It reports whether the reply reached the person one way or the
// other.
func (b *Bot) send(ctx context.Context, d dest, msgs []Message) bool {
	n, err := b.publish(ctx, d, msgs)
	if err == nil {
		return true
	}
	if ctx.Err() != nil {
		b.metrics.undeliveredReply()
		b.log.Error("stopped before an answer was posted", "channel", d.channel, "err", err)
		return false
	}
	intro := "I couldn't post my answer here"
	if code := slackError(err); code != "" {
		intro += " (Slack said `" + escape(code) + "`)"
	}
	intro += ", so here it is just for you:"
	if errors.Is(err, errUncertain) {
		intro = "Slack had trouble just now, so in case my answer didn't appear, here it is just for you:"
	}
	b.log.Warn("answer not posted in the conversation; sending it privately", "channel", d.channel, "err", err)
	if b.privately(ctx, d, intro, msgs[n:]) {
		return true
	}
	b.metrics.undeliveredReply()
	b.log.Error("could not deliver an answer", "channel", d.channel, "err", err)
	return false
}

// privately sends a reply, as text, to the person who asked: visible only
// to them in the conversation, or, when Slack will not do that, in their
// direct messages with Signpost, which also keep it for later (Slack shows
// an ephemeral message only to someone active at the time).
func (b *Bot) privately(ctx context.Context, d dest, intro string, msgs []Message) bool {
	if d.user == "" {
		return false
	}
	parts := []string{intro}
	for _, m := range msgs {
		parts = append(parts, textOnly(m))
	}
	text := truncate(strings.Join(parts, "\n\n"), maxMessageText)
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if d.thread != "" {
		opts = append(opts, slack.MsgOptionTS(d.thread))
	}
	_, err := b.api.PostEphemeralContext(ctx, d.channel, d.user, opts...)
	if err == nil {
		b.metrics.fallback("ephemeral")
		return true
	}
	b.metrics.apiError("chat.postEphemeral")
	b.log.Warn("could not send a private copy in the conversation; trying a direct message", "err", err)
	// chat.postMessage to a user id posts in the app's DM with them.
	if _, _, err := b.api.PostMessageContext(ctx, d.user, slack.MsgOptionText(text, false)); err != nil {
		b.metrics.apiError("chat.postMessage")
		b.log.Warn("could not send a private copy by direct message", "err", err)
		return false
	}
	b.metrics.fallback("direct_message")
	return true
}

// responseError is a response_url post Slack did not take.
type responseError struct {
	status int
	code   string // Slack's error code, when it gave one
}

func (e *responseError) Error() string {
	if e.code != "" {
		return fmt.Sprintf("response_url: HTTP %d: %s", e.status, e.code)
	}
	return fmt.Sprintf("response_url: HTTP %d", e.status)
}

// refused reports whether Slack refused the message itself (rather than
// the URL, which may have expired or been used up).
func (e *responseError) refused() bool {
	switch e.code {
	case "invalid_blocks", "invalid_blocks_format", "no_text", "msg_too_long", "invalid_payload":
		return true
	}
	return e.status == http.StatusBadRequest && e.code == ""
}

// postResponse posts to a response_url. slack-go's webhook helper looks
// only at the HTTP status; Slack can also answer 200 with an error in the
// body, and a message it refused must not be counted as delivered.
func postResponse(ctx context.Context, client *http.Client, url string, msg *slack.WebhookMessage) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("encoding a reply: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	text := strings.TrimSpace(string(raw))
	var j struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	isJSON := json.Unmarshal(raw, &j) == nil
	switch {
	case resp.StatusCode == http.StatusOK && (text == "" || text == "ok" || isJSON && j.OK):
		return nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return &slack.RateLimitedError{RetryAfter: time.Second}
	case isJSON:
		return &responseError{status: resp.StatusCode, code: j.Error}
	case len(text) < 64 && !strings.ContainsAny(text, " <"):
		return &responseError{status: resp.StatusCode, code: text}
	}
	return &responseError{status: resp.StatusCode}
}
