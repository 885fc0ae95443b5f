package slackbot

import (
	"context"
	"errors"
	"log/slog"
	"net"
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
		if !retry || attempt >= attempts {
			return err
		}
		p.log.Warn("posting failed; will check and retry", "attempt", attempt, "wait", wait, "err", err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
		backoff *= 2
		if p.posted(ctx, channel, thread, key) {
			return nil
		}
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

// posted looks for a message with this key among the thread's replies or
// the channel's latest messages.
func (p poster) posted(ctx context.Context, channel, thread, key string) bool {
	var msgs []slack.Message
	if thread != "" {
		ms, _, _, err := p.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: thread, Limit: 50, IncludeAllMetadata: true,
		})
		if err != nil {
			p.metrics.apiError("conversations.replies")
			return false
		}
		msgs = ms
	} else {
		resp, err := p.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: channel, Limit: 20, IncludeAllMetadata: true,
		})
		if err != nil {
			p.metrics.apiError("conversations.history")
			return false
		}
		msgs = resp.Messages
	}
	for _, m := range msgs {
		if m.Metadata.EventType == metadataType && m.Metadata.EventPayload["key"] == key {
			return true
		}
	}
	return false
}
