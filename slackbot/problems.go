package slackbot

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// KnowledgeProblems tells the champions' channel that the knowledge did not
// load, and what is wrong.
func (b *Bot) KnowledgeProblems(ctx context.Context, err error) {
	ch := b.opt.Champions.Channel
	if ch == "" {
		return
	}
	msg := ":warning: The knowledge directory has problems, so Signpost is still answering from the last good version. Fix these and it reloads by itself:\n```" + escape(truncate(shownError(err), problemsLen)) + "```"
	if perr := b.posting.post(ctx, ch, "", Message{Text: "The knowledge directory has problems", Blocks: sections(msg)}, "problems:"+time.Now().Format(time.RFC3339Nano)); perr != nil {
		b.log.Error("could not tell the champions about knowledge problems", "err", perr)
	}
}

// shownError words an error for champions in Slack: file paths are shown
// from inside the knowledge directory ("added/x.yaml"), never as the
// server's absolute paths, which say more about the machine than anyone
// in Slack needs.
func shownError(err error) string {
	s := err.Error()
	var b strings.Builder
	last := 0
	for _, m := range absolutePathRE.FindAllStringIndex(s, -1) {
		if m[0] > 0 && !strings.ContainsRune(" \t\n\"'`(:=,", rune(s[m[0]-1])) || m[0] > 0 && strings.HasSuffix(s[:m[0]], ":/") {
			continue // part of a web address, not a path from the root
		}
		if m[0] > 0 && s[m[0]-1] == ':' && m[0] > 1 && s[m[0]-2] != ' ' {
			continue // "https:" and the like
		}
		b.WriteString(s[last:m[0]])
		p := strings.TrimSuffix(s[m[0]:m[1]], "/")
		b.WriteString(p[strings.LastIndexByte(p, '/')+1:])
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// absolutePathRE matches a path from the root: two or more /segments.
var absolutePathRE = regexp.MustCompile(`(?:/[\w.@+~-]+){2,}/?`)
