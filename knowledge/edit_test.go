package knowledge

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const commented = `# Referral questions. Champions: keep answers short.
faq:
  # The one everybody asks.
  - id: how-to-refer
    question: How do I refer?
    answer: Phone the team.  # the number is on the intranet
    reviewed: 2025-01-01

  - id: other
    question: Something else?
    answer: Another answer.
# Footer comment.
`

func editorFixture(t *testing.T) (*Editor, string) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "referral.yaml"), []byte(commented), 0o644)
	e := NewEditor(dir)
	e.Now = func() time.Time { return time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC) }
	return e, dir
}

func mustLoad(t *testing.T, dir string) *Base {
	t.Helper()
	kb, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("directory does not validate after the edit:\n%v", err)
	}
	return kb
}

func TestEditorAdd(t *testing.T) {
	e, dir := editorFixture(t)
	kb := mustLoad(t, dir)
	saved, err := e.SaveFAQ(kb, FAQ{Question: "How do I refer?", AlsoAsked: []string{"referral process"}, Answer: "Line one.\nLine two.", Tags: []string{"referral"},
		Source: &Source{Title: "NHS England", URL: "https://www.england.nhs.uk/"}}, "U0CHAMP")
	if err != nil {
		t.Fatal(err)
	}
	if saved.ID != "how-do-i-refer" || saved.Path != "added/how-do-i-refer.yaml" || !saved.New {
		t.Errorf("saved = %+v", saved)
	}
	kb = mustLoad(t, dir)
	var got *FAQ
	for i := range kb.FAQs {
		if kb.FAQs[i].ID == saved.ID {
			got = &kb.FAQs[i]
		}
	}
	if got == nil || got.Owner != "U0CHAMP" || got.Reviewed.String() != "2026-11-24" || got.Answer != "Line one.\nLine two." || got.Source.URL != "https://www.england.nhs.uk/" {
		t.Errorf("added entry = %+v", got)
	}
	// What SaveFAQ hands back is the entry as the loader reads the file.
	if got != nil && (saved.FAQ.ID != got.ID || saved.FAQ.Answer != got.Answer || saved.FAQ.Owner != got.Owner || saved.FAQ.Pos != got.Pos) {
		t.Errorf("saved.FAQ = %+v, loaded %+v", saved.FAQ, *got)
	}
	// The same question again gets a free id.
	saved2, err := e.SaveFAQ(kb, FAQ{Question: "How do I refer?", Answer: "x"}, "U0CHAMP")
	if err != nil || saved2.ID != "how-do-i-refer-2" {
		t.Errorf("second add = %+v, %v", saved2, err)
	}
}

func TestEditorEditKeepsOtherEntriesAndComments(t *testing.T) {
	e, dir := editorFixture(t)
	kb := mustLoad(t, dir)
	saved, err := e.SaveFAQ(kb, FAQ{ID: "how-to-refer", Question: "How do I refer someone?", Answer: "Use the form."}, "U0CHAMP")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Path != "referral.yaml" || saved.New || saved.FAQ.Answer != "Use the form." || saved.FAQ.Pos.Path != "referral.yaml" || saved.FAQ.Pos.Line != 4 {
		t.Errorf("saved = %+v", saved)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "referral.yaml"))
	text := string(data)
	for _, want := range []string{"# Referral questions. Champions: keep answers short.", "# The one everybody asks.", "# Footer comment.",
		"question: How do I refer someone?", "answer: Use the form.", "owner: U0CHAMP", "id: other", "answer: Another answer."} {
		if !strings.Contains(text, want) {
			t.Errorf("file lacks %q after edit:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Phone the team") {
		t.Error("the old answer is still there")
	}
	if kb := mustLoad(t, dir); len(kb.FAQs) != 2 {
		t.Errorf("%d entries after edit, want 2", len(kb.FAQs))
	}
}

func TestEditorRejectsInvalid(t *testing.T) {
	e, dir := editorFixture(t)
	kb := mustLoad(t, dir)
	before, _ := os.ReadFile(filepath.Join(dir, "referral.yaml"))
	tests := []struct {
		name  string
		f     FAQ
		field string
	}{
		{"empty question", FAQ{Question: "", Answer: "x"}, "question"},
		{"empty answer", FAQ{Question: "Q?", Answer: ""}, "answer"},
		{"bad source url", FAQ{Question: "Q?", Answer: "x", Source: &Source{URL: "not a url"}}, "source_url"},
		{"edit with empty answer", FAQ{ID: "how-to-refer", Question: "Q?", Answer: ""}, "answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.SaveFAQ(kb, tt.f, "U0CHAMP")
			var fe FieldErrors
			if !errors.As(err, &fe) || fe[0].Field != tt.field {
				t.Errorf("SaveFAQ(%+v) = %v, want an error on %s", tt.f, err, tt.field)
			}
		})
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "referral.yaml")); string(after) != string(before) {
		t.Error("a rejected edit changed the file")
	}
	if _, err := e.SaveFAQ(kb, FAQ{ID: "no-such", Question: "Q?", Answer: "A."}, "U0CHAMP"); !errors.Is(err, ErrNotFound) {
		t.Errorf("editing a missing entry = %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, addedDir)); len(entries) != 0 {
		t.Errorf("rejected adds left %d files", len(entries))
	}
}

