package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/config"
	"github.com/signpost-ahp/signpost/slackbot"
	"github.com/signpost-ahp/signpost/store"
)

// botScopes are the bot token scopes Signpost needs, and what each is
// for: the app manifest asks for exactly these (a test holds them equal).
var botScopes = []struct{ scope, why string }{
	{"app_mentions:read", "@Signpost in channels"},
	{"chat:write", "posting answers"},
	{"commands", "/signpost"},
	{"im:history", "direct messages"},
	{"reactions:write", "the 👀 on a slow answer"},
	{"channels:history", "follow-ups in threads, and checking before a retry"},
	{"groups:history", "the same in private channels"},
	{"mpim:history", "the same in group DMs"},
	{"usergroups:read", "who is in the champions' user group"},
}

// check is one line of the doctor's report.
type check struct {
	status string // "ok", "warn" or "FAIL"
	name   string
	detail string
}

// runDoctor checks, one line each, what a deployment needs before it goes
// live: a wrong token or a missing scope otherwise shows up as a bot that
// says nothing.
func runDoctor(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "doctor", "[--config FILE] [--knowledge DIR]\n\n"+
		"Checks what a Slack deployment needs, one line each: tokens and their kinds, that\n"+
		"Slack accepts them, the scopes granted against those needed, Socket Mode or HTTP\n"+
		"settings, the champions' channel and group, the knowledge, the data directory and\n"+
		"crisis contacts. Exits 1 if any check fails. Reads tokens from the environment, as\n"+
		"serve does.")
	cfgPath := fs.String("config", "", "configuration `file`, as given to serve")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the config's)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	checks := diagnose(ctx, e, *cfgPath, *dir)
	failed := 0
	for _, c := range checks {
		if c.status == "FAIL" {
			failed++
		}
		fmt.Fprintf(e.stdout, "%-4s  %-18s %s\n", c.status, c.name, c.detail)
	}
	if failed > 0 {
		return exitError{code: 1, msg: fmt.Sprintf("%d of %d checks failed: fix them before going live.", failed, len(checks))}
	}
	fmt.Fprintf(e.stdout, "All %d checks passed.\n", len(checks))
	return nil
}

func diagnose(ctx context.Context, e env, cfgPath, dir string) []check {
	var out []check
	add := func(status, name, format string, args ...any) {
		out = append(out, check{status, name, fmt.Sprintf(format, args...)})
	}
	cfg, err := loadConfig(cfgPath, dir, "")
	if err != nil {
		add("FAIL", "config", "%v", err)
		return out
	}
	add("ok", "config", "%s", firstSet(cfgPath, "no file: the defaults"))

	out = append(out, slackChecks(ctx, e, cfg)...)

	if kb, err := loadKnowledge(cfg.Knowledge); err != nil {
		add("FAIL", "knowledge", "%v", err)
	} else {
		add("ok", "knowledge", "%s: %s", firstSet(cfg.Knowledge, "built-in"), kb.Summary())
	}
	out = append(out, dataChecks(cfg)...)
	switch n := len(cfg.Crisis); n {
	case 0:
		add("warn", "crisis contacts", "none of your own: only the national ones (999, NHS 111, Samaritans) are shown to a person at risk; set crisis_contacts")
	default:
		add("ok", "crisis contacts", "%d of your own, after the national ones (have your clinical safety officer check them)", n)
	}
	return out
}

// slackChecks checks the tokens with Slack itself.
func slackChecks(ctx context.Context, e env, cfg config.Config) []check {
	var out []check
	add := func(status, name, format string, args ...any) {
		out = append(out, check{status, name, fmt.Sprintf(format, args...)})
	}
	secrets, mode, err := config.SecretsFrom(e.getenv, cfg.Slack.Mode)
	if err != nil {
		add("FAIL", "tokens", "%v", err)
		return out
	}
	kinds := "SLACK_BOT_TOKEN is a bot token"
	if secrets.AppToken != "" {
		kinds += ", SLACK_APP_TOKEN an app-level token"
	}
	add("ok", "tokens", "%s; mode %s", kinds, mode)

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var scopes string
	opts := []slack.Option{slack.OptionOnResponseHeaders(func(path string, h http.Header) {
		if path == "auth.test" {
			scopes = h.Get("X-OAuth-Scopes")
		}
	})}
	if secrets.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(secrets.APIURL))
	}
	if secrets.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(secrets.AppToken))
	}
	api := slack.New(secrets.BotToken, opts...)
	auth, err := api.AuthTestContext(ctx)
	var refused slack.SlackErrorResponse
	switch {
	case errors.As(err, &refused):
		add("FAIL", "auth.test", "Slack refused the bot token: %s (copy the Bot User OAuth Token again, from OAuth & Permissions)", slackReason(err))
		return out
	case err != nil:
		add("FAIL", "auth.test", "could not reach Slack: %v (behind a proxy, set HTTPS_PROXY; see docs/slack-setup.md)", err)
		return out
	}
	add("ok", "auth.test", "signed in to %s as @%s", auth.Team, auth.User)

	out = append(out, scopeCheck(scopes))
	switch mode {
	case "socket":
		if _, _, err := api.StartSocketModeContext(ctx); err != nil {
			add("FAIL", "socket mode", "Slack refused the app-level token: %s (it needs the connections:write scope, and Socket Mode on in the app's settings)", slackReason(err))
		} else {
			add("ok", "socket mode", "the app-level token opens a connection; no public URL is needed")
		}
	case "http":
		if len(secrets.SigningSecret) != 32 || strings.Trim(strings.ToLower(secrets.SigningSecret), "0123456789abcdef") != "" {
			add("warn", "http mode", "SLACK_SIGNING_SECRET does not look like a signing secret (32 hex characters, under Basic Information): every request would be refused")
		} else {
			add("ok", "http mode", "signing secret set; Slack must reach https://<your server>/slack/events (forwarded to %s)", cfg.Addr)
		}
	}
	out = append(out, championChecks(ctx, api, cfg, e.getenv("SIGNPOST_CHAMPIONS"))...)
	return out
}

