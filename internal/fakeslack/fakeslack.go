// Package fakeslack is a fake Slack on loopback for tests: a Web API that
// records every call, response URLs, and a Socket Mode websocket speaking
// the envelope protocol. Point slack-go at URL() with OptionAPIURL.
package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// Call is one request the fake received.
type Call struct {
	Method string         // Web API method ("chat.postMessage"), or "response_url"
	Form   url.Values     // form-encoded parameters
	JSON   map[string]any // JSON body, when there was one
	At     time.Time
}

// Param returns a parameter from the form or the JSON body.
func (c Call) Param(name string) string {
	if v := c.Form.Get(name); v != "" {
		return v
	}
	if v, ok := c.JSON[name]; ok {
		switch v := v.(type) {
		case string:
			return v
		default:
			return marshal(v)
		}
	}
	return ""
}

// marshal encodes JSON as Slack sends it, without escaping <, > and &.
func marshal(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

// Blocks returns the call's blocks as decoded JSON.
func (c Call) Blocks() []map[string]any {
	var out []map[string]any
	raw := c.Param("blocks")
	if raw == "" {
		return nil
	}
	_ = json.Unmarshal([]byte(raw), &out)
	return out
}

// Fake is the fake Slack.
type Fake struct {
	srv *httptest.Server

	mu       sync.Mutex
	calls    []Call
	failures map[string][]Failure
	messages []postedMessage
	notify   chan Call
	lastTS   int64 // microseconds of the last message timestamp given

	groups map[string]Group
	// tokens, once set, are the only tokens the fake accepts, each with
	// the scopes it was granted.
	tokens map[string][]string
	// notMember are channels the bot has not been invited to; missing are
	// channels that do not exist (or that the bot cannot see).
	notMember map[string]bool
	missing   map[string]bool
	// responseUses counts posts to each response_url: Slack allows five.
	responseUses map[string]int
	rejections   []Rejection
	delays       map[string]time.Duration
	// inFlight counts Web API calls being handled, so a test can wait
	// for Slack to finish what an old process sent before it exited.
	inFlight atomic.Int64
	faults   *Faults
	rng      *rand.Rand
	// limited are channels over Slack's per-channel posting limit.
	limited map[string]*channelLimit

	wsMu    sync.Mutex
	conns   []*websocket.Conn
	acks    chan Ack
	connect chan struct{}
}

// Failure makes the next call of a method fail.
type Failure struct {
	Status     int           // HTTP status, e.g. 429 or 500; 0 for Slack's usual 200 with ok:false
	RetryAfter time.Duration // for 429
	// Error is Slack's error code ("invalid_auth", "not_in_channel"); with
	// Status 0 it comes back with HTTP 200, as Slack sends its errors.
	Error string
	// Posted makes a failed chat.postMessage still post the message, as
	// Slack sometimes does.
	Posted bool
}

// Rejection is a call the fake refused because Slack would have: a
// payload that breaks Block Kit's rules, or a post where the bot may not.
type Rejection struct {
	Method string
	Error  string // Slack's error code, e.g. invalid_blocks
	Detail string // which rules were broken
}

// Group is a Slack user group.
type Group struct {
	ID, Handle string
	Users      []string
}

// SetGroups sets the workspace's user groups.
func (f *Fake) SetGroups(gs ...Group) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups = map[string]Group{}
	for _, g := range gs {
		f.groups[g.ID] = g
	}
}

