package slackbot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/report"
)

// TestNoIdentifierGoesAnywhere sends messages with patient details written
// in many ways, as mentions, commands and feedback, and checks that no
// raw identifier reaches a log line, the store's files, the report or a
// payload sent to Slack.
func TestNoIdentifierGoesAnywhere(t *testing.T) {
	e := newEnv(t)
	ids := []string{
		"943 476 5919", "9434765919", "311.443.3561", "49434 75167", "NHS7335265169", "3151671977x",
		"07700 900123", "0044 7700 900444", "+44 (0)20 7946 0000", "(01632) 960305",
		"jo.bloggs@nhs.net", "1959-04-03", "DOB 03041960", "3 Apr 61", "born 3rd April 62",
		"Mrs Jane Smith", "12 Acacia Avenue", "Mr Patel",
		// Written so that markup or spacing splits them, or in other digits.
		"943  476  5919", "*943* *476* *5919*", "943\n476\n5919", "943 :smile: 476 :smile: 5919",
		"９４３ ４７６ ５９１９", "07700\n900123", "943\u200b476\u200b5919",
	}
	templates := []string{
		"my patient %s is lonely, any choir in Whitby?",
		"hi all, %s wants befriending in Whitby",
		"what is a link worker? asking for %s",
	}
	n := 0
	for _, id := range ids {
		for _, tpl := range templates {
			n++
			text := fmt.Sprintf(tpl, id)
			e.event(t, mentionEvent(fmt.Sprintf("EvP%d", n), "C0CHAN", fmt.Sprintf("1700000090.%06d", n), "", "<@U0BOT> "+text))
			e.form(t, url.Values{"command": {"/signpost"}, "text": {text}, "user_id": {"U0ASKER"}, "channel_id": {"C0CHAN"}, "response_url": {e.fake.ResponseURL(fmt.Sprintf("p%d", n))}})
			v, _ := json.Marshal(feedbackValue{Entry: "link-worker", Question: text})
			e.form(t, interaction(ActionNotHelpful, string(v), map[string]any{"response_url": e.fake.ResponseURL(fmt.Sprintf("fb%d", n))}))
		}
	}
	if _, err := e.fake.WaitFor("chat.postMessage", n, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := e.fake.WaitFor("response_url", 2*n, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	e.settle(t)

	var places []struct{ name, text string }
	places = append(places, struct{ name, text string }{"the log", e.logs.String()})
	var store bytes.Buffer
	filepath.WalkDir(e.store.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			store.Write(b)
		}
		return nil
	})
	places = append(places, struct{ name, text string }{"the store's files", store.String()})
	f, err := report.Compute(e.store, e.bot.Answerer().Index().Knowledge(), time.Time{}, time.Now(), 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var rep bytes.Buffer
	f.Text(&rep, 1000)
	f.CSV(&rep)
	places = append(places, struct{ name, text string }{"the report", rep.String()})
	var sent strings.Builder
	for _, c := range e.fake.Calls() {
		b, _ := json.Marshal(c.JSON)
		sent.WriteString(c.Form.Encode() + string(b) + "\n")
	}
	places = append(places, struct{ name, text string }{"what was sent to Slack", sent.String()})
	for _, id := range ids {
		core := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(id, "DOB "), "born "), "NHS")
		forms := []string{core, url.QueryEscape(core)}
		if d := digits(core); len(d) >= 8 {
			forms = append(forms, d)
		}
		for _, p := range places {
			for _, form := range forms {
				if strings.Contains(p.text, form) {
					t.Errorf("%q (from %q) reached %s", form, id, p.name)
				}
			}
		}
	}
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
