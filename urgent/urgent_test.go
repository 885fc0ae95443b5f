package urgent

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func detector(t testing.TB) *Detector {
	t.Helper()
	d, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDetectsRisk(t *testing.T) {
	d := detector(t)
	cases := []struct {
		msg, kind string
	}{
		// The issue's own examples.
		{"my patient said she'd be better off dead", "suicide"},
		{"pt disclosed her partner hits her", "abuse"},
		{"self harming", "self-harm"},
		{"collapsed, not breathing", "emergency"},
		// Third person, other wordings.
		{"a man I saw today said he wants to end it all", "suicide"},
		{"Her son says he's going to kill himself", "suicide"},
		{"client talking about taking his own life", "suicide"},
		{"she told me she doesn't want to be here any more", "suicide"},
		{"he keeps saying they'd be better off without him", "suicide"},
		{"he's been giving away his things and saying goodbye", "suicide"},
		{"my patient has been saving up her tablets", "suicide"},
		{"she feels like she's a burden to everyone", "suicide"},
		{"teenager has been cutting her arms", "self-harm"},
		{"patient says she's taken a load of tablets", "self-harm"},
		{"possible overdose in clinic", "self-harm"},
		{"fresh cuts on his forearm", "self-harm"},
		{"patient disclosed domestic abuse", "abuse"},
		{"she's being hit at home", "abuse"},
		{"DV disclosure, next steps?", "abuse"},
		{"her husband locks her in the house", "abuse"},
		{"she's terrified of going home", "abuse"},
		{"worried about a forced marriage", "abuse"},
		{"he put his hands round her neck", "abuse"},
		{"man collapsed in the car park", "emergency"},
		{"gentleman unresponsive in the waiting room", "emergency"},
		{"I think he's having a stroke", "emergency"},
		{"safeguarding concern about my neighbour", "safeguarding"},
		{"elderly lady with bruises she won't explain", "safeguarding"},
		{"I think my patient is being neglected by her son", "safeguarding"},
		{"worried a young person I see is being groomed", "child"},
		// Typos.
		{"patient is suicidle what do i do", "suicide"},
		{"she's sucidal", "suicide"},
		{"safegaurding concern about a nieghbour", "safeguarding"},
		{"he is self harmng", "self-harm"},
		// Typographic apostrophes and Slack style.
		{"pt says she doesn’t want to be here anymore 😢", "suicide"},
		{"URGENT!!! patient just said he's going to END IT", "suicide"},
	}
	for _, c := range cases {
		t.Run(c.msg, func(t *testing.T) {
			sig := d.Detect(c.msg)
			if sig == nil {
				t.Fatalf("no risk seen; want %s", c.kind)
			}
			if !slices.Contains(sig.Kinds, c.kind) {
				t.Errorf("kinds %v, want %s among them", sig.Kinds, c.kind)
			}
			if len(sig.Help) == 0 || !strings.Contains(sig.Help[0], "999") {
				t.Errorf("help does not lead with 999: %v", sig.Help)
			}
		})
	}
}

func TestOrdinaryQuestionsAreNotUrgent(t *testing.T) {
	d := detector(t)
	for _, msg := range []string{
		"is there any suicide prevention training for AHPs?",
		"suicide awareness course for physios",
		"cost of living crisis support",
		"what's our safeguarding policy in general",
		"who's the safeguarding lead at Leicester City Council?",
		"What counts as a safeguarding concern and who do I tell?",
		"safeguarding training for link workers",
		"end of life care and social prescribing",
		"how do I refer to a link worker?",
		"befriending near HG1",
		"is there a crisis cafe in Leeds",
		"my patient isn't suicidal, just low, what can help?",
		"not suicidal but very flat, any groups?",
		"alcohol abuse support",
		"the funding cuts hit them hard",
		"we want to cut costs in the service",
		"has she taken her tablets today",
		"gentle exercise following her stroke",
		"she took paracetamol for her knee this morning",
		"where can I send people for help cooking on a budget?",
		"lonely older people who call 999 because they have no one else",
		"what is the evidence that social prescribing works",
		"walking group that ends at the cafe",
		"she's scared of dogs",
		"",
		"😀😀😀",
	} {
		if sig := d.Detect(msg); sig != nil {
			t.Errorf("%q: seen as %v", msg, sig.Kinds)
		}
	}
}

func TestHelpFitsTheRisk(t *testing.T) {
	d := detector(t)
	abuse := strings.Join(d.Detect("her partner hits her").Help, "\n")
	for _, want := range []string{"999", "0808 2000 247", "safeguarding lead"} {
		if !strings.Contains(abuse, want) {
			t.Errorf("help for abuse lacks %q:\n%s", want, abuse)
		}
	}
	suicide := strings.Join(d.Detect("he said he wants to kill himself").Help, "\n")
	for _, want := range []string{"999", "NHS 111", "option 2", "Samaritans", "116 123", "SHOUT", "85258", "safeguarding lead"} {
		if !strings.Contains(suicide, want) {
			t.Errorf("help for suicide lacks %q:\n%s", want, suicide)
		}
	}
	if strings.Contains(suicide, "Domestic Abuse") {
		t.Errorf("help for suicide offers the domestic abuse line:\n%s", suicide)
	}
	// Two kinds at once: each line once, in the file's order.
	both := d.Detect("she's been hit by her partner and now says she wants to die").Help
	if len(both) != len(slices.Compact(slices.Clone(both))) || !strings.Contains(both[0], "999") {
		t.Errorf("help for two kinds = %v", both)
	}
}

func TestParseRefusesBadPatterns(t *testing.T) {
	for _, data := range []string{
		"kinds: {x: {patterns: ['* end'], help: [h]}}\nhelp: [{id: h, text: t}]",
		"kinds: {x: {patterns: ['a|b c~d~'], help: [h]}}\nhelp: [{id: h, text: t}]",
		"kinds: {x: {patterns: [word], help: [missing]}}\nhelp: [{id: h, text: t}]",
		"kinds: [",
		"footer: f", // no kinds: Detect would have nothing to rank
		"footer: f\nkinds: {x: {patterns: [word], help: [h, h]}}\nhelp: [{id: h, text: t}]", // one line shown twice
		"footer: f\nkinds: {x: {patterns: [word], help: [h]}}\nhelp: [{id: h, text: t}, {id: h, text: u}]",
	} {
		if _, err := Parse([]byte(data)); err == nil {
			t.Errorf("Parse(%q) accepted it", data)
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"suicidal", "suicidal", true}, {"sucidal", "suicidal", true}, {"suicidle", "suicidal", false},
		{"cooking", "choking", false}, {"chokimg", "choking", true}, {"nieghbour", "neighbour", true},
		{"safegaurding", "safeguarding", true}, {"safeguardin", "safeguarding", true},
		{"xsafeguarding", "safeguarding", true}, {"safeguards", "safeguarding", false}, {"", "a", true}, {"ab", "", false},
	} {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	d := detector(b)
	msg := "So I saw a man in clinic today for his knee, and halfway through he told me he hasn't really spoken to anyone since his wife died in the spring. He lives in Heamoor. I didn't know what to say - is there any bereavement support near him?"
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(msg)
	}
}

func FuzzDetect(f *testing.F) {
	d := detector(f)
	for _, s := range []string{"suicidal", "she's being hit", "a|b~ * (?)", "''''", "self-harm", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sig := d.Detect(s)
		if sig != nil && (len(sig.Kinds) == 0 || len(sig.Help) == 0) {
			t.Fatalf("signal without kinds or help: %+v", sig)
		}
	})
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"She's being hit":      "she being hit",
		"her partner’s hands":  "her partner hands",
		"isn't, don't & won't": "isnt dont wont",
		"self-harm… 'quoted'":  "self harm quoted",
		"NHS 111 option 2":     "nhs 111 option 2",
		"it's":                 "it",
		"'s alone, x's, ss's'": "s alone x ss",
	} {
		if got := strings.Join(Words(in), " "); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCaseFiles runs the sets of messages written blind by reviewers:
// every one marked urgent must be seen, and no ordinary one.
func TestCaseFiles(t *testing.T) {
	d := detector(t)
	files, _ := filepath.Glob("../testdata/urgent-*.yaml")
	if len(files) == 0 {
		t.Fatal("no urgent case files in testdata")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cases := readRiskCases(t, path)
			missed, alarms := 0, 0
			for _, c := range cases {
				got := d.Detect(c.Q) != nil
				switch {
				case c.Urgent && !got:
					missed++
					t.Errorf("missed (%s): %q", c.Why, c.Q)
				case !c.Urgent && got:
					alarms++
					t.Logf("false alarm (%s): %q", c.Why, c.Q)
				}
			}
			// A miss may cost a life, so none is allowed; a false alarm costs
			// a few lines of help the person did not need, so a rare one is.
			if alarms*50 > len(cases) {
				t.Errorf("%d false alarms in %d cases: more than one in 50", alarms, len(cases))
			}
			t.Logf("%d cases: %d missed, %d false alarms", len(cases), missed, alarms)
		})
	}
}

