package place

import (
	"math"
	"testing"
)

func TestKeyOf(t *testing.T) {
	tests := []struct {
		name string
		want Key
	}{
		{"Stockton-on-Tees", "stockton on tees"},
		{"stockton on tees", "stockton on tees"},
		{"St. Ives", "st ives"},
		{"  Whitby  ", "whitby"},
		{"King’s Lynn", "kings lynn"},
		{"Ynys Môn", "ynys môn"},
		{"", ""},
		{"---", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KeyOf(tt.name); got != tt.want {
				t.Errorf("KeyOf(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestDistanceKm(t *testing.T) {
	whitby := Point{Lat: 54.486, Lon: -0.615}
	scarborough := Point{Lat: 54.283, Lon: -0.399}
	if d := DistanceKm(whitby, scarborough); math.Abs(d-27) > 1.5 {
		t.Errorf("Whitby to Scarborough = %.1f km, want about 27", d)
	}
	if d := DistanceKm(whitby, whitby); d != 0 {
		t.Errorf("distance to itself = %v", d)
	}
}
