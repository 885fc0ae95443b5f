// Package config reads Signpost's settings: a YAML file for everything
// that is not secret, and the environment for Slack's secrets. Every
// problem is one clear line naming the setting.
package config

import (
	"github.com/signpost-ahp/signpost/urgent"
	"path/filepath"

	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the non-secret settings.
type Config struct {
	// Organisation names who runs this Signpost (a trust, an ICB, a
	// place): the commissioners' report says whose questions it counts.
	Organisation string `yaml:"organisation"`
	// Knowledge is the knowledge directory; empty means the built-in knowledge.
	Knowledge string `yaml:"knowledge"`
	// Addr is where the HTTP listener binds: Slack's events (HTTP mode),
	// /healthz and /metrics.
	Addr string `yaml:"addr"`
	// DataDir holds the store of gaps, feedback and changes.
	DataDir string `yaml:"data_dir"`
	// IndexDir keeps the search index on disk, reused across restarts
	// while the knowledge is unchanged; empty means "index" under DataDir
	// (see IndexFolder).
	IndexDir string `yaml:"index_dir"`

	Champions Champions `yaml:"champions"`
	Answers   Answers   `yaml:"answers"`
	Digest    Digest    `yaml:"digest"`
	Log       Log       `yaml:"log"`
	Slack     Slack     `yaml:"slack"`
	// Crisis is the organisation's own crisis contacts (a local mental
	// health crisis line, the safeguarding team, out of hours), shown
	// after the national ones whenever someone may be at risk.
	Crisis []urgent.Contact `yaml:"crisis_contacts"`
}

// Champions say who looks after the answers.
type Champions struct {
	Channel   string   `yaml:"channel"`   // channel ID, e.g. C0123ABCD
	UserGroup string   `yaml:"usergroup"` // user group ID (S0123ABCD) or handle (@sp-champions)
	Users     []string `yaml:"users"`     // user IDs, e.g. U0123ABCD
}

// Answers tune replies.
type Answers struct {
	// StaleAfterMonths is when a reviewed date counts as "may be out of date".
	StaleAfterMonths int `yaml:"stale_after_months"`
}

// Digest is the weekly summary for the champions' channel.
type Digest struct {
	Enabled bool   `yaml:"enabled"`
	Day     string `yaml:"day"`  // monday … sunday
	Time    string `yaml:"time"` // HH:MM, UK time
}

// Weekday is the digest's day.
func (d Digest) Weekday() (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if strings.EqualFold(wd.String(), d.Day) {
			return wd, true
		}
	}
	return 0, false
}

// Log settings.
type Log struct {
	Format string `yaml:"format"` // auto, json or text
	Level  string `yaml:"level"`  // debug, info, warn or error
}

// Slack settings that are not secret.
type Slack struct {
	Mode    string `yaml:"mode"`    // auto, socket or http
	Workers int    `yaml:"workers"` // answers worked on at once
	// PerPerson and PerChannel are the most questions a minute one person
	// and one channel are answered (that many at once, then one every
	// minute's share); past them, they are told to ask again shortly.
	PerPerson  int `yaml:"per_person_per_minute"`
	PerChannel int `yaml:"per_channel_per_minute"`
}

// IndexFolder is where serve keeps its index: IndexDir, or a folder of
// DataDir's. Rebuilding 100,000 services' index at every start takes half
// a minute; reopening a kept one, about a second.
func (c Config) IndexFolder() string {
	if c.IndexDir != "" {
		return c.IndexDir
	}
	return filepath.Join(c.DataDir, "index")
}

// Default is the configuration with nothing set.
func Default() Config {
	return Config{
		Addr:    ":3000",
		DataDir: "signpost-data",
		Answers: Answers{StaleAfterMonths: 12},
		Digest:  Digest{Day: "monday", Time: "09:00"},
		Log:     Log{Format: "auto", Level: "info"},
		Slack:   Slack{Mode: "auto", Workers: 8, PerPerson: 20, PerChannel: 120},
	}
}

var lineRE = regexp.MustCompile(`line (\d+): (.*)`)