// TestRuleExamples runs every rule's examples: each must be found at the
// rule's level (or higher) and of its kind. A rule's examples are its tests.
func TestRuleExamples(t *testing.T) {
	d := detector(t)
	var f file
	if err := yaml.Unmarshal(defaultData, &f); err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, k := range f.Kinds {
		for _, r := range k.Rules {
			if len(r.Examples) == 0 {
				t.Errorf("kind %s: rule %v has no examples", name, r.All)
			}
			want := Clear
			if r.Level == "possible" {
				want = Possible
			}
			for _, ex := range r.Examples {
				n++
				sig := d.Detect(ex)
				switch {
				case sig == nil:
					t.Errorf("kind %s, rule %v: %q not seen", name, r.All, ex)
				case sig.Level < want:
					t.Errorf("kind %s, rule %v: %q seen as %s risk, want %s", name, r.All, ex, sig.Level, want)
				case sig.Level == want && !slices.Contains(sig.Kinds, name):
					t.Errorf("kind %s, rule %v: %q seen as %v", name, r.All, ex, sig.Kinds)
				}
			}
		}
	}
	t.Logf("%d rule examples", n)
}

func TestLocalContactsFollowTheNationalOnes(t *testing.T) {
	d, err := detector(t).WithContacts([]Contact{{Name: "Leeds Crisis Line", Phone: "0800 183 1486", When: "24 hours"}})
	if err != nil {
		t.Fatal(err)
	}
	help := d.Detect("she said she wants to kill herself").Help
	if !strings.Contains(help[0], "999") || !strings.Contains(help[len(help)-1], "Leeds Crisis Line: *0800 183 1486* (24 hours)") {
		t.Errorf("help = %q, want 999 first and the local line last", help)
	}
	if f := d.Footer(); !strings.Contains(f, "999") || !strings.HasSuffix(f, "Leeds Crisis Line 0800 183 1486") {
		t.Errorf("footer = %q", f)
	}
	if f := detector(t).Footer(); strings.Contains(f, "Leeds") {
		t.Errorf("WithContacts changed the detector it was made from: %q", f)
	}
	if _, err := detector(t).WithContacts([]Contact{{Name: "*bold*", Phone: "999"}}); err == nil {
		t.Error("a contact with markup was accepted")
	}
}

