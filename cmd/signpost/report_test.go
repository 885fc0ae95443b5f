package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/store"
)

func TestReport(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i, a := range []store.Asked{
		{At: now.AddDate(0, 0, -90), Answered: true, Top: "evidence"},
		{At: now.AddDate(0, 0, -3), Answered: true, Top: "how-to-refer"},
		{At: now.AddDate(0, 0, -2), Answered: false, Categories: []string{"music"}, Area: "Whitby"},
	} {
		if err := st.RecordQuestion(a); err != nil {
			t.Fatalf("question %d: %v", i, err)
		}
	}
	if err := st.RecordGap("@whitby choir", "choir in Whitby", "music", "Whitby", nil, false, now); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, errOut, code := runCmd(t, "", "report", "--data-dir", data, "--knowledge", "../../testdata/kb", "--since", "30d")
	for _, want := range []string{"Questions asked: 2; answered: 1 (50%)", "How do I refer someone to a link worker?", "music", "Whitby", "choir in Whitby"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("report = %d %q %q; want it to hold %q", code, out, errOut, want)
		}
	}
	out, _, code = runCmd(t, "", "report", "--data-dir", data, "--knowledge", "../../testdata/kb", "--since", "6m", "--csv")
	if code != 0 || !strings.HasPrefix(out, "section,name,count,entry\nsummary,questions,3,\n") {
		t.Errorf("report --csv = %d %q", code, out)
	}
	_, errOut, code = runCmd(t, "", "report", "--data-dir", data, "--since", "3y")
	if code != 2 || !strings.Contains(errOut, "use d (days), w (weeks) or m (months)") {
		t.Errorf("report --since 3y = %d %q", code, errOut)
	}
}

func TestReportOnADamagedStore(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	st.RecordQuestion(store.Asked{At: time.Now()})
	os.WriteFile(filepath.Join(data, "signpost.db"), []byte("not a database"), 0o600)
	_, errOut, code := runCmd(t, "", "report", "--data-dir", data, "--knowledge", "../../testdata/kb")
	if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "damaged") || strings.Contains(errOut, "goroutine") {
		t.Errorf("report on a damaged store = %d %q, want one line saying it is damaged", code, errOut)
	}
}

// TestTerminalOutputIsEscaped: names from knowledge or imports and what
// people asked can carry terminal escapes (OSC 52 writes the clipboard);
// report and validate print them as text, as the console and ask do.
func TestTerminalOutputIsEscaped(t *testing.T) {
	kb := "../../testdata/kb"
	data := t.TempDir()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordGap("k", "choir \x1b[2J\x1b]0;pwned\x07in Kendal", "", "Kendal", nil, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.RecordQuestion(store.Asked{At: time.Now(), Area: "Kendal"})
	st.Close()

	out, errOut, code := runCmd(t, "", "report", "--data-dir", data, "--knowledge", kb, "--since", "30d")
	if code != 0 {
		t.Fatalf("report = %d %s", code, errOut)
	}
	if !strings.Contains(out, "choir") || !strings.Contains(out, "in Kendal") {
		t.Fatalf("report does not show the entry and the gap:\n%q", out)
	}
	// A file that does not validate, its bad value printed in the message.
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "x.yaml"), []byte("services:\n  - id: \"x\\e]52;c;ZXZpbA==\\a\"\n    name: \"\\e]52;c;ZXZpbA==\\a\"\n"), 0o644)
	vout, verr, _ := runCmd(t, "", "validate", bad)
	for name, s := range map[string]string{"report": out + errOut, "validate": vout + verr} {
		if strings.ContainsAny(s, "\x1b\x07\u009b") {
			t.Errorf("%s printed a terminal escape: %q", name, s)
		}
	}
}

// TestTerminalSafeKeepsSplitCharacters: a buffered encoder may end one
// write in the middle of a character ("–", "é", an emoji); the escaper
// must pass it on whole, not break it, and still take out escapes.
func TestTerminalSafeKeepsSplitCharacters(t *testing.T) {
	in := "a – b é c 👋 d \u202e e\x1b[2J f \x9b31mg"
	want := "a – b é c 👋 d  e f \ufffd31mg"
	for cut := 1; cut < len(in); cut++ {
		var out bytes.Buffer
		w := &terminalSafe{w: &out}
		w.Write([]byte(in[:cut]))
		w.Write([]byte(in[cut:]))
		w.flush()
		if out.String() != want {
			t.Errorf("cut at %d: %q, want %q", cut, out.String(), want)
		}
	}
}

// TestExitMessageIsEscaped: the error main prints (it may quote a file
// name from the knowledge directory) goes through the same escaper.
func TestExitMessageIsEscaped(t *testing.T) {
	var out bytes.Buffer
	w := &terminalSafe{w: &out}
	exitCode(fmt.Errorf("kb/a\x1b]0;PWNED\x07\x1b[2J.yaml: cannot read"), w)
	w.flush()
	if strings.ContainsAny(out.String(), "\x1b\x07") || !strings.Contains(out.String(), "cannot read") {
		t.Errorf("printed %q", out.String())
	}
}