// SetTokens makes the fake check tokens as Slack does: every call must
// carry one of these (as a bearer token or a token parameter), each
// response names the token's scopes in X-OAuth-Scopes, and a method the
// token lacks the scope for fails with missing_scope. Until it is called
// any token, or none, is accepted.
func (f *Fake) SetTokens(tokens map[string][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens = tokens
}

// methodScopes are the scopes Slack asks of each Web API method Signpost
// calls (any one of them will do: the history methods need the one for
// the kind of conversation). Methods not listed need none.
var methodScopes = map[string][]string{
	"chat.postMessage":      {"chat:write"},
	"chat.postEphemeral":    {"chat:write"},
	"chat.update":           {"chat:write"},
	"chat.delete":           {"chat:write"},
	"reactions.add":         {"reactions:write"},
	"reactions.remove":      {"reactions:write"},
	"usergroups.list":       {"usergroups:read"},
	"usergroups.users.list": {"usergroups:read"},
	"users.info":            {"users:read"},
	"apps.connections.open": {"connections:write"},
	"conversations.history": {"channels:history", "groups:history", "im:history", "mpim:history"},
	"conversations.replies": {"channels:history", "groups:history", "im:history", "mpim:history"},
}

// historyScope is the history scope a conversation's id asks for: C for
// public channels, G for private ones, D for direct messages.
func historyScope(channel string) string {
	switch {
	case strings.HasPrefix(channel, "G"):
		return "groups:history"
	case strings.HasPrefix(channel, "D"):
		return "im:history"
	}
	return "channels:history"
}

// authorise checks a call's token as Slack would, and says Slack's error
// code when it fails; the granted scopes go in the response's header.
func (f *Fake) authorise(w http.ResponseWriter, r *http.Request, c Call) (code string, resp map[string]any) {
	f.mu.Lock()
	tokens := f.tokens
	f.mu.Unlock()
	if tokens == nil {
		return "", nil
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = c.Param("token")
	}
	scopes, ok := tokens[token]
	switch {
	case token == "":
		return "not_authed", nil
	case !ok:
		return "invalid_auth", nil
	}
	w.Header().Set("X-OAuth-Scopes", strings.Join(scopes, ","))
	need := methodScopes[c.Method]
	if strings.HasPrefix(c.Method, "conversations.") && need != nil {
		need = []string{historyScope(c.Param("channel"))}
	}
	if len(need) > 0 && !slices.ContainsFunc(need, func(n string) bool { return slices.Contains(scopes, n) }) {
		return "missing_scope", map[string]any{"ok": false, "error": "missing_scope", "needed": strings.Join(need, ","), "provided": strings.Join(scopes, ",")}
	}
	return "", nil
}

// nextFailure is how a call is to fail, if it is: one set by Fail, the
// channel's rate limit, or a random fault.
func (f *Fake) nextFailure(c Call) *Failure {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fs := f.failures[c.Method]; len(fs) > 0 {
		f.failures[c.Method] = fs[1:]
		return &fs[0]
	}
	if lim := f.limited[c.Param("channel")]; c.Method == "chat.postMessage" && lim != nil && lim.refusals > 0 {
		// Slack limits chat.postMessage per channel: this one is over.
		lim.refusals--
		return &Failure{Status: http.StatusTooManyRequests, RetryAfter: lim.retryAfter, Error: "ratelimited"}
	}
	return f.randomFault(c.Method)
}

// unauthorised answers a call whose token Slack would refuse, and says
// whether it did.
func (f *Fake) unauthorised(w http.ResponseWriter, r *http.Request, c Call) bool {
	code, resp := f.authorise(w, r, c)
	if code == "" {
		return false
	}
	f.reject(Rejection{Method: c.Method, Error: code})
	if resp == nil {
		resp = map[string]any{"ok": false, "error": code}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
	return true
}

// Ack is a Socket Mode acknowledgement the bot sent.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage
}

type postedMessage struct {
	channel, thread, ts string
	metadata            map[string]any
}

// New starts a fake Slack on loopback.
func New() *Fake {
	f := &Fake{failures: map[string][]Failure{}, delays: map[string]time.Duration{}, notMember: map[string]bool{}, missing: map[string]bool{}, responseUses: map[string]int{}, notify: make(chan Call, 1024), acks: make(chan Ack, 1024), connect: make(chan struct{}, 16)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", f.api)
	mux.HandleFunc("/response/", f.response)
	mux.HandleFunc("/ws", f.websocket)
	f.srv = httptest.NewServer(mux)
	return f
}

// Close stops the fake.
func (f *Fake) Close() {
	f.wsMu.Lock()
	for _, c := range f.conns {
		c.Close()
	}
	f.wsMu.Unlock()
	f.srv.Close()
}

// URL is the Web API base URL, ending in "/api/".
func (f *Fake) URL() string { return f.srv.URL + "/api/" }

// ResponseURL is a response_url the fake accepts.
func (f *Fake) ResponseURL(id string) string { return f.srv.URL + "/response/" + id }

type channelLimit struct {
	retryAfter time.Duration
	refusals   int
}

// RateLimit makes the next n chat.postMessage calls to channel fail with
// 429 and Retry-After, as Slack's per-channel limit does; other channels
// are not affected.
func (f *Fake) RateLimit(channel string, retryAfter time.Duration, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.limited == nil {
		f.limited = map[string]*channelLimit{}
	}
	f.limited[channel] = &channelLimit{retryAfter: retryAfter, refusals: n}
}

// Fail makes the next calls of method fail, one Failure each.
func (f *Fake) Fail(method string, fs ...Failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], fs...)
}

