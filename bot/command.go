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

// Do carries out a command. help needs no index and returns a ReplyHelp.
func (a *Answerer) Do(ctx context.Context, c Command) (*Reply, error) {
	switch c.Name {
	case "help":
		return &Reply{Kind: ReplyHelp}, nil
	case "define":
		return a.Define(ctx, c.Arg)
	case "services":
		return a.Services(ctx, c.Arg)
	}
	return a.Answer(ctx, c.Arg)
}
