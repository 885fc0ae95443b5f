package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/mrkdwn"
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
	total := 0
	for _, f := range files {
		l.fileOrder = append(l.fileOrder, f)
		data, err := ReadFile(fsys, f)
		if err != nil {
			l.add(Pos{Path: f, Line: 1, Col: 1}, "%v", err)
			continue
		}
		if total += len(data); total > MaxTotalSize {
			// Indexing takes tens of times the text's size in memory: past
			// this, a directory would take the machine's memory.
			l.add(Pos{Path: f, Line: 1, Col: 1}, "the knowledge directory holds more than %d MB with this file; Signpost reads at most that much (about 200,000 services): split it across Signposts, or remove what is not used", MaxTotalSize>>20)
			break
		}
		l.file(f, data)
	}
	l.checkReferences()
	l.checkLabels()
	l.checkSlips(time.Now())
	if len(l.problems) > 0 {
		l.sort()
		return nil, &Error{Problems: l.problems}
	}
	return l.base, nil
}

// checkLabels warns where a name is shown as the label of a link to
// another site than the name reads as: a source titled "www․nhs․uk" that
// goes elsewhere, a service named like one web address with another.
func (l *loader) checkLabels() {
	check := func(pos Pos, what, label, target string) {
		if label != "" && target != "" && (mrkdwn.Link{Target: target, Label: label}).Deceptive() {
			l.warn(pos, "%s %q reads as another site than its link, %s; Signpost shows where the link goes", what, label, target)
		}
	}
	for _, f := range l.base.FAQs {
		if f.Source != nil {
			check(f.Pos, "the source title", f.Source.Title, f.Source.URL)
		}
	}
	for _, t := range l.base.Terms {
		if t.Source != nil {
			check(t.Pos, "the source title", t.Source.Title, t.Source.URL)
		}
	}
	for _, s := range l.base.Services {
		if s.Contact != nil {
			check(s.Pos, "the service name", s.Name, s.Contact.Website)
		}
	}
}

// LoadFile validates one file's contents as if it were the only file in a
// directory. Champions' edits from Slack are checked this way before they
// are written.
func LoadFile(name string, data []byte) (*Base, error) {
	l := &loader{ids: map[string]Pos{}, base: &Base{}, fileOrder: []string{name}}
	l.file(name, data)
	l.checkLabels()
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
	// wordings counts the bytes of aliases and also_asked read so far.
	wordings        int
	tooManyWordings bool
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
