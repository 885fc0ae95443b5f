package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/safefile"
)

// Editor writes FAQ entries into a knowledge directory for champions: a new
// entry gets a file of its own; an edited entry is replaced in its own file,
// keeping every other entry and comment there. Writes are atomic and
// serialised, so two champions saving at once both land, and a failed write
// leaves the file as it was.
type Editor struct {
	dir string
	mu  sync.Mutex
	// Now tells the date written as reviewed (tests fix it).
	Now func() time.Time
}

// NewEditor edits the knowledge directory dir.
func NewEditor(dir string) *Editor { return &Editor{dir: dir, Now: time.Now} }

// Dir is the knowledge directory.
func (e *Editor) Dir() string { return e.dir }

// addedDir is where entries added from Slack go, one file each.
const addedDir = "added"

// FieldError is a problem with one field of an entry, for showing on the
// form the champion filled in.
type FieldError struct {
	Field string // question, also_asked, answer, tags, source_title, source_url, or "" for the entry
	Msg   string
}

// FieldErrors are all the problems with an entry.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	var parts []string
	for _, e := range fe {
		if e.Field != "" {
			parts = append(parts, e.Field+": "+e.Msg)
		} else {
			parts = append(parts, e.Msg)
		}
	}
	return strings.Join(parts, "; ")
}

// Saved says where an entry went.
type Saved struct {
	ID   string
	Path string // relative to the knowledge directory
	New  bool
	// FAQ is the entry as written and read back, with its position.
	FAQ FAQ
	// Sum is the content hash of the file as written (see Sum).
	Sum string
}

// SaveFAQ validates an entry with the same rules as the loader and writes
// it. With an empty ID it adds a new entry (choosing a free id from the
// question); otherwise it replaces the entry with that id. kb is the
// knowledge as loaded now, to find the entry's file and the ids in use.
//
// before, if given, runs when the entry is ready to be written and nothing
// is written yet: the audit of changes is recorded there, so that a change
// is never on disk without its record. An error from it saves nothing.
func (e *Editor) SaveFAQ(kb *Base, f FAQ, owner string, before ...func(Saved) error) (Saved, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f.Owner = owner
	f.Reviewed = Date{Time: e.Now().UTC().Truncate(24 * time.Hour)}
	if err := textErrors(f); err != nil {
		return Saved{}, err
	}
	ready := func(s Saved) error {
		for _, fn := range before {
			if err := fn(s); err != nil {
				return err
			}
		}
		return nil
	}
	if f.ID == "" {
		return e.add(kb, f, ready)
	}
	return e.replace(kb, f, ready)
}

// textErrors refuses text that is not UTF-8, which YAML would write as
// binary and read back as base64. Slack never sends it; other callers may.
func textErrors(f FAQ) error {
	var fe FieldErrors
	check := func(field string, texts ...string) {
		for _, t := range texts {
			if !utf8.ValidString(t) {
				fe = append(fe, FieldError{Field: field, Msg: "holds characters that are not valid text (UTF-8)"})
				return
			}
		}
	}
	check("question", f.Question)
	check("also_asked", f.AlsoAsked...)
	check("answer", f.Answer)
	check("tags", f.Tags...)
	if f.Source != nil {
		check("source_title", f.Source.Title)
		check("source_url", f.Source.URL)
	}
	if fe != nil {
		return fe
	}
	return nil
}

func (e *Editor) add(kb *Base, f FAQ, ready func(Saved) error) (Saved, error) {
	base := Slug(f.Question)
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	if base == "" {
		base = "faq"
	}
	used := kb.ids()
	f.ID = base
	for n := 2; used[f.ID] || e.exists(filepath.Join(addedDir, f.ID+".yaml")); n++ {
		f.ID = fmt.Sprintf("%s-%d", base, n)
	}
	rel := filepath.Join(addedDir, f.ID+".yaml")
	node, err := faqNode(f)
	if err != nil {
		return Saved{}, err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{
		Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "faq", HeadComment: "Added from Slack by " + f.Owner + " on " + f.Reviewed.String() + "."},
			{Kind: yaml.SequenceNode, Content: []*yaml.Node{node}},
		},
	}}}
	data, err := encode(doc)
	if err != nil {
		return Saved{}, err
	}
	written, err := check(rel, data, f.ID)
	if err != nil {
		return Saved{}, err
	}
	if err := os.MkdirAll(filepath.Join(e.dir, addedDir), 0o755); err != nil {
		return Saved{}, fmt.Errorf("creating %s: %w", addedDir, err)
	}
	saved := Saved{ID: f.ID, Path: rel, New: true, FAQ: written, Sum: Sum(data)}
	if err := ready(saved); err != nil {
		return Saved{}, err
	}
	if err := safefile.Write(filepath.Join(e.dir, rel), data, 0o644); err != nil {
		return Saved{}, err
	}
	return saved, nil
}

func (e *Editor) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(e.dir, rel))
	return err == nil
}

// ErrNotFound is returned when an entry to edit is not in the knowledge.
var ErrNotFound = errors.New("no such entry")

