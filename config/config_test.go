package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadExample(t *testing.T) {
	f, err := os.Open("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Read("config.example.yaml", f); err != nil {
		t.Errorf("the example configuration does not load: %v", err)
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // a fragment of the one-line error; "" for none
	}{
		{"empty", "", ""},
		{"full example", "champions:\n  channel: C0123ABCD\n  usergroup: \"@sp-champions\"\n  users: [U0123ABCD]\ndigest:\n  enabled: true\n  day: Friday\n  time: \"16:30\"\n", ""},
		{"usergroup id", "champions:\n  usergroup: S0123ABCD\n", ""},
		{"addr without host", "addr: 3000\n", `cfg.yaml: addr "3000" is not HOST:PORT`},
		{"unknown setting", "champions:\n  chanel: C0123ABCD\n", `cfg.yaml:2: unknown setting "chanel"`},
		{"channel name not id", "champions:\n  channel: \"#champions\"\n", `champions.channel "#champions" is not a Slack channel ID`},
		{"usergroup with space", "champions:\n  usergroup: sp champions\n", `champions.usergroup "sp champions" is not a Slack user group ID`},
		{"user not an id", "champions:\n  users: [sam]\n", `champions.users: "sam" is not a Slack user ID`},
		{"bad digest day", "digest:\n  day: someday\n", `digest.day "someday" is not a day of the week`},
		{"bad digest time", "digest:\n  time: \"9am\"\n", `digest.time "9am" is not a time like 09:00`},
		{"digest without channel", "digest:\n  enabled: true\n", "digest.enabled needs champions.channel"},
		{"stale after zero months", "answers:\n  stale_after_months: 0\n", "answers.stale_after_months 0 is not between 1 and 120"},
		{"empty data dir", "data_dir: \"\"\n", "data_dir is empty"},
		{"bad log format", "log:\n  format: xml\n", `log.format "xml" is not auto, json or text`},
		{"bad slack mode", "slack:\n  mode: webhook\n", `slack.mode "webhook" is not auto, socket or http`},
		{"zero slack workers", "slack:\n  workers: 0\n", "slack.workers 0 is not between 1 and 256"},
		{"no questions a minute", "slack:\n  per_person_per_minute: 0\n", "slack.per_person_per_minute 0 is not between 1 and 10000"},
		{"a flood a minute", "slack:\n  per_channel_per_minute: 100000\n", "slack.per_channel_per_minute 100000 is not between 1 and 10000"},
		{"broken yaml", "champions: [\n", "cfg.yaml"},
		{"crisis contacts", "crisis_contacts:\n  - {name: Leeds Crisis Line, phone: \"0800 183 1486\", when: 24 hours}\n  - {name: Samaritans local, phone: \"116 123\"}\n", ""},
		{"crisis contact without name", "crisis_contacts:\n  - {phone: \"0800 183 1486\"}\n", "crisis_contacts[0]: a crisis contact has no name"},
		{"crisis contact phone in words", "crisis_contacts:\n  - {name: Crisis, phone: call the switchboard}\n", `crisis_contacts[0]: crisis contact "Crisis": phone "call the switchboard" holds 'c'`},
		{"crisis contact phone too short", "crisis_contacts:\n  - {name: Crisis, phone: \"0800\"}\n", "is not a phone number"},
		{"crisis contact with markup", "crisis_contacts:\n  - {name: \"<!channel> line\", phone: \"999\"}\n", "write plain text"},
		{"too many crisis contacts", "crisis_contacts:\n" + strings.Repeat("  - {name: A, phone: \"999\"}\n", 6), "at most 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("cfg.yaml", strings.NewReader(tt.yaml))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Read(%q) = %v, want no error", tt.yaml, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Read(%q) = %v, want %q", tt.yaml, err, tt.want)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Errorf("Read(%q) error is more than one line: %q", tt.yaml, err)
			}
		})
	}
}

func TestDigestDay(t *testing.T) {
	c := Default()
	c.Digest.Day = "Friday"
	if d, ok := c.Digest.Weekday(); !ok || d.String() != "Friday" {
		t.Errorf("Weekday() = %v, %v", d, ok)
	}
}

func TestSecretsFrom(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		mode     string
		wantMode string
		want     string
	}{
		{"socket mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, "auto", "socket", ""},
		{"http mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, "auto", "http", ""},
		{"no bot token", map[string]string{}, "auto", "", "SLACK_BOT_TOKEN is not set"},
		{"user token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1"}, "auto", "", "does not start with xoxb-"},
		{"app token not xapp", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "auto", "", "SLACK_APP_TOKEN does not start with xapp-"},
		{"bad api url scheme", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "ftp://x"}, "auto", "", "SLACK_API_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, mode, err := SecretsFrom(func(k string) string { return tt.env[k] }, tt.mode)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("SecretsFrom(%v) = %v, want %q", tt.env, err, tt.want)
				}
				return
			}
			if err != nil || mode != tt.wantMode {
				t.Errorf("SecretsFrom(%v) = %q, %v; want %q", tt.env, mode, err, tt.wantMode)
			}
			if s.BotToken != tt.env["SLACK_BOT_TOKEN"] {
				t.Errorf("bot token = %q", s.BotToken)
			}
		})
	}
	s, _, err := SecretsFrom(func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api"}[k]
	}, "auto")
	if err != nil || s.APIURL != "http://127.0.0.1:9/api/" {
		t.Errorf("SLACK_API_URL without a slash = %q, %v; want one added", s.APIURL, err)
	}
}

func TestIndexFolder(t *testing.T) {
	c := Default()
	if got := c.IndexFolder(); got != filepath.Join("signpost-data", "index") {
		t.Errorf("default IndexFolder = %q, want a folder of the data directory", got)
	}
	c.IndexDir = "/var/cache/signpost-index"
	if got := c.IndexFolder(); got != "/var/cache/signpost-index" {
		t.Errorf("IndexFolder with index_dir set = %q", got)
	}
}
