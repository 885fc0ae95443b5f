package bot

import (
	"context"
	"strings"
)

// Command is a request in the words every transport shares: `help`,
// `define <term>`, `services <what> [in <where>]`, or a question.
type Command struct {
	Name string // "help", "define", "services" or "ask"
	Arg  string
}

// ParseCommand reads a command; anything else is a question to ask.
func ParseCommand(text string) Command {
	t := strings.TrimSpace(text)
	if resetPhrases[politeless(t)] {
		return Command{Name: "reset"}
	}
	word, rest, _ := strings.Cut(t, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "help", "?":
		if rest == "" {
			return Command{Name: "help"}
		}
	case "define", "definition":
		if rest != "" {
			return Command{Name: "define", Arg: rest}
		}
	case "services", "service", "find":
		if rest != "" {
			return Command{Name: "services", Arg: rest}
		}
	}
	return Command{Name: "ask", Arg: t}
}

// resetPhrases end a conversation's context.
var resetPhrases = set(readingList("reset_phrases")...)

// politeless is a short message without its punctuation and the
// courtesies around it ("start over please" → "start over").
func politeless(s string) string {
	words := strings.Fields(strings.ToLower(strings.Map(func(r rune) rune {
		if strings.ContainsRune(".,!?:;", r) {
			return ' '
		}
		return r
	}, s)))
	for len(words) > 0 && courtesies[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	for len(words) > 0 && courtesies[words[0]] {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

var courtesies = set(readingList("courtesies")...)

// Do carries out a command. help needs no index and returns a ReplyHelp.
func (a *Answerer) Do(ctx context.Context, c Command) (*Reply, error) {
	switch c.Name {
	case "help":
		return &Reply{Kind: ReplyHelp}, nil
	case "reset":
		return &Reply{Kind: ReplyReset}, nil
	case "define":
		return a.Define(ctx, c.Arg)
	case "services":
		return a.Services(ctx, c.Arg)
	}
	return a.Answer(ctx, c.Arg)
}
