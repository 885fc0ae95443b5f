package privacy

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var at = Redactor{Now: func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }}

func TestRedact(t *testing.T) {
	tests := []struct {
		in, want, kinds string
	}{
		// NHS numbers: every grouping, glued to "NHS", a letter typed on,
		// and a wrong check digit (a mistyped NHS number is still a patient's).
		{"patient 943 476 5919 needs help", "patient [NHS number] needs help", NHSNumber},
		{"nhs no 9434765919", "nhs no [NHS number]", NHSNumber},
		{"NHS7335265169 is lonely", "NHS[NHS number] is lonely", NHSNumber},
		{"number 311.443.3561", "number [NHS number]", NHSNumber},
		{"49434 75167 referred", "[NHS number] referred", NHSNumber},
		{"pt 3151671977x", "pt [NHS number]", NHSNumber},
		{"ref 943 476 5918 typo", "ref [NHS number] typo", NHSNumber},
		{"nhs number: 943-476-5919", "nhs number: [NHS number]", NHSNumber},
		// Phones in every national and international form.
		{"call her on 07700 900123", "call her on [phone number]", Phone},
		{"ring 01632 960305 or +44 7700 900 123", "ring [phone number] or [phone number]", Phone},
		{"0044 7700 900444 is his mobile", "[phone number] is his mobile", Phone},
		{"+44 (0)20 7946 0000", "[phone number]", Phone},
		{"(01632) 960305", "[phone number]", Phone},
		{"07700-900-444", "[phone number]", Phone},
		{"+447700900444", "[phone number]", Phone},
		// Emails.
		{"email jo.bloggs@nhs.net", "email [email]", Email},
		// Dates of birth: labelled in any shape, or with a plausible birth year.
		{"DOB 03/04/1956 lonely", "DOB [date of birth] lonely", BirthDate},
		{"born 3rd April 1956", "born [date of birth]", BirthDate},
		{"1959-04-03 is her birthday", "[date of birth] is her birthday", BirthDate},
		{"DOB 03041960", "DOB [date of birth]", BirthDate},
		{"d.o.b: 3 Apr 61", "d.o.b: [date of birth]", BirthDate},
		{"born 3rd April 62", "born [date of birth]", BirthDate},
		{"3 Apr 61, lives alone", "[date of birth], lives alone", BirthDate},
		{"seen 12/05/1948", "seen [date of birth]", BirthDate},
		// Names with titles, street addresses, and a postcode that comes with them.
		{"Mrs Jane Smith, 12 Acacia Avenue, Whitby YO21 1AA", "[name], [address], Whitby [postcode]", Name + "," + Address + "," + Postcode},
		{"mr jones is lonely", "[name] is lonely", Name},
		{"Flat 3, 14a Park Road", "[address]", Address},
		{"lives at 5 mill lane", "lives at [address]", Address},
		{"Mrs X, 9434765919, 07700 900123, x@y.org", "[name], [NHS number], [phone number], [email]", Email + "," + Phone + "," + NHSNumber + "," + Name},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, kinds := at.Redact(tt.in)
			if got != tt.want || strings.Join(kinds, ",") != tt.kinds {
				t.Errorf("Redact(%q) = %q %v, want %q [%s]", tt.in, got, kinds, tt.want, tt.kinds)
			}
		})
	}
}

// TestKeeps lists ordinary text that must come through unchanged.
func TestKeeps(t *testing.T) {
	for _, s := range []string{
		"walking group in LS6 3HN on Tuesday", // a postcode alone finds services
		"meeting on 10/12/24 about link workers",
		"the review is due 01/02/2027",
		"28% fewer GP visits in 2017",
		"1,500 questions, 2,300 AHPs",
		"call 999 or 111, Samaritans 116 123",
		"the dr said to refer her",
		"3 groups in the park",
		"£2.50 a class, 10am to 2pm",
		"NHS 111 option 2",
		"TN34 befriending",
		"ages 18 to 65",
		"between 2019 and 2023",
	} {
		if got, kinds := at.Redact(s); got != s {
			t.Errorf("Redact(%q) = %q %v, want it unchanged", s, got, kinds)
		}
	}
}

