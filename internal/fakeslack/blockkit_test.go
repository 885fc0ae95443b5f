package fakeslack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func text(typ, s string) map[string]any { return map[string]any{"type": typ, "text": s} }

func button(id, label, value string) map[string]any {
	return map[string]any{"type": "button", "action_id": id, "text": text("plain_text", label), "value": value}
}

func section(s string) map[string]any {
	return map[string]any{"type": "section", "text": text("mrkdwn", s)}
}

func actions(elems ...any) map[string]any {
	return map[string]any{"type": "actions", "elements": elems}
}

func opt(label, value string) map[string]any {
	return map[string]any{"text": text("plain_text", label), "value": value}
}

// opts makes n options with labels and values of the given lengths.
func opts(n, label, value int) []any {
	out := make([]any, n)
	for i := range out {
		v := fmt.Sprintf("%0*d", value, i)
		out[i] = opt(strings.Repeat("x", label), v[len(v)-value:])
	}
	return out
}

// confirmed is a button with a confirmation dialog of the given lengths.
func confirmed(title, body, buttons int) map[string]any {
	b := button("c", "Go", "v")
	b["confirm"] = map[string]any{"title": text("plain_text", strings.Repeat("t", title)), "text": text("plain_text", strings.Repeat("x", body)),
		"confirm": text("plain_text", strings.Repeat("y", buttons)), "deny": text("plain_text", strings.Repeat("n", buttons))}
	return b
}

func sel(options []any) map[string]any {
	return map[string]any{"type": "static_select", "action_id": "s", "placeholder": text("plain_text", "Pick"), "options": options}
}

