package knowledge

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/mrkdwn"
	"github.com/signpost-ahp/signpost/place/postcode"
)

// field describes one field of an entry: its name, whether it must be
// given, and how to read its value.
type field struct {
	name     string
	required bool
	read     func(file string, n *yaml.Node)
}

// fields reads a mapping node against a list of fields, reporting unknown,
// repeated and missing ones. It reports whether the mapping had no problems.
func (l *loader) fields(file string, n *yaml.Node, what string, spec []field) bool {
	before := len(l.problems)
	if n.Kind != yaml.MappingNode {
		l.add(l.pos(file, n), "each %s should be a mapping of fields (id: ..., ...)", what)
		return false
	}
	names := make([]string, len(spec))
	for i, f := range spec {
		names[i] = f.name
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if line, dup := seen[k.Value]; dup {
			l.add(l.pos(file, k), "field %q given twice in this %s (first at line %d)", k.Value, what, line)
			continue
		}
		seen[k.Value] = k.Line
		var f *field
		for j := range spec {
			if spec[j].name == k.Value {
				f = &spec[j]
				break
			}
		}
		if f == nil {
			l.add(l.pos(file, k), "unknown field %q in %s%s", k.Value, what, suggest(k.Value, names))
			continue
		}
		if isNull(v) {
			if f.required {
				l.add(l.pos(file, v), "%q is empty", k.Value)
			}
			continue // an optional field left empty is as good as not given
		}
		f.read(file, v)
	}
	for _, f := range spec {
		if !f.required {
			continue
		}
		if _, ok := seen[f.name]; !ok {
			l.add(l.pos(file, n), "%s is missing required field %q", what, f.name)
		}
	}
	return len(l.problems) == before
}

// text reads a non-empty scalar into dst.
func (l *loader) text(dst *string, name string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			l.add(l.pos(file, n), "%q should be text, not a %s", name, kindName(n))
			return
		}
		v := strings.TrimSpace(n.Value)
		if v == "" {
			l.add(l.pos(file, n), "%q is empty", name)
			return
		}
		if seq := slackControl(v); seq != "" {
			l.warn(l.pos(file, n), "%q holds %q, which Slack would read as a mention or command; Signpost shows it as plain text", name, seq)
		}
		mrkdwn.ReplaceLinks(v, func(lk mrkdwn.Link) string {
			if lk.Deceptive() {
				l.warn(l.pos(file, n), "%q links %q to %s, another site than the label reads as; Signpost shows where the link goes", name, lk.Label, lk.Target)
			}
			return ""
		}, "https", "http", "mailto")
		*dst = v
	}
}

// slackControl returns the first Slack control sequence in s (<!channel>,
// <!here>, <@U123>, <#C123>, <!subteam^…>, or the same written as
// entities), or "".
func slackControl(s string) string {
	lower := strings.ToLower(s)
	for _, open := range []string{"<!", "<@", "<#", "&lt;!", "&lt;@", "&lt;#"} {
		if i := strings.Index(lower, open); i >= 0 {
			end := min(len(s), i+24)
			if j := strings.IndexAny(s[i:], ">;"); j > 0 && i+j+1 <= len(s) && i+j+1 < end {
				end = i + j + 1
			}
			return s[i:end]
		}
	}
	return ""
}

// list reads a sequence of non-empty scalars into dst.
// Limits on the lists an entry holds (aliases, also_asked, tags): every
// item is indexed as a way of asking, and a list of thousands is a
// mistake or an attack that would hold up every reload.
const (
	MaxListItems = 500
	MaxItemLen   = 500 // characters
	// MaxWordings is the most characters of aliases and also_asked in all
	// the knowledge: past it, indexing takes gigabytes.
	MaxWordings = 4 << 20
)

func (l *loader) list(dst *[]string, name string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			l.add(l.pos(file, n), "%q should be a list, e.g. [first, second] or lines starting with \"- \"", name)
			return
		}
		if len(n.Content) > MaxListItems {
			l.add(l.pos(file, n), "%q has %d items; an entry may list at most %d (split the entry, or keep the ways of asking people really use)", name, len(n.Content), MaxListItems)
			return
		}
		for _, item := range n.Content {
			item = resolve(item)
			if item.Kind != yaml.ScalarNode {
				l.add(l.pos(file, item), "each item of %q should be text, not a %s", name, kindName(item))
				continue
			}
			v := strings.TrimSpace(item.Value)
			if v == "" || isNull(item) {
				l.add(l.pos(file, item), "%q has an empty item", name)
				continue
			}
			if n := utf8.RuneCountInString(v); n > MaxItemLen {
				l.add(l.pos(file, item), "an item of %q is %d characters; each may be at most %d", name, n, MaxItemLen)
				continue
			}
			if name == "aliases" || name == "also_asked" {
				if l.wordings += len(v); l.wordings > MaxWordings && !l.tooManyWordings {
					l.tooManyWordings = true
					l.add(l.pos(file, item), "the knowledge holds more than %d MB of aliases and also_asked in all; Signpost indexes at most that much (keep the ways of asking people really use)", MaxWordings>>20)
				}
			}
			*dst = append(*dst, v)
		}
	}
}

