package slackbot

import (
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// RetryConfig is how Signpost's Slack client retries Web API calls: after
// a 429 it waits for Retry-After, and after a 5xx or a broken connection it
// backs off, at most three times. chat.postMessage is left to poster, which
// checks whether a failed post went through before trying again: retrying
// it blindly can post an answer twice.
func RetryConfig() slack.RetryConfig {
	cfg := slack.DefaultRetryConfig()
	cfg.MaxRetries = 3
	cfg.RetryAfterDuration = 5 * time.Second
	cfg.BackoffInitial = 250 * time.Millisecond
	cfg.BackoffMax = 5 * time.Second
	var handlers []slack.RetryHandler
	for _, h := range slack.AllBuiltinRetryHandlers(cfg) {
		handlers = append(handlers, notForPosts{h})
	}
	cfg.Handlers = append(handlers, notForPosts{slack.NewServerErrorRetryHandler(cfg)})
	return cfg
}

type notForPosts struct{ slack.RetryHandler }

func (h notForPosts) ShouldRetry(state *slack.RetryState, req *http.Request, resp *http.Response, err error) (bool, time.Duration) {
	if req != nil && strings.HasSuffix(req.URL.Path, "/chat.postMessage") {
		return false, 0
	}
	return h.RetryHandler.ShouldRetry(state, req, resp, err)
}
