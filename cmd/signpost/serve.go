package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // the digest keeps UK time on machines without a zone database

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/config"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/reload"
	"github.com/signpost-ahp/signpost/slackbot"
	"github.com/signpost-ahp/signpost/store"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", "[--config FILE] [--knowledge DIR] [--addr HOST:PORT]\n\nRuns Signpost in Slack: Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise.\nSecrets come from the environment; see config.example.yaml.")
	cfgPath := fs.String("config", "", "configuration `file` (see config.example.yaml)")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the config's, else the built-in knowledge)")
	addr := fs.String("addr", "", "listen address (`host:port`) for /slack/events, /healthz and /metrics (default :3000)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath, *dir, *addr)
	if *indexDir != "" {
		cfg.IndexDir = *indexDir
	}
	if err != nil {
		return exitError{code: 1, msg: "signpost serve: " + err.Error()}
	}
	for _, u := range strings.Split(e.getenv("SIGNPOST_CHAMPIONS"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			cfg.Champions.Users = append(cfg.Champions.Users, u)
		}
	}
	if err := cfg.Validate(); err != nil {
		return exitError{code: 1, msg: "signpost serve: SIGNPOST_CHAMPIONS: " + err.Error()}
	}
	secrets, mode, err := config.SecretsFrom(e.getenv, cfg.Slack.Mode)
	if err != nil {
		return exitError{code: 1, msg: "signpost serve: " + err.Error()}
	}
	log := newLogger(cfg.Log, e.stderr)
	return serve(ctx, cfg, secrets, mode, log)
}

// serve runs until ctx ends (SIGTERM or Ctrl-C), then stops taking events,
// finishes answers in flight for up to shutdownGrace and returns nil.
func serve(ctx context.Context, cfg config.Config, secrets config.Secrets, mode string, log *slog.Logger) error {
	if _, err := checkStoreApart(ctx, cfg.DataDir, log); err != nil {
		return err
	}
	st, moved, err := store.OpenReporting(cfg.DataDir)
	if moved != "" {
		log.Error("the store was damaged: moved it aside and started a fresh one", "kept_at", moved)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	// What the knowledge files held before loading them, so the first
	// reload can tell whether anything changed since.
	var loaded map[string]string
	if cfg.Knowledge != "" {
		loaded, _ = knowledge.FileSums(os.DirFS(cfg.Knowledge))
	}
	a, err := servingAnswerer(ctx, cfg)
	if err != nil {
		return err
	}
	api, httpClient := slackAPI(secrets)
	b := newBot(cfg, api, httpClient, a, st, log)
	if cfg.Knowledge != "" {
		watchKnowledge(ctx, cfg, b, loaded, log)
	}
	if cfg.Digest.Enabled {
		day, _ := cfg.Digest.Weekday()
		go b.RunDigest(ctx, st, day, cfg.Digest.Time, ukTime())
	}
	if err := b.Start(ctx); err != nil {
		return err
	}
	if resumed, expired, err := b.Resume(ctx); err != nil {
		log.Error("could not take up questions left from before the restart", "err", err)
	} else if resumed+expired > 0 {
		log.Info("carried over questions from before the restart", "answering", resumed, "too_old", expired)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           b.Handler(secrets.SigningSecret, func() bool { return b.Answerer() != nil }),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("Signpost is running", "mode", mode, "addr", ln.Addr().String(), "knowledge", a.Index().Knowledge().Summary())

	socketDone := make(chan error, 1)
	if mode == "socket" {
		client := socketmode.New(api)
		go func() { socketDone <- b.RunSocketMode(ctx, client) }()
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("HTTP listener stopped: %w", err)
	case err := <-socketDone:
		if err != nil {
			return err
		}
	}
	shutdown(srv, b, log)
	return nil
}

// shutdownGrace is how long answers in flight get to finish at SIGTERM;
// what is left stays journalled for the next start.
const shutdownGrace = 20 * time.Second

// shutdown stops taking events (the HTTP server first, so that Slack
// retries elsewhere), then lets answers in flight finish.
func shutdown(srv *http.Server, b *slackbot.Bot, log *slog.Logger) {
	log.Info("shutting down: finishing answers in flight")
	stop, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		log.Warn("HTTP shutdown", "err", err)
	}
	if err := b.Shutdown(stop); err != nil {
		log.Warn("shutdown", "err", err)
	}
	log.Info("stopped")
}

// slackAPI is the Slack Web API client, with Signpost's retry rules and a
// timeout on every call.
func slackAPI(secrets config.Secrets) (*slack.Client, *http.Client) {
	httpClient := &http.Client{Timeout: 15 * time.Second}
	opts := []slack.Option{slack.OptionHTTPClient(httpClient), slack.OptionRetryConfig(slackbot.RetryConfig())}
	if secrets.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(secrets.APIURL))
	}
	if secrets.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(secrets.AppToken))
	}
	return slack.New(secrets.BotToken, opts...), httpClient
}