var idRE = regexp.MustCompile(`^[a-z0-9-]+$`)

func (l *loader) id(dst *string) func(string, *yaml.Node) {
	read := l.text(dst, "id")
	return func(file string, n *yaml.Node) {
		read(file, n)
		if *dst == "" {
			return
		}
		p := l.pos(file, n)
		if !idRE.MatchString(*dst) {
			l.add(p, "id %q should be lowercase letters, digits and -, e.g. %q", *dst, Slug(*dst))
			*dst = ""
			return
		}
		if first, dup := l.ids[*dst]; dup {
			l.add(p, "duplicate id %q: already used at %s", *dst, first)
			*dst = ""
			return
		}
		l.ids[*dst] = p
	}
}

func (l *loader) date(dst *Date, name string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		var s string
		l.text(&s, name)(file, n)
		if s == "" {
			return
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			l.add(l.pos(file, n), "%s %q is not a date written as YYYY-MM-DD", name, s)
			return
		}
		dst.Time = t
	}
}

func (l *loader) source(dst **Source) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		s := &Source{}
		ok := l.fields(file, n, "source", []field{
			{name: "title", read: l.text(&s.Title, "title")},
			{name: "url", read: l.url(&s.URL, "url")},
		})
		if ok && (s.Title != "" || s.URL != "") {
			*dst = s
		}
	}
}

// CheckWebAddress says what is wrong with a web address the knowledge
// could link to, or nil: http or https, a host, and none of the
// characters Slack reads as markup (< > | could post a mention, or a link
// whose label is not where it goes). Imports check with it too, so what
// they write always validates.
func CheckWebAddress(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("should be a web address starting with https://")
	}
	if strings.ContainsAny(s, "<>|\" \t\n\\`") || strings.ContainsFunc(s, unicode.IsControl) {
		return errors.New("holds a space or one of < > | \" ` \\, which a web address cannot")
	}
	return nil
}

func (l *loader) url(dst *string, name string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		var s string
		l.text(&s, name)(file, n)
		if s == "" {
			return
		}
		if err := CheckWebAddress(s); err != nil {
			l.add(l.pos(file, n), "%s %q %v", name, s, err)
			return
		}
		*dst = s
	}
}

func (l *loader) location(dst **Location) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		var loc Location
		var hasLat, hasLon bool
		coord := func(name string, lim float64, v *float64, has *bool) func(string, *yaml.Node) {
			return func(file string, n *yaml.Node) {
				f, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
				if n.Kind != yaml.ScalarNode || err != nil {
					l.add(l.pos(file, n), "%s should be a number of degrees, e.g. %s: 53.99", name, name)
					return
				}
				if f < -lim || f > lim {
					l.add(l.pos(file, n), "%s %v is out of range (-%v to %v)", name, f, lim, lim)
					return
				}
				*v, *has = f, true
			}
		}
		ok := l.fields(file, n, "location", []field{
			{name: "lat", required: true, read: coord("lat", 90, &loc.Lat, &hasLat)},
			{name: "lon", required: true, read: coord("lon", 180, &loc.Lon, &hasLon)},
		})
		if ok && hasLat && hasLon {
			*dst = &loc
		}
	}
}

func (l *loader) postcode(dst *string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		var s string
		l.text(&s, "postcode")(file, n)
		if s == "" {
			return
		}
		pc, ok := postcode.Parse(s)
		if !ok {
			l.add(l.pos(file, n), "postcode %q is not a UK postcode shape, e.g. HG1 2AB", s)
			return
		}
		*dst = pc.String()
	}
}

// oneOf reads a list whose items must come from allowed.
func (l *loader) oneOf(dst *[]string, name string, allowed []string, nonEmpty bool) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		var got []string
		l.list(&got, name)(file, n)
		if n.Kind != yaml.SequenceNode {
			return
		}
		for i, v := range got {
			ok := false
			for _, a := range allowed {
				if v == a {
					ok = true
					break
				}
			}
			if !ok {
				l.add(l.pos(file, resolve(n.Content[i])), "unknown %s %q%s; allowed: %s", singular(name), v, suggest(v, allowed), strings.Join(allowed, ", "))
				continue
			}
			*dst = append(*dst, v)
		}
		if nonEmpty && len(n.Content) == 0 {
			l.add(l.pos(file, n), "%q is an empty list", name)
		}
	}
}