func TestTiers(t *testing.T) {
	d := detector(t)
	for _, c := range []struct {
		msg  string
		want Level
	}{
		{"pt says she won't be here by christmas and has been giving her things away", Clear},
		{"she has been sorting her funeral", Possible},
		{"she's had enough", Possible},
		{"an assignment on coercive control", 0},
		{"lit review on self-harm prevention", 0},
		{"killing it at parkrun this week", 0},
		{"dying to know if the choir is back on", 0},
		{"overdid it at the gym", 0},
		// Two patterns reading the same word are one sign, not the two
		// that make clear risk.
		{"her little one has a high temperature, any baby groups open?", 0},
		{"denies any thoughts of self-harm, just wants a walking group", 0},
		{"self-harmed as a teenager, nothing for ten years, wants a climbing group", 0},
	} {
		got := Level(0)
		if sig := d.Detect(c.msg); sig != nil {
			got = sig.Level
		}
		if got != c.want {
			t.Errorf("%q: level %v, want %v", c.msg, got, c.want)
		}
	}
}

// TestBlindRiskSets holds the ground won on the sets reviewers wrote
// without seeing the detector (testdata/risk-blind-*.yaml). The rules were
// tuned on a to e; f and g were measured once against the rules before
// anything was tuned on them; all seven now train the model (model.go),
// so these floors are fit, not generalisation: TestModelGeneralises and
// docs/clinical-safety.md (hazard H1) have the held-out figures. A change
// may raise a floor, never lower it.
func TestBlindRiskSets(t *testing.T) {
	d := detector(t)
	for _, s := range []struct {
		name                 string
		clear, either, alarm int // at least, at least, at most
	}{
		{"a", 72, 73, 2},
		{"b", 50, 55, 12},
		{"c", 61, 63, 3},
		{"d", 44, 54, 5},
		{"e", 45, 50, 8},
		{"f", 73, 75, 16},
		{"g", 74, 75, 14},
		{"h", 78, 80, 9},
		{"i", 76, 79, 25},
	} {
		t.Run(s.name, func(t *testing.T) {
			file := "../testdata/risk-blind-" + s.name + ".yaml"
			if s.name == "h" || s.name == "i" {
				file = "../testdata/risk-unseen-" + s.name + ".yaml" // never trained on
			}
			cases := readRiskCases(t, file)
			risk, clear, either, alarm := readAll(d, cases)
			if clear < s.clear || either < s.either || alarm > s.alarm {
				t.Errorf("clear %d (floor %d), either %d (floor %d), clear false alarms %d (ceiling %d)", clear, s.clear, either, s.either, alarm, s.alarm)
			}
			t.Logf("%d risk: clear %.3f, either %.3f; clear false alarms %d of %d", risk, float64(clear)/float64(risk), float64(either)/float64(risk), alarm, len(cases)-risk)
		})
	}
}

