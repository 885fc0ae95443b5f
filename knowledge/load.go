package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/postcode"
)

// Problem is one thing wrong in a knowledge directory, at a place in a file.
type Problem struct {
	Pos
	Msg string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// Error is every problem found in a knowledge directory, in file order.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// IsKnowledgeFile reports whether a file name is one the loader reads.
func IsKnowledgeFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Load reads and validates every *.yaml and *.yml file below the root of
// fsys. When anything is wrong it returns a nil Base and an *Error listing
// every problem, so a caller never serves half a directory.
func Load(fsys fs.FS) (*Base, error) {
	l := &loader{ids: map[string]Pos{}, base: &Base{}}
	files, err := Files(fsys)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		l.fileOrder = append(l.fileOrder, f)
		data, err := ReadFile(fsys, f)
		if err != nil {
			l.add(Pos{Path: f, Line: 1, Col: 1}, "%v", err)
			continue
		}
		l.file(f, data)
	}
	l.checkReferences()
	if len(l.problems) > 0 {
		l.sort()
		return nil, &Error{Problems: l.problems}
	}
	return l.base, nil
}

// LoadFile validates one file's contents as if it were the only file in a
// directory. Champions' edits from Slack are checked this way before they
// are written.
func LoadFile(name string, data []byte) (*Base, error) {
	l := &loader{ids: map[string]Pos{}, base: &Base{}, fileOrder: []string{name}}
	l.file(name, data)
	l.sort()
	if len(l.problems) > 0 {
		return nil, &Error{Problems: l.problems}
	}
	return l.base, nil
}

type loader struct {
	base      *Base
	ids       map[string]Pos
	problems  []Problem
	fileOrder []string
	seeAlso   []ref
	// broken is set when a file could not be parsed: its ids are unknown,
	// so references to them cannot be checked without false alarms.
	broken bool
}

type ref struct {
	id  string
	pos Pos
}

