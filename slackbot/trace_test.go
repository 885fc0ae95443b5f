package slackbot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/report"
	"github.com/signpost-ahp/signpost/store"
)

// TestNothingIsKept sends, over the strict fake Slack, messages about a
// person at risk (clear and possible) and questions that name a patient
// without a title, in a channel and in a DM, and then looks everywhere
// Signpost writes or shows anything: the log, the store file's bytes
// (free pages included), the gaps list, the journal, the digest, the
// report as text, CSV and HTML, and every call made to Slack. None may
// hold what the person said or the name.
func TestNothingIsKept(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := newEnvWith(t, func(o *Options) { o.Store = st }, nil)

	messages := []struct {
		text    string
		secrets []string // what must appear nowhere
	}{
		{"<@U0BOT> he rang from his car with a hosepipe to say goodbye to his kids", []string{"hosepipe", "goodbye"}},
		{"<@U0BOT> she's had enough of everything, is there befriending in Whitby?", []string{"had enough"}},
		{"<@U0BOT> can Dave Jones get a link worker for his pigeon loft in Barnsley?", []string{"Dave", "Jones"}},
		{"<@U0BOT> Aisha Khan from the Thursday group wants a sitar teacher", []string{"Aisha", "Khan"}},
		{"<@U0BOT> dave jones wants origami lessons, anything?", []string{"dave jones"}},
		{"<@U0BOT> Mrs\u2060Okafor's email is n.okafor(at)nhs(dot)net, born in March 1948", []string{"Okafor", "okafor", "March 1948"}},
		// Identifiers in the forms the issue found kept, each in a
		// question that becomes a gap.
		{"<@U0BOT> NHS:616:750:1998 wants a kite club", []string{"616:750", "750:1998"}},
		{"<@U0BOT> (943) 476 5919 wants a kite club", []string{"(943) 476", "476 5919"}},
		{"<@U0BOT> nhs 421\u2015035\u20150346 wants a kite club", []string{"421\u2015035", "035\u20150346"}},
		{"<@U0BOT> nhs 754\u200b255\u200b5030 wants a kite club", []string{"754\u200b255", "255\u200b5030"}},
		{"<@U0BOT> nhs \u0667\u0665\u0664 \u0662\u0665\u0665 \u0665\u0660\u0663\u0661 wants a kite club", []string{"\u0665\u0660\u0663\u0661", "754 255 5031"}},
		{"<@U0BOT> ring 07700 \u2013 900456 about a kite club", []string{"900456"}},
		{"<@U0BOT> ring 07700/900789 about a kite club", []string{"900789"}},
		{"<@U0BOT> email jo.bloggs at nhs dot net about a kite club", []string{"bloggs"}},
		{"<@U0BOT> dob 3 3 48, any kite club?", []string{"3 3 48"}},
		{"<@U0BOT> Mr Patel lives at YO21-3AD, any kite club?", []string{"Patel", "3AD"}},
	}
	for i, m := range messages {
		e.event(t, mentionEvent(fmt.Sprintf("Ev70%02d", i), "C0CHAN", fmt.Sprintf("1700000070.%06d", i), "", m.text))
	}
	dm := callback("Ev7099", map[string]any{"type": "message", "channel_type": "im", "user": "U0ASKER",
		"text": "Tom O'Brien says he has nothing to live for and wants to end it tonight", "ts": "1700000071.000001", "channel": "D0DM"})
	e.event(t, dm)
	if _, err := e.fake.WaitFor("chat.postMessage", len(messages)+1, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// The store records each question once it is answered.
	deadline := time.Now().Add(5 * time.Second)
	for {
		asked, _ := st.QuestionsSince(time.Time{})
		if len(asked) >= len(messages)+1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	secrets := []string{"O'Brien", "nothing to live for"}
	for _, m := range messages {
		secrets = append(secrets, m.secrets...)
	}

	places := map[string]string{"log": e.logs.String()}
	gaps, err := st.Gaps(true)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) == 0 {
		t.Fatal("no question became a gap: the test cannot show that names are redacted in gaps")
	}
	places["gaps"] = fmt.Sprintf("%+v", gaps)
	pending, err := st.PendingQuestions()
	if err != nil {
		t.Fatal(err)
	}
	places["journal"] = fmt.Sprintf("%+v", pending)
	asked, _ := st.QuestionsSince(time.Time{})
	places["questions"] = fmt.Sprintf("%+v", asked)

	kb, err := knowledge.Load(os.DirFS("../testdata/kb"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	fig, err := report.Compute(st, kb, now.Add(-24*time.Hour), now.Add(time.Hour), 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var text, csv, html bytes.Buffer
	fig.Text(&text, 50)
	if err := fig.CSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := fig.HTML(&html); err != nil {
		t.Fatal(err)
	}
	places["report text"], places["report CSV"], places["report HTML"] = text.String(), csv.String(), html.String()
	digest, _ := json.Marshal(DigestMessage(fig, nil))
	places["digest"] = string(digest)
	var calls []string
	for _, c := range e.fake.Calls() {
		b, _ := json.Marshal(c)
		calls = append(calls, string(b))
	}
	places["Slack calls"] = strings.Join(calls, "\n")

	// The store file itself, read while open as anyone with the disk could.
	raw, err := os.ReadFile(filepath.Join(dir, "signpost.db"))
	if err != nil {
		t.Fatal(err)
	}
	places["store file"] = string(raw)

	for where, s := range places {
		for _, secret := range secrets {
			if strings.Contains(s, secret) || strings.Contains(strings.ToLower(s), strings.ToLower(secret)) {
				i := strings.Index(strings.ToLower(s), strings.ToLower(secret))
				t.Errorf("%q is in the %s: …%s…", secret, where, s[max(0, i-60):min(len(s), i+40)])
			}
		}
	}
	// The other side: the questions were kept, redacted, and counted.
	for _, placeholder := range []string{"[name]", "[NHS number]", "[phone number]", "[email]", "[date of birth]"} {
		if !strings.Contains(places["gaps"], placeholder) {
			t.Errorf("no question with %s in the gaps: the forms were not all kept redacted: %s", placeholder, places["gaps"])
		}
	}
	if fig.Urgent < 2 {
		t.Errorf("report counts %d urgent replies, want the risk messages counted", fig.Urgent)
	}
}
