package fakeslack

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// With tokens set, the fake checks them as Slack does: a missing or
// unknown token is refused, a method needs its scope, and every answer
// names the token's scopes.
func TestTokensAndScopes(t *testing.T) {
	f := New()
	defer f.Close()
	f.SetTokens(map[string][]string{
		"xoxb-good":   {"chat:write", "channels:history"},
		"xapp-socket": {"connections:write"},
	})
	client := func(token string, seen *string) *slack.Client {
		return slack.New(token, slack.OptionAPIURL(f.URL()), slack.OptionOnResponseHeaders(func(_ string, h http.Header) {
			if seen != nil {
				*seen = h.Get("X-OAuth-Scopes")
			}
		}))
	}
	ctx := context.Background()

	var scopes string
	if _, err := client("xoxb-good", &scopes).AuthTestContext(ctx); err != nil {
		t.Fatalf("auth.test with a good token: %v", err)
	}
	if scopes != "chat:write,channels:history" {
		t.Errorf("X-OAuth-Scopes = %q", scopes)
	}
	if _, err := client("xoxb-wrong", nil).AuthTestContext(ctx); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("auth.test with an unknown token = %v, want invalid_auth", err)
	}
	if _, err := client("", nil).AuthTestContext(ctx); err == nil || !strings.Contains(err.Error(), "not_authed") {
		t.Errorf("auth.test with no token = %v, want not_authed", err)
	}
	if _, err := client("xoxb-good", nil).GetUserGroupsContext(ctx); err == nil || !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("usergroups.list without usergroups:read = %v, want missing_scope", err)
	}
	// History needs the scope for the kind of conversation.
	if _, err := client("xoxb-good", nil).GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C0PUBLIC", Limit: 1}); err != nil {
		t.Errorf("public channel history with channels:history: %v", err)
	}
	if _, err := client("xoxb-good", nil).GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "G0PRIVATE", Limit: 1}); err == nil || !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("private channel history without groups:history = %v, want missing_scope", err)
	}
	if _, _, err := client("xoxb-good", nil).PostMessageContext(ctx, "C0PUBLIC", slack.MsgOptionText("hello", false)); err != nil {
		t.Errorf("post with chat:write: %v", err)
	}
	// apps.connections.open goes with the app token, and only it has
	// connections:write.
	if _, _, err := slack.New("xoxb-good", slack.OptionAPIURL(f.URL()), slack.OptionAppLevelToken("xapp-socket")).StartSocketModeContext(ctx); err != nil {
		t.Errorf("apps.connections.open with the app token: %v", err)
	}
	if _, _, err := slack.New("xoxb-good", slack.OptionAPIURL(f.URL()), slack.OptionAppLevelToken("xoxb-good")).StartSocketModeContext(ctx); err == nil || !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("apps.connections.open with the bot token = %v, want missing_scope", err)
	}
}