func TestEditorConcurrentSaves(t *testing.T) {
	e, dir := editorFixture(t)
	kb := mustLoad(t, dir)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if _, err := e.SaveFAQ(kb, FAQ{Question: "Same question?", Answer: fmt.Sprintf("Answer %d.", i)}, "U0CHAMP"); err != nil {
				t.Error(err)
			}
		})
	}
	// And two edits of the same file at once.
	wg.Go(func() { e.SaveFAQ(kb, FAQ{ID: "how-to-refer", Question: "Edited one?", Answer: "One."}, "U1") })
	wg.Go(func() { e.SaveFAQ(kb, FAQ{ID: "other", Question: "Edited two?", Answer: "Two."}, "U2") })
	wg.Wait()
	kb = mustLoad(t, dir)
	if len(kb.FAQs) != 22 {
		t.Errorf("%d entries after 20 adds and 2 edits, want 22", len(kb.FAQs))
	}
	var edited int
	for _, f := range kb.FAQs {
		if f.Question == "Edited one?" || f.Question == "Edited two?" {
			edited++
		}
	}
	if edited != 2 {
		t.Errorf("%d of 2 concurrent edits to one file landed", edited)
	}
}

// FuzzEditorRoundTrip saves whatever a champion might type: either the
// form gets field errors and nothing changes, or the directory still
// loads, holds the entry as typed (less the spaces around it, which the
// loader trims), and keeps the entries already there.
func FuzzEditorRoundTrip(f *testing.F) {
	for _, s := range [][2]string{
		{"How do I refer?", "Phone the team."},
		{"What's a village agent?", "Line one.\nLine two.\n\n• bullet"},
		{"key: value?", "- a list\n- not really"},
		{"#hash question", "  indented answer  "},
		{"Q?", "*bold* <https://example.org|link> :emoji: \"quoted\" 'single'"},
		{"Tabs\tand\ttabs?", "trailing newline\n"},
		{"null", "~"},
		{"Unicode — café?", "Ünïcödé ✓ 🙂"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, question, answer string) {
		e, dir := editorFixture(t)
		kb := mustLoad(t, dir)
		before, _ := os.ReadFile(filepath.Join(dir, "referral.yaml"))
		saved, err := e.SaveFAQ(kb, FAQ{Question: question, Answer: answer}, "U0CHAMP")
		after, _ := os.ReadFile(filepath.Join(dir, "referral.yaml"))
		if string(before) != string(after) {
			t.Fatal("adding an entry changed another file")
		}
		if err != nil {
			var fe FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("SaveFAQ(%q, %q) = %v, want field errors or success", question, answer, err)
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "added")); len(entries) != 0 {
				t.Fatalf("a refused entry left %d files", len(entries))
			}
			return
		}
		kb, err = Load(os.DirFS(dir))
		if err != nil {
			t.Fatalf("SaveFAQ(%q, %q) wrote a directory that does not load:\n%v", question, answer, err)
		}
		for _, f := range kb.FAQs {
			if f.ID == saved.ID && (f.Question != strings.TrimSpace(question) || f.Answer != strings.TrimSpace(answer)) {
				t.Fatalf("saved %q / %q, read back %q / %q", question, answer, f.Question, f.Answer)
			}
		}
		if len(kb.FAQs) != 3 {
			t.Fatalf("%d entries after adding one to two", len(kb.FAQs))
		}
	})
}
