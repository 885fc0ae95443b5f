package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/config"
	"github.com/signpost-ahp/signpost/internal/fakeslack"
)

// tempConfig writes a config whose data directory is the test's own.
func tempConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	path := dir + "/config.yaml"
	if err := os.WriteFile(path, []byte("data_dir: "+dir+"/data\nchampions: {channel: C0CHAMPS}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// servingAddr waits for serve, started on port 0, to log the address it
// is listening on: reserving a port first and reusing it races other
// processes for it.
func servingAddr(t *testing.T, logs *syncWriter) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		logs.mu.Lock()
		text := logs.w.(*bytes.Buffer).String()
		logs.mu.Unlock()
		for line := range strings.Lines(text) {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "Signpost is running" && rec.Addr != "" {
				return rec.Addr
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("serve never said where it is listening")
	return ""
}

// TestServeHTTP runs `signpost serve` in HTTP mode against a fake Slack:
// a signed mention is answered, and cancelling (as SIGTERM does) stops it
// cleanly with exit 0.
func TestServeHTTP(t *testing.T) {
	cfg := tempConfig(t)
	fake := fakeslack.New()
	defer fake.Close()
	env := map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-test",
		"SLACK_SIGNING_SECRET": "shh",
		"SLACK_API_URL":        strings.TrimSuffix(fake.URL(), "/"), // accepted without the trailing slash
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := &syncWriter{w: &bytes.Buffer{}}
	go func() {
		done <- run(ctx, []string{"serve", "--config", cfg, "--knowledge", "../../testdata/kb", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, logs)
	}()
	addr := servingAddr(t, logs)
	waitHealthy(t, "http://"+addr+"/healthz")

	body := `{"type":"event_callback","event_id":"EvServe1","event":{"type":"app_mention","user":"U1","text":"<@U0BOT> befriending in Whitby","ts":"1.5","channel":"C1"}}`
	stamp := fmt.Sprint(time.Now().Unix())
	mac := hmac.New(sha256.New, []byte("shh"))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	req, _ := http.NewRequest("POST", "http://"+addr+"/slack/events", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("event: %v %v", resp, err)
	}
	posts, err := fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(posts[0].Param("blocks"), "Harbourside Friends") || posts[0].Param("thread_ts") != "1.5" {
		t.Errorf("answer = %s", posts[0].Param("blocks"))
	}
	// With no index_dir, the index is kept under the data directory, for
	// the next start to reopen.
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), "data", "index", "manifest.json")); err != nil {
		t.Errorf("serve kept no index under its data directory: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown, want nil (exit 0)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeSocketMode(t *testing.T) {
	fake := fakeslack.New()
	defer fake.Close()
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": fake.URL()}
	logs := &syncWriter{w: &bytes.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", tempConfig(t), "--knowledge", "../../testdata/kb", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, logs)
	}()
	if err := fake.WaitConnected(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	addr := servingAddr(t, logs)
	waitHealthy(t, "http://"+addr+"/healthz")
	// In socket mode the HTTP listener has no Slack endpoint to attack.
	if resp, err := http.Post("http://"+addr+"/slack/events", "application/json", strings.NewReader("{}")); err != nil || resp.StatusCode == 200 {
		t.Errorf("POST /slack/events in socket mode = %v %v", resp, err)
	}
	fake.Send(map[string]any{"envelope_id": "e1", "type": "events_api", "payload": map[string]any{
		"type": "event_callback", "event_id": "EvSock1",
		"event": map[string]any{"type": "message", "channel_type": "im", "user": "U1", "text": "define PCN", "ts": "2.5", "channel": "D1"},
	}})
	if _, err := fake.WaitAck("e1", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitFor("chat.postMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
}

func TestServeConfigErrors(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{}, nil, "SLACK_BOT_TOKEN is not set"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, nil, "SLACK_SIGNING_SECRET is not set"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "nope"}, nil, "SLACK_APP_TOKEN does not start with xapp-"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "ftp://x"}, nil, "SLACK_API_URL"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, []string{"--addr", "nonsense"}, `addr "nonsense" is not HOST:PORT`},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, []string{"--config", "no-such.yaml"}, "no-such.yaml"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"serve"}, tt.args...), func(k string) string { return tt.env[k] }, strings.NewReader(""), &out, &errOut)
		var ex exitError
		if !errorsAs(err, &ex) || ex.code != 1 || !strings.Contains(ex.msg, tt.want) || strings.Count(ex.msg, "\n") > 0 {
			t.Errorf("serve with %v %v = %v, want one line with %q", tt.env, tt.args, err, tt.want)
		}
	}
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never became healthy", url)
}

// TestManifestScopes keeps the app's scopes to what Signpost calls: each
// scope here has a use named beside it in the manifest, and none is asked
// for that nothing uses. doctor checks a token for the same list
// (botScopes), each with what it is for.
func TestManifestScopes(t *testing.T) {
	raw, err := os.ReadFile("../../slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	want := []string{"app_mentions:read", "channels:history", "chat:write", "commands", "groups:history", "im:history", "mpim:history", "reactions:write", "usergroups:read"}
	if !slices.Equal(got, want) {
		t.Errorf("manifest scopes = %v, want %v", got, want)
	}
	if doctors := slices.Sorted(slices.Values(allScopes())); !slices.Equal(doctors, got) {
		t.Errorf("doctor checks %v, the manifest asks for %v", doctors, got)
	}
}

// The log redacts patient details from what it is given, but not the
// address Signpost listens on, whose digits look like an NHS number.
func TestLogKeepsTheAddress(t *testing.T) {
	var b bytes.Buffer
	log := newLogger(config.Log{Format: "json", Level: "info"}, &b)
	log.Info("Signpost is running", "addr", "127.0.0.1:3999", "question", "call 943 476 5919")
	out := b.String()
	if !strings.Contains(out, `"addr":"127.0.0.1:3999"`) || strings.Contains(out, "943 476 5919") {
		t.Errorf("log line: %s", out)
	}
}