// TestUnseenOrdinaryQuestions reads 250 ordinary questions nobody tuned
// on (and the model never learnt from): clear risk must stay under the
// issue's 2%, and was none when they were first read.
func TestUnseenOrdinaryQuestions(t *testing.T) {
	d := detector(t)
	raw, err := os.ReadFile("../testdata/unseen-ordinary-j.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Q string `yaml:"q"`
	}
	if err := yaml.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	clear, possible := 0, 0
	for _, c := range cases {
		switch sig := d.Detect(c.Q); {
		case sig.Clear():
			clear++
			t.Logf("clear: %s", c.Q)
		case sig != nil:
			possible++
		}
	}
	if clear > 0 || possible > 2 {
		t.Errorf("%d of %d ordinary questions read as clear risk (ceiling 0), %d as possible (ceiling 2)", clear, len(cases), possible)
	}
}

// riskCase is a message of a reviewer's set and whether it is risk.
type riskCase struct {
	Q      string `yaml:"q"`
	Urgent bool   `yaml:"urgent"`
	Why    string `yaml:"why"`  // the writer's reason, for messages
	Note   string `yaml:"note"` // a question set's "style: what it tests"
}

func readRiskCases(t testing.TB, file string) []riskCase {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []riskCase
	if err := yaml.Unmarshal(raw, &cases); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return cases
}

// readAll reads every case: how many are risk, how many of those it
// finds clear and either tier, and how many others it reads as clear.
func readAll(d *Detector, cases []riskCase) (risk, clear, either, alarms int) {
	for _, c := range cases {
		sig := d.Detect(c.Q)
		switch {
		case c.Urgent:
			risk++
			if sig != nil {
				either++
			}
			if sig.Clear() {
				clear++
			}
		case sig.Clear():
			alarms++
		}
	}
	return risk, clear, either, alarms
}

// FuzzFirstIndex holds the first-word index to its promise: every pattern
// under a word's first letter whose first slot matches the word (typos
// included) is among the candidates it finds for that word.
func FuzzFirstIndex(f *testing.F) {
	for _, s := range []string{"suicide", "suicdie", "sucide", "suicidal", "overdose", "overdosed", "kil", "strangled", "stranglde", "hopeles", "xx"} {
		f.Add(s)
	}
	d := detector(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			got, _ := d.first.candidates(w, nil, nil)
			for n, st := range d.first.fuzzy {
				if d.first.letters[n][w[0]/64]&(1<<(w[0]%64)) != 0 && st.p[0].match(w) && !slices.Contains(got, int32(n)) {
					t.Fatalf("%q starts pattern %d (%v) but the index does not offer it", w, n, st.p[0].words)
				}
			}
		}
	})
}
