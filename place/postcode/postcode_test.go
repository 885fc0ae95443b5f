package postcode

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		ok       bool
		want     string
		district string
		area     string
	}{
		{"spaced", "HG1 2AB", true, "HG1 2AB", "HG1", "HG"},
		{"lower case unspaced", "hg12ab", true, "HG1 2AB", "HG1", "HG"},
		{"extra spaces", "  ls6   3hn ", true, "LS6 3HN", "LS6", "LS"},
		{"two digit district", "TN34 1EX", true, "TN34 1EX", "TN34", "TN"},
		{"letter after district digit", "W1A 1AA", true, "W1A 1AA", "W1A", "W"},
		{"two letter area and district letter", "EC1V 9HX", true, "EC1V 9HX", "EC1V", "EC"},
		{"single letter area", "M1 1AE", true, "M1 1AE", "M1", "M"},
		{"GIR special case", "GIR 0AA", true, "GIR 0AA", "GIR", "GIR"},
		{"incomplete inward", "HG1 2A", false, "", "", ""},
		{"district only", "HG1", false, "", "", ""},
		{"digit first", "1HG 2AB", false, "", "", ""},
		{"empty", "", false, "", "", ""},
		{"not a postcode", "hello world", false, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := Parse(tt.in)
			if ok != tt.ok || p.String() != tt.want || p.District() != tt.district || (ok && p.Area() != tt.area) {
				t.Errorf("Parse(%q) = %q (district %q, area %q), %v; want %q (%q, %q), %v",
					tt.in, p, p.District(), p.Area(), ok, tt.want, tt.district, tt.area, tt.ok)
			}
		})
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

func TestAreaTown(t *testing.T) {
	for _, tc := range []struct{ area, town string }{
		{"LS", "Leeds"}, {"tn", "Tonbridge"}, {"HU", "Kingston upon Hull"}, {"B", "Birmingham"}, {"ZE", "Lerwick"}, {"QQ", ""},
	} {
		got, ok := AreaTown(tc.area)
		if got != tc.town || ok != (tc.town != "") {
			t.Errorf("AreaTown(%q) = %q %v, want %q", tc.area, got, ok, tc.town)
		}
	}
	if n := len(areaTowns); n != 121 {
		t.Errorf("%d postcode areas, want the UK's 121", n)
	}
}
