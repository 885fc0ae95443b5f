// Package slackbot puts Signpost into Slack: @mentions in channels, direct
// messages, the /signpost command, buttons and the App Home tab, over
// Socket Mode or HTTP. It is a transport and a renderer: every answer comes
// from answer.Answerer, the same one the console uses.
package slackbot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/store"
)

// API is the part of Slack's Web API Signpost calls; *slack.Client has it.
type API interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	AddReactionContext(ctx context.Context, name string, item slack.ItemRef) error
	RemoveReactionContext(ctx context.Context, name string, item slack.ItemRef) error
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	GetUserGroupsContext(ctx context.Context, options ...slack.GetUserGroupsOption) ([]slack.UserGroup, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error)
}

var _ API = (*slack.Client)(nil)

// Recorder keeps what champions need to see: questions Signpost could not
// answer and feedback on answers. *store.Store is one.
type Recorder interface {
	RecordGap(key, question, topic, area string, near []string, unhelpful bool, at time.Time) error
	RecordFeedback(f store.Feedback) error
}

// Options configure a Bot.
type Options struct {
	Render  Renderer
	Logger  *slog.Logger
	Metrics *Metrics
	// Store keeps questions asked, gaps, feedback and the audit of
	// changes; nil: nothing is kept.
	Store   Store
	Workers int // answers worked on at once; 8 when zero
	// PerUser and PerChannel bound how fast one person or one channel is
	// answered (20 at once then one every 3 s; 120 then two a second, when
	// zero). A message about a person at risk is always answered.
	PerUser, PerChannel Rate
	HTTP                *http.Client // for response_url posts; http.DefaultClient when nil
	// Champions say who may change the knowledge, and where to tell them
	// things.
	Champions Champions
	// Editor writes champions' entries; nil when there is no knowledge
	// directory (the built-in knowledge).
	Editor *knowledge.Editor
	// Reloader rebuilds the knowledge and swaps it in, and patches in a
	// champion's entry at once. Nil when Signpost has no knowledge
	// directory (see SetReloader).
	Reloader Reloader
	// ReactAfter is how long an answer may take before Signpost shows 👀
	// on the question: a reaction costs two API calls, and most answers
	// arrive before anyone would notice it. Zero means one second;
	// negative, at once.
	ReactAfter time.Duration
	// Threads and DMs remember their conversations (see answer.Continue);
	// defaults when nil: 10,000 threads for 2 hours, 10,000 DMs for 30
	// minutes.
	Threads, DMs *answer.Conversations
}

// How much of recent conversations is remembered by default.
const (
	maxConversations = 10000
	threadMemory     = 2 * time.Hour
	dmMemory         = 30 * time.Minute
)

// Bot handles Slack events, commands and interactions. Transports call
// its Handle methods, which return at once; the work is done in the
// background, bounded by Workers, and Shutdown waits for it.
type Bot struct {
	api      API
	answerer atomic.Pointer[answer.Answerer]
	opt      Options
	log      *slog.Logger
	metrics  *Metrics
	seen     *dedupe
	sem      chan struct{}
	wg       sync.WaitGroup
	ctx      context.Context // for background work; cancelled when Shutdown gives up
	cancel   context.CancelFunc
	closing  atomic.Bool
	botUser  string
	botID    string
	posting  poster
	clock    clock
	budgets  *budgets
	homeMu   sync.Mutex
	home     *slack.HomeTabViewRequest
	homeFor  *answer.Answerer
	group    groupCache
	// convLocks serialise the messages of one conversation (by a hash of
	// its key), so that one's context is not lost under another's.
	convLocks [64]sync.Mutex
	// records queue writes to the store, off the answer path.
	records       chan record
	recordsDone   chan struct{}
	recordsMu     sync.RWMutex
	recordsClosed bool
	// linked maps the keys of wordings champions linked to the entry
	// each was linked to, so that asking one again (and getting that
	// entry) is counted without reading the store on every question.
	linked sync.Map
	// linkMu makes links one at a time: two champions adding wordings to
	// one entry at once must not save over each other.
	linkMu sync.Mutex
}

