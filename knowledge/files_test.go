package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

const goodFile = "faq:\n  - id: a\n    question: Q?\n    answer: A.\n"

// TestOnlyRegularFilesAreRead puts things that are not knowledge files
// where knowledge files go: each is reported in one line, nothing hangs or
// fills memory, and the good file beside them is still checked.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"named pipe", func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "not a regular file (it is a named pipe)"},
		{"link to /dev/zero", func(t *testing.T, p string) { os.Symlink("/dev/zero", p) }, "outside the knowledge directory"},
		{"link outside", func(t *testing.T, p string) {
			outside := filepath.Join(t.TempDir(), "x.yaml")
			os.WriteFile(outside, []byte(goodFile), 0o644)
			os.Symlink(outside, p)
		}, "outside the knowledge directory"},
		{"directory", func(t *testing.T, p string) { os.Mkdir(p, 0o755) }, "is a directory"},
		{"too big", func(t *testing.T, p string) {
			f, _ := os.Create(p)
			f.Truncate(MaxFileSize + 1)
			f.Close()
		}, "at most 32 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "good.yaml"), []byte(goodFile), 0o644)
			c.make(t, filepath.Join(dir, "bad.yaml"))
			done := make(chan error, 1)
			go func() { _, err := Load(os.DirFS(dir)); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "bad.yaml:1:1: ") || !strings.Contains(err.Error(), c.want) {
					t.Errorf("Load = %v, want bad.yaml:1:1 saying %q", err, c.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Load hung")
			}
			if _, err := FileSums(os.DirFS(dir)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("FileSums = %v, want an error saying %q", err, c.want)
			}
		})
	}
}

func TestWebAddressesCannotHoldMarkup(t *testing.T) {
	for _, u := range []string{"https://x/><!channel>", "https://evil.example|https://www.nhs.uk/login", "https://a b.org", "https://x.org/\"onclick"} {
		data := "faq:\n  - id: a\n    question: Q?\n    answer: A.\n    source: {title: T, url: '" + strings.ReplaceAll(u, "'", "''") + "'}\n"
		if _, err := LoadFile("f.yaml", []byte(data)); err == nil || !strings.Contains(err.Error(), "web address") {
			t.Errorf("url %q: err %v, want it refused", u, err)
		}
	}
}

func TestSlackControlSequencesWarn(t *testing.T) {
	data := "faq:\n  - id: a\n    question: Q?\n    answer: \"Hello <!channel> and &lt;!here&gt;\"\n"
	kb, err := LoadFile("f.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(kb.Warnings) != 1 || !strings.Contains(kb.Warnings[0].String(), "f.yaml:4:13: warning:") || !strings.Contains(kb.Warnings[0].Msg, "<!channel>") {
		t.Errorf("warnings = %v", kb.Warnings)
	}
}

// TestDirectoryTooBigInAll: files each within MaxFileSize but past
// MaxTotalSize together are refused with a problem that says so, without
// reading on.
func TestDirectoryTooBigInAll(t *testing.T) {
	fsys := fstest.MapFS{}
	// Comments only: valid YAML that costs nothing to parse.
	chunk := []byte("# " + strings.Repeat("x", 1<<20-3) + "\n")
	per := MaxFileSize / 2
	for i := range MaxTotalSize/per + 1 {
		fsys[fmt.Sprintf("part-%02d.yaml", i)] = &fstest.MapFile{Data: bytes.Repeat(chunk, per/len(chunk))}
	}
	_, err := Load(fsys)
	var kerr *Error
	if !errors.As(err, &kerr) || len(kerr.Problems) != 1 || !strings.Contains(kerr.Problems[0].Msg, "more than 128 MB") {
		t.Fatalf("err = %v, want one problem about the directory's size", err)
	}
}

// TestDeceptiveLabelsWarn: a link or a source whose words read as another
// site than where it goes (dots drawn with one-dot leaders, an invisible
// joiner, a Cyrillic letter) is reported by validate.
func TestDeceptiveLabelsWarn(t *testing.T) {
	for _, c := range []struct {
		name, data string
		warn       bool
	}{
		{"answer link", "faq:\n  - id: a\n    question: Q?\n    answer: \"Log in at <https://evil.example/login|www\u2024nhs\u2024uk/login>\"\n", true},
		{"small stops", "faq:\n  - id: a\n    question: Q?\n    answer: \"<https://evil.example|www\ufe52nhs\ufe52uk>\"\n", true},
		{"source title", "faq:\n  - id: a\n    question: Q?\n    answer: A.\n    source: {title: \"www.nh\u0455.uk\", url: \"https://evil.example/\"}\n", true},
		{"service name", "services:\n  - id: s\n    name: \"www.nhs\u2060.uk\"\n    description: D.\n    categories: [music]\n    area: Kendal\n    contact: {website: \"https://evil.example/\"}\n", true},
		{"honest link", "faq:\n  - id: a\n    question: Q?\n    answer: \"See <https://www.nhs.uk/live-well|nhs.uk Live Well>\"\n", false},
		{"honest source", "faq:\n  - id: a\n    question: Q?\n    answer: A.\n    source: {title: \"NHS Live Well\", url: \"https://www.nhs.uk/\"}\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			kb, err := LoadFile("f.yaml", []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			warned := false
			for _, w := range kb.Warnings {
				if strings.Contains(w.Msg, "another site") {
					warned = true
				}
			}
			if warned != c.warn {
				t.Errorf("warned %v, want %v: %v", warned, c.warn, kb.Warnings)
			}
		})
	}
}