func (l *loader) add(p Pos, format string, args ...any) {
	l.problems = append(l.problems, Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// warn notes something odd that is not wrong: the knowledge still loads.
func (l *loader) warn(p Pos, format string, args ...any) {
	l.base.Warnings = append(l.base.Warnings, Problem{Pos: p, Msg: "warning: " + fmt.Sprintf(format, args...)})
}

func (l *loader) sort() {
	order := make(map[string]int, len(l.fileOrder))
	for i, f := range l.fileOrder {
		order[f] = i
	}
	sort.SliceStable(l.problems, func(i, j int) bool {
		a, b := l.problems[i].Pos, l.problems[j].Pos
		if a.Path != b.Path {
			return order[a.Path] < order[b.Path]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func (l *loader) file(name string, data []byte) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			// yaml.v3 gives a line but no column for syntax errors.
			line := 1
			if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
				line, _ = strconv.Atoi(m[1])
			}
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			msg = yamlLineRE.ReplaceAllString(msg, "")
			msg = strings.TrimLeft(msg, ": ")
			l.add(Pos{Path: name, Line: line, Col: 1}, "YAML syntax: %s", msg)
			l.broken = true
			return
		}
		l.document(name, &doc)
	}
}

func (l *loader) pos(file string, n *yaml.Node) Pos {
	return Pos{Path: file, Line: n.Line, Col: n.Column}
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

var topLevelKeys = []string{"faq", "terms", "services", "areas", "category_words"}

func (l *loader) document(file string, doc *yaml.Node) {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // empty file, or comments only
	}
	root := resolve(doc.Content[0])
	if isNull(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		l.add(l.pos(file, root), "a knowledge file must be a mapping with faq:, terms: or services: lists")
		return
	}
	seen := map[string]Pos{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if first, dup := seen[k.Value]; dup {
			l.add(l.pos(file, k), "%q given twice (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = l.pos(file, k)
		var entry func(string, *yaml.Node)
		switch k.Value {
		case "faq":
			entry = l.faq
		case "terms":
			entry = l.term
		case "services":
			entry = l.service
		case "areas":
			entry = l.area
		case "category_words":
			entry = l.categoryWords
		default:
			l.add(l.pos(file, k), "unknown top-level key %q%s (want faq, terms, services, areas or category_words)", k.Value, suggest(k.Value, topLevelKeys))
			continue
		}
		if isNull(v) {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			l.add(l.pos(file, v), "%q should be a list of entries (each starting with \"- id: ...\")", k.Value)
			continue
		}
		for _, item := range v.Content {
			entry(file, resolve(item))
		}
	}
}

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
func (l *loader) list(dst *[]string, name string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			l.add(l.pos(file, n), "%q should be a list, e.g. [first, second] or lines starting with \"- \"", name)
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

func (l *loader) url(dst *string, name string) func(string, *yaml.Node) {
	return func(file string, n *yaml.Node) {
		var s string
		l.text(&s, name)(file, n)
		if s == "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l.add(l.pos(file, n), "%s %q should be a web address starting with https://", name, s)
			return
		}
		if strings.ContainsAny(s, "<>|\" \t\n\\`") || strings.ContainsFunc(s, unicode.IsControl) {
			// Slack reads < > | as markup: such an address could post a
			// mention, or a link whose label is not where it goes.
			l.add(l.pos(file, n), "%s %q holds a space or one of < > | \" ` \\, which a web address cannot", name, s)
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

func (l *loader) faq(file string, n *yaml.Node) {
	var f FAQ
	f.Pos = l.pos(file, n)
	ok := l.fields(file, n, "faq entry", []field{
		{name: "id", required: true, read: l.id(&f.ID)},
		{name: "question", required: true, read: l.text(&f.Question, "question")},
		{name: "also_asked", read: l.list(&f.AlsoAsked, "also_asked")},
		{name: "answer", required: true, read: l.text(&f.Answer, "answer")},
		{name: "tags", read: l.list(&f.Tags, "tags")},
		{name: "source", read: l.source(&f.Source)},
		{name: "reviewed", read: l.date(&f.Reviewed, "reviewed")},
		{name: "owner", read: l.text(&f.Owner, "owner")},
	})
	if ok {
		l.base.FAQs = append(l.base.FAQs, f)
	}
}

func (l *loader) term(file string, n *yaml.Node) {
	var t Term
	t.Pos = l.pos(file, n)
	var seeAlso []string
	var seeAlsoNode *yaml.Node
	ok := l.fields(file, n, "term", []field{
		{name: "id", required: true, read: l.id(&t.ID)},
		{name: "term", required: true, read: l.text(&t.Term, "term")},
		{name: "aliases", read: l.list(&t.Aliases, "aliases")},
		{name: "definition", required: true, read: l.text(&t.Definition, "definition")},
		{name: "see_also", read: func(file string, v *yaml.Node) {
			seeAlsoNode = v
			l.list(&seeAlso, "see_also")(file, v)
		}},
		{name: "source", read: l.source(&t.Source)},
		{name: "reviewed", read: l.date(&t.Reviewed, "reviewed")},
	})
	if seeAlsoNode != nil && seeAlsoNode.Kind == yaml.SequenceNode {
		for _, item := range seeAlsoNode.Content {
			item = resolve(item)
			if item.Kind == yaml.ScalarNode && strings.TrimSpace(item.Value) != "" {
				l.seeAlso = append(l.seeAlso, ref{id: strings.TrimSpace(item.Value), pos: l.pos(file, item)})
			}
		}
	}
	t.SeeAlso = seeAlso
	if ok {
		l.base.Terms = append(l.base.Terms, t)
	}
}

func (l *loader) service(file string, n *yaml.Node) {
	var s Service
	s.Pos = l.pos(file, n)
	var contact Contact
	hasContact := false
	ok := l.fields(file, n, "service", []field{
		{name: "id", required: true, read: l.id(&s.ID)},
		{name: "name", required: true, read: l.text(&s.Name, "name")},
		{name: "description", required: true, read: l.text(&s.Description, "description")},
		{name: "categories", required: true, read: l.oneOf(&s.Categories, "categories", categories, true)},
		{name: "area", required: true, read: l.text(&s.Area, "area")},
		{name: "address", read: l.text(&s.Address, "address")},
		{name: "postcode", read: l.postcode(&s.Postcode)},
		{name: "location", read: l.location(&s.Location)},
		{name: "contact", read: func(file string, v *yaml.Node) {
			hasContact = l.fields(file, v, "contact", []field{
				{name: "phone", read: l.text(&contact.Phone, "phone")},
				{name: "email", read: l.text(&contact.Email, "email")},
				{name: "website", read: l.url(&contact.Website, "website")},
			})
		}},
		{name: "referral", read: l.oneOf(&s.Referral, "referral", referralRoutes, false)},
		{name: "eligibility", read: l.text(&s.Eligibility, "eligibility")},
		{name: "cost", read: l.text(&s.Cost, "cost")},
		{name: "hours", read: l.text(&s.Hours, "hours")},
		{name: "reviewed", read: l.date(&s.Reviewed, "reviewed")},
	})
	if hasContact && contact != (Contact{}) {
		s.Contact = &contact
	}
	if ok {
		l.base.Services = append(l.base.Services, s)
	}
}

func (l *loader) area(file string, n *yaml.Node) {
	var a Area
	a.Pos = l.pos(file, n)
	ok := l.fields(file, n, "area", []field{
		{name: "id", required: true, read: l.id(&a.ID)},
		{name: "name", required: true, read: l.text(&a.Name, "name")},
		{name: "aliases", read: l.list(&a.Aliases, "aliases")},
		{name: "districts", read: func(file string, v *yaml.Node) {
			var ds []string
			l.list(&ds, "districts")(file, v)
			for i, d := range ds {
				pc, ok := postcode.ParseDistrict(d)
				if !ok {
					l.add(l.pos(file, resolve(v.Content[i])), "district %q is not a postcode district, e.g. HG1 or LS6", d)
					continue
				}
				a.Districts = append(a.Districts, pc.District())
			}
		}},
		{name: "location", read: l.location(&a.Location)},
	})
	if ok {
		l.base.Areas = append(l.base.Areas, a)
	}
}

func (l *loader) categoryWords(file string, n *yaml.Node) {
	var cw CategoryWord
	cw.Pos = l.pos(file, n)
	var cats []string
	ok := l.fields(file, n, "category_words entry", []field{
		{name: "category", required: true, read: func(file string, v *yaml.Node) {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{v}, Line: v.Line, Column: v.Column}
			l.oneOf(&cats, "category", categories, true)(file, seq)
		}},
		{name: "words", required: true, read: l.list(&cw.Words, "words")},
	})
	if ok && len(cats) == 1 {
		cw.Category = cats[0]
		l.base.CategoryWords = append(l.base.CategoryWords, cw)
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

func (l *loader) checkReferences() {
	if l.broken {
		return
	}
	for _, r := range l.seeAlso {
		if _, ok := l.ids[r.id]; !ok {
			names := make([]string, 0, len(l.ids))
			for id := range l.ids {
				names = append(names, id)
			}
			sort.Strings(names)
			l.add(r.pos, "see_also %q is not the id of any entry%s", r.id, suggest(r.id, names))
		}
	}
}

func singular(name string) string {
	switch name {
	case "categories":
		return "category"
	case "referral":
		return "referral route"
	}
	return name
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	}
	return "value"
}

// Slug turns free text into an id: lower-case letters, digits and dashes.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// suggest returns `; did you mean "x"?` when one candidate is a near miss
// for got, the typo champions most often make (aliasses, catagories).
func suggest(got string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(got, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Files lists the knowledge files below the root of fsys, in lexical
// order: *.yaml and *.yml, skipping hidden files and folders (.git,
// editors' swap files).
func Files(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if p != "." && IsKnowledgeFile(p) {
				files = append(files, p) // reported as a directory by ReadFile
				return fs.SkipDir
			}
			return nil
		}
		if IsKnowledgeFile(p) && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading knowledge directory: %w", err)
	}
	return files, nil
}

// Sum is the content hash of one knowledge file, as FileSums gives it.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// FileSums maps each knowledge file to its content hash, so that a caller
// can tell which files changed.
func FileSums(fsys fs.FS) (map[string]string, error) {
	files, err := Files(fsys)
	if err != nil {
		return nil, err
	}
	sums := make(map[string]string, len(files))
	for _, f := range files {
		data, err := ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		sums[f] = Sum(data)
	}
	return sums, nil
}

// Fingerprint is a hash of every knowledge file's name and contents: equal
// fingerprints mean the same knowledge.
func Fingerprint(fsys fs.FS) (string, error) {
	sums, err := FileSums(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range slices.Sorted(maps.Keys(sums)) {
		fmt.Fprintf(h, "%s\x00%s\n", f, sums[f])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
