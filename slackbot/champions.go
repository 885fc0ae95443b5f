package slackbot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// The add/edit modal is a stable interface that tests and Slack workflows
// drive: its callback id, and block and action ids that are the same word.
const (
	CallbackAdd      = "signpost_add"
	CallbackShortcut = "signpost_add_from_message"
	FieldQuestion    = "question"
	FieldAlsoAsked   = "also_asked"
	FieldAnswer      = "answer"
	FieldTags        = "tags"
	FieldSourceTitle = "source_title"
	FieldSourceURL   = "source_url"

	ActionAnswerGap  = "signpost_answer_gap"
	ActionDismissGap = "signpost_dismiss_gap"
)

// Champions say who looks after the answers.
type Champions struct {
	Users     []string // Slack user ids
	UserGroup string   // a user group id (S0123ABCD) or handle (@sp-champions)
	Channel   string   // where knowledge problems and the digest go
}

// Store is what the champions' features keep; *store.Store is one.
type Store interface {
	Recorder
	RecordQuestion(store.Asked) error
	RecordChange(store.Change) error
	Gaps(all bool) ([]store.Gap, error)
	CloseGap(key, how, by string) error
	LinkGap(key, entry, askKey, by string, at time.Time) error
}

// groupCache remembers a user group's members for a few minutes.
type groupCache struct {
	mu      sync.Mutex
	members []string
	fetched time.Time
	failed  time.Time
}

// isChampion reports whether a user may change the knowledge: listed in
// the config or SIGNPOST_CHAMPIONS, or a member of the champions' group.
func (b *Bot) isChampion(ctx context.Context, user string) bool {
	c := b.opt.Champions
	if user == "" {
		return false
	}
	if slices.Contains(c.Users, user) {
		return true
	}
	if c.UserGroup == "" {
		return false
	}
	return slices.Contains(b.groupMembers(ctx), user)
}

func (b *Bot) groupMembers(ctx context.Context) []string {
	b.group.mu.Lock()
	defer b.group.mu.Unlock()
	if time.Since(b.group.fetched) < groupTTL || time.Since(b.group.failed) < groupRetry {
		return b.group.members
	}
	members, err := b.fetchGroup(ctx)
	if err != nil {
		// Keep the last list, and do not ask again for a while: every
		// private answer checks, and would otherwise wait on Slack each time.
		b.group.failed = time.Now()
		b.log.Error("could not list the champions' user group; using the last list", "err", err)
		return b.group.members
	}
	b.group.members, b.group.fetched = members, time.Now()
	return members
}

const (
	groupTTL   = 5 * time.Minute // how long a list of the champions' group is used
	groupRetry = time.Minute     // how long after a failure before asking again
)

func (b *Bot) fetchGroup(ctx context.Context) ([]string, error) {
	members, failed, err := GroupMembers(ctx, b.api, b.opt.Champions.UserGroup)
	if failed != "" {
		b.metrics.apiError(failed)
	}
	return members, err
}

// GroupAPI is what finding a user group's members asks of Slack.
type GroupAPI interface {
	GetUserGroupsContext(ctx context.Context, options ...slack.GetUserGroupsOption) ([]slack.UserGroup, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error)
}

// GroupMembers lists a user group's members, the group named by its id
// (S0123ABCD) or handle (@sp-champions), as the bot and doctor both do.
// failed names the Slack method that failed, if one did.
func GroupMembers(ctx context.Context, api GroupAPI, group string) (members []string, failed string, err error) {
	id := group
	if handle, ok := strings.CutPrefix(group, "@"); ok {
		groups, err := api.GetUserGroupsContext(ctx)
		if err != nil {
			return nil, "usergroups.list", fmt.Errorf("listing user groups to find @%s: %w", handle, err)
		}
		id = ""
		for _, g := range groups {
			if g.Handle == handle {
				id = g.ID
			}
		}
		if id == "" {
			return nil, "", fmt.Errorf("no user group has the handle @%s (champions.usergroup in the config)", handle)
		}
	}
	members, err = api.GetUserGroupMembersContext(ctx, id)
	if err != nil {
		return nil, "usergroups.users.list", fmt.Errorf("listing the members of %s: %w", id, err)
	}
	return members, "", nil
}

const onlyChampions = "Only Signpost champions can add or change answers. If something is wrong or missing, tell the champions"

func (b *Bot) refuse(ctx context.Context, responseURL string) {
	msg := onlyChampions
	if b.opt.Render.Champions != "" {
		msg += " (" + b.opt.Render.Champions + ")"
	}
	msg += ": they'll be glad to hear it."
	b.tell(ctx, responseURL, msg)
}

// championCommand handles /signpost add, edit, gaps and reload. It reports
// false when the text is not one of them.
func (b *Bot) championCommand(cmd slack.SlashCommand) bool {
	word, rest, _ := strings.Cut(strings.TrimSpace(cmd.Text), " ")
	word, rest = strings.ToLower(word), strings.TrimSpace(rest)
	switch word {
	case "add", "edit", "gaps", "reload":
	default:
		return false
	}
	b.spawn("champion "+word, func(ctx context.Context) {
		if !b.isChampion(ctx, cmd.UserID) {
			b.refuse(ctx, cmd.ResponseURL)
			return
		}
		switch word {
		case "add":
			b.openModal(ctx, cmd.TriggerID, cmd.ResponseURL, knowledge.FAQ{Question: rest}, modalState{})
		case "edit":
			f, ok := b.findFAQ(rest)
			if !ok {
				msg := fmt.Sprintf("There is no FAQ entry with id %q. To find an answer's id, ask the question with `/signpost`: champions see the id under the answer, with an *Edit* button. Ids are also in the knowledge's YAML files.", truncate(rest, quoteLen))
				b.tell(ctx, cmd.ResponseURL, escape(msg))
				return
			}
			b.openModal(ctx, cmd.TriggerID, cmd.ResponseURL, f, modalState{ID: f.ID})
		case "gaps":
			b.listGaps(ctx, cmd.ResponseURL)
		case "reload":
			msg := "Knowledge reloaded."
			if err := b.reload(ctx, cmd.UserID); errors.Is(err, errNotAudited) {
				msg = "Knowledge reloaded. But " + escape(shownError(err)) + "."
			} else if err != nil {
				msg = "The knowledge has problems, so I'm still answering from the last good version:\n```" + escape(truncate(shownError(err), problemsLen)) + "```"
			}
			b.tell(ctx, cmd.ResponseURL, msg)
		}
	})
	return true
}

func (b *Bot) reload(ctx context.Context, user string) error {
	if b.opt.Reloader == nil {
		return errors.New("this Signpost has no knowledge directory to reload (it uses the built-in knowledge)")
	}
	err := b.opt.Reloader.Reload(ctx)
	if err == nil {
		err = b.audit(store.Change{At: time.Now(), User: user, Action: "reload"})
	}
	return err
}

// errNotAudited is a change that happened but is missing from the audit
// of changes; champions are told, since that audit is how a team finds
// who changed an answer.
var errNotAudited = errors.New("the change was made, but the change log could not record it; tell whoever runs Signpost")

// audit records a change a champion made. A failure is logged and
// returned wrapped in errNotAudited for the champion to see.
func (b *Bot) audit(c store.Change) error {
	if b.opt.Store == nil {
		return nil
	}
	if err := b.opt.Store.RecordChange(c); err != nil {
		b.log.Error("could not record a champion's change", "action", c.Action, "entry", c.Entry, "by", c.User, "err", err)
		b.metrics.auditFailure()
		return fmt.Errorf("%w (%v)", errNotAudited, err)
	}
	return nil
}