func repeat[T any](n int, v T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// TestCheckMessage has one case for each rule Slack enforces on a message,
// each with a payload just inside the limit that must pass.
func TestCheckMessage(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // runes, not bytes, count
	cases := []struct {
		name   string
		text   string
		blocks []any
		want   string // a fragment of the problem; "" for accepted
	}{
		{"plain", "hello", []any{section("hi")}, ""},
		{"50 blocks", "t", anys(repeat(50, section("x"))), ""},
		{"51 blocks", "t", anys(repeat(51, section("x"))), "51 blocks, more than 50"},
		{"section 3000", "t", []any{section(long(3000))}, ""},
		{"section 3001", "t", []any{section(long(3001))}, "3001 characters, more than 3000"},
		{"empty section text", "t", []any{section("")}, "text.text: empty"},
		{"section without text", "t", []any{map[string]any{"type": "section"}}, "needs text or fields"},
		{"11 fields", "t", []any{map[string]any{"type": "section", "fields": anys(repeat(11, text("mrkdwn", "f")))}}, "11 items, more than 10"},
		{"header 150", "t", []any{map[string]any{"type": "header", "text": text("plain_text", long(150))}}, ""},
		{"header 151", "t", []any{map[string]any{"type": "header", "text": text("plain_text", long(151))}}, "151 characters, more than 150"},
		{"header mrkdwn", "t", []any{map[string]any{"type": "header", "text": text("mrkdwn", "h")}}, "must be plain_text"},
		{"button text 75", "t", []any{map[string]any{"type": "actions", "elements": []any{button("a", long(75), "v")}}}, ""},
		{"button text 76", "t", []any{map[string]any{"type": "actions", "elements": []any{button("a", long(76), "v")}}}, "76 characters, more than 75"},
		{"button value 2000", "t", []any{map[string]any{"type": "actions", "elements": []any{button("a", "b", long(2000))}}}, ""},
		{"button value 2001", "t", []any{map[string]any{"type": "actions", "elements": []any{button("a", "b", long(2001))}}}, "2001 characters, more than 2000"},
		{"button mrkdwn label", "t", []any{map[string]any{"type": "actions", "elements": []any{map[string]any{"type": "button", "action_id": "a", "text": text("mrkdwn", "b")}}}}, "must be plain_text"},
		{"button style", "t", []any{map[string]any{"type": "actions", "elements": []any{map[string]any{"type": "button", "action_id": "a", "text": text("plain_text", "b"), "style": "default"}}}}, "want primary or danger"},
		{"same action_id in a block", "t", []any{map[string]any{"type": "actions", "elements": []any{button("a", "1", "v"), button("a", "2", "v")}}}, `action_id "a" repeats`},
		{"same action_id in two blocks", "t", []any{
			map[string]any{"type": "actions", "elements": []any{button("a", "1", "v")}},
			map[string]any{"type": "actions", "elements": []any{button("a", "2", "v")}},
		}, ""},
		{"confirm within limits", "t", []any{actions(confirmed(100, 300, 30))}, ""},
		{"confirm text 301", "t", []any{actions(confirmed(10, 301, 10))}, "301 characters, more than 300"},
		{"confirm title 101", "t", []any{actions(confirmed(101, 10, 10))}, "101 characters, more than 100"},
		{"confirm button 31", "t", []any{actions(confirmed(10, 10, 31))}, "31 characters, more than 30"},
		{"select 100 options", "t", []any{actions(sel(opts(100, 75, 150)))}, ""},
		{"select 101 options", "t", []any{actions(sel(opts(101, 5, 5)))}, "101 options, want 1 to 100"},
		{"option text 76", "t", []any{actions(sel(opts(1, 76, 5)))}, "76 characters, more than 75"},
		{"option value 151", "t", []any{actions(sel(opts(1, 5, 151)))}, "151 characters, more than 150"},
		{"select without options", "t", []any{actions(map[string]any{"type": "static_select", "action_id": "s"})}, "needs options or option_groups"},
		{"select repeated value", "t", []any{actions(sel([]any{opt("a", "v"), opt("b", "v")}))}, `"v" repeats`},
		{"select groups", "t", []any{actions(map[string]any{"type": "static_select", "action_id": "s",
			"option_groups": []any{map[string]any{"label": text("plain_text", "Likely"), "options": opts(2, 5, 5)}}})}, ""},
		{"select group label mrkdwn", "t", []any{actions(map[string]any{"type": "static_select", "action_id": "s",
			"option_groups": []any{map[string]any{"label": text("mrkdwn", "Likely"), "options": opts(2, 5, 5)}}})}, "must be plain_text"},
		{"select initial not an option", "t", []any{actions(func() map[string]any {
			m := sel(opts(2, 5, 5))
			m["initial_option"] = opt("x", "nope")
			return m
		}())}, "is not one of the options"},
		{"action_id 256", "t", []any{map[string]any{"type": "actions", "elements": []any{button(long(256), "b", "v")}}}, "256 characters, more than 255"},
		{"same block_id", "t", []any{
			map[string]any{"type": "divider", "block_id": "x"},
			map[string]any{"type": "divider", "block_id": "x"},
		}, `block_id "x" repeats`},
		{"block_id 256", "t", []any{map[string]any{"type": "divider", "block_id": long(256)}}, "256 characters, more than 255"},
		{"25 buttons", "t", []any{map[string]any{"type": "actions", "elements": anys(buttons(25))}}, ""},
		{"26 buttons", "t", []any{map[string]any{"type": "actions", "elements": anys(buttons(26))}}, "26, more than 25"},
		{"empty actions", "t", []any{map[string]any{"type": "actions", "elements": []any{}}}, "needs at least one element"},
		{"10 context elements", "t", []any{map[string]any{"type": "context", "elements": anys(repeat(10, text("mrkdwn", "c")))}}, ""},
		{"11 context elements", "t", []any{map[string]any{"type": "context", "elements": anys(repeat(11, text("mrkdwn", "c")))}}, "11, more than 10"},
		{"emoji on mrkdwn", "t", []any{map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "x", "emoji": true}}}, "emoji is only allowed on plain_text"},
		{"input in a message", "t", []any{map[string]any{"type": "input", "label": text("plain_text", "l"), "element": map[string]any{"type": "plain_text_input", "action_id": "a"}}}, "input blocks belong in modals"},
		{"unknown block", "t", []any{map[string]any{"type": "carousel"}}, "unknown block type"},
		{"text 40000", long(40000), nil, ""},
		{"text 40001", long(40001), nil, "more than 40000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw, _ := json.Marshal(c.blocks)
			err := CheckMessage(c.text, raw)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused a payload Slack accepts: %v", err)
			case c.want != "" && err == nil:
				t.Fatalf("accepted a payload Slack refuses (want %q)", c.want)
			case c.want != "" && !strings.Contains(err.Error(), c.want):
				t.Fatalf("problem %q, want one mentioning %q", err, c.want)
			}
		})
	}
}

func buttons(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = button("a"+strings.Repeat("x", i), "b", "v")
	}
	return out
}

