package bot

import (
	"slices"
	"strings"
)

// weekdays, Monday first, as services' hours name them.
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// dayWords are how people ask for days: "any on a saturday?", "weekends?".
var dayWords = map[string][]int{
	"monday": {0}, "mondays": {0}, "tuesday": {1}, "tuesdays": {1}, "wednesday": {2}, "wednesdays": {2},
	"thursday": {3}, "thursdays": {3}, "friday": {4}, "fridays": {4}, "saturday": {5}, "saturdays": {5},
	"sunday": {6}, "sundays": {6}, "weekend": {5, 6}, "weekends": {5, 6},
}

// daysAsked are the days a message asks about, Monday = 0.
func daysAsked(words []string) []int {
	var out []int
	for _, w := range words {
		for _, d := range dayWords[w] {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// meetsOn reports whether a service's hours ("Monday to Friday 9am to
// 5pm; carers' café last Saturday of the month") include any of the days:
// named, or within a range of days ("Monday to Friday").
func meetsOn(hours string, days []int) bool {
	words := lowerWords(hours)
	on := make([]bool, len(weekdays))
	for i, w := range words {
		d := dayIndex(w)
		if d < 0 {
			continue
		}
		on[d] = true
		if i+2 < len(words) && (words[i+1] == "to" || words[i+1] == "till" || words[i+1] == "until") {
			if end := dayIndex(words[i+2]); end > d {
				for k := d; k <= end; k++ {
					on[k] = true
				}
			}
		}
	}
	if strings.Contains(strings.ToLower(hours), "every day") || strings.Contains(strings.ToLower(hours), "daily") {
		return true
	}
	for _, d := range days {
		if on[d] {
			return true
		}
	}
	return false
}

func dayIndex(w string) int {
	for i, d := range weekdays {
		if w == d || w == d+"s" {
			return i
		}
	}
	return -1
}

// dayNames names days for a reply: "Saturday or Sunday".
func dayNames(days []int) string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = strings.ToUpper(weekdays[d][:1]) + weekdays[d][1:]
	}
	return strings.Join(names, " or ")
}
