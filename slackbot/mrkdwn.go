package slackbot

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signpost-ahp/signpost/mrkdwn"
)

// Markup that reaches Slack is Signpost's own. Text from the knowledge,
// from imports and from people may carry Slack's control sequences
// (<!channel>, <!here>, <@U123>, <!subteam^…>) or a link whose label is not
// where it goes (<https://evil.example|https://www.nhs.uk/login>). Champions
// may write *bold*, _italic_, bullets and links, so their text is not
// escaped whole: links are taken apart, checked and built again, and every
// other <, > and & is escaped.

// escape makes plain text safe in mrkdwn: Slack reads &, < and > as
// markup, and may read a bare @channel, @here or @everyone as the mention
// when text is not verbatim: a word joiner after the @ keeps the word as
// it reads and stops the ping.
func escape(s string) string {
	s = mrkdwnEscaper.Replace(s)
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '@' && broadcast(s[i+1:]) {
			b.WriteString("\u2060")
		}
	}
	return b.String()
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// broadcast reports whether s starts with a word Slack may read, after
// an @, as a mention of everyone.
func broadcast(s string) bool {
	for _, w := range []string{"channel", "here", "everyone"} {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			rest := s[len(w):]
			r, _ := utf8.DecodeRuneInString(rest)
			return rest == "" || !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}
	}
	return false
}

// safeMrkdwn keeps a champion's formatting and links to web and email
// addresses, and escapes everything else Slack would read as markup.
func safeMrkdwn(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			end := strings.IndexAny(s[i+1:], "<>")
			if end >= 0 && s[i+1+end] == '>' {
				if l, ok := link(s[i+1 : i+1+end]); ok {
					b.WriteString(l)
					i += end + 1
					continue
				}
			}
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '@':
			b.WriteByte('@')
			if broadcast(s[i+1:]) {
				b.WriteString("\u2060")
			}
		case '&':
			if isEntity(s[i:]) {
				b.WriteByte('&')
			} else {
				b.WriteString("&amp;")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// link rebuilds a mrkdwn link from what stood between < and >: a web or
// email address that checks out, and a label that does not pretend to be
// another address. It reports false for anything else.
func link(inner string) (string, bool) {
	target, label, hasLabel := strings.Cut(inner, "|")
	target = strings.TrimSpace(target)
	var host string
	switch {
	case strings.HasPrefix(target, "mailto:"):
		addr := strings.TrimPrefix(target, "mailto:")
		if !validEmail(addr) {
			return "", false
		}
		host = strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:])
	default:
		u, ok := webAddress(target)
		if !ok {
			return "", false
		}
		host = strings.ToLower(u.Hostname())
	}
	if !hasLabel || strings.TrimSpace(label) == "" {
		return "<" + target + ">", true
	}
	return labelled(target, host, label), true
}

// labelled links target under label, unless the label names another site
// than host: then the label is text and the link shows where it goes.
func labelled(target, host, label string) string {
	if mrkdwn.Pretends(label, host) {
		return escape(label) + " (<" + target + ">)"
	}
	return "<" + target + "|" + escape(label) + ">"
}

// webAddress checks an address Signpost may link to: http or https, a
// host, and none of the characters Slack reads as markup.
func webAddress(s string) (*url.URL, bool) {
	if s == "" || strings.ContainsAny(s, "<>|\" \t\n`\\") {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, false
	}
	return u, true
}

func validEmail(s string) bool {
	if s == "" || strings.ContainsAny(s, "<>|\" \t\n`\\,;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".")
}

func isEntity(s string) bool {
	for _, e := range []string{"&amp;", "&lt;", "&gt;"} {
		if strings.HasPrefix(s, e) {
			return true
		}
	}
	return false
}

// linkTo is a link Signpost builds itself, to an address from the
// knowledge: the label is escaped, and an address that does not check
// out is shown as text, not linked.
func linkTo(address, label string) string {
	if u, ok := webAddress(address); ok {
		return labelled(address, strings.ToLower(u.Hostname()), label)
	}
	return escape(label)
}

// mailLink is linkTo for an email address.
func mailLink(address string) string {
	if validEmail(address) {
		return "<mailto:" + address + "|" + escape(address) + ">"
	}
	return escape(address)
}