// scopeCheck sets the scopes Slack says the token has against those
// Signpost needs.
func scopeCheck(granted string) check {
	if granted == "" {
		return check{"warn", "scopes", "Slack did not say which scopes the token has; compare them with slack-app-manifest.yaml"}
	}
	have := strings.Split(strings.ReplaceAll(granted, " ", ""), ",")
	var missing []string
	for _, s := range botScopes {
		if !slices.Contains(have, s.scope) {
			missing = append(missing, fmt.Sprintf("%s (%s)", s.scope, s.why))
		}
	}
	if len(missing) > 0 {
		return check{"FAIL", "scopes", "missing " + strings.Join(missing, ", ") + ": add them under OAuth & Permissions, then reinstall the app"}
	}
	return check{"ok", "scopes", fmt.Sprintf("all %d that Signpost needs", len(botScopes))}
}

func championChecks(ctx context.Context, api *slack.Client, cfg config.Config, fromEnv string) []check {
	var out []check
	add := func(status, name, format string, args ...any) {
		out = append(out, check{status, name, fmt.Sprintf(format, args...)})
	}
	if ch := cfg.Champions.Channel; ch == "" {
		add("warn", "champions channel", "none set: knowledge problems and the digest have nowhere to go (champions.channel)")
	} else if _, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: ch, Limit: 1}); err != nil {
		reason := slackReason(err)
		switch {
		case strings.Contains(reason, "not_in_channel"):
			add("FAIL", "champions channel", "Signpost is not in %s: open the channel in Slack and type /invite @Signpost", ch)
		case strings.Contains(reason, "channel_not_found"):
			add("FAIL", "champions channel", "Slack knows no channel %s that Signpost can see (a private channel needs Signpost invited first)", ch)
		default:
			add("FAIL", "champions channel", "could not check %s: %s", ch, reason)
		}
	} else {
		add("ok", "champions channel", "Signpost is a member of %s", ch)
	}

	g := cfg.Champions.UserGroup
	var members []string
	var err error
	if g != "" {
		members, _, err = slackbot.GroupMembers(ctx, api, g)
	}
	switch {
	case g == "" && len(cfg.Champions.Users) == 0 && strings.TrimSpace(fromEnv) == "":
		add("warn", "champions", "nobody is a champion (champions.usergroup, champions.users or SIGNPOST_CHAMPIONS): nobody can change answers from Slack")
	case g == "":
		add("ok", "champions", "named one by one in the config or SIGNPOST_CHAMPIONS")
	case err != nil:
		add("FAIL", "champions", "%v", err)
	case len(members) == 0:
		add("warn", "champions", "the user group %s has no members", g)
	default:
		add("ok", "champions", "the user group %s has %d members", g, len(members))
	}
	return out
}

// slackReason is Slack's error code with what it needed, when it says.
func slackReason(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if len(se.ResponseMetadata.Messages) > 0 {
			return se.Err + " (" + strings.Join(se.ResponseMetadata.Messages, "; ") + ")"
		}
		return se.Err
	}
	return err.Error()
}

// dataChecks checks the folders serve writes to.
func dataChecks(cfg config.Config) []check {
	var out []check
	if err := writable(cfg.DataDir); err != nil {
		out = append(out, check{"FAIL", "data directory", err.Error()})
		return out
	}
	st, err := store.OpenExisting(cfg.DataDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		out = append(out, check{"ok", "data directory", cfg.DataDir + " is writable; the store is made at the first start"})
	case err != nil:
		out = append(out, check{"FAIL", "data directory", err.Error()})
	default:
		st.Close()
		out = append(out, check{"ok", "data directory", cfg.DataDir + " is writable and its store is whole"})
	}
	if err := writable(cfg.IndexFolder()); err != nil {
		out = append(out, check{"FAIL", "index directory", err.Error()})
	} else {
		out = append(out, check{"ok", "index directory", cfg.IndexFolder() + " is writable"})
	}
	return out
}

// writable checks that Signpost could write in dir: by writing and
// removing a file in it, or, when it is not there yet, in the nearest
// folder above it that is (serve makes the rest). Nothing is left behind.
func writable(dir string) error {
	at := dir
	for {
		info, err := os.Stat(at)
		if err == nil {
			if !info.IsDir() {
				return fmt.Errorf("%s is a file, not a folder", at)
			}
			break
		}
		parent := filepath.Dir(at)
		if parent == at {
			return fmt.Errorf("cannot find any folder of %s", dir)
		}
		at = parent
	}
	f, err := os.CreateTemp(at, ".doctor-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", at, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(filepath.Clean(name))
}
