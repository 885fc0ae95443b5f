package openreferral

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signpost-ahp/signpost/knowledge"
)

func readFile(t *testing.T, path string) ([]Record, Version) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, v, err := ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return recs, v
}

func TestReadJSONv1(t *testing.T) {
	recs, v := readFile(t, "testdata/v1-page.json")
	if v != V1 || len(recs) != 5 {
		t.Fatalf("read %d records as %s, want 5 as v1", len(recs), v)
	}
	r := recs[0]
	if r.ID != "bcc:svc:1001" || r.City != "Hastings" || r.Postcode != "tn35 5ed" || r.Phone != "01632 960900" ||
		r.Org != "Ore Community Trust" || r.MinAge != 60 || r.Lat == nil || *r.Lat != 50.871 {
		t.Errorf("record = %+v", r)
	}
	// Keys are matched without regard to case: "Service_taxonomys".
	if len(r.Terms) != 1 || r.Terms[0].Name != "Befriending services" || r.Terms[0].Vocabulary != "esdServiceTypes" {
		t.Errorf("terms = %+v", r.Terms)
	}
	if len(r.Schedules) != 1 || r.Schedules[0] != "Monday, Wednesday 10:00 to 12:00" {
		t.Errorf("schedules = %q", r.Schedules)
	}
}

func TestReadJSONv3(t *testing.T) {
	recs, v := readFile(t, "testdata/v3-page.json")
	if v != V3 || len(recs) != 2 {
		t.Fatalf("read %d records as %s, want 2 as v3", len(recs), v)
	}
	r := recs[0]
	if r.City != "Harrogate" || r.Postcode != "HG1 1ST" || r.Phone != "01632 960901" || r.MinAge != 16 ||
		len(r.Terms) != 1 || r.Terms[0].Name != "Carers support" || len(r.Costs) != 1 || *r.Costs[0].Amount != 0 {
		t.Errorf("record = %+v", r)
	}
	if r.Schedules[0] != "Tuesday 14:00 to 16:00" || r.Assured != "2026-09-01T12:00:00Z" {
		t.Errorf("schedule %q, assured %q", r.Schedules, r.Assured)
	}
}

// TestReadJSONSingleService: a v3 service on its own (as GET
// /services/{id} returns it), not in a page.
func TestReadJSONSingleService(t *testing.T) {
	recs, v := readFile(t, "testdata/v3-service.json")
	if v != V3 || len(recs) != 1 || recs[0].Name != "Harrogate Carers Café" || recs[0].Postcode != "HG1 1ST" {
		t.Fatalf("read %+v as %s", recs, v)
	}
}

func TestReadJSONErrors(t *testing.T) {
	for _, in := range []string{"", "not json", `"a string"`, `{"foo": 1}`} {
		if _, _, err := ReadJSON(strings.NewReader(in)); err == nil {
			t.Errorf("ReadJSON(%q) succeeded", in)
		}
	}
}

