package slackbot

import (
	"net/mail"
	"net/url"
	"strings"
)

// Markup that reaches Slack is Signpost's own. Text from the knowledge,
// from imports and from people may carry Slack's control sequences
// (<!channel>, <!here>, <@U123>, <!subteam^…>) or a link whose label is not
// where it goes (<https://evil.example|https://www.nhs.uk/login>). Champions
// may write *bold*, _italic_, bullets and links, so their text is not
// escaped whole: links are taken apart, checked and built again, and every
// other <, > and & is escaped.

// escape makes plain text safe in mrkdwn: Slack reads &, < and > as markup.
func escape(s string) string { return mrkdwnEscaper.Replace(s) }

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

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
	if h, ok := addressIn(label); ok && !sameSite(h, host) {
		// A label that names another site: show where the link goes.
		return escape(label) + " (<" + target + ">)", true
	}
	return "<" + target + "|" + escape(label) + ">", true
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

// addressIn reports the host a label names when it looks like a web
// address ("https://www.nhs.uk/login", "www.nhs.uk", "nhs.uk/login").
func addressIn(label string) (string, bool) {
	l := strings.ToLower(strings.TrimSpace(label))
	l = strings.TrimPrefix(strings.TrimPrefix(l, "https://"), "http://")
	if i := strings.IndexAny(l, "/?# "); i >= 0 {
		if l[i] == ' ' {
			return "", false // words, not an address
		}
		l = l[:i]
	}
	if !strings.Contains(l, ".") || strings.ContainsAny(l, "*_~") {
		return "", false
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return "", false
		}
	}
	dot := strings.LastIndexByte(l, '.')
	if len(l)-dot-1 < 2 {
		return "", false
	}
	return l, true
}

// sameSite reports whether two hosts are one site: equal, or one a
// subdomain of the other ("www.nhs.uk" and "nhs.uk").
func sameSite(a, b string) bool {
	a, b = strings.TrimPrefix(a, "www."), strings.TrimPrefix(b, "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
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
	if _, ok := webAddress(address); ok {
		return "<" + address + "|" + escape(label) + ">"
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
