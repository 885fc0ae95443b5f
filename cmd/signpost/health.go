package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// runHealth asks a running Signpost whether it is ready, for a container's
// health check or a monitor: the smallest images have no curl.
func runHealth(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "health", "[--url URL]\n\nAsks a running Signpost's /healthz whether it is ready, and exits 0 if it is, 1 if\nnot (still loading its knowledge, or not running). For health checks.")
	url := fs.String("url", "http://127.0.0.1:3000/healthz", "the `URL` of Signpost's /healthz")
	timeout := fs.Duration("timeout", 5*time.Second, "`duration` to wait for an answer")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return exitError{code: 2, msg: fmt.Sprintf("signpost health: %q is not a URL: %v", *url, err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("signpost health: no answer from %s: %v", *url, err)}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	said := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return exitError{code: 1, msg: fmt.Sprintf("signpost health: not ready (%s): %s", resp.Status, said)}
	}
	fmt.Fprintln(e.stdout, firstSet(said, "ok"))
	return nil
}
