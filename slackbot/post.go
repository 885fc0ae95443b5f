package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
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
	// backoff is the first wait after a server or connection error; it doubles.
	backoff  time.Duration
	attempts int
}

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
	backoff, attempts := p.backoff, p.attempts
	if backoff == 0 {
		backoff = 500 * time.Millisecond
	}
	if attempts == 0 {
		attempts = 4
	}
	for attempt := 1; ; attempt++ {
		_, _, err := p.api.PostMessageContext(ctx, channel, opts...)
		if err == nil {
			return nil
		}
		p.metrics.apiError("chat.postMessage")
		wait, retry := retryable(err, backoff)
		if !retry {
			return err
		}
		if attempt < attempts {
			p.log.Warn("posting failed; will check and retry", "attempt", attempt, "wait", wait, "err", err)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		backoff *= 2
		// A rate-limited post was refused before Slack did anything; any
		// other failure may have posted after all, so look before trying
		// again (or giving up).
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			seen, cerr := p.posted(ctx, channel, thread, key, backoff)
			if cerr != nil {
				return fmt.Errorf("%w: posting: %w; checking: %w", errUncertain, err, cerr)
			}
			if seen {
				return nil
			}
		}
		if attempt >= attempts {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
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

// checkAttempts is how often posted asks Slack before saying it cannot tell.
const checkAttempts = 3

// posted looks for a message with this key among the thread's replies or
// the channel's latest messages. When Slack cannot be asked it tries
// again, then reports the error: "not found" would be a guess, and a wrong
// guess posts the answer twice.
func (p poster) posted(ctx context.Context, channel, thread, key string, backoff time.Duration) (bool, error) {
	var err error
	for attempt := 1; attempt <= checkAttempts; attempt++ {
		var msgs []slack.Message
		if msgs, err = p.recent(ctx, channel, thread); err == nil {
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

func (p poster) recent(ctx context.Context, channel, thread string) ([]slack.Message, error) {
	if thread != "" {
		ms, _, _, err := p.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: thread, Limit: 50, IncludeAllMetadata: true,
		})
		if err != nil {
			p.metrics.apiError("conversations.replies")
		}
		return ms, err
	}
	resp, err := p.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channel, Limit: 20, IncludeAllMetadata: true,
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
// It returns errUncertain (wrapped) when a message may or may not have
// been posted, and otherwise the error that stopped it.
func (b *Bot) publish(ctx context.Context, d dest, msgs []Message) error {
	for i, m := range msgs {
		key := fmt.Sprintf("%s#%d", d.key, i)
		err := b.posting.post(ctx, d.channel, d.thread, m, key)
		if err == nil || ctx.Err() != nil || errors.Is(err, errUncertain) || notMember(err) {
			if err != nil {
				return err
			}
			continue
		}
		b.log.Warn("Slack refused a message; posting it as plain text", "channel", d.channel, "err", err)
		b.metrics.fallback("plain_text")
		if err := b.posting.post(ctx, d.channel, d.thread, Message{Text: textOnly(m)}, key+":text"); err != nil {
			return err
		}
	}
	return nil
}

// send posts a reply so that the person always hears back. What cannot be
// posted in the conversation, even as plain text, goes to the person
// privately; what may have been posted already goes privately too, since
// posting it again could post it twice. It reports whether the reply
// reached the person one way or the other.
func (b *Bot) send(ctx context.Context, d dest, msgs []Message) bool {
	err := b.publish(ctx, d, msgs)
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
	if b.privately(ctx, d, intro, msgs) {
		b.metrics.fallback("ephemeral")
		return true
	}
	b.metrics.undeliveredReply()
	b.log.Error("could not deliver an answer", "channel", d.channel, "err", err)
	return false
}

// privately sends a reply, as text, to the person who asked, visible only
// to them.
func (b *Bot) privately(ctx context.Context, d dest, intro string, msgs []Message) bool {
	if d.user == "" {
		return false
	}
	parts := []string{intro}
	for _, m := range msgs {
		parts = append(parts, textOnly(m))
	}
	opts := []slack.MsgOption{slack.MsgOptionText(truncate(strings.Join(parts, "\n\n"), maxMessageText), false)}
	if d.thread != "" {
		opts = append(opts, slack.MsgOptionTS(d.thread))
	}
	if _, err := b.api.PostEphemeralContext(ctx, d.channel, d.user, opts...); err != nil {
		b.metrics.apiError("chat.postEphemeral")
		b.log.Warn("could not send a private copy", "err", err)
		return false
	}
	return true
}
