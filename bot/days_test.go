package bot

import "testing"

func TestMeetsOn(t *testing.T) {
	sat, weekend := []int{5}, []int{5, 6}
	for _, tc := range []struct {
		hours string
		days  []int
		want  bool
	}{
		{"Monday to Friday 9am to 5pm", sat, false},
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
	} {
		if got := meetsOn(tc.hours, tc.days); got != tc.want {
			t.Errorf("meetsOn(%q, %v) = %v, want %v", tc.hours, tc.days, got, tc.want)
		}
	}
	if got := daysAsked(lowerWords("any on a saturday? or weekends")); len(got) != 2 || got[0] != 5 || got[1] != 6 {
		t.Errorf("daysAsked = %v, want [5 6]", got)
	}
}
