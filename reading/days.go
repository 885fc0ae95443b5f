package reading

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// weekdays, Monday first, as services' hours name them.
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// dayWords are how people ask for days: "any on a saturday?", "weekends?".
var dayWords = map[string][]int{
	"monday": {0}, "mondays": {0}, "tuesday": {1}, "tuesdays": {1}, "wednesday": {2}, "wednesdays": {2},
	"thursday": {3}, "thursdays": {3}, "friday": {4}, "fridays": {4}, "saturday": {5}, "saturdays": {5},
	"sunday": {6}, "sundays": {6}, "weekend": {5, 6}, "weekends": {5, 6},
	"weekday": {0, 1, 2, 3, 4}, "weekdays": {0, 1, 2, 3, 4},
}

// evening is how a message asks for a time after work: "an evening
// group", "after work", "after 5".
const (
	evening     = 7 // a day index past the week: any day, from 5pm
	afterSchool = 8 // a weekday from 3pm
	daytime     = 9 // any day, before 5pm: "he won't drive in the dark"
)

// DaysAsked are the days a message asks about, Monday = 0, and evening
// for a time after work.
func DaysAsked(words []string) []int {
	var out []int
	for i, w := range words {
		ds := dayWords[w]
		switch {
		case w == "evening" || w == "evenings" || w == "after" && i+1 < len(words) && (words[i+1] == "work" || words[i+1] == "5" || words[i+1] == "5pm"):
			ds = []int{evening}
		case w == "after" && i+1 < len(words) && words[i+1] == "school":
			ds = []int{afterSchool}
		case w == "daytime" || w == "day" && i > 0 && (words[i-1] == "the" && i > 1 && (words[i-2] == "during" || words[i-2] == "in")):
			ds = []int{daytime} // "in the daytime", "during the day"
		}
		for _, d := range ds {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// eveningRE finds a time of day in hours: "6pm", "5:30pm", "7 pm".
var eveningRE = regexp.MustCompile(`(?i)\b(\d{1,2})(?::\d{2})?\s*pm\b`)

// clockRE finds a time with am or pm: "10am", "2:30 pm".
var clockRE = regexp.MustCompile(`(?i)\b(\d{1,2})(?::\d{2})?\s*(am|pm)\b`)

// startsByDay reports whether hours name a time before 5pm at which
// something starts or runs ("Thursday 2pm", "9am to 5pm").
func startsByDay(hours string) bool {
	for _, m := range clockRE.FindAllStringSubmatch(hours, -1) {
		h, err := strconv.Atoi(m[1])
		if err != nil || h < 1 || h > 12 {
			continue
		}
		if strings.EqualFold(m[2], "am") || h == 12 || h < 5 {
			return true
		}
	}
	return false
}

// runsFrom reports whether hours name a time from hour o'clock (pm) to
// before midnight at which something starts or runs: from 5 for the
// evening ("Tuesday 6pm", "9am to 7pm"), from 3 after school.
func runsFrom(hours string, hour int) bool {
	for _, m := range eveningRE.FindAllStringSubmatch(hours, -1) {
		if h, err := strconv.Atoi(m[1]); err == nil && h >= hour && h < 12 {
			return true
		}
	}
	return false
}

// MeetsOn reports whether a service's hours ("Monday to Friday 9am to
// 5pm; carers' café last Saturday of the month") include any of the days:
// named, or within a range of days ("Monday to Friday").
func MeetsOn(hours string, days []int) bool {
	words := LowerWords(hours)
	on := make([]bool, len(weekdays))
	for i, w := range words {
		d := hoursDay(w)
		if d < 0 {
			continue
		}
		on[d] = true
		if i+2 < len(words) && (words[i+1] == "to" || words[i+1] == "till" || words[i+1] == "until") {
			if end := hoursDay(words[i+2]); end > d {
				for k := d; k <= end; k++ {
					on[k] = true
				}
			}
		}
	}
	lower := strings.ToLower(hours)
	allDay := strings.Contains(lower, "24 hours")
	daily := strings.Contains(lower, "every day") || strings.Contains(lower, "daily") || allDay
	if slices.Contains(words, "weekday") || slices.Contains(words, "weekdays") {
		for k := range 5 {
			on[k] = true
		}
	}
	// Hours in words: "daytime and evening courses", "evenings".
	saysEvening := slices.Contains(words, "evening") || slices.Contains(words, "evenings")
	saysDaytime := slices.Contains(words, "daytime") || slices.Contains(words, "morning") || slices.Contains(words, "mornings") ||
		slices.Contains(words, "afternoon") || slices.Contains(words, "afternoons")
	for _, d := range days {
		switch {
		case d == evening && (runsFrom(hours, 5) || saysEvening || allDay), d == afterSchool && runsFrom(hours, 3),
			d == daytime && (startsByDay(hours) || saysDaytime || allDay):
			return true
		case d < len(weekdays) && (daily || on[d]):
			return true
		}
	}
	return false
}

// DayIndex is a weekday's number, Monday = 0, for its name or plural
// ("saturdays"); -1 for any other word.
// hoursDay is DayIndex for a service's hours, which shorten day names as
// timetables do ("Weds & Sat 10am-1pm", "Mon to Fri", "Tues", "Thurs"):
// three letters or more that begin a day's name, or those and a plural s.
// Only hours: in a question, "sat" and "sun" are other words.
func hoursDay(w string) int {
	if d := DayIndex(w); d >= 0 || len(w) < 3 {
		return d
	}
	for i, d := range weekdays {
		if strings.HasPrefix(d, w) || len(w) > 3 && strings.HasSuffix(w, "s") && strings.HasPrefix(d, w[:len(w)-1]) {
			return i
		}
	}
	return -1
}

func DayIndex(w string) int {
	for i, d := range weekdays {
		if w == d || w == d+"s" {
			return i
		}
	}
	return -1
}

// DaysSession names a session on the days, with its article: "a Saturday
// session", "an evening session".
func DaysSession(days []int) string {
	n := DayNames(days)
	if strings.ContainsRune("aeiouAEIOU", rune(n[0])) {
		return "an " + n + " session"
	}
	return "a " + n + " session"
}

// DaysWhen says when, after what is asked for: "on Saturday", "in the
// evening", "after school", "at the weekend".
func DaysWhen(days []int) string {
	if len(days) == 1 {
		switch days[0] {
		case evening:
			return "in the evening"
		case afterSchool:
			return "after school"
		case daytime:
			return "in the daytime"
		}
	}
	switch n := DayNames(days); n {
	case "weekend":
		return "at the weekend"
	case "weekday":
		return "on a weekday"
	default:
		return "on " + n
	}
}

// DayNames names days for a reply: "Saturday or Sunday", "weekend".
func DayNames(days []int) string {
	switch {
	case slices.Equal(days, []int{0, 1, 2, 3, 4}):
		return "weekday"
	case slices.Equal(days, []int{5, 6}):
		return "weekend"
	}
	names := make([]string, len(days))
	for i, d := range days {
		switch d {
		case evening:
			names[i] = "evening"
			continue
		case afterSchool:
			names[i] = "after-school"
			continue
		case daytime:
			names[i] = "daytime"
			continue
		}
		names[i] = strings.ToUpper(weekdays[d][:1]) + weekdays[d][1:]
	}
	return strings.Join(names, " or ")
}
