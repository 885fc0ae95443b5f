package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/config"
)

// instructions reads a Dockerfile's instructions, continuation lines
// joined, comments dropped: the instruction word and the rest.
func instructions(t *testing.T, path string) [][2]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		more := strings.HasSuffix(line, "\\")
		cur.WriteString(strings.TrimSuffix(line, "\\") + " ")
		if more {
			continue
		}
		word, rest, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, [2]string{strings.ToUpper(word), strings.TrimSpace(rest)})
		cur.Reset()
	}
	return out
}

// execForm decodes an instruction's exec form (a JSON array).
func execForm(t *testing.T, s string) []string {
	t.Helper()
	var args []string
	if err := json.Unmarshal([]byte(s), &args); err != nil {
		t.Fatalf("%q is not in exec form (a JSON array): %v", s, err)
	}
	return args
}

// runsAsSignpost checks that args, as a deployment runs them, name a real
// command with real options: its own --help, after them, must succeed.
func runsAsSignpost(t *testing.T, where string, args []string) {
	t.Helper()
	if len(args) == 0 {
		t.Fatalf("%s runs nothing", where)
	}
	_, errOut, code := runCmd(t, "", append(args, "--help")...)
	if code != 0 {
		t.Errorf("%s runs 'signpost %s', which signpost refuses: %s", where, strings.Join(args, " "), errOut)
	}
}

// The Dockerfile runs commands and options that exist, copies files that
// are in the repository, keeps its data on volumes, and checks health
// where Signpost serves it.
func TestDockerfileRunsWhatExists(t *testing.T) {
	var entry, cmd, health []string
	var volumes []string
	var user, expose string
	for _, in := range instructions(t, "../../Dockerfile") {
		switch word, rest := in[0], in[1]; word {
		case "ENTRYPOINT":
			entry = execForm(t, rest)
		case "CMD":
			cmd = execForm(t, rest)
		case "HEALTHCHECK":
			_, form, ok := strings.Cut(rest, "CMD ")
			if !ok {
				t.Fatalf("HEALTHCHECK without CMD: %q", rest)
			}
			health = execForm(t, form)
		case "VOLUME":
			volumes = execForm(t, rest)
		case "USER":
			user = rest
		case "EXPOSE":
			expose = rest
		case "COPY":
			if strings.Contains(rest, "--from=") {
				continue
			}
			fields := strings.Fields(rest)
			for _, src := range fields[:len(fields)-1] {
				if strings.HasPrefix(src, "--") {
					continue
				}
				if _, err := os.Stat(filepath.Join("../..", src)); err != nil {
					t.Errorf("the Dockerfile copies %s, which is not in the repository", src)
				}
			}
		case "RUN":
			if strings.Contains(rest, "go build") {
				if !strings.Contains(rest, "./cmd/signpost") || !strings.Contains(rest, "-X main.commitStamp=") {
					t.Errorf("the build does not make ./cmd/signpost with its commit stamped: %s", rest)
				}
				_ = commitStamp // the variable the stamp sets must exist
			}
		}
	}
	if len(entry) != 1 || entry[0] != "/usr/local/bin/signpost" {
		t.Fatalf("ENTRYPOINT = %v, want the binary the build copies to /usr/local/bin/signpost", entry)
	}
	runsAsSignpost(t, "the image's CMD", cmd)
	if len(health) < 2 || health[0] != entry[0] {
		t.Fatalf("HEALTHCHECK = %v, want signpost itself (the image has no curl)", health)
	}
	runsAsSignpost(t, "the health check", health[1:])
	if user == "" || user == "root" || user == "0" {
		t.Errorf("the image runs as %q, want a user without privileges", user)
	}

	// The config the image carries loads, and keeps its records on a volume.
	f, err := os.Open("../../deploy/config.docker.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := config.Read("config.docker.yaml", f)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		t.Fatalf("the image's config: %v", err)
	}
	onVolume := func(p string) bool {
		for _, v := range volumes {
			if p == v || strings.HasPrefix(p, v+"/") {
				return true
			}
		}
		return false
	}
	for _, p := range []string{cfg.DataDir, cfg.IndexDir} {
		if !onVolume(p) {
			t.Errorf("the image keeps %s, which is not on a volume (%v): it would be lost with the container", p, volumes)
		}
	}
	_, port, _ := strings.Cut(cfg.Addr, ":")
	if expose != port || !strings.Contains(strings.Join(health, " "), "127.0.0.1:"+port+"/healthz") {
		t.Errorf("the image listens on %s, exposes %s and checks health at %v: they must agree", cfg.Addr, expose, health)
	}
}

// The systemd unit runs a real command, as a user of its own, and waits
// longer than serve's shutdown grace before killing it.
func TestSystemdUnitRunsWhatExists(t *testing.T) {
	data, err := os.ReadFile("../../deploy/signpost.service")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			keys[k] = v
		}
	}
	exec := strings.Fields(keys["ExecStart"])
	if len(exec) < 2 || exec[0] != "/usr/local/bin/signpost" {
		t.Fatalf("ExecStart = %q, want /usr/local/bin/signpost and a command", keys["ExecStart"])
	}
	runsAsSignpost(t, "the unit's ExecStart", exec[1:])
	if u := keys["User"]; u == "" || u == "root" {
		t.Errorf("the unit runs as %q, want a user of its own", u)
	}
	if keys["EnvironmentFile"] == "" {
		t.Error("the unit has no EnvironmentFile: the tokens must come from the environment")
	}
	stop, err := strconv.Atoi(strings.TrimSuffix(keys["TimeoutStopSec"], "s"))
	if err != nil || time.Duration(stop)*time.Second <= shutdownGrace {
		t.Errorf("TimeoutStopSec = %q, want more than serve's shutdown grace (%v), or answers in flight are killed", keys["TimeoutStopSec"], shutdownGrace)
	}
	if regexp.MustCompile(`(?m)^Environment=.*(TOKEN|SECRET)`).Match(data) {
		t.Error("a secret is written into the unit itself")
	}
}

func TestHealth(t *testing.T) {
	var notReady atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		if notReady.Load() {
			http.Error(w, "loading knowledge", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer srv.Close()
	if out, errOut, code := runCmd(t, "", "health", "--url", srv.URL+"/healthz"); code != 0 || out != "ok\n" {
		t.Errorf("health on a ready Signpost = exit %d %q %q", code, out, errOut)
	}
	notReady.Store(true)
	if _, errOut, code := runCmd(t, "", "health", "--url", srv.URL+"/healthz"); code != 1 || !strings.Contains(errOut, "not ready (503 Service Unavailable): loading knowledge") {
		t.Errorf("health while loading = exit %d %q", code, errOut)
	}
	url := srv.URL
	srv.Close()
	if _, errOut, code := runCmd(t, "", "health", "--url", url+"/healthz", "--timeout", "1s"); code != 1 || !strings.Contains(errOut, "no answer from") {
		t.Errorf("health with nothing running = exit %d %q", code, errOut)
	}
}