// New makes a Bot answering from a.
func New(api API, a *answer.Answerer, opt Options) *Bot {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Metrics == nil {
		opt.Metrics = NewMetrics()
	}
	if opt.Workers <= 0 {
		opt.Workers = 8
	}
	if opt.HTTP == nil {
		opt.HTTP = http.DefaultClient
	}
	if opt.ReactAfter == 0 {
		opt.ReactAfter = time.Second
	}
	if opt.Threads == nil {
		opt.Threads = answer.NewConversations(maxConversations, threadMemory)
	}
	if opt.DMs == nil {
		opt.DMs = answer.NewConversations(maxConversations, dmMemory)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &Bot{
		api:     api,
		opt:     opt,
		log:     opt.Logger.With("component", "slack"),
		metrics: opt.Metrics,
		seen:    newDedupe(10 * time.Minute),
		budgets: newBudgets(opt.PerUser, opt.PerChannel),
		clock:   realClock,
		sem:     make(chan struct{}, opt.Workers),
		ctx:     ctx,
		cancel:  cancel,
	}
	b.posting = poster{api: api, metrics: opt.Metrics, log: b.log, gates: &channelGates{}}
	b.answerer.Store(a)
	b.records, b.recordsDone = make(chan record, recordQueue), make(chan struct{})
	go b.writeRecords()
	return b
}

// Start asks Slack who the bot is, so it can ignore its own messages.
func (b *Bot) Start(ctx context.Context) error {
	resp, err := b.api.AuthTestContext(ctx)
	if err != nil {
		b.metrics.apiError("auth.test")
		return fmt.Errorf("checking SLACK_BOT_TOKEN with Slack (auth.test): %w", err)
	}
	b.botUser, b.botID = resp.UserID, resp.BotID
	b.log.Info("connected to Slack", "team", resp.Team, "bot_user", resp.UserID)
	b.checkChampionsChannel(ctx)
	b.loadLinked()
	b.loadReplayKeys()
	return nil
}

// loadReplayKeys reads the events answered and forms taken in the last
// minutes before a restart (the store keeps them with the journal's
// Answered, in the same write), so that replaying one across it has no
// effect.
func (b *Bot) loadReplayKeys() {
	type recent interface {
		RecentUses(now time.Time, ttl time.Duration) (map[string]time.Time, error)
	}
	st, ok := b.opt.Store.(recent)
	if !ok {
		return
	}
	keys, err := st.RecentUses(time.Now(), replayWindow)
	if err != nil {
		b.log.Warn("could not read the requests seen before the restart", "err", err)
		return
	}
	for k, at := range keys {
		b.seen.remember(k, at)
	}
	// Questions journalled and not yet answered are taken up by Resume:
	// the same events sent again are replays of those.
	if j, ok := b.opt.Store.(journal); ok {
		if pending, err := j.PendingQuestions(); err == nil {
			for _, p := range pending {
				b.seen.remember("event:"+p.Key, p.At)
			}
		}
	}
}

// loadLinked reads the keys of linked wordings from the store.
func (b *Bot) loadLinked() {
	if b.opt.Store == nil {
		return
	}
	gaps, err := b.opt.Store.Gaps(true)
	if err != nil {
		b.log.Warn("could not read linked gaps; asking them again is not counted until one is linked", "err", err)
		return
	}
	for _, g := range gaps {
		if g.Linked != "" {
			b.noteLinked(g.AskKey, g.Linked)
		}
	}
}

// noteLinked counts later questions with this key answered with entry as
// a linked wording asked again.
func (b *Bot) noteLinked(key, entry string) {
	if key != "" {
		b.linked.Store(key, entry)
	}
}

// askedAgain is the linked wording's key when a reply answers one with the
// entry it was linked to; "" otherwise.
func (b *Bot) askedAgain(r *answer.Reply) string {
	if r.Key == "" || !r.Answered || len(r.Results) == 0 {
		return ""
	}
	if entry, ok := b.linked.Load(r.Key); ok && entry == r.Results[0].ID {
		return r.Key
	}
	return ""
}

// checkChampionsChannel warns, once and plainly, when Signpost cannot post
// in the champions' channel: knowledge problems and the digest go there,
// and would otherwise vanish. Reading the channel's latest message needs
// only the history scopes Signpost has already, and fails with
// not_in_channel exactly when posting would.
func (b *Bot) checkChampionsChannel(ctx context.Context) {
	ch := b.opt.Champions.Channel
	if ch == "" {
		return
	}
	_, err := b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: ch, Limit: 1})
	switch {
	case err == nil:
	case notMember(err):
		b.log.Error("Signpost is not a member of the champions' channel, so knowledge problems and the digest cannot reach it: in Slack, open the channel and type /invite @Signpost",
			"channel", ch, "slack_error", slackError(err))
	default:
		b.log.Warn("could not check the champions' channel", "channel", ch, "err", err)
	}
}

