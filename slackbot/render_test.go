package slackbot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
)

func TestRenderSplitsLongText(t *testing.T) {
	long := strings.Repeat("A paragraph about link workers and what they do. ", 150) // ~7,500 characters
	faq := &knowledge.FAQ{ID: "long", Question: "Long?", Answer: long}
	r := &answer.Reply{Kind: answer.ReplyAnswer, Answered: true, Results: []answer.Result{{ID: "long", Title: "Long?", Text: long, FAQ: faq}}}
	msgs := Renderer{}.Reply(r, RenderOptions{Question: "long?"})
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	var sections int
	var got strings.Builder
	for _, b := range msgs[0].Blocks {
		if s, ok := b.(*slack.SectionBlock); ok {
			sections++
			if n := utf8.RuneCountInString(s.Text.Text); n > maxSectionText {
				t.Errorf("section of %d characters", n)
			}
			got.WriteString(s.Text.Text + " ")
		}
	}
	if sections < 3 {
		t.Errorf("%d sections for ~7,500 characters, want at least 3", sections)
	}
	if strings.Count(got.String(), "link workers") != 150 {
		t.Error("splitting lost or broke text")
	}
	if utf8.RuneCountInString(msgs[0].Text) > maxFallback {
		t.Errorf("fallback text of %d characters", utf8.RuneCountInString(msgs[0].Text))
	}
}

func TestRenderSplitsManyBlocks(t *testing.T) {
	// A reply of more than 50 blocks (a very long answer) becomes several
	// messages, each within the limit, with the buttons on the last.
	long := strings.Repeat(strings.Repeat("word ", 590)+"\n", 60)
	faq := &knowledge.FAQ{ID: "huge", Question: "Huge?", Answer: long}
	r := &answer.Reply{Kind: answer.ReplyAnswer, Answered: true, Results: []answer.Result{{ID: "huge", Title: "Huge?", Text: long, FAQ: faq}}}
	msgs := Renderer{}.Reply(r, RenderOptions{Ephemeral: true, Question: "huge?"})
	if len(msgs) < 2 {
		t.Fatalf("%d messages, want the reply split", len(msgs))
	}
	for i, m := range msgs {
		if len(m.Blocks) > maxBlocks {
			t.Errorf("message %d has %d blocks", i, len(m.Blocks))
		}
	}
	last := msgs[len(msgs)-1].Blocks
	if _, ok := last[len(last)-1].(*slack.ActionBlock); !ok {
		t.Error("the buttons are not at the end of the last message")
	}
}

func TestRenderButtonsWithinLimits(t *testing.T) {
	q := strings.Repeat("very long question ", 200)
	title := strings.Repeat("A very long entry title ", 10)
	r := &answer.Reply{Kind: answer.ReplyAnswer, Answered: true, Results: []answer.Result{
		{ID: "a", Title: "First: " + title, Text: "x", FAQ: &knowledge.FAQ{}},
		{ID: "b", Title: "Second: " + title, Text: "y", FAQ: &knowledge.FAQ{}},
	}}
	buttons := 0
	for _, m := range (Renderer{}).Reply(r, RenderOptions{Ephemeral: true, Question: q}) {
		if err := checkMessage(m); err != nil {
			t.Errorf("Slack would refuse: %v", err)
		}
		for _, b := range m.Blocks {
			a, ok := b.(*slack.ActionBlock)
			if !ok {
				continue
			}
			for _, el := range a.Elements.ElementSet {
				btn := el.(*slack.ButtonBlockElement)
				buttons++
				if utf8.RuneCountInString(btn.Text.Text) > maxButtonText || utf8.RuneCountInString(btn.Value) > maxButtonValue {
					t.Errorf("button %q: text %d, value %d", btn.ActionID, utf8.RuneCountInString(btn.Text.Text), len(btn.Value))
				}
			}
		}
	}
	// Helpful, Not helpful, Share and one See also.
	if buttons != 4 {
		t.Errorf("%d buttons rendered, want 4", buttons)
	}
}

