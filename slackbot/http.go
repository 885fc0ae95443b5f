package slackbot

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody bounds what Signpost reads from one request; Slack's payloads
// are far smaller.
const maxBody = 1 << 20

// Handler serves Slack's Events API, slash commands and interactivity on
// POST /slack/events (as Slack's Bolt frameworks do), plus GET /healthz and
// GET /metrics. Every Slack request's signature is checked against
// signingSecret before anything else; with an empty secret (Socket Mode)
// /slack/events is not served. ready reports whether the index is loaded.
func (b *Bot) Handler(signingSecret string, ready func() bool) http.Handler {
	mux := http.NewServeMux()
	if signingSecret != "" {
		mux.HandleFunc("POST /slack/events", func(w http.ResponseWriter, r *http.Request) {
			b.serveSlack(w, r, signingSecret)
		})
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if ready != nil && !ready() {
			http.Error(w, "loading knowledge", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok\n")
	})
	mux.Handle("GET /metrics", b.metrics.Handler())
	return mux
}

func (b *Bot) serveSlack(w http.ResponseWriter, r *http.Request, secret string) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	sv, err := slack.NewSecretsVerifier(r.Header, secret)
	if err == nil {
		_, _ = sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		b.metrics.badSignature()
		b.log.Warn("rejected a request with a bad or stale signature", "remote", r.RemoteAddr, "err", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	// A signed request sent again inside the five minutes its timestamp
	// is good for (by anyone who saw it on the way) has an effect once:
	// a replayed form would otherwise save its entry twice. Slack's own
	// retries are signed afresh, and events are answered once by id.
	// The key is the signature decoded: its hex in capitals is the same
	// signature, and verified as one. A form (a command, a button, a
	// saved entry) is remembered in the store too, so a restart does not
	// forget it; events are kept with their answers.
	key := "sig:" + signatureKey(r.Header.Get("X-Slack-Signature"))
	isEvent := strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
	if !b.seen.first(key) {
		b.metrics.duplicate()
		b.log.Warn("ignored a replayed request", "remote", r.RemoteAddr)
		w.WriteHeader(http.StatusOK)
		return
	}
	if !isEvent {
		b.rememberUse(key)
	}
	if isEvent {
		b.serveEvent(w, body)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "unreadable form", http.StatusBadRequest)
		return
	}
	switch {
	case form.Has("payload"):
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
			b.log.Warn("unreadable interaction payload", "err", err)
			w.WriteHeader(http.StatusOK) // signed by Slack: acknowledge so it is not resent
			return
		}
		resp := b.HandleInteraction(cb)
		if resp != nil {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(resp)
			return
		}
		w.WriteHeader(http.StatusOK)
	case form.Has("command"):
		w.WriteHeader(http.StatusOK)
		b.HandleCommand(slashCommand(form))
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (b *Bot) serveEvent(w http.ResponseWriter, body []byte) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
		EventID   string `json:"event_id"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "unreadable event", http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, outer.Challenge)
		return
	}
	// Acknowledge before parsing further: slackevents.ParseEvent fails on
	// inner events it does not know, and a signed event Signpost does not
	// handle should still not be sent again.
	// The 200 goes when this handler returns, once the question is taken
	// up (its work registered, its journal write queued): nothing on the
	// way waits for the store, so that is well inside Slack's 3 seconds.
	w.WriteHeader(http.StatusOK)
	ev, err := slackevents.ParseEvent(json.RawMessage(bytes.Clone(body)), slackevents.OptionNoVerifyToken())
	if err != nil {
		b.log.Debug("ignored an event Signpost does not handle", "err", err)
		return
	}
	b.HandleEvent(ev, outer.EventID)
}

// slashCommand reads a slash command from its form, as
// slack.SlashCommandParse would from a request whose body we have read.
func slashCommand(f url.Values) slack.SlashCommand {
	return slack.SlashCommand{
		Token: f.Get("token"), TeamID: f.Get("team_id"), TeamDomain: f.Get("team_domain"),
		EnterpriseID: f.Get("enterprise_id"), ChannelID: f.Get("channel_id"), ChannelName: f.Get("channel_name"),
		UserID: f.Get("user_id"), UserName: f.Get("user_name"), Command: f.Get("command"), Text: f.Get("text"),
		ResponseURL: f.Get("response_url"), TriggerID: f.Get("trigger_id"), APIAppID: f.Get("api_app_id"),
	}
}

// errBadEnvelope is returned for a Socket Mode message without an envelope id.
var errBadEnvelope = errors.New("socket mode message without an envelope id")

// signatureKey is a verified signature header in one spelling: the hex
// decoded and written again in lower case.
func signatureKey(header string) string {
	raw, err := hex.DecodeString(strings.TrimPrefix(header, "v0="))
	if err != nil {
		return header // verified already, so this does not happen
	}
	return hex.EncodeToString(raw)
}

// replayGuard is a store that remembers request keys across restarts;
// *store.Store is one.
type replayGuard interface {
	FirstUse(key string, now time.Time, ttl time.Duration) (bool, error)
}

// replayWindow is how long a signed request is good for (Slack's five
// minutes), with room for clocks that disagree.
const replayWindow = 10 * time.Minute

// rememberUse writes a form's key to the store, off the acknowledgement's
// path (the store may be held by another process for longer than Slack
// waits): memory decides now, and a restart reads the keys back
// (loadReplayKeys).
func (b *Bot) rememberUse(key string) {
	g, ok := b.opt.Store.(replayGuard)
	if !ok {
		return
	}
	b.record("replay key", func(Store) error {
		_, err := g.FirstUse(key, time.Now(), replayWindow)
		return err
	})
}