// newBot is the Slack transport as the configuration asks for it.
func newBot(cfg config.Config, api *slack.Client, httpClient *http.Client, a *answer.Answerer, st *store.Store, log *slog.Logger) *slackbot.Bot {
	var editor *knowledge.Editor
	if cfg.Knowledge != "" {
		editor = knowledge.NewEditor(cfg.Knowledge)
	}
	return slackbot.New(api, a, slackbot.Options{
		Render:     slackbot.Renderer{StaleAfter: time.Duration(cfg.Answers.StaleAfterMonths) * 30 * 24 * time.Hour, Champions: championsMention(cfg.Champions)},
		Logger:     log,
		Store:      st,
		Workers:    cfg.Slack.Workers,
		PerUser:    perMinute(cfg.Slack.PerPerson),
		PerChannel: perMinute(cfg.Slack.PerChannel),
		HTTP:       httpClient,
		Champions:  slackbot.Champions{Users: cfg.Champions.Users, UserGroup: cfg.Champions.UserGroup, Channel: cfg.Champions.Channel},
		Editor:     editor,
	})
}

// watchKnowledge reloads the knowledge when its files change, and lets
// champions reload it from Slack.
func watchKnowledge(ctx context.Context, cfg config.Config, b *slackbot.Bot, loaded map[string]string, log *slog.Logger) {
	rl := &reload.Reloader{
		Build:   func(ctx context.Context) (*answer.Answerer, error) { return servingAnswerer(ctx, cfg) },
		Swap:    b.SetAnswerer,
		Current: b.Answerer,
		Dir:     cfg.Knowledge,
		Failed:  func(err error) { b.KnowledgeProblems(ctx, err) },
		Log:     log.With("component", "reload"),
	}
	rl.Loaded(loaded)
	b.SetReloader(rl)
	go func() {
		if err := rl.Watch(ctx, cfg.Knowledge); err != nil {
			log.Error("not watching the knowledge directory; use /signpost reload after changes", "err", err)
		}
	}()
}

// ukTime is the UK's time zone, for the digest.
func ukTime() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}

// championsMention is how replies name the champions: their user group,
// else their channel, else the champions themselves.
func championsMention(c config.Champions) string {
	switch {
	case c.UserGroup != "":
		return "<!subteam^" + c.UserGroup + ">"
	case c.Channel != "":
		return "<#" + c.Channel + ">"
	case len(c.Users) > 0:
		s := ""
		for i, u := range c.Users {
			if i > 0 {
				s += ", "
			}
			s += "<@" + u + ">"
		}
		return s
	}
	return ""
}

// newLogger logs JSON for collectors, or text on a terminal. Every string
// passes through redaction as well: the bot logs only redacted questions,
// and this makes sure of it.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		// The listening address is Signpost's own, and its digits
		// ("127.0.0.1:3999") read to the redactor as an NHS number.
		if a.Key == "addr" {
			return a
		}
		if a.Value.Kind() == slog.KindString {
			if s, found := answer.Redact(a.Value.String()); len(found) > 0 {
				return slog.String(a.Key, s)
			}
		}
		return a
	}}
	format := c.Format
	if format == "auto" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// servingAnswerer is the Answerer serve runs: the knowledge, with the
// organisation's own crisis contacts after the national ones.
func servingAnswerer(ctx context.Context, cfg config.Config) (*answer.Answerer, error) {
	a, err := newAnswerer(ctx, cfg.Knowledge, cfg.IndexFolder())
	if err != nil {
		return nil, err
	}
	return a.WithCrisisContacts(cfg.Crisis)
}

// perMinute is a budget of n questions a minute: n at once, then one every
// minute's nth.
func perMinute(n int) slackbot.Rate {
	if n < 1 {
		return slackbot.Rate{} // the bot's default
	}
	return slackbot.Rate{Burst: n, Every: time.Minute / time.Duration(n)}
}
