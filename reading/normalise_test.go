package reading

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"user mention", "<@U123ABC> what's a village agent?", "what's a village agent?"},
		{"mentions and broadcasts", "<@U123|signpost> hi <!here> <!subteam^S1|@ahps>", "hi"},
		{"labelled link", "see <https://example.org/x|the guide> please", "see the guide please"},
		{"bare link", "is <https://www.mecclink.co.uk/foo> any good", "is mecclink.co.uk any good"},
		{"mailto link", "mail <mailto:a@b.org|a@b.org>", "mail a@b.org"},
		{"channel and emoji", "in <#C123|general> :wave: :+1::skin-tone-2: ok", "in ok"},
		{"time not emoji", "meet at 10:30: ok", "meet at 10:30: ok"},
		{"formatting", "*bold* _italic_ ~strike~ `code`", "bold italic strike code"},
		{"html entities", "&lt;tag&gt; A&amp;E", "<tag A&E"},
		{"block quotes", "> quoted\n>> twice", "quoted twice"},
		{"emoji characters", "walking group 🙂🏃‍♀️ in Hastings", "walking group in Hastings"},
		{"whitespace", "  lots   of\t\tspace\n\n", "lots of space"},
		{"empty", "", ""},
		{"control characters", "\x00\x01\x7f", ""},
		{"invalid utf8", "bad utf8 \xff\xfe here", "bad utf8 here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalise(tt.in); got != tt.want {
				t.Errorf("Normalise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormaliseLong(t *testing.T) {
	long := strings.Repeat("This is background about my patient. ", 1000) + "Is there befriending in Whitby?"
	if got := Normalise(long); got != "Is there befriending in Whitby?" {
		t.Errorf("long message with a question: got %.60q…", got)
	}
	noQuestion := strings.Repeat("word ", 10000)
	got := Normalise(noQuestion)
	if n := utf8.RuneCountInString(got); n > MaxQuestionRunes || n < MaxQuestionRunes/2 {
		t.Errorf("long message without a question: kept %d runes, want at most %d", n, MaxQuestionRunes)
	}
}

func FuzzNormalise(f *testing.F) {
	for _, s := range []string{
		"<@U123> hi", "<https://x|y>", ":emoji:", "<!subteam^S1|@t>", "*a* _b_", "&amp;&lt;", "🙂‍", "<<<>>>", "<@", "\xff",
		strings.Repeat("<@U1> ", 100), "a?b?c?" + strings.Repeat("x", 600),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalise(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalise(%q) is not valid UTF-8", s)
		}
		if utf8.RuneCountInString(got) > MaxQuestionRunes {
			t.Fatalf("Normalise(%q) kept %d runes", s, utf8.RuneCountInString(got))
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Normalise(%q) = %q has loose space", s, got)
		}
		LowerWords(got)
		StatedAge(got)
	})
}

func TestSelfReferral(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"can he refer himself?", "can he self-refer?"},
		{"Can patients Refer Themselves to a link worker", "Can patients self-refer to a link worker"},
		{"can I refer her myself as an SLT?", "can I refer her myself as an SLT?"},
		{"refer yourself online", "self-refer online"},
		{"the referral itself", "the referral itself"},
	} {
		if got := SelfReferral(tc.in); got != tc.want {
			t.Errorf("SelfReferral(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWellbeing(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a well-being cafe", "a wellbeing cafe"},
		{"Well being group?", "Wellbeing group?"},
		{"is she well? being honest, no", "is she well? being honest, no"},
		{"anything for her as well", "anything for her as well"},
	} {
		if got := Wellbeing(tc.in); got != tc.want {
			t.Errorf("Wellbeing(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStatedAge(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"his mum's 48 and says she's been really low - anything for her?", 48},
		{"his mum's 48 and says she's been really low", 0}, // told of, not asked for
		{"pt is 84, lives alone in Harrogate", 84},
		{"17yo with a stammer", 17},
		{"my pt is 24, lives with his parents", 24},
		{"a 9 year old and her gran, who is 70", 70},
		{"aged 19, lives in Chapeltown", 19},
		{"it's 20 minutes on the bus", 0},
		{"the group is 5 quid a session", 0},
		{"her BMI is 34", 0},
		{"befriending in Harrogate", 0},
		{"session is 2-4pm", 0},
		{"LS6 3HN", 0},
		{"he was a joiner for 40 yrs", 0},
		{"pt worked there 40 yrs", 0},
		{"widower 45 yrs in Hastings, lonely", 45},
		{"my 15 year old patient", 15},
		{"pt 84 yrs, lives alone", 84},
		{"her son is 16 and she is lonely, any befriending?", 0},
		{"her son's 16 - anything for him?", 16},
		{"pt is 84 and lonely, her daughter is 52", 84},
		{"mum of a 3 yo with postnatal depression", 0},
		{"pt is 10/10 pain", 0},
		{"pt is 1 of 3 siblings", 0},
		{"she's 5'2 and 70kg", 0},
		{"his 15 yrs old son", 0},
		{"anything for his 15 yrs old son?", 15},
		{"in 2 years' time", 0},
	} {
		if got := StatedAge(tc.in); got != tc.want {
			t.Errorf("StatedAge(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestAges(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"my 15yo patient", "my child under 16 patient"},
		{"aged 17, anxious", "young person under 18, anxious"},
		{"a 9 year old and a 16-year-old", "a child under 16 and a young person under 18"},
		{"he was a joiner for 15 yrs", "he was a joiner for 15 yrs"},
		{"pt is 84 yrs", "pt is 84 yrs"},
		{"no digits here", "no digits here"},
	} {
		if got := Ages(tc.in); got != tc.want {
			t.Errorf("Ages(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
