package knowledge

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestLoadBad checks the exact problems reported for each broken directory
// under testdata/bad against testdata/bad/NAME.golden.
func TestLoadBad(t *testing.T) {
	dirs, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			kb, err := Load(os.DirFS(filepath.Join("testdata/bad", d.Name())))
			if kb != nil {
				t.Errorf("Load returned a knowledge base alongside problems")
			}
			var kerr *Error
			if !errors.As(err, &kerr) {
				t.Fatalf("Load error = %v, want *knowledge.Error", err)
			}
			got := kerr.Error() + "\n"
			golden := filepath.Join("testdata/bad", d.Name()+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./knowledge -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestLoadGood(t *testing.T) {
	kb, err := Load(os.DirFS("testdata/good"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := kb.Summary(), "1 faq, 1 terms, 1 services, 1 areas"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	s := kb.Services[0]
	if s.Postcode != "HG1 2AB" {
		t.Errorf("postcode = %q, want it normalised to %q", s.Postcode, "HG1 2AB")
	}
	if s.Location == nil || s.Location.Lat != 53.99 || s.Location.Lon != -1.54 {
		t.Errorf("location = %+v", s.Location)
	}
	if s.Contact == nil || s.Contact.Email != "a@example.org" {
		t.Errorf("contact = %+v", s.Contact)
	}
	if len(kb.CategoryWords) != 1 || kb.CategoryWords[0].Category != "befriending" || len(kb.CategoryWords[0].Words) != 2 {
		t.Errorf("category words = %+v", kb.CategoryWords)
	}
	if got := kb.Areas[0].Districts; strings.Join(got, ",") != "HG1,HG2" {
		t.Errorf("districts = %v, want [HG1 HG2]", got)
	}
	f := kb.FAQs[0]
	if f.Reviewed.String() != "2026-01-02" || f.Owner != "U012ABCDEF" || f.Source == nil || f.Source.URL != "https://example.org/contract" {
		t.Errorf("faq = %+v", f)
	}
	if f.Pos.Path != "all.yaml" || f.Pos.Line != 3 || f.Pos.Col != 5 {
		t.Errorf("faq position = %v, want all.yaml:3:5", f.Pos)
	}
}

func TestLoadEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string // the problems, or "" for none
	}{
		{
			name:  "empty directory",
			files: fstest.MapFS{},
		},
		{
			name:  "non-yaml files are ignored",
			files: fstest.MapFS{"README.md": {Data: []byte("not: [yaml")}, "x.txt": {Data: []byte("::")}},
		},
		{
			name:  "hidden folders are skipped",
			files: fstest.MapFS{".git/config.yaml": {Data: []byte("bad: [")}},
		},
		{
			name:  "root must be a mapping",
			files: fstest.MapFS{"a.yaml": {Data: []byte("- just\n- a list\n")}},
			want:  "a.yaml:1:1: a knowledge file must be a mapping with faq:, terms: or services: lists",
		},
		{
			name:  "list expected",
			files: fstest.MapFS{"a.yaml": {Data: []byte("faq: {id: x}\n")}},
			want:  `a.yaml:1:6: "faq" should be a list of entries (each starting with "- id: ...")`,
		},
		{
			name:  "entry must be a mapping",
			files: fstest.MapFS{"a.yaml": {Data: []byte("terms:\n  - just text\n")}},
			want:  "a.yaml:2:5: each term should be a mapping of fields (id: ..., ...)",
		},
		{
			name:  "category words need a known category",
			files: fstest.MapFS{"a.yaml": {Data: []byte("category_words:\n  - category: walkies\n    words: [x]\n")}},
			want:  "a.yaml:2:15: unknown category \"walkies\"; allowed: befriending, gardening, arts, music, physical-activity, healthy-eating, weight-management, mental-wellbeing, volunteering, employment, money-advice, housing, carers, learning, digital-skills, peer-support, link-worker",
		},
		{
			name:  "a required field left empty",
			files: fstest.MapFS{"a.yaml": {Data: []byte("faq:\n  - id: x\n    question: Q?\n    answer:\n")}},
			want:  `a.yaml:4:12: "answer" is empty`,
		},
		{
			name:  "repeated top-level key",
			files: fstest.MapFS{"a.yaml": {Data: []byte("faq:\nfaq:\n")}},
			want:  `a.yaml:2:1: "faq" given twice (first at line 1)`,
		},
		{
			name: "anchors and aliases resolve",
			files: fstest.MapFS{"a.yaml": {Data: []byte(
				"faq:\n  - &q\n    id: one\n    question: Q?\n    answer: A.\n  - id: two\n    question: Q2?\n    answer: A2.\n")}},
		},
		{
			name: "problems sorted by file then line",
			files: fstest.MapFS{
				"b.yaml": {Data: []byte("faq:\n  - id: x\n")},
				"a.yaml": {Data: []byte("terms:\n  - id: y\n    term: t\n  - id: z\n")},
			},
			want: "a.yaml:2:5: term is missing required field \"definition\"\n" +
				"a.yaml:4:5: term is missing required field \"term\"\n" +
				"a.yaml:4:5: term is missing required field \"definition\"\n" +
				"b.yaml:2:5: faq entry is missing required field \"question\"\n" +
				"b.yaml:2:5: faq entry is missing required field \"answer\"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.files)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	if _, err := LoadFile("new.yaml", []byte("faq:\n  - id: a\n    question: Q?\n    answer: A.\n")); err != nil {
		t.Errorf("LoadFile(valid) = %v", err)
	}
	_, err := LoadFile("new.yaml", []byte("faq:\n  - id: a\n    question: Q?\n"))
	if err == nil || err.Error() != `new.yaml:2:5: faq entry is missing required field "answer"` {
		t.Errorf("LoadFile(missing answer) = %v", err)
	}
}

// FuzzLoadFile feeds arbitrary bytes to the loader: it must never panic,
// and whatever it accepts must hold only valid entries.
func FuzzLoadFile(f *testing.F) {
	for _, dir := range []string{"testdata/good", "testdata/bad/values", "testdata/bad/unknown", "testdata/bad/syntax"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("faq: [{id: a, question: q, answer: a, tags: [&x b, *x]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		kb, err := LoadFile("fuzz.yaml", data)
		if err != nil {
			var kerr *Error
			if !errors.As(err, &kerr) || len(kerr.Problems) == 0 {
				t.Fatalf("error %v is not a *knowledge.Error with problems", err)
			}
			for _, p := range kerr.Problems {
				if p.Path != "fuzz.yaml" || p.Line < 1 || p.Col < 1 || p.Msg == "" {
					t.Fatalf("malformed problem %+v", p)
				}
			}
			return
		}
		for _, f := range kb.FAQs {
			if f.ID == "" || f.Question == "" || f.Answer == "" {
				t.Fatalf("accepted an incomplete faq entry %+v", f)
			}
		}
		for _, s := range kb.Services {
			if s.ID == "" || s.Name == "" || s.Area == "" || len(s.Categories) == 0 {
				t.Fatalf("accepted an incomplete service %+v", s)
			}
			for _, c := range s.Categories {
				if !IsCategory(c) {
					t.Fatalf("accepted unknown category %q", c)
				}
			}
		}
	})
}

// Slips that load but are not what was meant are warned of, with what to
// do; what is meant is not.
func TestSlipsAreWarnedOf(t *testing.T) {
	kb, err := Load(fstest.MapFS{"k.yaml": {Data: []byte(`areas:
  - {id: harrogate, name: Harrogate, aliases: [Starbeck]}
  - {id: hull, name: Hull}
services:
  - {id: typo, name: A, description: A., categories: [befriending], area: Harogate}
  - {id: alias, name: B, description: B., categories: [befriending], area: starbeck}
  - {id: elsewhere, name: C, description: C., categories: [befriending], area: Ripon}
  - {id: short, name: D, description: D., categories: [befriending], area: Hove}
  - {id: swapped, name: E, description: E., categories: [befriending], area: Harrogate, location: {lat: -1.54, lon: 53.99}}
  - {id: abroad, name: F, description: F., categories: [befriending], area: Harrogate, location: {lat: 40.4, lon: -3.7}}
  - {id: ahead, name: G, description: G., categories: [befriending], area: Hull, reviewed: 2099-01-01}
`)}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range kb.Warnings {
		got = append(got, w.Msg)
	}
	want := []string{
		`warning: service typo is in area "Harogate", which areas.yaml does not declare (did you mean "Harrogate"?)`,
		"warning: service swapped is located at lat -1.54, lon 53.99, outside the UK: lat and lon look the wrong way round",
		"warning: service abroad is located at lat 40.4, lon -3.7, outside the UK",
		"warning: service ahead was reviewed on 2099-01-01, which is after today: it would never be due a review",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
