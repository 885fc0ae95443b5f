package postcode

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		ok       bool
		want     string
		district string
		area     string
	}{
		{"HG1 2AB", true, "HG1 2AB", "HG1", "HG"},
		{"hg12ab", true, "HG1 2AB", "HG1", "HG"},
		{"  ls6   3hn ", true, "LS6 3HN", "LS6", "LS"},
		{"TN34 1EX", true, "TN34 1EX", "TN34", "TN"},
		{"W1A 1AA", true, "W1A 1AA", "W1A", "W"},
		{"EC1V 9HX", true, "EC1V 9HX", "EC1V", "EC"},
		{"M1 1AE", true, "M1 1AE", "M1", "M"},
		{"GIR 0AA", true, "GIR 0AA", "GIR", "GIR"},
		{"HG1 2A", false, "", "", ""},
		{"HG1", false, "", "", ""},
		{"1HG 2AB", false, "", "", ""},
		{"", false, "", "", ""},
		{"hello world", false, "", "", ""},
	}
	for _, tt := range tests {
		p, ok := Parse(tt.in)
		if ok != tt.ok || p.String() != tt.want || p.District() != tt.district || (ok && p.Area() != tt.area) {
			t.Errorf("Parse(%q) = %q (district %q, area %q), %v; want %q (%q, %q), %v",
				tt.in, p, p.District(), p.Area(), ok, tt.want, tt.district, tt.area, tt.ok)
		}
	}
}

func TestParseDistrict(t *testing.T) {
	for in, want := range map[string]string{"ls6": "LS6", "TN34": "TN34", " w1a ": "W1A", "LS6 3HN": "", "LS": "", "6LS": "", "AHP": ""} {
		p, ok := ParseDistrict(in)
		if (want != "") != ok || p.District() != want {
			t.Errorf("ParseDistrict(%q) = %q, %v; want %q", in, p.District(), ok, want)
		}
	}
}