func (e *Editor) replace(kb *Base, f FAQ, ready func(Saved) error) (Saved, error) {
	var old *FAQ
	for i := range kb.FAQs {
		if kb.FAQs[i].ID == f.ID {
			old = &kb.FAQs[i]
		}
	}
	if old == nil {
		return Saved{}, fmt.Errorf("%w: %q", ErrNotFound, f.ID)
	}
	rel := old.Pos.Path
	path := filepath.Join(e.dir, rel)
	data, err := os.ReadFile(path)
	if err != nil {
		return Saved{}, fmt.Errorf("reading %s: %w", rel, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Saved{}, fmt.Errorf("reading %s: %w", rel, err)
	}
	entry := findEntry(&doc, "faq", f.ID)
	if entry == nil {
		return Saved{}, fmt.Errorf("%w: %q is not in %s any more (was it edited meanwhile?)", ErrNotFound, f.ID, rel)
	}
	node, err := faqNode(f)
	if err != nil {
		return Saved{}, err
	}
	// Keep the comments written around the entry.
	node.HeadComment, node.LineComment, node.FootComment = entry.HeadComment, entry.LineComment, entry.FootComment
	*entry = *node
	out, err := encode(&doc)
	if err != nil {
		return Saved{}, err
	}
	written, err := check(rel, out, f.ID)
	if err != nil {
		return Saved{}, err
	}
	saved := Saved{ID: f.ID, Path: rel, FAQ: written, Sum: Sum(out)}
	if err := ready(saved); err != nil {
		return Saved{}, err
	}
	if err := safefile.Write(path, out, 0o644); err != nil {
		return Saved{}, err
	}
	return saved, nil
}

// findEntry finds the mapping node of the entry with id under a top-level key.
func findEntry(doc *yaml.Node, key, id string) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != key || root.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range root.Content[i+1].Content {
			if item.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == "id" && item.Content[j+1].Value == id {
					return item
				}
			}
		}
	}
	return nil
}

// faqYAML is an FAQ entry as the knowledge format writes it.
type faqYAML struct {
	ID        string      `yaml:"id"`
	Question  string      `yaml:"question"`
	AlsoAsked []string    `yaml:"also_asked,omitempty"`
	Answer    string      `yaml:"answer"`
	Tags      []string    `yaml:"tags,omitempty,flow"`
	Source    *sourceYAML `yaml:"source,omitempty"`
	Reviewed  string      `yaml:"reviewed,omitempty"`
	Owner     string      `yaml:"owner,omitempty"`
}

type sourceYAML struct {
	Title string `yaml:"title,omitempty"`
	URL   string `yaml:"url,omitempty"`
}

func faqNode(f FAQ) (*yaml.Node, error) {
	y := faqYAML{ID: f.ID, Question: f.Question, AlsoAsked: f.AlsoAsked, Answer: f.Answer, Tags: f.Tags, Reviewed: f.Reviewed.String(), Owner: f.Owner}
	if f.Source != nil {
		y.Source = &sourceYAML{Title: f.Source.Title, URL: f.Source.URL}
	}
	var n yaml.Node
	if err := n.Encode(y); err != nil {
		return nil, err
	}
	// Multi-line answers read best as literal blocks.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "answer" && strings.Contains(f.Answer, "\n") {
			n.Content[i+1].Style = yaml.LiteralStyle
		}
	}
	return &n, nil
}

func encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// check validates a file's new contents on their own, as the loader would,
// and returns the entry id as read back.
func check(rel string, data []byte, id string) (FAQ, error) {
	kb, err := LoadFile(rel, data)
	var kerr *Error
	if errors.As(err, &kerr) {
		return FAQ{}, fieldErrors(kerr)
	}
	if err != nil {
		return FAQ{}, err
	}
	for _, f := range kb.FAQs {
		if f.ID == id {
			return f, nil
		}
	}
	return FAQ{}, fmt.Errorf("%s: entry %q did not read back", rel, id)
}

// fieldErrors turns loader problems into problems with the form's fields.
func fieldErrors(kerr *Error) FieldErrors {
	var out FieldErrors
	for _, p := range kerr.Problems {
		field := ""
		for _, f := range []string{"question", "also_asked", "answer", "tags", "url", "title"} {
			if strings.Contains(p.Msg, `"`+f+`"`) || strings.HasPrefix(p.Msg, f+" ") {
				field = f
				break
			}
		}
		switch field {
		case "url":
			field = "source_url"
		case "title":
			field = "source_title"
		}
		out = append(out, FieldError{Field: field, Msg: p.Msg})
	}
	return out
}

func (b *Base) ids() map[string]bool {
	ids := map[string]bool{}
	for _, f := range b.FAQs {
		ids[f.ID] = true
	}
	for _, t := range b.Terms {
		ids[t.ID] = true
	}
	for _, s := range b.Services {
		ids[s.ID] = true
	}
	for _, a := range b.Areas {
		ids[a.ID] = true
	}
	return ids
}
