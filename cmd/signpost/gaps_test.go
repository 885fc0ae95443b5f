package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/gaps"
	"github.com/signpost-ahp/signpost/store"
)

// gapsFixture is a knowledge folder (the init sample) and a store with
// three gaps in it.
func gapsFixture(t *testing.T) (kdir, data string, refs map[string]string) {
	t.Helper()
	root := t.TempDir()
	if _, err := writeSample(root); err != nil {
		t.Fatal(err)
	}
	kdir, data = filepath.Join(root, "knowledge"), filepath.Join(root, "data")
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	refs = map[string]string{}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i, q := range []string{"example town physio referrals address", "is there a dementia choir", "is there a directory for [postcode]"} {
		key := strings.Join(strings.Fields(q), " ")
		for range 3 - i {
			if err := st.RecordGap(key, q, "", "", []string{"example-town-referrals"}, false, at); err != nil {
				t.Fatal(err)
			}
		}
		refs[q] = gaps.Ref(key)
	}
	return kdir, data, refs
}

func TestGapsFromTheTerminal(t *testing.T) {
	kdir, data, refs := gapsFixture(t)
	physios, choir, postcode := refs["example town physio referrals address"], refs["is there a dementia choir"], refs["is there a directory for [postcode]"]

	out, errOut, code := runCmd(t, "", "gaps", "--data-dir", data, "--knowledge", kdir)
	if code != 0 {
		t.Fatalf("gaps = exit %d: %s", code, errOut)
	}
	for _, want := range []string{physios[:8] + "  example town physio referrals address", "asked 3 times, last 1 Dec 2026",
		"same as example-town-referrals? (Where do I send a social prescribing referral in Example Town?)", "signpost gaps link REF ENTRY"} {
		if !strings.Contains(out, want) {
			t.Errorf("gaps lists\n%s\nwant %q", out, want)
		}
	}
	if strings.Index(out, physios[:8]) > strings.Index(out, choir[:8]) {
		t.Errorf("gaps are not most asked first:\n%s", out)
	}

	// Link by the start of a ref: one added wording, recorded and closed.
	out, errOut, code = runCmd(t, "", "gaps", "link", physios[:6], "example-town-referrals", "--data-dir", data, "--knowledge", kdir, "--by", "cli:alex")
	if code != 0 || !strings.Contains(out, "now answers with") {
		t.Fatalf("gaps link = exit %d\n%s%s", code, out, errOut)
	}
	file, err := os.ReadFile(filepath.Join(kdir, "faq", "referring.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(file), "- example town physio referrals address") {
		t.Errorf("the wording was not added:\n%s", file)
	}
	if out, _, _ := runCmd(t, "", "ask", "--knowledge", kdir, "example town physio referrals address"); !strings.Contains(out, "Send the referral form") {
		t.Errorf("the linked wording answers\n%s", out)
	}
	st, err := store.OpenExisting(data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gaps.Find(st, physios)
	if err != nil || g.Closed != store.GapLinked || g.Linked != "example-town-referrals" || g.ClosedBy != "cli:alex" || g.AskKey == "" {
		t.Errorf("the gap after linking: %+v, %v", g, err)
	}
	changes, err := st.Changes()
	if err != nil || len(changes) != 1 || changes[0].Action != "link-gap" || changes[0].User != "cli:alex" || changes[0].File != "faq/referring.yaml" {
		t.Errorf("audit after linking: %+v, %v", changes, err)
	}
	st.Close()

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"linked twice", []string{"link", physios, "example-town-referrals"}, "already linked to example-town-referrals"},
		{"misspelt entry", []string{"link", choir, "example-town-referal"}, `did you mean "example-town-referrals"?`},
		{"a term is not an FAQ", []string{"link", choir, "town-connector"}, "town-connector is a term; only FAQs take other wordings"},
		{"placeholder", []string{"link", postcode, "example-town-referrals"}, "patient details"},
		{"short ref", []string{"link", physios[:2], "example-town-referrals"}, "at least 4 characters"},
		{"unknown ref", []string{"dismiss", "ffffffff"}, "no gap has that ref"},
		{"misspelt verb", []string{"dimiss", choir}, `did you mean "dismiss"?`},
		{"link without entry", []string{"link", choir}, "needs the gap's ref and the FAQ's id"},
		{"dismiss a linked gap", []string{"dismiss", physios}, "that gap is linked already"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"gaps"}, tc.args...)
			_, errOut, code := runCmd(t, "", append(args, "--data-dir", data, "--knowledge", kdir)...)
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("%v = exit %d %q, want it refused with %q", tc.args, code, errOut, tc.want)
			}
		})
	}
	if _, errOut, code := runCmd(t, "", "gaps", "link", choir, "example-town-referrals", "--data-dir", data); code == 0 || !strings.Contains(errOut, "--knowledge DIR") {
		t.Errorf("link with no knowledge folder = exit %d %q", code, errOut)
	}

	out, _, code = runCmd(t, "", "gaps", "dismiss", choir, "--data-dir", data, "--by", "cli:sam")
	if code != 0 || !strings.Contains(out, `Dismissed "is there a dementia choir"`) {
		t.Errorf("dismiss = exit %d %q", code, out)
	}
	out, _, _ = runCmd(t, "", "gaps", "--data-dir", data)
	if strings.Contains(out, choir[:8]) || strings.Contains(out, physios[:8]) || !strings.Contains(out, postcode[:8]) {
		t.Errorf("open gaps after a link and a dismissal:\n%s", out)
	}
	out, _, _ = runCmd(t, "", "gaps", "--all", "--data-dir", data)
	if !strings.Contains(out, "; dismissed") || !strings.Contains(out, "; linked to example-town-referrals") {
		t.Errorf("gaps --all:\n%s", out)
	}
}

// With no store yet, the commands that read one say what to do.
func TestNoRecordsYet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "signpost-data")
	for _, args := range [][]string{{"gaps"}, {"report", "--since", "12w", "--html", filepath.Join(t.TempDir(), "r.html")}} {
		_, errOut, code := runCmd(t, "", append(args, "--data-dir", dir)...)
		if code != 1 || !strings.Contains(errOut, "no records in "+dir+" yet") || !strings.Contains(errOut, "gen-activity --data-dir demo") {
			t.Errorf("%v with no store = exit %d %q", args, code, errOut)
		}
	}
}
