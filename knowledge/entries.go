package knowledge

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/signpost-ahp/signpost/place/postcode"
)

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