// Calls returns the calls so far of the given methods (all when none given).
func (f *Fake) Calls(methods ...string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until n calls of method have arrived, or timeout.
func (f *Fake) WaitFor(method string, n int, timeout time.Duration) ([]Call, error) {
	deadline := time.After(timeout)
	for {
		if cs := f.Calls(method); len(cs) >= n {
			return cs, nil
		}
		select {
		case <-f.notify:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			return f.Calls(method), fmt.Errorf("waited %v for %d %s calls, got %d", timeout, n, method, len(f.Calls(method)))
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *Fake) record(c Call) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	select {
	case f.notify <- c:
	default:
	}
}

func (f *Fake) api(w http.ResponseWriter, r *http.Request) {
	f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	c := Call{Method: method, At: time.Now()}
	body, _ := io.ReadAll(r.Body)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	f.record(c)
	if f.unauthorised(w, r, c) {
		return
	}

	f.mu.Lock()
	delay := f.delays[method]
	f.mu.Unlock()
	time.Sleep(delay)
	fail := f.nextFailure(c)
	if fail != nil {
		if fail.Posted && method == "chat.postMessage" {
			f.post(c)
		}
		code := fail.Error
		if code == "" {
			code = "fake_failure"
		}
		if fail.Status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", fmt.Sprint(int(fail.RetryAfter.Seconds())))
		}
		w.Header().Set("Content-Type", "application/json")
		if fail.Status != 0 {
			w.WriteHeader(fail.Status)
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": code})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if code, detail := f.refuse(c); code != "" {
		f.reject(Rejection{Method: method, Error: code, Detail: detail})
		resp := map[string]any{"ok": false, "error": code}
		if detail != "" {
			resp["errors"] = []string{detail}
		}
		json.NewEncoder(w).Encode(resp)
		return
	}
	switch method {
	case "auth.test":
		io.WriteString(w, `{"ok":true,"url":"https://fake.slack.com/","team":"Fake NHS Trust","user":"signpost","team_id":"T0FAKE","user_id":"U0BOT","bot_id":"B0BOT"}`)
	case "chat.postMessage":
		ts := f.post(c)
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, c.Param("channel"), ts)
	case "chat.postEphemeral":
		f.mu.Lock()
		ts := f.nextTS()
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"message_ts":%q}`, ts)
	case "chat.update":
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, c.Param("channel"), c.Param("ts"))
	case "conversations.replies", "conversations.history":
		f.history(w, c)
	case "apps.connections.open":
		fmt.Fprintf(w, `{"ok":true,"url":%q}`, "ws"+strings.TrimPrefix(f.srv.URL, "http")+"/ws")
	case "views.publish", "views.open", "views.update", "views.push":
		io.WriteString(w, `{"ok":true,"view":{"id":"V0FAKE"}}`)
	case "usergroups.list":
		f.mu.Lock()
		var gs []map[string]any
		for _, g := range f.groups {
			gs = append(gs, map[string]any{"id": g.ID, "handle": g.Handle, "name": g.Handle})
		}
		f.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "usergroups": gs})
	case "usergroups.users.list":
		f.mu.Lock()
		g, ok := f.groups[c.Param("usergroup")]
		f.mu.Unlock()
		if !ok {
			io.WriteString(w, `{"ok":false,"error":"no_such_subteam"}`)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "users": g.Users})
	default:
		io.WriteString(w, `{"ok":true}`)
	}
}

// refuse says why Slack would refuse a call (its error code and what was
// wrong), or "" when Slack would accept it.
func (f *Fake) refuse(c Call) (code, detail string) {
	switch c.Method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update", "conversations.history", "conversations.replies":
		ch := c.Param("channel")
		f.mu.Lock()
		missing, notMember := f.missing[ch], f.notMember[ch]
		f.mu.Unlock()
		switch {
		case ch == "" || missing:
			return "channel_not_found", ""
		case notMember:
			return "not_in_channel", ""
		}
	}
	switch c.Method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update":
		if c.Method == "chat.postEphemeral" && c.Param("user") == "" {
			return "user_not_found", "" // chat.postEphemeral: user is required
		}
		text, blocks := c.Param("text"), c.Param("blocks")
		if strings.TrimSpace(text) == "" && (blocks == "" || blocks == "null" || blocks == "[]") {
			return "no_text", "" // chat.postMessage: text, blocks or attachments are required
		}
		if err := CheckMessage(text, []byte(blocks)); err != nil {
			if utf8.RuneCountInString(text) > maxMessageText {
				return "msg_too_long", err.Error()
			}
			return "invalid_blocks", err.Error()
		}
	case "views.open", "views.publish", "views.update", "views.push":
		if err := CheckView([]byte(c.Param("view"))); err != nil {
			return "invalid_blocks", err.Error()
		}
	}
	return "", ""
}

func (f *Fake) reject(r Rejection) {
	f.mu.Lock()
	f.rejections = append(f.rejections, r)
	f.mu.Unlock()
}

// Rejections returns the calls the fake refused as Slack would have.
func (f *Fake) Rejections() []Rejection {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Rejection(nil), f.rejections...)
}

// Faults make chat.postMessage fail at random, as a busy Slack does.
type Faults struct {
	RateLimited float64       // share answered 429 with Retry-After
	RetryAfter  time.Duration // for those
	ServerError float64       // share answered 500, not posted
	AfterPost   float64       // share answered 500 although the message was posted
	Seed        uint64
}

// SetFaults makes chat.postMessage fail at random from now on.
func (f *Fake) SetFaults(fs Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = &fs
	f.rng = rand.New(rand.NewPCG(fs.Seed, 1))
}

// randomFault picks a failure for a call, or nil. Call with mu held.
func (f *Fake) randomFault(method string) *Failure {
	if f.faults == nil || method != "chat.postMessage" {
		return nil
	}
	x := f.rng.Float64()
	switch fs := f.faults; {
	case x < fs.RateLimited:
		return &Failure{Status: http.StatusTooManyRequests, RetryAfter: fs.RetryAfter}
	case x < fs.RateLimited+fs.ServerError:
		return &Failure{Status: http.StatusInternalServerError}
	case x < fs.RateLimited+fs.ServerError+fs.AfterPost:
		return &Failure{Status: http.StatusInternalServerError, Posted: true}
	}
	return nil
}

// Settle waits until every Web API call already received has been
// handled, as Slack finishes the requests of a process that has exited
// before that process can start again.
func (f *Fake) Settle() {
	for f.inFlight.Load() > 0 {
		time.Sleep(5 * time.Millisecond)
	}
}

// SetDelay makes every call of a method take this long, as a slow Slack
// would.
func (f *Fake) SetDelay(method string, d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delays[method] = d
}

// SetNotMember makes channels ones the bot has not been invited to:
// posting and reading history there fail with not_in_channel.
func (f *Fake) SetNotMember(channels ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range channels {
		f.notMember[ch] = true
	}
}

// SetMissing makes channels unknown to the bot: calls fail with
// channel_not_found.
func (f *Fake) SetMissing(channels ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range channels {
		f.missing[ch] = true
	}
}

// nextTS returns a message timestamp as Slack makes them: the time in
// seconds and microseconds, unique and increasing. Call with mu held.
func (f *Fake) nextTS() string {
	now := time.Now().UnixMicro()
	if now <= f.lastTS {
		now = f.lastTS + 1
	}
	f.lastTS = now
	return fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
}

func (f *Fake) post(c Call) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ts := f.nextTS()
	var meta struct {
		EventPayload map[string]any `json:"event_payload"`
	}
	_ = json.Unmarshal([]byte(c.Param("metadata")), &meta)
	f.messages = append(f.messages, postedMessage{channel: c.Param("channel"), thread: c.Param("thread_ts"), ts: ts, metadata: meta.EventPayload})
	return ts
}

// history answers conversations.history (newest first) and
// conversations.replies (oldest first), honouring oldest (exclusive unless
// inclusive) and limit as Slack does, one page only: a caller that reads
// just the first page of a long thread sees only its first messages.
func (f *Fake) history(w http.ResponseWriter, c Call) {
	oldest := c.Param("oldest")
	inclusive := c.Param("inclusive") == "true" || c.Param("inclusive") == "1"
	limit := 100
	if n, err := strconv.Atoi(c.Param("limit")); err == nil && n > 0 {
		limit = n
	}
	f.mu.Lock()
	var msgs []map[string]any
	for _, m := range f.messages {
		if m.channel != c.Param("channel") || (c.Method == "conversations.replies" && m.thread != c.Param("ts")) {
			continue
		}
		if oldest != "" && (tsLess(m.ts, oldest) || m.ts == oldest && !inclusive) {
			continue
		}
		msg := map[string]any{"type": "message", "ts": m.ts, "user": "U0BOT"}
		if m.metadata != nil {
			msg["metadata"] = map[string]any{"event_type": "signpost_reply", "event_payload": m.metadata}
		}
		msgs = append(msgs, msg)
	}
	f.mu.Unlock()
	if c.Method == "conversations.history" {
		slices.Reverse(msgs)
	}
	more := len(msgs) > limit
	if more {
		msgs = msgs[:limit]
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": msgs, "has_more": more})
}

// tsLess compares Slack timestamps ("1700000000.000100") as numbers.
func tsLess(a, b string) bool {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	if len(as) != len(bs) {
		return len(as) < len(bs)
	}
	if as != bs {
		return as < bs
	}
	return af < bf
}

// PostInThread adds n messages to a thread as other people would have at
// the time given, a microsecond apart, so that tests can make threads long.
func (f *Fake) PostInThread(channel, thread string, n int, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range n {
		us := at.UnixMicro() + int64(i)
		f.messages = append(f.messages, postedMessage{channel: channel, thread: thread, ts: fmt.Sprintf("%d.%06d", us/1e6, us%1e6)})
	}
}

// maxResponseUses is how often a response_url may be used: "up to five
// times within 30 minutes" (https://docs.slack.dev/interactivity/handling-user-interaction).
const maxResponseUses = 5

func (f *Fake) response(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	c := Call{Method: "response_url", At: time.Now(), Form: url.Values{"id": {id}}}
	body, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(body, &c.JSON)
	f.record(c)
	f.mu.Lock()
	f.responseUses[id]++
	uses := f.responseUses[id]
	var fail *Failure
	if fs := f.failures["response_url"]; len(fs) > 0 {
		fail = &fs[0]
		f.failures["response_url"] = fs[1:]
	}
	f.mu.Unlock()
	if fail != nil {
		// Status 0 is Slack's usual 400 with the error code as text; 200
		// is the JSON error some response URLs answer with.
		switch fail.Status {
		case 0:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, fail.Error)
		case http.StatusOK:
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": fail.Error})
		default:
			w.WriteHeader(fail.Status)
			io.WriteString(w, fail.Error)
		}
		return
	}
	if uses > maxResponseUses {
		f.reject(Rejection{Method: "response_url", Error: "used_url"})
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "used_url")
		return
	}
	deleting, _ := c.JSON["delete_original"].(bool)
	if !deleting {
		// Webhook-style endpoints answer a bad payload with 400 and the
		// error code as plain text.
		text, _ := c.JSON["text"].(string)
		blocks, _ := json.Marshal(c.JSON["blocks"])
		if c.JSON["blocks"] == nil {
			blocks = nil
		}
		code, detail := "", ""
		if strings.TrimSpace(text) == "" && len(blocks) == 0 {
			code = "no_text"
		} else if err := CheckMessage(text, blocks); err != nil {
			code, detail = "invalid_blocks", err.Error()
		}
		if code != "" {
			f.reject(Rejection{Method: "response_url", Error: code, Detail: detail})
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, code)
			return
		}
	}
	io.WriteString(w, "ok")
}

// The real Slack does not check the origin of its own clients; neither does the fake.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (f *Fake) websocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	f.wsMu.Lock()
	f.conns = append(f.conns, conn)
	f.wsMu.Unlock()
	conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A0FAKE"}})
	select {
	case f.connect <- struct{}{}:
	default:
	}
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &a) == nil && a.EnvelopeID != "" {
			f.acks <- Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload}
		}
	}
}

// WaitConnected waits for a Socket Mode client to connect.
func (f *Fake) WaitConnected(timeout time.Duration) error {
	select {
	case <-f.connect:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("no socket mode connection within %v", timeout)
	}
}

// Send sends a raw Socket Mode message to every connected client.
func (f *Fake) Send(msg any) error {
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	if len(f.conns) == 0 {
		return fmt.Errorf("no socket mode client connected")
	}
	for _, c := range f.conns {
		if err := c.WriteJSON(msg); err != nil {
			return err
		}
	}
	return nil
}

// DropConnections closes every websocket, as a network fault would.
func (f *Fake) DropConnections() {
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	for _, c := range f.conns {
		c.Close()
	}
	f.conns = nil
	for len(f.connect) > 0 { // forget connections made before the drop
		<-f.connect
	}
}

// WaitAck waits for the acknowledgement of an envelope.
func (f *Fake) WaitAck(envelopeID string, timeout time.Duration) (Ack, error) {
	deadline := time.After(timeout)
	for {
		select {
		case a := <-f.acks:
			if a.EnvelopeID == envelopeID {
				return a, nil
			}
		case <-deadline:
			return Ack{}, fmt.Errorf("no ack for envelope %s within %v", envelopeID, timeout)
		}
	}
}

// PostedKeys counts the messages Slack kept, by the posting key Signpost
// put in their metadata ("Ev1#0"; "" for messages without one).
func (f *Fake) PostedKeys() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, m := range f.messages {
		k, _ := m.metadata["key"].(string)
		out[k]++
	}
	return out
}

// Duplicates returns the posting keys of messages kept more than once:
// answers posted twice.
func (f *Fake) Duplicates() []string {
	var out []string
	for k, n := range f.PostedKeys() {
		if k != "" && n > 1 {
			out = append(out, k)
		}
	}
	return out
}
