package slackbot

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
)

// maxHomeBlocks is Slack's limit for a Home tab view.
const maxHomeBlocks = 100

// publishHome shows the App Home tab to a user.
func (b *Bot) publishHome(ctx context.Context, user string) {
	view := b.homeView()
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: *view}); err != nil {
		b.metrics.apiError("views.publish")
		b.log.Error("could not publish the Home tab", "err", err)
	}
}

// homeView builds the Home tab once per knowledge base.
func (b *Bot) homeView() *slack.HomeTabViewRequest {
	a := b.answerer.Load()
	b.homeMu.Lock()
	defer b.homeMu.Unlock()
	if b.home != nil && b.homeFor == a {
		return b.home
	}
	blocks := HomeBlocks(a, b.opt.Render.Champions)
	b.home = &slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	b.homeFor = a
	return b.home
}

// HomeBlocks is the Home tab: what Signpost does, example questions, the
// glossary A–Z with other names, and how to reach the champions.
func HomeBlocks(a *answer.Answerer, champions string) []slack.Block {
	header := func(s string) slack.Block {
		return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, s, true, false))
	}
	blocks := []slack.Block{
		header("Signpost: social prescribing for AHPs"),
		sections("I answer questions about social prescribing for allied health professionals in England: what the words mean, how to refer, what the evidence says, and which services are listed near the person.\n" +
			"*Ask me* by mentioning @Signpost in a channel (I reply in a thread), in a direct message, or privately with `/signpost`.")[0],
		sections("*Try:*\n• `/signpost what's a village agent?`\n• `/signpost how do I refer to a link worker?`\n• `/signpost services befriending in &lt;town or postcode district&gt;`\n• `/signpost define PCN`\n• `/signpost help`")[0],
		slack.NewDividerBlock(),
		header("Glossary A–Z"),
	}
	if champions != "" {
		tail := []slack.Block{slack.NewDividerBlock(), header("Champions"), sections("Your social prescribing champions keep my answers right. Ask them, or tell them what I got wrong: " + champions)[0]}
		blocks = append(blocks, glossaryBlocks(a, maxHomeBlocks-len(blocks)-len(tail))...)
		return append(blocks, tail...)
	}
	return append(blocks, glossaryBlocks(a, maxHomeBlocks-len(blocks))...)
}

// glossaryBlocks lists the terms by first letter, each with its other
// names, in at most n blocks.
func glossaryBlocks(a *answer.Answerer, n int) []slack.Block {
	terms := a.Index().Knowledge().Terms
	type line struct{ letter, text string }
	var lines []line
	for _, t := range terms {
		s := "• *" + escape(t.Term) + "*"
		if len(t.Aliases) > 0 {
			s += ": also " + escape(strings.Join(t.Aliases, ", "))
		}
		first := []rune(strings.ToUpper(t.Term))[0]
		if !unicode.IsLetter(first) {
			first = '#'
		}
		lines = append(lines, line{letter: string(first), text: s})
	}
	sort.SliceStable(lines, func(i, j int) bool {
		return strings.ToLower(lines[i].text) < strings.ToLower(lines[j].text)
	})
	var text strings.Builder
	letter := ""
	for _, l := range lines {
		if l.letter != letter {
			text.WriteString("\n*" + l.letter + "*\n")
			letter = l.letter
		}
		text.WriteString(truncate(l.text, headingLen) + "\n")
	}
	out := sections(strings.TrimSpace(text.String()))
	if len(out) > n {
		out = append(out[:n-1], contextBlock("…and more: ask me `define <term>`."))
	}
	return out
}
