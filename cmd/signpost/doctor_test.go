package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/internal/fakeslack"
)

// allScopes are the scopes the manifest asks for.
func allScopes() []string {
	var s []string
	for _, b := range botScopes {
		s = append(s, b.scope)
	}
	return s
}

func scopesWithout(scopes []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return s == drop })
}

// runDoctorWith runs doctor against a fake Slack with this environment.
func runDoctorWith(t *testing.T, vars map[string]string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"doctor"}, args...), func(k string) string { return vars[k] }, strings.NewReader(""), &out, &errOut)
	code := 0
	var ex exitError
	switch {
	case errors.As(err, &ex):
		code = ex.code
		out.WriteString(ex.msg)
	case err != nil:
		code = 1
		out.WriteString(err.Error())
	}
	return out.String(), code
}

func TestDoctor(t *testing.T) {
	f := fakeslack.New()
	defer f.Close()
	f.SetGroups(fakeslack.Group{ID: "S0CHAMPS", Handle: "sp-champions", Users: []string{"U0A", "U0B"}})
	f.SetNotMember("C0NOTIN")
	f.SetMissing("C0GONE")
	f.SetTokens(map[string][]string{
		"xoxb-good":       allScopes(),
		"xoxb-no-groups":  scopesWithout(allScopes(), "usergroups:read"),
		"xapp-good":       {"connections:write"},
		"xapp-no-connect": {"authorizations:read"},
	})
	dir := t.TempDir()
	config := func(name, extra string) string {
		p := filepath.Join(dir, name+".yaml")
		data := "data_dir: " + filepath.Join(dir, name+"-data") + "\n"
		if strings.Contains(extra, "data_dir:") {
			data = ""
		}
		body := data +
			"crisis_contacts:\n  - {name: Leeds Crisis Line, phone: \"0800 183 1486\"}\n" + extra
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := config("good", "champions:\n  channel: C0CHAMPS\n  usergroup: \"@sp-champions\"\n")
	socket := map[string]string{"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_APP_TOKEN": "xapp-good", "SLACK_API_URL": f.URL()}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range socket {
			m[a] = b
		}
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	broken, err := filepath.Abs("../../knowledge/testdata/bad/values")
	if err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		env  map[string]string
		cfg  string
		code int
		want []string // lines, or parts of them, in order
	}{
		{"ready", socket, good, 0, []string{
			"ok    tokens             SLACK_BOT_TOKEN is a bot token, SLACK_APP_TOKEN an app-level token; mode socket",
			"ok    auth.test          signed in to Fake NHS Trust as @signpost",
			"ok    scopes             all 9 that Signpost needs",
			"ok    socket mode",
			"ok    champions channel  Signpost is a member of C0CHAMPS",
			"ok    champions          the user group @sp-champions has 2 members",
			"ok    knowledge          built-in",
			"ok    data directory",
			"ok    index directory",
			"ok    crisis contacts    1 of your own",
			"All 11 checks passed."}},
		{"token missing a scope", with("SLACK_BOT_TOKEN", "xoxb-no-groups"), good, 1, []string{
			"FAIL  scopes             missing usergroups:read (who is in the champions' user group): add them under OAuth & Permissions",
			"FAIL  champions          listing user groups to find @sp-champions: missing_scope",
			"2 of 11 checks failed"}},
		{"wrong bot token", with("SLACK_BOT_TOKEN", "xoxb-revoked"), good, 1, []string{"FAIL  auth.test          Slack refused the bot token: invalid_auth"}},
		{"user token", with("SLACK_BOT_TOKEN", "xoxp-123"), good, 1, []string{"FAIL  tokens             SLACK_BOT_TOKEN does not start with xoxb-"}},
		{"no tokens", map[string]string{}, good, 1, []string{"FAIL  tokens             SLACK_BOT_TOKEN is not set"}},
		{"app token without connections:write", with("SLACK_APP_TOKEN", "xapp-no-connect"), good, 1, []string{"FAIL  socket mode        Slack refused the app-level token: missing_scope"}},
		{"http mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_SIGNING_SECRET": strings.Repeat("ab12", 8), "SLACK_API_URL": f.URL()},
			config("http", "champions:\n  channel: C0CHAMPS\n  usergroup: S0CHAMPS\n"), 0, []string{"mode http", "ok    http mode          signing secret set", "the user group S0CHAMPS has 2 members"}},
		{"not in the champions' channel", socket, config("notin", "champions:\n  channel: C0NOTIN\n  users: [U0A]\n"), 1, []string{
			"FAIL  champions channel  Signpost is not in C0NOTIN: open the channel in Slack and type /invite @Signpost",
			"ok    champions          named one by one"}},
		{"no such channel", socket, config("gone", "champions:\n  channel: C0GONE\n"), 1, []string{
			"FAIL  champions channel  Slack knows no channel C0GONE",
			"warn  champions          nobody is a champion"}},
		{"no such group", socket, config("nogroup", "champions:\n  usergroup: \"@nobody\"\n"), 1, []string{
			"warn  champions channel  none set", "FAIL  champions          no user group has the handle @nobody"}},
		{"data directory under a file", socket, config("blocked", "data_dir: "+filepath.Join(blocker, "data")+"\n"), 1, []string{"FAIL  data directory     " + blocker + " is a file"}},
		{"broken knowledge", socket, config("kb", "knowledge: "+broken+"\n"), 1, []string{"FAIL  knowledge          " + broken + " has problems"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code := runDoctorWith(t, tc.env, "--config", tc.cfg)
			if code != tc.code {
				t.Errorf("exit %d, want %d:\n%s", code, tc.code, out)
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(out[at:], w)
				if i < 0 {
					t.Errorf("want %q after byte %d of\n%s", w, at, out)
					break
				}
				at += i + len(w)
			}
		})
	}
	// The HTTP case passes but warns: the secret is not a signing secret.
	out, _ := runDoctorWith(t, map[string]string{"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_SIGNING_SECRET": "not-a-secret", "SLACK_API_URL": f.URL()}, "--config", good)
	if !strings.Contains(out, "warn  http mode          SLACK_SIGNING_SECRET does not look like a signing secret") {
		t.Errorf("a wrong signing secret:\n%s", out)
	}
	// Nothing is left in the folders checked.
	if entries, _ := os.ReadDir(dir); slices.ContainsFunc(entries, func(e os.DirEntry) bool { return strings.HasPrefix(e.Name(), ".doctor") }) {
		t.Error("doctor left a file behind")
	}
}
