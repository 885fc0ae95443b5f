package bot

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		in    string
		want  string
		kinds string
	}{
		{"patient 943 476 5919 needs help", "patient [NHS number] needs help", PIINHSNumber},
		{"nhs no 9434765919", "nhs no [NHS number]", PIINHSNumber},
		{"ref 943 476 5918 is not one", "ref 943 476 5918 is not one", ""}, // fails modulus 11
		{"call her on 07700 900123", "call her on [phone number]", PIIPhone},
		{"ring 01632 960305 or +44 7700 900 123", "ring [phone number] or [phone number]", PIIPhone},
		{"email jo.bloggs@nhs.net", "email [email]", PIIEmail},
		{"DOB 03/04/1956 lonely", "DOB [date of birth] lonely", PIIBirthDate},
		{"born 3rd April 1956", "born [date of birth]", PIIBirthDate},
		{"walking group in LS6 3HN on Tuesday", "walking group in LS6 3HN on Tuesday", ""},
		{"28% fewer GP visits in 2017", "28% fewer GP visits in 2017", ""},
		{"Mrs X, 9434765919, 07700 900123, x@y.org", "Mrs X, [NHS number], [phone number], [email]", PIIEmail + "," + PIINHSNumber + "," + PIIPhone},
	}
	for _, tt := range tests {
		got, kinds := Redact(tt.in)
		if got != tt.want || strings.Join(kinds, ",") != tt.kinds {
			t.Errorf("Redact(%q) = %q %v, want %q [%s]", tt.in, got, kinds, tt.want, tt.kinds)
		}
	}
}

func TestValidNHSNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"9434765919":   true,
		"943 476 5919": true,
		"943-476-5919": true,
		"9434765918":   false,
		"123456789":    false,
		"401 023 2137": true,
		"abcdefghij":   false,
	} {
		if got := ValidNHSNumber(s); got != want {
			t.Errorf("ValidNHSNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
