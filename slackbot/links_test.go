package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/gaps"
	"github.com/signpost-ahp/signpost/store"
)

// missed is a question the test knowledge does not answer, though it is
// another way of asking how to refer to a link worker (its near miss).
const missed = "who do I email the link worker form to"

// askAndListGaps asks q as a mention, waits for it to be kept as a gap,
// and lists the gaps as a champion; it returns the gap and the list's
// blocks.
func askAndListGaps(t *testing.T, e *champEnv, q string) (store.Gap, string) {
	t.Helper()
	e.event(t, mentionEvent("EvMissed", "C0CHAN", "1700000040.000100", "", "<@U0BOT> "+q))
	e.fake.WaitFor("chat.postMessage", 1, 5*time.Second)
	e.settle(t)
	gaps, err := e.store.Gaps(false)
	if err != nil || len(gaps) != 1 {
		t.Fatalf("gaps after asking %q = %+v, %v; want one", q, gaps, err)
	}
	e.form(t, url.Values{"command": {"/signpost"}, "text": {"gaps"}, "user_id": {"U0CHAMP"}, "response_url": {e.fake.ResponseURL("gaps")}})
	lists, err := e.fake.WaitFor("response_url", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return gaps[0], lists[0].Param("blocks")
}

// sameAsButton finds the first "Same as: …" button's value in blocks.
func sameAsButton(t *testing.T, blocks string) (linkValue, string) {
	t.Helper()
	var bs []map[string]any
	if err := json.Unmarshal([]byte(blocks), &bs); err != nil {
		t.Fatalf("blocks %q: %v", blocks, err)
	}
	ids, values := buttonsIn(bs)
	for i, id := range ids {
		if strings.HasPrefix(id, ActionLinkGap+":") {
			var v linkValue
			if err := json.Unmarshal([]byte(values[i]), &v); err != nil {
				t.Fatal(err)
			}
			return v, id
		}
	}
	t.Fatalf("no Same as button in %s", blocks)
	return linkValue{}, ""
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLinkGapToAnExistingAnswer(t *testing.T) {
	e := newChampEnv(t)
	if r := e.ask(t, missed); r.Answered {
		t.Fatalf("the test question is answered already (%v): the test needs a gap", r.Results[0].ID)
	}
	faqFile := filepath.Join(e.dir, "faq", "basics.yaml")
	before := "# Kept short on purpose: champions, please keep it so.\n" + readFile(t, faqFile)
	if err := os.WriteFile(faqFile, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	g, blocks := askAndListGaps(t, e, missed)
	if len(g.Near) == 0 {
		t.Errorf("the gap kept no near misses: %+v", g)
	}
	v, id := sameAsButton(t, blocks)
	// The button's confirmation quotes exactly what will be added, where.
	if v.Entry != "how-to-refer" || !strings.Contains(blocks, "“"+missed+"” will be added to “How do I refer someone to a link worker?”") || !strings.Contains(blocks, ActionLinkOther) {
		t.Fatalf("the likely entry offered is %q (%s); want how-to-refer, and Same as… for others", v.Entry, blocks)
	}

	// One click links it.
	e.form(t, interaction(id, mustJSON(v), map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "response_url": e.fake.ResponseURL("link")}))
	done, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if msg := done[1].Param("blocks"); !strings.Contains(msg, "Linked") || !strings.Contains(msg, missed) {
		t.Errorf("the champion was told %s", msg)
	}

	// It answers at once.
	if r := e.ask(t, missed); !r.Answered || r.Results[0].ID != "how-to-refer" {
		t.Errorf("after linking, %q answers %v (answered %v); want how-to-refer", missed, ids(r), r.Answered)
	}
	// The file holds the wording with the entry's other phrasings, and
	// every other entry and comment as it was.
	after := readFile(t, faqFile)
	if !strings.Contains(after, missed) || !strings.Contains(after, "What is the referral process for social prescribing?") {
		t.Errorf("the entry's file after linking:\n%s", after)
	}
	for _, keep := range []string{"id: what-is-social-prescribing", "id: evidence", "id: consent", "id: whitby-newsletter", "reviewed: 2025-01-15", "owner: U0TESTCHAMP"} {
		if !strings.Contains(after, keep) {
			t.Errorf("linking lost %q from the file", keep)
		}
	}
	if !strings.Contains(after, "# Kept short on purpose: champions, please keep it so.") {
		t.Errorf("linking lost the file's comment:\n%s", after)
	}
	if lines(after) > lines(before)+3 {
		t.Errorf("the file grew from %d to %d lines for one wording:\n%s", lines(before), lines(after), after)
	}
	// The gap is closed as linked, by whom; the change is in the audit.
	all, _ := e.store.Gaps(true)
	if len(all) != 1 || all[0].Closed != store.GapLinked || all[0].Linked != "how-to-refer" || all[0].ClosedBy != "U0CHAMP" {
		t.Errorf("gap after linking = %+v", all)
	}
	if changes, _ := e.store.Changes(); len(changes) == 0 || changes[len(changes)-1].Action != "link-gap" || changes[len(changes)-1].User != "U0CHAMP" {
		t.Errorf("audit after linking = %+v", changes)
	}
	// Asked again in those words, it is counted for the report.
	e.event(t, mentionEvent("EvAgain", "C0CHAN", "1700000041.000100", "", "<@U0BOT> "+missed))
	e.fake.WaitFor("chat.postMessage", 2, 5*time.Second)
	e.settle(t)
	asked, _ := e.store.QuestionsSince(time.Time{})
	again := 0
	for _, a := range asked {
		if a.Linked != "" {
			again++
		}
	}
	if again != 1 {
		t.Errorf("after asking again, %d questions recorded as a linked wording asked again; want 1: %+v", again, asked)
	}
	// Once linked, it is not linked again (to this or another entry).
	e.form(t, interaction(id, mustJSON(linkValue{Gap: v.Gap, Entry: "consent"}), map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "response_url": e.fake.ResponseURL("relink")}))
	relinked, err := e.fake.WaitFor("response_url", 3, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if msg := relinked[2].Param("blocks"); !strings.Contains(msg, "already linked") {
		t.Errorf("linking a linked gap again: the champion was told %s", msg)
	}
	if strings.Count(readFile(t, faqFile), missed) != 1 {
		t.Errorf("the wording is in the file %d times after a second link", strings.Count(readFile(t, faqFile), missed))
	}
}

// TestLinksAtOnceKeepEveryWording: two champions linking two wordings to
// one entry at the same moment both land.
func TestLinksAtOnceKeepEveryWording(t *testing.T) {
	e := newChampEnv(t)
	at := time.Now()
	w1, w2 := "putting a patient forward for a link worker", "getting someone onto the link worker books"
	e.store.RecordGap("k1", w1, "", "", nil, false, at)
	e.store.RecordGap("k2", w2, "", "", nil, false, at)
	var wg sync.WaitGroup
	for _, k := range []string{"k1", "k2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.bot.link(context.Background(), "U0CHAMP", gaps.Ref(k), "how-to-refer"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	file := readFile(t, filepath.Join(e.dir, "faq", "basics.yaml"))
	for _, w := range []string{w1, w2} {
		if !strings.Contains(file, w) {
			t.Errorf("lost update: %q is not in the file:\n%s", w, file)
		}
	}
}

// TestUnansweredAgainIsNotCounted: a linked wording asked again counts
// only when it is answered with the entry it was linked to.
func TestUnansweredAgainIsNotCounted(t *testing.T) {
	e := newChampEnv(t)
	e.bot.noteLinked("something key", "how-to-refer")
	for _, r := range []*answer.Reply{
		{Key: "something key", Answered: false},
		{Key: "something key", Answered: true, Results: []answer.Result{{ID: "consent"}}},
		{Key: "other key", Answered: true, Results: []answer.Result{{ID: "how-to-refer"}}},
	} {
		if got := e.bot.askedAgain(r); got != "" {
			t.Errorf("askedAgain(%+v) = %q, want none", r, got)
		}
	}
	if got := e.bot.askedAgain(&answer.Reply{Key: "something key", Answered: true, Results: []answer.Result{{ID: "how-to-refer"}}}); got != "something key" {
		t.Errorf("answered with the linked entry: askedAgain = %q", got)
	}
}

func lines(s string) int { return len(strings.Split(strings.TrimSpace(s), "\n")) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestOnlyChampionsLink(t *testing.T) {
	e := newChampEnv(t)
	faqFile := filepath.Join(e.dir, "faq", "basics.yaml")
	before := readFile(t, faqFile)
	_, blocks := askAndListGaps(t, e, missed)
	v, id := sameAsButton(t, blocks)
	e.form(t, interaction(id, mustJSON(v), map[string]any{"user": map[string]any{"id": "U0NOBODY"}, "response_url": e.fake.ResponseURL("link")}))
	done, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if msg := done[1].Param("blocks"); !strings.Contains(msg, "Only Signpost champions") {
		t.Errorf("a non-champion was told %s", msg)
	}
	if readFile(t, faqFile) != before {
		t.Error("a non-champion's click changed the knowledge")
	}
	if open, _ := e.store.Gaps(false); len(open) != 1 {
		t.Errorf("the gap was closed by a non-champion: %+v", open)
	}
}

func TestPatientDataIsNeverLinked(t *testing.T) {
	e := newChampEnv(t)
	faqFile := filepath.Join(e.dir, "faq", "basics.yaml")
	before := readFile(t, faqFile)
	q := "who do I email the link worker form to for Mrs Jane Smith 07700 900123"
	g, blocks := askAndListGaps(t, e, q)
	if strings.Contains(g.Question, "Smith") || strings.Contains(g.Question, "900123") {
		t.Fatalf("the gap kept patient data: %q", g.Question)
	}
	// Offered or not, a link is refused: the wording has holes where the
	// details were.
	v := linkValue{Gap: gaps.Ref(g.Key), Entry: "how-to-refer"}
	if strings.Contains(blocks, ActionLinkGap) {
		v, _ = sameAsButton(t, blocks)
	}
	e.form(t, interaction(ActionLinkGap+":0", mustJSON(v), map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "response_url": e.fake.ResponseURL("link")}))
	done, err := e.fake.WaitFor("response_url", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if msg := done[1].Param("blocks"); !strings.Contains(msg, "patient details") {
		t.Errorf("linking a wording with patient data: the champion was told %s", msg)
	}
	after := readFile(t, faqFile)
	if after != before || strings.Contains(after, "Smith") {
		t.Errorf("the knowledge changed:\n%s", after)
	}
}

func TestLinkFromTheList(t *testing.T) {
	e := newChampEnv(t)
	g, _ := askAndListGaps(t, e, missed)
	// "Same as…" opens a menu of every answer, likely ones first, which
	// the strict fake checks as Slack would.
	e.form(t, interaction(ActionLinkOther, gaps.Ref(g.Key), map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "trigger_id": "TRIG-LINK", "response_url": e.fake.ResponseURL("other")}))
	opens, err := e.fake.WaitFor("views.open", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	view := opens[0].Param("view")
	if !strings.Contains(view, `"static_select"`) || !strings.Contains(view, "Likely") || !strings.Contains(view, "How do I refer someone to a link worker?") ||
		!strings.Contains(view, "Is there a Whitby social prescribing newsletter?") {
		t.Fatalf("the picker = %s", view)
	}
	// Choosing an answer and pressing Link: the form closes, and the
	// champion hears by DM once it is done.
	n := len(e.fake.Calls("chat.postMessage"))
	if resp := e.submit(t, linkSubmission("U0CHAMP", gaps.Ref(g.Key), "whitby-newsletter")); resp != nil {
		t.Fatalf("the form was refused: %v", resp)
	}
	dms, err := e.fake.WaitFor("chat.postMessage", n+1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if dm := dms[n]; dm.Param("channel") != "U0CHAMP" || !strings.Contains(dm.Param("blocks"), "Linked") {
		t.Errorf("the champion's DM = %s to %s", dm.Param("blocks"), dm.Param("channel"))
	}
	if r := e.ask(t, missed); !r.Answered || r.Results[0].ID != "whitby-newsletter" {
		t.Errorf("after linking from the list, %q answers %v", missed, ids(r))
	}
	// No choice: the form says so.
	resp := e.submit(t, linkSubmission("U0CHAMP", gaps.Ref(g.Key), ""))
	if fmt.Sprint(resp["errors"]) == "" || !strings.Contains(fmt.Sprint(resp), "Choose the answer") {
		t.Errorf("submitting no choice = %v", resp)
	}
}

// linkSubmission is the view_submission of the picker.
func linkSubmission(user, ref, entry string) url.Values {
	sel := map[string]any{"type": "static_select"}
	if entry != "" {
		sel["selected_option"] = map[string]any{"value": entry, "text": map[string]any{"type": "plain_text", "text": entry}}
	}
	cb := map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user}, "trigger_id": "TRIG",
		"view": map[string]any{"id": "V2", "type": "modal", "callback_id": CallbackLink, "private_metadata": ref,
			"state": map[string]any{"values": map[string]any{fieldLinkEntry: map[string]any{fieldLinkEntry: sel}}}},
	}
	b, _ := json.Marshal(cb)
	return url.Values{"payload": {string(b)}}
}

func TestChampionsThumbsDownOffersTheRightAnswer(t *testing.T) {
	e := newChampEnv(t)
	fb := mustJSON(feedbackValue{Entry: "consent", Question: "what do I send the link worker team"})
	click := func(user string) string {
		t.Helper()
		n := len(e.fake.Calls("response_url"))
		e.form(t, interaction(ActionNotHelpful, fb, map[string]any{"user": map[string]any{"id": user}, "response_url": e.fake.ResponseURL("fb-" + user)}))
		got, err := e.fake.WaitFor("response_url", n+1, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return got[n].Param("blocks")
	}
	if blocks := click("U0ASKER"); strings.Contains(blocks, ActionRightWas) {
		t.Errorf("a non-champion was offered the picker: %s", blocks)
	}
	blocks := click("U0CHAMP")
	if !strings.Contains(blocks, ActionRightWas) || !strings.Contains(blocks, `"static_select"`) {
		t.Fatalf("a champion's 👎 = %s", blocks)
	}
	e.settle(t)
	var ref string
	var bs []map[string]any
	json.Unmarshal([]byte(blocks), &bs)
	for _, b := range bs {
		if id, _ := b["block_id"].(string); strings.HasPrefix(id, rightWasBlock) {
			ref = strings.TrimPrefix(id, rightWasBlock)
		}
	}
	pick := interaction(ActionRightWas, "", map[string]any{"user": map[string]any{"id": "U0CHAMP"}, "response_url": e.fake.ResponseURL("right")})
	var cb map[string]any
	json.Unmarshal([]byte(pick.Get("payload")), &cb)
	cb["actions"] = []map[string]any{{"action_id": ActionRightWas, "block_id": rightWasBlock + ref, "type": "static_select",
		"selected_option": map[string]any{"value": "how-to-refer", "text": map[string]any{"type": "plain_text", "text": "How do I refer"}}}}
	raw, _ := json.Marshal(cb)
	n := len(e.fake.Calls("response_url"))
	e.form(t, url.Values{"payload": {string(raw)}})
	done, err := e.fake.WaitFor("response_url", n+1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if msg := done[n].Param("blocks"); !strings.Contains(msg, "Linked") && !strings.Contains(msg, "Added") {
		t.Errorf("choosing the right answer: the champion was told %s", msg)
	}
	if !strings.Contains(readFile(t, filepath.Join(e.dir, "faq", "basics.yaml")), "what do I send the link worker team") {
		t.Error("the wording was not added to the right answer")
	}
}

func ids(r *answer.Reply) []string {
	var out []string
	for _, res := range r.Results {
		out = append(out, res.ID)
	}
	return out
}