func TestCheckView(t *testing.T) {
	input := map[string]any{"type": "input", "block_id": "q", "label": text("plain_text", "Question"), "element": map[string]any{"type": "plain_text_input", "action_id": "q"}}
	modal := func(edit func(v map[string]any)) map[string]any {
		v := map[string]any{"type": "modal", "title": text("plain_text", "Add to Signpost"), "submit": text("plain_text", "Save"),
			"close": text("plain_text", "Cancel"), "blocks": []any{input}}
		if edit != nil {
			edit(v)
		}
		return v
	}
	cases := []struct {
		name string
		view map[string]any
		want string
	}{
		{"modal", modal(nil), ""},
		{"title 24", modal(func(v map[string]any) { v["title"] = text("plain_text", strings.Repeat("t", 24)) }), ""},
		{"title 25", modal(func(v map[string]any) { v["title"] = text("plain_text", strings.Repeat("t", 25)) }), "25 characters, more than 24"},
		{"no title", modal(func(v map[string]any) { delete(v, "title") }), "title: a text object is required"},
		{"submit 25", modal(func(v map[string]any) { v["submit"] = text("plain_text", strings.Repeat("s", 25)) }), "more than 24"},
		{"close 25", modal(func(v map[string]any) { v["close"] = text("plain_text", strings.Repeat("c", 25)) }), "more than 24"},
		{"inputs without submit", modal(func(v map[string]any) { delete(v, "submit") }), "submit: required"},
		{"metadata 3001", modal(func(v map[string]any) { v["private_metadata"] = strings.Repeat("m", 3001) }), "private_metadata"},
		{"100 blocks", modal(func(v map[string]any) { v["blocks"] = anys(repeat(100, section("x"))) }), ""},
		{"101 blocks", modal(func(v map[string]any) { v["blocks"] = anys(repeat(101, section("x"))) }), "101 blocks, more than 100"},
		{"home 100 blocks", map[string]any{"type": "home", "blocks": anys(repeat(100, section("x")))}, ""},
		{"home 101 blocks", map[string]any{"type": "home", "blocks": anys(repeat(101, section("x")))}, "101 blocks, more than 100"},
		{"same block_id", modal(func(v map[string]any) { v["blocks"] = []any{input, input} }), `block_id "q" repeats`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw, _ := json.Marshal(c.view)
			err := CheckView(raw)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused a view Slack accepts: %v", err)
			case c.want != "" && err == nil:
				t.Fatalf("accepted a view Slack refuses (want %q)", c.want)
			case c.want != "" && !strings.Contains(err.Error(), c.want):
				t.Fatalf("problem %q, want one mentioning %q", err, c.want)
			}
		})
	}
}

// TestFakeRefusesOverHTTP drives the fake through slack-go, as the bot
// does, and checks each surface answers a bad payload as Slack would.
func TestFakeRefusesOverHTTP(t *testing.T) {
	f := New()
	defer f.Close()
	api := slack.New("xoxb-test", slack.OptionAPIURL(f.URL()))
	twoSame := slack.NewActionBlock("see_also",
		slack.NewButtonBlockElement("show", "a", slack.NewTextBlockObject(slack.PlainTextType, "A", false, false)),
		slack.NewButtonBlockElement("show", "b", slack.NewTextBlockObject(slack.PlainTextType, "B", false, false)))

	_, _, err := api.PostMessage("C1", slack.MsgOptionText("t", false), slack.MsgOptionBlocks(twoSame))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_blocks" {
		t.Errorf("chat.postMessage with repeated action ids: err %v, want invalid_blocks", err)
	}
	if _, err := api.PostEphemeral("C1", "U1", slack.MsgOptionText("t", false), slack.MsgOptionBlocks(twoSame)); err == nil || !strings.Contains(err.Error(), "invalid_blocks") {
		t.Errorf("chat.postEphemeral with repeated action ids: err %v, want invalid_blocks", err)
	}
	if _, _, _, err := api.UpdateMessage("C1", "1.2", slack.MsgOptionText("t", false), slack.MsgOptionBlocks(twoSame)); err == nil || !strings.Contains(err.Error(), "invalid_blocks") {
		t.Errorf("chat.update with repeated action ids: err %v, want invalid_blocks", err)
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("", false)); err == nil || !strings.Contains(err.Error(), "no_text") {
		t.Errorf("an empty chat.postMessage: err %v, want no_text", err)
	}
	long := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "A title far too long for a modal", false, false)}
	if _, err := api.OpenView("trigger", long); err == nil || !strings.Contains(err.Error(), "invalid_blocks") {
		t.Errorf("views.open with a 32-character title: err %v, want invalid_blocks", err)
	}
	err = slack.PostWebhook(f.ResponseURL("r1"), &slack.WebhookMessage{Text: "t", Blocks: &slack.Blocks{BlockSet: []slack.Block{twoSame}}})
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusBadRequest {
		t.Errorf("response_url with repeated action ids: err %v, want HTTP 400", err)
	}
	for i := 0; i < 5; i++ {
		if err := slack.PostWebhook(f.ResponseURL("r2"), &slack.WebhookMessage{Text: "ok"}); err != nil {
			t.Fatalf("response_url use %d of 5: %v", i+1, err)
		}
	}
	if err := slack.PostWebhook(f.ResponseURL("r2"), &slack.WebhookMessage{Text: "ok"}); err == nil {
		t.Error("a sixth use of one response_url was accepted; Slack allows five")
	}
	f.SetNotMember("C2")
	if _, _, err := api.PostMessage("C2", slack.MsgOptionText("t", false)); err == nil || err.Error() != "not_in_channel" {
		t.Errorf("posting where the bot is not a member: err %v, want not_in_channel", err)
	}
	if got := len(f.Rejections()); got != 8 {
		t.Errorf("%d rejections recorded, want 8: %+v", got, f.Rejections())
	}
	// A good message still goes through.
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("fine", false), slack.MsgOptionBlocks(slack.NewDividerBlock())); err != nil {
		t.Errorf("a valid message was refused: %v", err)
	}
}