func TestReadCSV(t *testing.T) {
	recs, err := ReadCSV(os.DirFS("testdata/csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("read %d records", len(recs))
	}
	r := recs[0]
	if r.Name != "Whitby Men's Shed" || r.City != "Whitby" || r.Postcode != "YO22 4AE" || r.Phone != "01632 960910" ||
		len(r.Terms) != 1 || r.Terms[0].Name != "Peer support" || r.Schedules[0] != "Tuesday, Friday 10:00 to 15:00" || r.URL != "https://www.example.org/shed" {
		t.Errorf("record = %+v", r)
	}
	if _, err := ReadCSV(os.DirFS("testdata")); err == nil {
		t.Error("a folder without services.csv was accepted")
	}
}

func convertFile(t *testing.T, path string, opt Options) ([]knowledge.Service, Report) {
	t.Helper()
	recs, _ := readFile(t, path)
	if opt.Mapping == nil {
		m, err := DefaultMapping()
		if err != nil {
			t.Fatal(err)
		}
		opt.Mapping = m
	}
	return Convert(recs, opt)
}

func TestConvert(t *testing.T) {
	services, rep := convertFile(t, "testdata/v1-page.json", Options{})
	if rep.Read != 5 || rep.Imported != 3 || rep.Skipped["status defunct"] != 1 || rep.Skipped["no category"] != 1 {
		t.Errorf("report = %s", rep.Summary())
	}
	if len(rep.Unmapped) != 1 || rep.Unmapped[0].Name != "Parking Permits" || rep.Unmapped[0].Terms[0] != "Parking" {
		t.Errorf("unmapped = %+v", rep.Unmapped)
	}
	ore := services[0]
	want := knowledge.Service{
		ID: "oruk-ore-valley-befriending-scheme-4ac2bb9f", Name: "Ore Valley Befriending Scheme",
		Description: "Weekly visits from a trained volunteer for lonely older people.\nPhone calls too.",
		Categories:  []string{"befriending"}, Area: "Hastings", Postcode: "TN35 5ED", Cost: "free",
		Referral: []string{"self", "professional"}, Eligibility: "Older people; Ages 60 and over", Hours: "Monday, Wednesday 10:00 to 12:00",
	}
	if ore.ID != want.ID || ore.Name != want.Name || ore.Description != want.Description || !slices.Equal(ore.Categories, want.Categories) ||
		ore.Area != want.Area || ore.Postcode != want.Postcode || ore.Cost != want.Cost || !slices.Equal(ore.Referral, want.Referral) ||
		ore.Eligibility != want.Eligibility || ore.Hours != want.Hours || ore.Reviewed.String() != "2026-05-01" {
		t.Errorf("converted\n%+v\nwant\n%+v", ore, want)
	}
	debt := services[2]
	if debt.Postcode != "" || debt.Location != nil || debt.Description != "Free advice on debt and benefits." {
		t.Errorf("invalid postcode and location should be left out, markdown stripped: %+v", debt)
	}
	if len(rep.Notes) != 2 {
		t.Errorf("notes = %q", rep.Notes)
	}
}

func TestConvertFallsBackToDescription(t *testing.T) {
	finder := func(text string) []string {
		if strings.Contains(strings.ToLower(text), "allotment") {
			return []string{"gardening"}
		}
		return nil
	}
	services, rep := convertFile(t, "testdata/v3-page.json", Options{Vocabulary: finder})
	if len(services) != 2 || !slices.Equal(services[1].Categories, []string{"gardening"}) {
		t.Fatalf("services = %+v", services)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "category from its description") {
		t.Errorf("notes = %q", rep.Notes)
	}
}

func TestStableIDs(t *testing.T) {
	a, _ := convertFile(t, "testdata/v1-page.json", Options{})
	b, _ := convertFile(t, "testdata/v1-page.json", Options{})
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Errorf("id changed between imports: %s, %s", a[i].ID, b[i].ID)
		}
	}
	if StableID("Same Name", "x:1") == StableID("Same Name", "x:2") {
		t.Error("two services with one name share an id")
	}
	if id := StableID(strings.Repeat("Very long name ", 10), "x"); len(id) > 60 {
		t.Errorf("id %q is too long", id)
	}
}

func TestAreaFallback(t *testing.T) {
	recs := []Record{{ID: "1", Name: "No address", Status: "active", Terms: []Term{{Name: "Befriending"}}}}
	m, _ := DefaultMapping()
	if _, rep := Convert(recs, Options{Mapping: m}); rep.Imported != 0 || rep.Skipped["no town (use --area)"] != 1 {
		t.Errorf("without --area: %s", rep.Summary())
	}
	if s, rep := Convert(recs, Options{Mapping: m, Area: "Whitby"}); rep.Imported != 1 || s[0].Area != "Whitby" {
		t.Errorf("with --area: %s", rep.Summary())
	}
}