// Reloader rebuilds the knowledge; *reload.Reloader is one.
type Reloader interface {
	Reload(ctx context.Context) error
	Patch(ctx context.Context, file, sum string, change func(context.Context, *answer.Answerer) (*answer.Answerer, error)) error
}

// SetReloader sets how the knowledge is rebuilt (after an edit, or
// /signpost reload). It is separate from New because the Reloader swaps
// into the Bot.
func (b *Bot) SetReloader(r Reloader) { b.opt.Reloader = r }

// SetAnswerer swaps in a new Answerer (after a knowledge reload).
// Questions already being answered finish with the old one.
func (b *Bot) SetAnswerer(a *answer.Answerer) { b.answerer.Store(a) }

// Answerer returns the Answerer in use.
func (b *Bot) Answerer() *answer.Answerer { return b.answerer.Load() }

// Shutdown stops taking new work and waits for work in flight until ctx
// ends; then it cancels what is left.
func (b *Bot) Shutdown(ctx context.Context) error {
	b.closing.Store(true)
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
		b.cancel()
		b.flushRecords(ctx)
		return nil
	case <-ctx.Done():
		b.cancel()
		b.flushRecords(ctx)
		return fmt.Errorf("answers still in flight at shutdown: %w", ctx.Err())
	}
}

// spawn runs fn in the background, at most Workers at once. It reports
// false when Signpost is shutting down and took no new work.
func (b *Bot) spawn(what string, fn func(ctx context.Context)) bool {
	if b.closing.Load() {
		b.log.Warn("shutting down; dropped work", "what", what)
		return false
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		select {
		case b.sem <- struct{}{}:
		case <-b.ctx.Done():
			return
		}
		// The slot is given back when the work ends, or earlier when it
		// only waits on Slack (a post retried after a rate limit): a
		// wait must not keep other conversations from their answers.
		var once sync.Once
		release := func() { once.Do(func() { <-b.sem }) }
		defer release()
		defer func() {
			// One bad message must never stop the bot.
			if r := recover(); r != nil {
				b.log.Error("panic while handling Slack input", "what", what, "panic", fmt.Sprint(r))
			}
		}()
		fn(withWorker(b.ctx, release))
	}()
	return true
}

type workerKey struct{}

// withWorker carries the release of a worker's slot in ctx.
func withWorker(ctx context.Context, release func()) context.Context {
	return context.WithValue(ctx, workerKey{}, release)
}

// releaseWorker gives back the worker slot ctx holds, if any: called
// before waiting on Slack. Giving it back twice is harmless.
func releaseWorker(ctx context.Context) {
	if release, ok := ctx.Value(workerKey{}).(func()); ok {
		release()
	}
}

