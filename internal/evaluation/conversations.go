package evaluation

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/answer"
)

// Conversation is a thread of messages, each with the entries that may
// be the top answer ([] for none: Signpost must not answer).
type Conversation struct {
	Name string `yaml:"name"`
	// KB names the knowledge the conversation is written against (the
	// directory's name, "kb"), when a file mixes several.
	KB    string `yaml:"kb"`
	Turns []Turn `yaml:"turns"`
}

// For keeps the conversations written against the knowledge directory
// named kb, and those that name none.
func For(cs []Conversation, kb string) []Conversation {
	var out []Conversation
	for _, c := range cs {
		if c.KB == "" || c.KB == kb {
			out = append(out, c)
		}
	}
	return out
}

// Turn is one message of a conversation.
type Turn struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
	// Note names what kind of follow-up a turn is (place, topic, filter,
	// reference, subject, standalone, off-topic, uncovered-place).
	Note string `yaml:"note"`
}

// Kind is a turn's kind of follow-up: the note's first word.
func (t Turn) Kind() string {
	k, _, _ := strings.Cut(t.Note, ":")
	k = strings.TrimSpace(k)
	if f := strings.Fields(k); len(f) > 0 {
		return strings.ToLower(f[0])
	}
	return "follow-up"
}

// ReadConversationsFile reads the conversations file at path.
func ReadConversationsFile(path string) ([]Conversation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cs, err := ReadConversations(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}

// ReadConversations reads conversation cases.
func ReadConversations(r io.Reader) ([]Conversation, error) {
	var cs []Conversation
	if err := yaml.NewDecoder(r).Decode(&cs); err != nil {
		return nil, fmt.Errorf("reading conversations: %w", err)
	}
	for i, c := range cs {
		if len(c.Turns) == 0 {
			return nil, fmt.Errorf("conversation %d (%q) has no turns", i+1, c.Name)
		}
	}
	return cs, nil
}

// ConversationScore is how a conversation evaluation went: first turns
// (answered as alone) and follow-ups, overall and by kind.
type ConversationScore struct {
	First, FirstRight      int
	FollowUps, FollowRight int
	ByKind                 map[string][2]int // kind → right, of
	Misses                 []string
}

func (s ConversationScore) String() string {
	return fmt.Sprintf("conversations: first turns %d/%d=%.3f follow-ups %d/%d=%.3f",
		s.FirstRight, s.First, ratio(s.FirstRight, s.First), s.FollowRight, s.FollowUps, ratio(s.FollowRight, s.FollowUps))
}

// Kinds lists the follow-up kinds scored, in order.
func (s ConversationScore) Kinds() []string {
	var ks []string
	for k := range s.ByKind {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// RunConversations answers each conversation turn by turn, carrying the
// context as a Slack thread would, and scores every turn as score.py
// scores a case: the top result is an expected id and answered (or, for
// a services follow-up, offered where nothing is listed locally), or no
// answer where none is expected.
func RunConversations(ctx context.Context, a *answer.Answerer, cs []Conversation) (ConversationScore, error) {
	s := ConversationScore{ByKind: map[string][2]int{}}
	for _, c := range cs {
		var conv *answer.Context
		for i, t := range c.Turns {
			r, next, err := a.Continue(ctx, conv, answer.ParseCommand(t.Q))
			if err != nil {
				return s, fmt.Errorf("%s, turn %d: %w", c.Name, i+1, err)
			}
			conv = next
			ok, got := turnRight(t, r)
			if i == 0 {
				s.First++
				if ok {
					s.FirstRight++
				}
			} else {
				s.FollowUps++
				k := s.ByKind[t.Kind()]
				k[1]++
				if ok {
					s.FollowRight++
					k[0]++
				}
				s.ByKind[t.Kind()] = k
			}
			if !ok {
				how := "alone"
				if r.Followed != nil {
					how = r.Followed.How + ": " + r.Followed.AsRead
				}
				s.Misses = append(s.Misses, fmt.Sprintf("MISS %s #%d %q [%s]: got %v answered=%v (%s), want %v",
					c.Name, i+1, t.Q, t.Note, got, r.Answered, how, t.Expect))
			}
		}
	}
	return s, nil
}

func turnRight(t Turn, r *answer.Reply) (bool, []string) {
	var ids []string
	for _, res := range r.Results {
		ids = append(ids, res.ID)
	}
	if len(ids) > 3 {
		ids = ids[:3]
	}
	if len(t.Expect) == 0 {
		return !r.Answered, ids
	}
	shown := r.Answered || r.OffersServices()
	return shown && len(ids) > 0 && slices.Contains(t.Expect, ids[0]), ids
}