func TestMapping(t *testing.T) {
	m, err := DefaultMapping()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		term Term
		want string
	}{
		{Term{Name: "Befriending services"}, "befriending"},
		{Term{Name: "BEFRIENDING"}, "befriending"},
		{Term{Name: "Walking"}, "physical-activity"},
		{Term{Name: "Arthritis support"}, ""}, // "art" must not match arthritis
		{Term{Name: "Parking"}, ""},
		{Term{Name: "Single parents"}, ""}, // nor "sing" single
		{Term{Name: "Men's peer support group"}, "peer-support"},
	}
	for _, tt := range tests {
		t.Run(tt.term.Name, func(t *testing.T) {
			if got := strings.Join(m.Map(tt.term), ","); got != tt.want {
				t.Errorf("Map(%q) = %q, want %q", tt.term.Name, got, tt.want)
			}
		})
	}
	if err := m.Read("custom", strings.NewReader("terms:\n  Parking: volunteering\n")); err != nil {
		t.Fatal(err)
	}
	if got := m.Map(Term{Name: "parking"}); !slices.Equal(got, []string{"volunteering"}) {
		t.Errorf("custom mapping ignored: %v", got)
	}
	if err := m.Read("bad", strings.NewReader("terms:\n  X: walking\n")); err == nil {
		t.Error("a mapping to an unknown category was accepted")
	}
}

func TestYAMLValidates(t *testing.T) {
	for _, f := range []string{"testdata/v1-page.json", "testdata/v3-page.json"} {
		services, _ := convertFile(t, f, Options{})
		data, err := knowledge.MarshalServices(services, "test header\nsecond line")
		if err != nil {
			t.Fatal(err)
		}
		kb, err := knowledge.LoadFile(filepath.Base(f)+".yaml", data)
		if err != nil {
			t.Fatalf("%s: output does not validate:\n%v\n%s", f, err, data)
		}
		if len(kb.Services) != len(services) {
			t.Errorf("%s: wrote %d services, read back %d", f, len(services), len(kb.Services))
		}
		if !strings.HasPrefix(string(data), "# test header\n# second line\n") {
			t.Errorf("header missing: %.60s", data)
		}
	}
}

// FuzzReadJSON feeds arbitrary documents to the reader and converter: a
// council's feed is input Signpost does not control.
func FuzzReadJSON(f *testing.F) {
	for _, p := range []string{"testdata/v1-page.json", "testdata/v3-page.json"} {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte(`{"content":[{"id":1,"name":{"x":1},"service_taxonomys":"nope"}]}`))
	m, _ := DefaultMapping()
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _, err := ReadJSON(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		services, _ := Convert(recs, Options{Mapping: m, Area: "Fuzzton"})
		out, err := knowledge.MarshalServices(services, "fuzz")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := knowledge.LoadFile("fuzz.yaml", out); err != nil {
			t.Fatalf("converted services do not validate: %v\n%s", err, out)
		}
	})
}

// TestBadWebAddressIsLeftOut: one service's web address that knowledge
// would refuse (a space, a bar, markup) is left out with a note, and the
// rest of the import goes on.
func TestBadWebAddressIsLeftOut(t *testing.T) {
	m, err := DefaultMapping()
	if err != nil {
		t.Fatal(err)
	}
	var recs []Record
	for i, u := range []string{"https://example.org/a b", "https://example.org/|https://www.nhs.uk", "https://example.org/<!channel>", "https://example.org/ok"} {
		recs = append(recs, Record{ID: fmt.Sprint(i), Name: fmt.Sprintf("Walk %d", i), Description: "A walk.", URL: u, City: "Hastings",
			Terms: []Term{{Name: "Walking"}}})
	}
	services, rep := Convert(recs, Options{Mapping: m, Area: "Hastings"})
	if len(services) != 4 {
		t.Fatalf("imported %d of 4: %s", len(services), rep.Summary())
	}
	for _, s := range services[:3] {
		if s.Contact != nil && s.Contact.Website != "" {
			t.Errorf("%s kept the web address %q", s.Name, s.Contact.Website)
		}
	}
	if services[3].Contact == nil || services[3].Contact.Website != "https://example.org/ok" {
		t.Errorf("a good web address was lost: %+v", services[3].Contact)
	}
	n := 0
	for _, note := range rep.Notes {
		if strings.Contains(note, ": web address") && strings.HasSuffix(note, "left out") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("notes = %q, want one about each bad web address", rep.Notes)
	}
	for _, s := range services {
		if err := knowledge.CheckWebAddress(websiteOf(s)); websiteOf(s) != "" && err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
}

func websiteOf(s knowledge.Service) string {
	if s.Contact == nil {
		return ""
	}
	return s.Contact.Website
}
