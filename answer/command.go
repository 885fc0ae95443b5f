package answer

import (
	"context"
	"strings"

	"github.com/signpost-ahp/signpost/reading"
	"github.com/signpost-ahp/signpost/urgent"
)

// Command is a request in the words every transport shares: `help`,
// `define <term>`, `services <what> [in <where>]`, or a question.
type Command struct {
	Name string // "help", "define", "services" or "ask"
	Arg  string
	// read is the whole message as Answerer.Read read it at the edge:
	// redacted, its risk read. nil for a command parsed alone.
	read *incoming
}

// incoming is a message read once, where it arrives: patient details
// taken out (and which kinds were), and whether it speaks of a person at
// risk, read in the whole message. The message itself is not kept.
type incoming struct {
	text string   // redacted and normalised
	pii  []string // kinds of detail removed
	risk *urgent.Signal
}

// receive reads a message once.
func (a *Answerer) receive(message string) incoming {
	text, pii := a.Redact(message)
	return incoming{text: text, pii: pii, risk: a.risk.Detect(reading.NormaliseWhole(message))}
}

// Read parses a message and reads it once, at the edge: patient details
// redacted and risk read, so that journalling it, answering it and reading
// it as a follow-up need not again.
func (a *Answerer) Read(message string) Command {
	c := ParseCommand(message)
	in := a.receive(strings.TrimSpace(message))
	c.read = &in
	return c
}

// Redacted is the whole message with patient details taken out, as a
// record may keep it; "" for a command not made by Read.
func (c Command) Redacted() string {
	if c.read == nil {
		return ""
	}
	return c.read.text
}

// AtRisk reports whether the message speaks of a person at risk, clear or
// possible (read by Read; false for a command parsed alone).
func (c Command) AtRisk() bool { return c.read != nil && c.read.risk != nil }

// received is the message as read at the edge, for a question asked;
// nil when it must be read here.
func (c Command) received() *incoming {
	if c.Name != "ask" {
		return nil
	}
	return c.read
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
var resetPhrases = set(reading.List("reset_phrases")...)

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

var courtesies = set(reading.List("courtesies")...)

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
	if in := c.received(); in != nil {
		return a.answerIn(ctx, *in, false, 0)
	}
	return a.Answer(ctx, c.Arg)
}