// Read decodes a configuration file strictly over the defaults: unknown
// settings are errors. name is used in messages.
func Read(name string, r io.Reader) (Config, error) {
	c := Default()
	data, err := io.ReadAll(r)
	if err != nil {
		return c, fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
		first := strings.TrimSpace(strings.SplitN(msg, "\n", 2)[0])
		if m := lineRE.FindStringSubmatch(first); m != nil {
			detail := m[2]
			if f, ok := strings.CutPrefix(detail, "field "); ok {
				f, _, _ = strings.Cut(f, " not found")
				detail = fmt.Sprintf("unknown setting %q (see config.example.yaml)", f)
			}
			return c, fmt.Errorf("%s:%s: %s", name, m[1], detail)
		}
		return c, fmt.Errorf("%s: %s", name, first)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

var (
	channelRE   = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)
	userGroupRE = regexp.MustCompile(`^(S[A-Z0-9]{2,}|@[a-z0-9._-]+)$`)
	clockRE     = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	userRE      = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
)

// maxCrisisContacts keeps the help a person at risk is shown short.
const maxCrisisContacts = 5

// Validate checks every setting, reporting the first that is wrong.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("addr %q is not HOST:PORT (for example :3000)", c.Addr)
	}
	if c.DataDir == "" {
		return errors.New("data_dir is empty: give a directory for Signpost's records")
	}
	if ch := c.Champions.Channel; ch != "" && !channelRE.MatchString(ch) {
		return fmt.Errorf("champions.channel %q is not a Slack channel ID (like C0123ABCD; in Slack: channel details, at the bottom)", ch)
	}
	if g := c.Champions.UserGroup; g != "" && !userGroupRE.MatchString(g) {
		return fmt.Errorf("champions.usergroup %q is not a Slack user group ID (like S0123ABCD) or handle (like @sp-champions)", g)
	}
	for _, u := range c.Champions.Users {
		if !userRE.MatchString(u) {
			return fmt.Errorf("champions.users: %q is not a Slack user ID (like U0123ABCD; in Slack: profile, ⋮, Copy member ID)", u)
		}
	}
	if m := c.Answers.StaleAfterMonths; m < 1 || m > 120 {
		return fmt.Errorf("answers.stale_after_months %d is not between 1 and 120", m)
	}
	if _, ok := c.Digest.Weekday(); !ok {
		return fmt.Errorf("digest.day %q is not a day of the week (monday … sunday)", c.Digest.Day)
	}
	if !clockRE.MatchString(c.Digest.Time) {
		return fmt.Errorf("digest.time %q is not a time like 09:00", c.Digest.Time)
	}
	if c.Digest.Enabled && c.Champions.Channel == "" {
		return errors.New("digest.enabled needs champions.channel: the digest goes to the champions' channel")
	}
	if !oneOf(c.Log.Format, "auto", "json", "text") {
		return fmt.Errorf("log.format %q is not auto, json or text", c.Log.Format)
	}
	if !oneOf(c.Log.Level, "debug", "info", "warn", "error") {
		return fmt.Errorf("log.level %q is not debug, info, warn or error", c.Log.Level)
	}
	if !oneOf(c.Slack.Mode, "auto", "socket", "http") {
		return fmt.Errorf("slack.mode %q is not auto, socket or http", c.Slack.Mode)
	}
	if w := c.Slack.Workers; w < 1 || w > 256 {
		return fmt.Errorf("slack.workers %d is not between 1 and 256", w)
	}
	if n := c.Slack.PerPerson; n < 1 || n > 10000 {
		return fmt.Errorf("slack.per_person_per_minute %d is not between 1 and 10000", n)
	}
	if n := c.Slack.PerChannel; n < 1 || n > 10000 {
		return fmt.Errorf("slack.per_channel_per_minute %d is not between 1 and 10000", n)
	}
	if len(c.Crisis) > maxCrisisContacts {
		return fmt.Errorf("crisis_contacts: %d given; at most %d, so that urgent help stays short enough to read", len(c.Crisis), maxCrisisContacts)
	}
	for i, cc := range c.Crisis {
		if err := cc.Validate(); err != nil {
			return fmt.Errorf("crisis_contacts[%d]: %w", i, err)
		}
	}
	return nil
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

// Secrets are Slack's credentials, from the environment only.
type Secrets struct {
	BotToken      string // SLACK_BOT_TOKEN, xoxb-…
	AppToken      string // SLACK_APP_TOKEN, xapp-… (Socket Mode)
	SigningSecret string // SLACK_SIGNING_SECRET (HTTP)
	APIURL        string // SLACK_API_URL, always ending in "/"; "" for Slack itself
}

// SecretsFrom reads the secrets with getenv and checks their shape for the
// mode ("auto", "socket" or "http"). It returns the mode that will run.
func SecretsFrom(getenv func(string) string, mode string) (Secrets, string, error) {
	s := Secrets{
		BotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		APIURL:        strings.TrimSpace(getenv("SLACK_API_URL")),
	}
	switch {
	case s.BotToken == "":
		return s, "", errors.New("SLACK_BOT_TOKEN is not set: export the app's Bot User OAuth Token (xoxb-…)")
	case !strings.HasPrefix(s.BotToken, "xoxb-"):
		return s, "", errors.New("SLACK_BOT_TOKEN does not start with xoxb-: use the Bot User OAuth Token, not a user or app token")
	case s.AppToken != "" && !strings.HasPrefix(s.AppToken, "xapp-"):
		return s, "", errors.New("SLACK_APP_TOKEN does not start with xapp-: use an app-level token with the connections:write scope")
	}
	if s.APIURL != "" {
		u, err := url.Parse(s.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return s, "", fmt.Errorf("SLACK_API_URL %q is not an http(s) URL", s.APIURL)
		}
		// slack-go joins method names straight onto the base URL.
		if !strings.HasSuffix(s.APIURL, "/") {
			s.APIURL += "/"
		}
	}
	if mode == "auto" {
		mode = "http"
		if s.AppToken != "" {
			mode = "socket"
		}
	}
	switch {
	case mode == "socket" && s.AppToken == "":
		return s, "", errors.New("SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…)")
	case mode == "http" && s.SigningSecret == "":
		return s, "", errors.New("SLACK_SIGNING_SECRET is not set: HTTP mode needs the app's signing secret to verify requests (or set SLACK_APP_TOKEN for Socket Mode)")
	}
	return s, mode, nil
}