func TestShareable(t *testing.T) {
	for in, want := range map[string]string{
		"walking group near LS6 3HN": "walking group near LS6",
		"befriending hg12ab":         "befriending hg1",
		"TN34 cooking":               "TN34 cooking",
	} {
		if got := Shareable(in); got != want {
			t.Errorf("Shareable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidNHSNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"9434765919": true, "943 476 5919": true, "943-476-5919": true, "943.476.5919": true,
		"9434765918": false, "123456789": false, "401 023 2137": true, "abcdefghij": false,
	} {
		if got := ValidNHSNumber(s); got != want {
			t.Errorf("ValidNHSNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

// identifier makes a patient detail from a seed, in one of the ways people
// write it.
func identifier(n uint64, form uint8) string {
	r := rand.New(rand.NewPCG(n, uint64(form)))
	d := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	nhs := fmt.Sprint(1+r.IntN(9)) + d(9)
	mobile := "7" + d(9)
	day, month, year := 1+r.IntN(28), 1+r.IntN(12), 1925+r.IntN(95)
	mon := []string{"Jan", "February", "Mar", "April", "May", "June", "Jul", "Aug", "Sept", "October", "Nov", "December"}[month-1]
	forms := []string{
		nhs,
		nhs[:3] + " " + nhs[3:6] + " " + nhs[6:],
		nhs[:3] + "-" + nhs[3:6] + "-" + nhs[6:],
		nhs[:3] + "." + nhs[3:6] + "." + nhs[6:],
		nhs[:5] + " " + nhs[5:],
		"NHS" + nhs,
		"0" + mobile,
		"0" + mobile[:4] + " " + mobile[4:],
		"+44 " + mobile[:4] + " " + mobile[4:],
		"0044 " + mobile[:4] + " " + mobile[4:],
		"+44 (0)" + mobile,
		fmt.Sprintf("DOB %02d/%02d/%d", day, month, year),
		fmt.Sprintf("%d-%02d-%02d", year, month, day),
		fmt.Sprintf("DOB %02d%02d%d", day, month, year),
		fmt.Sprintf("born %d %s %02d", day, mon, year%100),
		fmt.Sprintf("%d %s %d", day, mon, year),
		"someone." + d(4) + "@example.org",
	}
	return forms[int(form)%len(forms)]
}

// TestGeneratedIdentifiers embeds many generated identifiers in messages
// and checks none survives redaction.
func TestGeneratedIdentifiers(t *testing.T) {
	for n := range uint64(3000) {
		id := identifier(n, uint8(n%251))
		msg := "hi, pt " + id + " is lonely, any befriending?"
		got, _ := at.Redact(msg)
		if strings.Contains(got, strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(id, "DOB "), "born "), "NHS")) {
			t.Fatalf("%q survived: %q", id, got)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"pt ", "hi all, my patient", "", "9", "£", "Mrs", "12 Acacia"} {
		f.Add(s, "is lonely", uint64(7), uint8(3))
	}
	f.Fuzz(func(t *testing.T, before, after string, n uint64, form uint8) {
		id := identifier(n, form)
		// Keep the identifier a word of its own: digits or letters glued on
		// make another number.
		before = strings.TrimRightFunc(before, func(r rune) bool { return r != ' ' && r != ',' })
		after = strings.TrimLeftFunc(after, func(r rune) bool { return r != ' ' && r != ',' })
		got, kinds := at.Redact(before + " " + id + " " + after)
		core := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(id, "DOB "), "born "), "NHS")
		if strings.Contains(got, core) {
			t.Fatalf("%q survived in %q (%v)", core, got, kinds)
		}
		if len(kinds) == 0 {
			t.Fatalf("nothing reported for %q", id)
		}
	})
}

// TestRedactDisguised: details written to slip past a simple pattern —
// split by Slack formatting or odd spacing, in other alphabets' digits,
// with invisible characters, in the forms GP systems print — are still
// found.
func TestRedactDisguised(t *testing.T) {
	tests := []struct {
		in, kind, leak string // leak: what must not survive
	}{
		{"943  476  5919", NHSNumber, "5919"},
		{"943\n476\n5919", NHSNumber, "5919"},
		{"*943* *476* *5919*", NHSNumber, "5919"},
		{"943 / 476 / 5919", NHSNumber, "5919"},
		{"943_476_5919", NHSNumber, "5919"},
		{"943,476,5919", NHSNumber, "5919"},
		{"943 476 591 9", NHSNumber, "591"},
		{"9 4 3 4 7 6 5 9 1 9", NHSNumber, "6 5 9"},
		{"９４３ ４７６ ５９１９", NHSNumber, "５９１９"},
		{"943\u200b476\u200b5919", NHSNumber, "5919"},
		{"07700\n900123", Phone, "900123"},
		{"07700/900123", Phone, "900123"},
		{"44 7700 900123", Phone, "900123"},
		{"Mrs *Smith* is lonely", Name, "Smith"},
		{"12 *Acacia Avenue*", Address, "Acacia"},
		{"Mrs Müller", Name, "ller"},
		{"Mrs. J. Smith", Name, "Smith"},
		{"Mrs Ángela Díaz", Name, "Díaz"},
		{"Mr Łukasz Nowak", Name, "Nowak"},
		{"Mr Bob van der Berg", Name, "Berg"},
		{"Mr.Smith", Name, "Smith"},
		{"Mister Smith", Name, "Smith"},
		{"Smith, Jane (Mrs)", Name, "Smith"},
		{"Mrs\u200bSmith", Name, "Smith"},
		{"03-APR-1956", BirthDate, "1956"},
		{"DOB: 03-Apr-1956", BirthDate, "1956"},
		{"3-Apr-1956", BirthDate, "1956"},
		{"DOB 03 04 1956", BirthDate, "1956"},
		{"19560403", BirthDate, "19560403"},
		{"12 acacia av", Address, "acacia"},
		{"12 Acacia Boulevard", Address, "Acacia"},
		{"14 Station Approach", Address, "Station"},
		{"jo.bloggs @ nhs.net", Email, "bloggs"},
		{"jo.bloggs[at]nhs.net", Email, "bloggs"},
		{"jo_bloggs@nhs.net", Email, "jo"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, kinds := at.Redact(tt.in)
			if strings.Contains(got, tt.leak) || !slices.Contains(kinds, tt.kind) {
				t.Errorf("Redact(%q) = %q %v; want %s found and %q gone", tt.in, got, kinds, tt.kind, tt.leak)
			}
		})
	}
}

// TestRedactKeepsOrdinaryText: what AHPs ask about must survive.
func TestRedactKeepsOrdinaryText(t *testing.T) {
	for _, in := range []string{
		"a 10 minute drive from Whitby",
		"meeting on 10/12/24 about link workers",
		"groups on 3 days a week, 2 hours each",
		"the dr said she needs befriending",
		"call 111 or 999",
		"room 101 at 10:30",
		"is there a walking group in Leeds LS6 3HN",
	} {
		t.Run(in, func(t *testing.T) {
			if got, kinds := at.Redact(in); got != in || len(kinds) != 0 {
				t.Errorf("Redact(%q) = %q %v, want it unchanged", in, got, kinds)
			}
		})
	}
}

// TestHasTitle: the check that lets most messages skip titledRE never
// says no where titledRE would find a title.
func TestHasTitle(t *testing.T) {
	for _, s := range []string{"Mrs Smith", "seen by DR. Patel", "(Miss) Jones", "MISTER jones", "pt 12,Mr Jones", "Dame Judi"} {
		if !hasTitle(s) {
			t.Errorf("hasTitle(%q) = false", s)
		}
	}
	for _, s := range []string{"dress rehearsal", "forms and address", "Mrsmith", "mr_x", "Surgery", ""} {
		if hasTitle(s) {
			t.Errorf("hasTitle(%q) = true", s)
		}
	}
}

// TestTitleMatchedInPlace: a title written with a long s is a title, and
// a name after it is redacted, wherever it stands; "aſir Bob" (a word, not
// a title) once crashed redaction.
func TestTitleMatchedInPlace(t *testing.T) {
	Redact("aſir Bob in Harrogate?") // once a crash: the long s is an s, so this is "asir", no title
	for _, s := range []string{"ſir Bob Smith lives alone", "miſter Bob Smith", "Mrs Smith and Mr Jones", "the dr said no"} {
		got, _ := Redact(s)
		if strings.Contains(got, "Smith") || strings.Contains(got, "Jones") || strings.Contains(got, "Bob") {
			t.Errorf("Redact(%q) = %q: a name survived", s, got)
		}
	}
	if got, _ := Redact("the dr said no"); got != "the dr said no" {
		t.Errorf("Redact(the dr said no) = %q, want it unchanged", got)
	}
}

func FuzzHasTitle(f *testing.F) {
	for _, s := range []string{"Mrs Smith", "the dr said", "miſter Jones", "Dr.Who"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = plain(fold(s)) // as Redact sees it
		if titledRE.MatchString(s) && !hasTitle(s) {
			t.Fatalf("titledRE matches %q but hasTitle says no", s)
		}
	})
}

func FuzzMayHoldSpelledNumber(f *testing.F) {
	for _, s := range []string{"oh seven seven double two, three four five six one", "one two three", "nine-nine-nine-nine-nine-nine-nine-nine-nine", "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE", "one two three four five six seven eight nineé", "ſix ſix ſix ſix ſix ſix ſix ſix ſix"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = plain(fold(s)) // as numerals sees it
		if spelledRE.MatchString(s) && !mayHoldSpelledNumber(s) {
			t.Fatalf("spelledRE matches %q but mayHoldSpelledNumber says no", s)
		}
	})
}