// TestLinkChainsStayInside: every link on the way to a file is followed
// before deciding, so a chain or a linked directory cannot reach a file
// outside the knowledge directory; a chain that stays inside is read.
func TestLinkChainsStayInside(t *testing.T) {
	outsideDir := t.TempDir()
	os.WriteFile(filepath.Join(outsideDir, "secret.yaml"), []byte(strings.ReplaceAll(goodFile, "id: a", "id: secret")), 0o644)
	for _, c := range []struct {
		name string
		make func(dir string)
		want string // "" when the file is read
	}{
		{"chain through a hop", func(dir string) {
			os.Symlink(filepath.Join(outsideDir, "secret.yaml"), filepath.Join(dir, "hop"))
			os.Symlink("hop", filepath.Join(dir, "y.yaml"))
		}, "outside the knowledge directory"},
		{"through a linked directory", func(dir string) {
			os.Symlink(outsideDir, filepath.Join(dir, "d"))
			os.Symlink("d/secret.yaml", filepath.Join(dir, "x.yaml"))
		}, "outside the knowledge directory"},
		{"up and out", func(dir string) {
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			rel, _ := filepath.Rel(filepath.Join(dir, "sub"), filepath.Join(outsideDir, "secret.yaml"))
			os.Symlink(rel, filepath.Join(dir, "x.yaml"))
		}, "outside the knowledge directory"},
		{"up from a hidden directory to a link", func(dir string) {
			// ".x/y/.." is ".x", not "x": x is a link outside.
			os.MkdirAll(filepath.Join(dir, ".x", "y"), 0o755)
			os.Symlink(outsideDir, filepath.Join(dir, "x"))
			os.Symlink(".x/y/../../x/secret.yaml", filepath.Join(dir, "evil.yaml"))
		}, "outside the knowledge directory"},
		{"hidden directory, up and over", func(dir string) {
			os.MkdirAll(filepath.Join(dir, ".x", "y"), 0o755)
			os.Symlink(outsideDir, filepath.Join(dir, "x"))
			os.WriteFile(filepath.Join(dir, ".x", "secret.yaml"), []byte(strings.ReplaceAll(goodFile, "id: a", "id: hidden")), 0o644)
			os.Symlink(".x/y/../secret.yaml", filepath.Join(dir, "evil.yaml"))
		}, ""},
		{"loop", func(dir string) {
			os.Symlink("b.yaml", filepath.Join(dir, "a.yaml"))
			os.Symlink("a.yaml", filepath.Join(dir, "b.yaml"))
		}, "loop of links"},
		{"chain inside", func(dir string) {
			os.Mkdir(filepath.Join(dir, "real"), 0o755)
			os.WriteFile(filepath.Join(dir, "real", "z.txt"), []byte(strings.ReplaceAll(goodFile, "id: a", "id: inside")), 0o644)
			os.Symlink("real/z.txt", filepath.Join(dir, "hop"))
			os.Symlink("hop", filepath.Join(dir, "y.yaml"))
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.make(dir)
			kb, err := Load(os.DirFS(dir))
			if c.want == "" {
				if err != nil {
					t.Fatalf("a chain inside the directory: %v", err)
				}
				if len(kb.FAQs) != 1 || kb.FAQs[0].ID != "inside" && kb.FAQs[0].ID != "hidden" {
					t.Errorf("read %+v", kb.FAQs)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load = %v, want it refused: %q", err, c.want)
			}
			if kb != nil && slices.ContainsFunc(kb.FAQs, func(f FAQ) bool { return f.ID == "secret" }) {
				t.Error("the outside entry was loaded")
			}
		})
	}
}

// TestListLimits: lists that would hold up indexing are refused by
// validate, and the message gives the limit.
func TestListLimits(t *testing.T) {
	term := func(aliases []string) string {
		var b strings.Builder
		b.WriteString("terms:\n  - id: lw\n    term: link worker\n    definition: D.\n    aliases:\n")
		for _, a := range aliases {
			fmt.Fprintf(&b, "      - %q\n", a)
		}
		return b.String()
	}
	many := make([]string, MaxListItems+1)
	for i := range many {
		many[i] = fmt.Sprintf("name %d", i)
	}
	if _, err := LoadFile("t.yaml", []byte(term(many))); err == nil || !strings.Contains(err.Error(), "at most 500") {
		t.Errorf("%d aliases: %v, want refused with the limit", len(many), err)
	}
	if _, err := LoadFile("t.yaml", []byte(term([]string{strings.Repeat("x", MaxItemLen+1)}))); err == nil || !strings.Contains(err.Error(), "at most 500") {
		t.Errorf("a long alias: %v, want refused with the limit", err)
	}
	if _, err := LoadFile("t.yaml", []byte(term(many[:MaxListItems]))); err != nil {
		t.Errorf("%d aliases refused: %v", MaxListItems, err)
	}
	// In all: many entries, each within its own limits.
	dir := t.TempDir()
	item := strings.Repeat("y", MaxItemLen-10)
	per := make([]string, MaxListItems)
	for i := range per {
		per[i] = fmt.Sprintf("%s %d", item, i)
	}
	for f := 0; f*MaxListItems*MaxItemLen <= MaxWordings; f++ {
		data := strings.Replace(term(per), "id: lw", fmt.Sprintf("id: lw%d", f), 1)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%d.yaml", f)), []byte(data), 0o644)
	}
	if _, err := Load(os.DirFS(dir)); err == nil || !strings.Contains(err.Error(), "more than 4 MB of aliases") {
		t.Errorf("more than %d MB of aliases in all: %v, want refused with the limit", MaxWordings>>20, err)
	}
}