// HandleEvent takes an Events API event (already acknowledged). eventID
// is the envelope's event_id, used to answer retries once.
func (b *Bot) HandleEvent(ev slackevents.EventsAPIEvent, eventID string) {
	if ev.Type != slackevents.CallbackEvent {
		return
	}
	if eventID != "" && !b.seen.first("event:"+eventID) {
		b.metrics.duplicate()
		return
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if b.ignore(e.User, e.BotID, "") {
			return
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		b.question("mention", target{channel: e.Channel, thread: thread, ts: e.TimeStamp, user: e.User, key: eventID}, e.Text)
	case *slackevents.MessageEvent:
		// A file shared in a DM comes as subtype file_share, with the
		// person's words as its text: answer those.
		subtype := e.SubType
		if subtype == "file_share" || subtype == "thread_broadcast" {
			// The person's words: a file's caption, or a thread reply
			// also sent to the channel.
			subtype = ""
		}
		if b.ignore(e.User, e.BotID, subtype) {
			return
		}
		t := target{channel: e.Channel, thread: e.ThreadTimeStamp, ts: e.TimeStamp, user: e.User, key: eventID}
		switch {
		case e.ChannelType == "im":
			b.question("dm", t, e.Text)
		case e.ThreadTimeStamp != "" && e.ThreadTimeStamp != e.TimeStamp && b.opt.Threads.Has(threadKey(e.Channel, e.ThreadTimeStamp)) &&
			readsAsQuestion(leadingMentions.ReplaceAllString(e.Text, "")):
			// A follow-up in a thread Signpost has answered in, without a
			// mention: only what reads as a question to it, not the
			// thread's other chatter.
			b.question("thread", t, e.Text)
		}
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab == "home" {
			b.spawn("app home", func(ctx context.Context) { b.publishHome(ctx, e.User) })
		}
	}
}

// ignore reports whether a message must not be answered: from a bot
// (including Signpost itself: reply loops), or an edit, deletion or other
// subtype.
func (b *Bot) ignore(user, botID, subtype string) bool {
	return botID != "" || subtype != "" || user == "" || (b.botUser != "" && user == b.botUser)
}

// target is where an answer goes.
type target struct {
	channel string
	thread  string // thread_ts to reply in, "" for none
	ts      string // the question's ts, for the 👀 reaction
	user    string
	key     string // idempotency key for posting (the event id)
	// resumed marks a question journalled before a restart; at is when it
	// first arrived.
	resumed bool
	at      time.Time
	// risk marks a resumed question about a person at risk, whose text
	// was never kept: it is answered with urgent help alone.
	risk bool
}

// question answers a message in a channel or DM.
func (b *Bot) question(source string, t target, text string) {
	// One mention can arrive as both app_mention and message: answer once.
	if !b.seen.first("msg:" + t.channel + ":" + t.ts) {
		b.metrics.duplicate()
		return
	}
	if t.key == "" {
		t.key = t.channel + ":" + t.ts
	}
	// The message is read once, here: redacted and its risk read, for the
	// budget, the journal and the answer alike.
	c := b.answerer.Load().Read(leadingMentions.ReplaceAllString(text, ""))
	if !t.resumed {
		switch b.withinBudget(t.user, t.channel, c, func(msg string) {
			b.spawn("slow down", func(ctx context.Context) {
				b.send(ctx, dest{channel: t.channel, thread: t.thread, user: t.user, key: t.key}, []Message{note(msg)})
			})
		}) {
		case budgetRefused:
			return
		case budgetUrgentOnly:
			t.risk = true // the urgent help alone, as for a resumed risk message
		}
	}
	// Slack has been told the question arrived: journal it (redacted) until
	// it is answered, so that a restart does not lose it.
	if !t.resumed {
		b.accept(source, t, c)
	}
	// The wait for a free worker counts towards the second before 👀.
	eyes := b.eyesAfter(b.ctx, slack.NewRefToMessage(t.channel, t.ts))
	started := b.spawn(source, func(ctx context.Context) {
		d := dest{channel: t.channel, thread: t.thread, user: t.user, key: t.key}
		if t.resumed {
			// Answered before a restart, perhaps, with the journal not yet
			// told: look before answering again.
			if seen, err := b.posting.posted(ctx, t.channel, t.thread, t.key+"#0", t.at.Add(-checkSkew), b.posting.backoff); err == nil && seen {
				b.answered(t.key)
				eyes.cancel()
				return
			}
		}
		var msgs []Message
		if t.risk {
			r := b.answerer.Load().UrgentHelp()
			if !t.resumed {
				r = b.urgentOnly()
			}
			b.metrics.urgentReply()
			msgs = b.opt.Render.Reply(r, RenderOptions{})
		} else if r, ok := b.converse(ctx, source, c, t); ok {
			if source == "thread" && !hasSomethingToSay(r) {
				// Nobody asked Signpost: a thread message it cannot help
				// with was probably for the people in the thread.
				eyes.cancel()
				b.answered(t.key)
				return
			}
			msgs = b.opt.Render.Reply(r, RenderOptions{Question: r.Question})
		} else {
			msgs = []Message{{Text: somethingWrong}}
		}
		delivered := b.send(ctx, d, msgs)
		eyes.done(ctx, delivered)
		if delivered || ctx.Err() == nil {
			b.answered(t.key) // delivered, or given up on for good
		}
	})
	if !started {
		eyes.cancel() // stays journalled: answered after the restart
	}
}

// What the budgets allow a question.
const (
	budgetAnswer     = iota
	budgetUrgentOnly // over budget, about a person at risk: the urgent help alone
	budgetRefused
)

// withinBudget says what a question may have now, telling the person
// (through tell, once a minute) when they or their channel have asked
// too fast. A message about a person at risk always gets the urgent help,
// whatever the budget; over it, the help alone and once a minute, so that
// risk words cannot be used to flood (the help costs no search).
func (b *Bot) withinBudget(user, channel string, c answer.Command, tell func(msg string)) int {
	ok, scope, telling := b.budgets.allow(user, channel)
	if ok {
		return budgetAnswer
	}
	if c.AtRisk() {
		if b.budgets.urgentAllowed(user) {
			return budgetUrgentOnly
		}
		b.metrics.throttled(scope)
		return budgetRefused
	}
	b.metrics.throttled(scope)
	if telling {
		tell(slowDown[scope])
	}
	return budgetRefused
}

// urgentOnly is the reply to a message about a person at risk from
// someone over their budget: every line of urgent help, no search.
func (b *Bot) urgentOnly() *answer.Reply {
	r := b.answerer.Load().UrgentHelp()
	r.Notice = "You've asked a lot in a short time, so only the urgent help is shown. Please ask your question again in a minute."
	return r
}

// journal is what the store keeps of questions until they are answered;
// *store.Store is one.
type journal interface {
	Accept(store.Pending) error
	Answered(key string) error
	PendingQuestions() ([]store.Pending, error)
}

func (b *Bot) accept(source string, t target, c answer.Command) {
	_, ok := b.opt.Store.(journal)
	if !ok {
		return
	}
	p := store.Pending{Key: t.key, Source: source, Channel: t.channel, Thread: t.thread, TS: t.ts, User: t.user,
		Text: privacy.Shareable(c.Redacted()), At: time.Now()}
	if c.AtRisk() { // read in the whole message, not the question kept of it
		// What a person at risk said is never written, not even until
		// it is answered (a deleted record stays readable in the store's
		// free pages): after a restart they get the urgent help alone.
		p.Text, p.Risk = "", true
	}
	// The write joins the store's queue rather than the acknowledgement's
	// path: Slack is answered within its 3 seconds even while another
	// process holds the store, and the queue keeps the journal's order (a
	// question's Accept always before its Answered). The answer never
	// waits for the journal; only a process killed while the store is held
	// and before the answer is posted loses the question.
	b.record("journal", func(st Store) error {
		if err := st.(journal).Accept(p); err != nil {
			return fmt.Errorf("journalling a question: %w", err)
		}
		return nil
	})
}

func (b *Bot) answered(key string) {
	if _, ok := b.opt.Store.(journal); ok {
		b.record("answered", func(st Store) error { return st.(journal).Answered(key) })
	}
}

// ResumeWindow is how old a question left unanswered by a restart may be
// and still be answered: after that the person has moved on.
const ResumeWindow = 30 * time.Minute

// Resume answers the questions journalled before a restart and not
// answered: those still recent, each once. It returns how many it took up
// and how many it let go as too old.
func (b *Bot) Resume(ctx context.Context) (resumed, expired int, err error) {
	j, ok := b.opt.Store.(journal)
	if !ok {
		return 0, 0, nil
	}
	pending, err := j.PendingQuestions()
	if err != nil {
		return 0, 0, fmt.Errorf("reading questions journalled before the restart: %w", err)
	}
	for _, p := range pending {
		if time.Since(p.At) > ResumeWindow {
			expired++
			if err := j.Answered(p.Key); err != nil {
				b.log.Warn("could not clear an old journalled question", "err", err)
			}
			continue
		}
		resumed++
		b.question(p.Source, target{channel: p.Channel, thread: p.Thread, ts: p.TS, user: p.User, key: p.Key, resumed: true, at: p.At, risk: p.Risk}, p.Text)
	}
	return resumed, expired, nil
}

const somethingWrong = "Sorry, something went wrong while I worked out an answer. Please try again in a moment."

// eyes is the 👀 on a question while Signpost works on it, shown only
// once the answer has taken longer than Options.ReactAfter.
type eyes struct {
	b     *Bot
	item  slack.ItemRef
	timer *time.Timer
	fired chan struct{} // closed once the reaction has been tried
	added bool
}

func (b *Bot) eyesAfter(ctx context.Context, item slack.ItemRef) *eyes {
	e := &eyes{b: b, item: item, fired: make(chan struct{})}
	add := func() {
		defer close(e.fired)
		if err := b.api.AddReactionContext(ctx, "eyes", item); err != nil {
			b.metrics.apiError("reactions.add")
			b.log.Debug("could not add reaction", "err", err)
			return
		}
		e.added = true
	}
	if b.opt.ReactAfter < 0 {
		add()
		return e
	}
	e.timer = time.AfterFunc(b.opt.ReactAfter, add)
	return e
}

// done takes the 👀 away once the answer has arrived. When it could not
// be delivered at all, a ⚠️ takes its place, so that the person is not
// left with silence; if even that fails the 👀 stays.
func (e *eyes) done(ctx context.Context, delivered bool) {
	if e.timer != nil && e.timer.Stop() {
		if !delivered {
			e.react(ctx, "warning")
		}
		return
	}
	<-e.fired
	if !delivered && !e.react(ctx, "warning") {
		return
	}
	if e.added {
		if err := e.b.api.RemoveReactionContext(ctx, "eyes", e.item); err != nil {
			e.b.metrics.apiError("reactions.remove")
			e.b.log.Debug("could not remove reaction", "err", err)
		}
	}
}

// cancel stops a 👀 that is not yet shown, for work that never started.
func (e *eyes) cancel() {
	if e.timer != nil {
		e.timer.Stop()
	}
}

func (e *eyes) react(ctx context.Context, name string) bool {
	if err := e.b.api.AddReactionContext(ctx, name, e.item); err != nil {
		e.b.metrics.apiError("reactions.add")
		e.b.log.Debug("could not add reaction", "err", err)
		return false
	}
	return true
}

// answer runs the answerer, records what champions need and logs the
// redacted question. It reports false if there was an internal error.
func (b *Bot) answer(ctx context.Context, source, text, user string) (*answer.Reply, bool) {
	c := b.answerer.Load().Read(leadingMentions.ReplaceAllString(text, ""))
	return b.answerWith(ctx, source, c, user, func(a *answer.Answerer, c answer.Command) (*answer.Reply, error) { return a.Do(ctx, c) })
}

// answerWith answers through do, and logs, counts and records the
// question as every answer is.
func (b *Bot) answerWith(ctx context.Context, source string, c answer.Command, user string, do func(*answer.Answerer, answer.Command) (*answer.Reply, error)) (*answer.Reply, bool) {
	start := time.Now()
	r, err := do(b.answerer.Load(), c)
	if err != nil {
		b.log.Error("could not answer", "source", source, "err", err)
		return nil, false
	}
	elapsed := time.Since(start)
	b.metrics.question(source, r, elapsed)
	top := ""
	if len(r.Results) > 0 {
		top = r.Results[0].ID
	}
	// A message about a person at risk, clear or possible, is counted,
	// never logged or kept in any form (a gap, a near miss, a linked
	// wording, a button's value): even redacted, it is someone's crisis.
	if r.AtRisk() {
		r.Question, r.Key = "", ""
		b.metrics.urgentReply()
	}
	question := r.Question
	b.log.Info("question", "source", source, "question", question, "kind", r.Kind, "answered", r.Answered,
		"top", top, "redacted", len(r.Redacted) > 0, "urgent", r.Urgent != nil, "possible_risk", r.Possible != nil, "ms", elapsed.Milliseconds())
	if r.Kind != answer.ReplyHelp && r.Kind != answer.ReplyGreeting && r.Kind != answer.ReplyEmpty && (source != "thread" || hasSomethingToSay(r)) {
		asked := store.Asked{At: time.Now(), Source: source, Answered: r.Answered, Kind: string(r.Kind),
			Top: top, Categories: r.Categories, Area: r.Place, Urgent: r.Urgent != nil, Linked: b.askedAgain(r)}
		b.record("question", func(st Store) error { return st.RecordQuestion(asked) })
		if !r.Answered && !r.AtRisk() && r.Kind == answer.ReplyUnknown && r.Key != "" {
			key, question, topic, place, at, near := r.Key, r.Question, strings.Join(r.Categories, ","), r.Place, time.Now(), nearIDs(r)
			b.record("gap", func(st Store) error { return st.RecordGap(key, question, topic, place, near, false, at) })
		}
	}
	return r, true
}

// converse answers a message in its conversation: a thread, or a DM's
// recent messages. A resumed question (after a restart) starts afresh.
func (b *Bot) converse(ctx context.Context, source string, c answer.Command, t target) (*answer.Reply, bool) {
	convs, key := b.conversation(source, t)
	// Two messages of one conversation answered at once must not read or
	// write its context over each other: the second waits.
	mu := &b.convLocks[fnv32(key)%uint32(len(b.convLocks))]
	mu.Lock()
	defer mu.Unlock()
	var prev *answer.Context
	if !t.resumed {
		prev = convs.Get(key)
	}
	return b.answerWith(ctx, source, c, t.user, func(a *answer.Answerer, c answer.Command) (*answer.Reply, error) {
		r, next, err := a.Continue(ctx, prev, c)
		if err == nil && !(t.resumed && prev == nil && convs.Has(key)) {
			if next == nil {
				next = &answer.Context{} // Signpost has answered here: follow-ups are heard
			}
			convs.Put(key, next)
		}
		return r, err
	})
}

// conversation is where a message's context is kept: its thread (a
// mention's own message starts one), or a DM's recent messages.
func (b *Bot) conversation(source string, t target) (*answer.Conversations, string) {
	if t.thread == "" && source == "dm" {
		return b.opt.DMs, "dm:" + t.channel
	}
	thread := t.thread
	if thread == "" {
		thread = t.ts
	}
	return b.opt.Threads, threadKey(t.channel, thread)
}

func threadKey(channel, thread string) string { return channel + ":" + thread }

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// hasSomethingToSay reports whether a reply to a thread message nobody put
// to Signpost is worth posting: an answer, services, a follow-up read
// with the thread, or a reset asked for.
func hasSomethingToSay(r *answer.Reply) bool {
	return r.Answered || r.OffersServices() || r.Followed != nil || r.Kind == answer.ReplyReset || r.AtRisk()
}

// readsAsQuestion reports whether a thread message is put to Signpost:
// a question mark, or an opening that asks or follows on ("and in
// Hastings", "what about…", "is it free", "start again").
func readsAsQuestion(text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasSuffix(t, "?") {
		return true
	}
	if answer.ParseCommand(t).Name == "reset" {
		return true
	}
	first, _, _ := strings.Cut(strings.ToLower(t), " ")
	return questionOpeners[strings.Trim(first, ",.!:")]
}

var questionOpeners = map[string]bool{"and": true, "what": true, "whats": true, "what's": true, "how": true, "who": true,
	"where": true, "when": true, "which": true, "why": true, "is": true, "are": true, "do": true, "does": true, "can": true,
	"could": true, "any": true, "anything": true, "same": true, "also": true, "or": true}

// leadingMentions matches the "@Signpost" a channel question starts with,
// so that "@Signpost define PCN" is read as the define command.
var leadingMentions = regexp.MustCompile(`^(\s*<@[^>]*>)+\s*`)

// HandleCommand takes a /signpost command (already acknowledged) and
// answers through its response_url, visible only to the person.
func (b *Bot) HandleCommand(cmd slack.SlashCommand) {
	if b.championCommand(cmd) {
		return
	}
	priv := private{url: cmd.ResponseURL, channel: cmd.ChannelID, user: cmd.UserID}
	c := b.answerer.Load().Read(cmd.Text)
	switch b.withinBudget(cmd.UserID, cmd.ChannelID, c, func(msg string) {
		b.spawn("slow down", func(ctx context.Context) { b.respondAll(ctx, priv, []Message{note(msg)}) })
	}) {
	case budgetRefused:
		return
	case budgetUrgentOnly:
		b.spawn("urgent help", func(ctx context.Context) {
			b.metrics.urgentReply()
			b.respondAll(ctx, priv, b.opt.Render.Reply(b.urgentOnly(), RenderOptions{Ephemeral: true}))
		})
		return
	}
	b.spawn("command", func(ctx context.Context) {
		r, ok := b.answerWith(ctx, "command", c, cmd.UserID, func(a *answer.Answerer, c answer.Command) (*answer.Reply, error) { return a.Do(ctx, c) })
		if !ok {
			b.respondAll(ctx, priv, []Message{{Text: somethingWrong}})
			return
		}
		if strings.TrimSpace(cmd.Text) == "" {
			r = &answer.Reply{Kind: answer.ReplyHelp}
		}
		opt := RenderOptions{Ephemeral: true, Question: r.Question, Champion: editable(r) && b.isChampion(ctx, cmd.UserID)}
		b.respondAll(ctx, priv, b.opt.Render.Reply(r, opt))
	})
}

// private is where a reply only the person sees goes: a response_url,
// and the conversation and person for chat.postEphemeral when that fails.
type private struct {
	url, channel, user, thread string
}

// respondAll sends a private reply. A message Slack refuses is sent again
// as plain text; what the response_url will not take (expired, used five
// times) goes by chat.postEphemeral. It reports whether it arrived.
func (b *Bot) respondAll(ctx context.Context, p private, msgs []Message) bool {
	ok := true
	for _, m := range msgs {
		err := b.respond(ctx, p.url, m, false)
		if err == nil {
			continue
		}
		var re *responseError
		if errors.As(err, &re) && re.refused() && len(m.Blocks) > 0 {
			b.metrics.fallback("plain_text")
			if err = b.respond(ctx, p.url, Message{Text: textOnly(m)}, false); err == nil {
				continue
			}
		}
		if p.channel != "" && b.privately(ctx, dest{channel: p.channel, thread: p.thread, user: p.user}, "Here is my answer:", []Message{m}) {
			b.metrics.fallback("ephemeral")
			continue
		}
		b.metrics.undeliveredReply()
		b.log.Error("could not deliver a private reply", "err", err)
		ok = false
	}
	return ok
}

// tell sends a short private note, in Signpost's own mrkdwn, through a
// response_url.
func (b *Bot) tell(ctx context.Context, url, mrkdwn string) {
	b.respondAll(ctx, private{url: url}, []Message{note(mrkdwn)})
}

// respond posts an ephemeral message to a response_url.
func (b *Bot) respond(ctx context.Context, url string, m Message, replace bool) error {
	if url == "" {
		return errors.New("no response_url to reply to")
	}
	msg := &slack.WebhookMessage{ResponseType: "ephemeral", Text: m.Text, ReplaceOriginal: replace}
	if len(m.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: m.Blocks}
	}
	if err := postResponse(ctx, b.opt.HTTP, url, msg); err != nil {
		b.metrics.apiError("response_url")
		b.log.Warn("could not reply through response_url", "err", err)
		return err
	}
	return nil
}
