package slackbot

import (
	"github.com/signpost-ahp/signpost/mrkdwn"

	"regexp"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
)

func TestSafeMrkdwn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"*Bold* and _italic_\n• a bullet", "*Bold* and _italic_\n• a bullet"},
		{"See <https://www.nhs.uk/live-well|NHS Live Well>.", "See <https://www.nhs.uk/live-well|NHS Live Well>."},
		{"<https://www.nhs.uk>", "<https://www.nhs.uk>"},
		{"Email <mailto:team@example.org|the team>", "Email <mailto:team@example.org|the team>"},
		{"Hello <!channel>", "Hello &lt;!channel&gt;"},
		{"<!here> <!everyone> <!subteam^S123|@team> <@U123> <#C123|general>", "&lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S123|@team&gt; &lt;@U123&gt; &lt;#C123|general&gt;"},
		{"<https://evil.example|https://www.nhs.uk/login>", "https://www.nhs.uk/login (<https://evil.example>)"},
		{"<https://evil.example|www.nhs.uk>", "www.nhs.uk (<https://evil.example>)"},
		{"<https://www.nhs.uk/a|nhs.uk/login>", "<https://www.nhs.uk/a|nhs.uk/login>"},
		{"<https://x/><!channel>", "<https://x/>&lt;!channel&gt;"},
		{"<javascript:alert(1)|click>", "&lt;javascript:alert(1)|click&gt;"},
		{"<https://user:pw@x.org|x>", "&lt;https://user:pw@x.org|x&gt;"},
		{"a < b > c & d", "a &lt; b &gt; c &amp; d"},
		{"&lt;!channel&gt; stays text", "&lt;!channel&gt; stays text"},
		{"<<https://x.org|y>", "&lt;<https://x.org|y>"},
		{"<https://x.org|a <b> c>", "&lt;https://x.org|a &lt;b&gt; c&gt;"},
		// Labels dressed up to hide that they name another site.
		{"<https://evil.example|https://www.nhs.uk:443>", "https://www.nhs.uk:443 (<https://evil.example>)"},
		{"<https://evil.example|*www.nhs.uk*>", "*www.nhs.uk* (<https://evil.example>)"},
		{"<https://evil.example|`www.nhs.uk`>", "`www.nhs.uk` (<https://evil.example>)"},
		{"<https://evil.example|www.nhs.uk.>", "www.nhs.uk. (<https://evil.example>)"},
		{"<https://evil.example|www.nhs.uk\u200b>", "www.nhs.uk\u200b (<https://evil.example>)"},
		{"<https://evil.example|www\uff0enhs\uff0euk>", "www\uff0enhs\uff0euk (<https://evil.example>)"},
		{"<https://evil.example|log in at www.nhs.uk today>", "log in at www.nhs.uk today (<https://evil.example>)"},
		{"<mailto:phish@evil.example|enquiries@nhs.net>", "enquiries@nhs.net (<mailto:phish@evil.example>)"},
		{"<https://evil.example/login|www\u2024nhs\u2024uk/login>", "www\u2024nhs\u2024uk/login (<https://evil.example/login>)"},
		{"<https://evil.example|www\ufe52nhs\ufe52uk>", "www\ufe52nhs\ufe52uk (<https://evil.example>)"},
		{"<https://evil.example|www.nhs\u2060.uk>", "www.nhs\u2060.uk (<https://evil.example>)"},
		{"<https://evil.example|www.nh\u0455.uk>", "www.nh\u0455.uk (<https://evil.example>)"}, // a Cyrillic ѕ
		// From a hostile review: punctuation round the address, look-alike
		// dots and slashes, and an @ after it.
		{"<https://evil.example/x|(see www.nhs.uk).>", "(see www.nhs.uk). (<https://evil.example/x>)"},
		{"<https://evil.example/x|\u201cwww.nhs.uk\u201d>", "\u201cwww.nhs.uk\u201d (<https://evil.example/x>)"},
		{"<https://evil.example/x|www.nhs.uk@evil.example>", "www.nhs.uk@evil.example (<https://evil.example/x>)"},
		{"<https://evil.example/x|www.nhs.uk\u2215login>", "www.nhs.uk\u2215login (<https://evil.example/x>)"},
		{"<https://evil.example/x|www.nhs.uk\u2014login>", "www.nhs.uk\u2014login (<https://evil.example/x>)"},
		{"<https://evil.example/x|www\ua4f8nhs\ua4f8uk>", "www\ua4f8nhs\ua4f8uk (<https://evil.example/x>)"},
		{"<https://evil.example/x|www\u30fbnhs\u30fbuk>", "www\u30fbnhs\u30fbuk (<https://evil.example/x>)"},
		{"<https://evil.example/x|www.nhs.uk\u2800>", "www.nhs.uk\u2800 (<https://evil.example/x>)"},
		{"<mailto:jane.smith@nhs.net|jane.smith@nhs.net>", "<mailto:jane.smith@nhs.net|jane.smith@nhs.net>"},
		{"<mailto:help@nhs.net|help@nhs.net>", "<mailto:help@nhs.net|help@nhs.net>"},
		{"<https://www.ageuk.org.uk/x|Age UK (ageuk.org.uk)>", "<https://www.ageuk.org.uk/x|Age UK (ageuk.org.uk)>"},
		{"<https://x.org/walks|walks of 3.5 miles, e.g. Tuesdays>", "<https://x.org/walks|walks of 3.5 miles, e.g. Tuesdays>"},
		// Bare broadcast words Slack may act on.
		{"tell @channel and @here", "tell @\u2060channel and @\u2060here"},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := safeMrkdwn(c.in); got != c.want {
				t.Errorf("safeMrkdwn(%q)\n  = %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// TestLinkToChecksItsLabel: a service named like a web address links
// only to that address.
func TestLinkToChecksItsLabel(t *testing.T) {
	for _, c := range []struct{ address, label, want string }{
		{"https://evil.example/login", "www.nhs.uk", "www.nhs.uk (<https://evil.example/login>)"},
		{"https://www.nhs.uk/a", "www.nhs.uk", "<https://www.nhs.uk/a|www.nhs.uk>"},
		{"https://walks.example.org", "Abbey Steps Walking Group", "<https://walks.example.org|Abbey Steps Walking Group>"},
		{"javascript:alert(1)", "Click", "Click"},
	} {
		t.Run(c.label, func(t *testing.T) {
			if got := linkTo(c.address, c.label); got != c.want {
				t.Errorf("linkTo(%q, %q) = %q, want %q", c.address, c.label, got, c.want)
			}
		})
	}
}

// controlRE finds what Slack would act on: a mention, a command, or a
// link. Every link left must be one safeMrkdwn built.
var (
	controlRE = regexp.MustCompile(`<[!@#]`)
	linkRE    = regexp.MustCompile(`<([^<>]*)>`)
)

func FuzzSafeMrkdwn(f *testing.F) {
	for _, s := range []string{"<!channel>", "<https://a.org|b>", "<https://evil.example|https://www.nhs.uk/login>", "&lt;!here&gt;", "<<>>", "<mailto:a@b.org|x>", "*b* _i_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := safeMrkdwn(s)
		if controlRE.MatchString(out) {
			t.Fatalf("a control sequence survived: %q → %q", s, out)
		}
		for _, m := range linkRE.FindAllStringSubmatch(out, -1) {
			target, label, _ := strings.Cut(m[1], "|")
			if _, ok := webAddress(target); !ok && !(strings.HasPrefix(target, "mailto:") && validEmail(strings.TrimPrefix(target, "mailto:"))) {
				t.Fatalf("a link to %q survived: %q → %q", target, s, out)
			}
			host := ""
			if u, ok := webAddress(target); ok {
				host = strings.ToLower(u.Hostname())
			} else {
				host = strings.ToLower(target[strings.LastIndexByte(target, '@')+1:])
			}
			if mrkdwn.Pretends(strings.ReplaceAll(label, "&amp;", "&"), host) {
				t.Fatalf("a disguised link survived: %q → %q", s, out)
			}
		}
		if strings.Count(out, "<") != strings.Count(out, ">") {
			t.Fatalf("unbalanced markup: %q → %q", s, out)
		}
	})
}

// TestHostileKnowledgeNeverMarksUp renders answers and service cards made
// of hostile text, as an entry or an import could hold it, and checks no
// mention, command or disguised link reaches Slack.
func TestHostileKnowledgeNeverMarksUp(t *testing.T) {
	hostile := "<!channel> <!here|here> <!everyone> <!subteam^S1|@all> <@U1> <https://evil.example|https://www.nhs.uk/login> <https://x/><!channel>"
	faq := &knowledge.FAQ{ID: "f", Question: "Q <!here>?", Answer: hostile, Source: &knowledge.Source{Title: "<!channel>", URL: "https://evil.example/><!channel>"}}
	svc := &knowledge.Service{ID: "s", Name: "Club <!channel>", Description: hostile, Area: "Whitby <!here>", Cost: "<!everyone>",
		Contact: &knowledge.Contact{Website: "https://x.org/|<!channel>", Email: "a@b.org><!channel>", Phone: "<@U1>"}}
	replies := []*answer.Reply{
		{Kind: answer.ReplyAnswer, Answered: true, Question: hostile, Results: []answer.Result{{ID: "f", Title: faq.Question, Text: faq.Answer, FAQ: faq}}},
		{Kind: answer.ReplyServices, Answered: true, Question: hostile, Place: "Whitby <!here>", Categories: []string{"arts"}, Labels: []string{"<!channel>"},
			Results: []answer.Result{{ID: "s", Title: svc.Name, Text: svc.Description, Service: svc, DistanceKm: -1}}},
		{Kind: answer.ReplyUnknown, Notice: "Nothing for <!channel>", Question: hostile, Results: []answer.Result{{ID: "f", Title: faq.Question, FAQ: faq}}},
	}
	for _, r := range replies {
		for _, opt := range []RenderOptions{{}, {Ephemeral: true, Champion: true, Question: hostile}} {
			for _, m := range (Renderer{Champions: "<#C0CHAMPS>"}).Reply(r, opt) {
				// What Slack reads as mrkdwn: the text of every block and the
				// fallback. (Button values are opaque to Slack.)
				raw := m.Text + textOnly(m)
				raw = strings.ReplaceAll(raw, "<#C0CHAMPS>", "") // Signpost's own reference to the champions
				if controlRE.MatchString(raw) || strings.Contains(raw, "evil.example|") {
					t.Errorf("hostile markup reached Slack:\n%s", raw)
				}
				if err := checkMessage(m); err != nil {
					t.Errorf("Slack would refuse: %v", err)
				}
			}
		}
	}
}

func TestEscapeQuietsBroadcasts(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ask @channel", "ask @\u2060channel"},
		{"@HeRe!", "@\u2060HeRe!"},
		{"@everyone", "@\u2060everyone"},
		{"jo@hereford.gov.uk", "jo@hereford.gov.uk"},
		{"a < b & c", "a &lt; b &amp; c"},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := escape(c.in); got != c.want {
				t.Errorf("escape(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