// FuzzGates holds each address pattern's word gate to its promise: where
// the pattern matches (in text as Redact sees it), the gate is open.
func FuzzGates(f *testing.F) {
	for _, s := range []string{"lives at 12 Acacia Avenue", "Flat 3, 14a Park Road", "Rose Cottage, Back Lane", "Mr Pennington, The Old Forge, Back Lane",
		"2 Rose Cottages, Back Lane", "14 station rd", "apartment 12, Millennium House", "Pitch 7 on the Elm Tree caravan park", "3 Meadow, x", "12 Green Meadows"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = plain(fold(s)) // as Redact sees it
		for _, p := range []struct {
			name string
			re   *regexp.Regexp
			g    wordGate
		}{{"streetRE", streetRE, streetGate}, {"houseRE", houseRE, streetGate}, {"theHouseRE", theHouseRE, streetGate},
			{"lowerStreetRE", lowerStreetRE, lowerStreetGate}, {"flatRE", flatRE, flatGate}} {
			if p.re.MatchString(s) && !p.g.open(s) {
				t.Fatalf("%s matches %q but its gate is closed", p.name, s)
			}
		}
	})
}

// TestWordsAreChecked: the built-in words.yaml loads, and the loader
// refuses a list that is unknown, missing, or has an empty, capitalised or
// repeated item, naming it.
func TestWordsAreChecked(t *testing.T) {
	if _, err := parseWords(wordsYAML); err != nil {
		t.Fatalf("words.yaml: %v", err)
	}
	good := string(wordsYAML)
	for _, c := range []struct{ name, data, want string }{
		{"twice", strings.Replace(good, "name_cues:\n  [", "name_cues:\n  [called, ", 1), `name_cues lists "called" twice`},
		{"capitals", strings.Replace(good, "name_cues:\n  [", "name_cues:\n  [Dr, ", 1), "has capitals"},
		{"empty item", strings.Replace(good, "name_cues:\n  [", "name_cues:\n  [\" \", ", 1), "empty item"},
		{"unknown list", good + "\nnicknames: [bob]\n", "no list is called nicknames"},
		{"renamed list", strings.Replace(good, "web_verbs:", "web_verbz:", 1), "no list is called web_verbz"},
		{"missing list", strings.Replace(good, "web_verbs:", "# web_verbs:", 1)[:strings.Index(good, "web_verbs:")] + "\n", "web_verbs is missing or empty"},
	} {
		if _, err := parseWords([]byte(c.data)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}
