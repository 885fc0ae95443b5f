package reading

import (
	"slices"
	"testing"
)

func TestMeetsOn(t *testing.T) {
	sat, weekend := []int{5}, []int{5, 6}
	for _, tc := range []struct {
		hours string
		days  []int
		want  bool
	}{
		{"Monday to Friday 9am to 5pm", sat, false},
		// Timetables shorten day names.
		{"Weds & Sat 10am-1pm all year", sat, true},
		{"Weds & Sat 10am-1pm all year", []int{2}, true},
		{"Mon to Fri 9am-5pm", []int{3}, true},
		{"Mon to Fri 9am-5pm", sat, false},
		{"Tues 10-12", []int{1}, true},
		{"Thurs and Sun afternoons", []int{6}, true},
		{"Thu 2pm", []int{1}, false},
		{"We sat together at the front desk", sat, true}, // only hours are read so
		{"Monday to Saturday 9am to 5pm", sat, true},
		{"Monday and Wednesday 10:30am; Saturday 9:30am", sat, true},
		{"Monday to Friday 9am to 5pm; carers' café last Saturday of the month", weekend, true},
		{"First and third Sunday of the month 10am to 12 noon", weekend, true},
		{"Every other Monday 2pm to 4pm", weekend, false},
		{"Open daily 8am to 8pm", sat, true},
		{"Calls arranged to suit", sat, false},
		{"Tuesday to Thursday", []int{2}, true},
		{"Tuesday 6pm to 7:30pm", []int{evening}, true},
		{"Monday 5:30pm to 7pm", []int{evening}, true},
		{"Monday to Friday 9am to 5pm", []int{evening}, true}, // open until 5
		{"Monday to Friday 9am to 4:30pm", []int{evening}, false},
		{"Wednesday 10am to 12:30pm", []int{evening}, false},
		{"Clubs Tuesday and Thursday 4pm to 6pm", []int{afterSchool}, true},
		{"Tuesday 10am to 1pm", []int{afterSchool}, false},
		{"Thursday 2pm to 3:30pm", []int{daytime}, true},
		{"Wednesday 10am to 12:30pm", []int{daytime}, true},
		{"Tuesday 6pm to 7:30pm", []int{daytime}, false},
		{"Fortnightly Wednesday 6:30pm to 8pm", []int{daytime}, false},
		{"Monday to Friday 9am to 5pm", []int{0, 1, 2, 3, 4}, true},
		{"Saturday 10am to 1pm", []int{0, 1, 2, 3, 4}, false},
		{"Daytime and evening courses, term time", []int{daytime}, true},
		{"Daytime and evening courses, term time", []int{evening}, true},
		{"Weekday mornings", []int{2}, true},
		{"Weekday mornings", []int{5}, false},
		{"Open 24 hours", []int{6}, true},
		{"Open 24 hours", []int{evening}, true},
		{"Daily 6pm to 9pm", []int{daytime}, false},
	} {
		if got := MeetsOn(tc.hours, tc.days); got != tc.want {
			t.Errorf("MeetsOn(%q, %v) = %v, want %v", tc.hours, tc.days, got, tc.want)
		}
	}
	for _, tc := range []struct {
		q    string
		want []int
	}{
		{"any on a saturday? or weekends", []int{5, 6}},
		{"is it in the daytime? he won't drive in the dark", []int{daytime}},
		{"something during the day", []int{daytime}},
		{"only on weekdays", []int{0, 1, 2, 3, 4}},
		{"what day is it", nil},
		{"anything after work", []int{evening}},
	} {
		if got := DaysAsked(LowerWords(tc.q)); !slices.Equal(got, tc.want) {
			t.Errorf("DaysAsked(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestDaysInWords(t *testing.T) {
	for _, tc := range []struct {
		days          []int
		session, when string
	}{
		{[]int{5}, "a Saturday session", "on Saturday"},
		{[]int{evening}, "an evening session", "in the evening"},
		{[]int{afterSchool}, "an after-school session", "after school"},
		{[]int{daytime}, "a daytime session", "in the daytime"},
		{[]int{5, 6}, "a weekend session", "at the weekend"},
		{[]int{0, 1, 2, 3, 4}, "a weekday session", "on a weekday"},
		{[]int{1, 3}, "a Tuesday or Thursday session", "on Tuesday or Thursday"},
	} {
		if got := DaysSession(tc.days); got != tc.session {
			t.Errorf("DaysSession(%v) = %q, want %q", tc.days, got, tc.session)
		}
		if got := DaysWhen(tc.days); got != tc.when {
			t.Errorf("DaysWhen(%v) = %q, want %q", tc.days, got, tc.when)
		}
	}
}