func TestRenderStale(t *testing.T) {
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	rd := Renderer{StaleAfter: 365 * 24 * time.Hour, Now: func() time.Time { return now }}
	old := knowledge.Date{Time: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)}
	recent := knowledge.Date{Time: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)}
	if got := rd.checked(old); !strings.Contains(got, "may be out of date") {
		t.Errorf("checked(old) = %q", got)
	}
	if got := rd.checked(recent); strings.Contains(got, "out of date") || got != "Checked 15 January 2026" {
		t.Errorf("checked(recent) = %q", got)
	}
}

func TestEscape(t *testing.T) {
	if got := escape("A&E <b>"); got != "A&amp;E &lt;b&gt;" {
		t.Errorf("escape = %q", got)
	}
	if got := safeMrkdwn("A&E <https://x.org|y> &amp;"); got != "A&amp;E <https://x.org|y> &amp;" {
		t.Errorf("safeMrkdwn = %q", got)
	}
}

func FuzzChunks(f *testing.F) {
	f.Add("hello\nworld", 5)
	f.Add(strings.Repeat("é", 100), 7)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 2 || n > 5000 || !utf8.ValidString(s) {
			return
		}
		for _, c := range chunks(s, n) {
			if utf8.RuneCountInString(c) > n {
				t.Fatalf("chunk of %d runes > %d", utf8.RuneCountInString(c), n)
			}
		}
	})
}

// TestLongDescriptionWithLinks: a 50 KB service description full of links
// is shown as one short card, and no block holds half of a link.
func TestLongDescriptionWithLinks(t *testing.T) {
	var d strings.Builder
	for d.Len() < 50_000 {
		d.WriteString("Walks every week, see <https://example.org/walks/route-with-a-long-name|the route for this week> & more. ")
	}
	svc := &knowledge.Service{ID: "walks", Name: "Walks", Description: d.String(), Area: "Kendal", Categories: []string{"walking"}}
	r := &answer.Reply{Kind: answer.ReplyServices, Answered: true, Results: []answer.Result{{ID: "walks", Title: "Walks", Text: d.String(), Service: svc}}}
	msgs := Renderer{}.Reply(r, RenderOptions{Question: "walks in Kendal"})
	sections := 0
	for _, m := range msgs {
		for _, b := range m.Blocks {
			s, ok := b.(*slack.SectionBlock)
			if !ok || s.Text == nil {
				continue
			}
			sections++
			text := s.Text.Text
			if strings.Count(text, "<") != strings.Count(text, ">") {
				t.Errorf("a block holds half a link: …%s", text[max(0, len(text)-120):])
			}
			if i := strings.LastIndexByte(text, '&'); i >= 0 && !strings.Contains(text[i:], ";") {
				t.Errorf("a block ends inside an entity: …%s", text[max(0, len(text)-40):])
			}
		}
	}
	if sections > 3 {
		t.Errorf("a 50 KB description took %d sections", sections)
	}
}

// TestChunksNeverSplitALink: a long answer split into blocks keeps every
// link whole.
func TestChunksNeverSplitALink(t *testing.T) {
	text := strings.Repeat("x", maxSectionText-10) + "<https://example.org/a-long-address|a-label>after"
	for _, c := range chunks(text, maxSectionText) {
		if strings.Count(c, "<") != strings.Count(c, ">") {
			t.Errorf("a chunk holds half a link: …%s", c[max(0, len(c)-60):])
		}
	}
}

// TestRenderUnknownSaysWhatIsMissing: a reply that does not know says
// "don't know" only when nothing says what is missing.
func TestRenderUnknownSaysWhatIsMissing(t *testing.T) {
	for _, tc := range []struct {
		notice string
		sorry  bool
	}{
		{"I couldn't find music and singing services in Whitby. The nearest listed elsewhere is 139 km away.", false},
		{"", true},
	} {
		r := &answer.Reply{Kind: answer.ReplyUnknown, Notice: tc.notice}
		var got strings.Builder
		for _, b := range (Renderer{}).Reply(r, RenderOptions{})[0].Blocks {
			if s, ok := b.(*slack.SectionBlock); ok {
				got.WriteString(s.Text.Text)
			}
		}
		if strings.Contains(got.String(), "Sorry, I don't know") != tc.sorry || !strings.Contains(got.String(), tc.notice) {
			t.Errorf("notice %q: rendered %q; want \"don't know\" %v", tc.notice, got.String(), tc.sorry)
		}
	}
}
