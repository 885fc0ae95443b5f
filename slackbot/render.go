package slackbot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/plaintext"
)

// Block Kit limits Slack enforces but slack-go does not check
// (internal/fakeslack cites the source of each).
const (
	maxBlocks      = 50   // blocks in one message
	maxSectionText = 3000 // characters in a section's text
	// A service's description is shown up to this many characters: a
	// directory's 50 KB description would be seventeen sections of a card
	// meant to be read at a glance. (A champion's answer is shown whole.)
	maxDescription = 1200
	maxButtonText  = 75    // characters on a button
	maxButtonValue = 2000  // characters in a button's value
	maxFallback    = 3000  // characters of plain-text fallback we send
	maxButtons     = 25    // elements in an actions block
	maxMessageText = 40000 // characters of a message's text
	// maxLabel is how much of a button's label the Slack clients show
	// before cutting it off; longer labels are shortened at a word.
	maxLabel = 30
)

// Action ids of Signpost's buttons. Buttons that share a purpose in one
// block get ids with a suffix (signpost_show_entry:0, :1…), since Slack
// refuses a block whose action ids repeat; handlers route by the part
// before the colon.
const (
	ActionHelpful    = "signpost_helpful"
	ActionNotHelpful = "signpost_not_helpful"
	ActionShare      = "signpost_share"
	ActionShowEntry  = "signpost_show_entry"
	ActionMore       = "signpost_more"
	ActionEdit       = "signpost_edit"
)

// actionBase is the purpose of an action id: the part before any ":n".
func actionBase(id string) string {
	base, _, _ := strings.Cut(id, ":")
	return base
}

// Message is one Slack message: blocks and the plain text that
// notifications and screen readers use.
type Message struct {
	Text   string
	Blocks []slack.Block
}

// Renderer turns a answer.Reply into Block Kit.
type Renderer struct {
	// StaleAfter is how old a "reviewed" date may be before the reply
	// says the entry may be out of date.
	StaleAfter time.Duration
	// Champions is mrkdwn naming who can help when Signpost does not know,
	// e.g. "<#C0123ABCD>" or "<!subteam^S0123ABCD>"; empty for nobody.
	Champions string
	// Now tells the time (tests fix it).
	Now func() time.Time
}

// RenderOptions say where a reply is going.
type RenderOptions struct {
	// Ephemeral replies (to /signpost) get a "Share in channel" button.
	Ephemeral bool
	// Question is the redacted question, carried in buttons so that a
	// click can be recorded without keeping state.
	Question string
	// Champion marks a private reply to a champion: it shows each answer's
	// id and an Edit button.
	Champion bool
}

// feedbackValue is what a 👍/👎 button carries.
type feedbackValue struct {
	Entry    string `json:"e"`
	Question string `json:"q"`
}

// Reply renders a reply as one message, or several when it would break
// Block Kit's 50-block limit.
func (rd Renderer) Reply(r *answer.Reply, opt RenderOptions) []Message {
	var blocks []slack.Block
	if len(r.Redacted) > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf(":lock: Please don't post patient details in Slack: your message looked like it held %s. I removed it before reading and kept no copy.", strings.Join(r.Redacted, ", "))))
	}
	if r.Urgent != nil {
		// Urgent help leads, before anything else; its lines are Signpost's own mrkdwn.
		blocks = append(blocks, sections(":rotating_light: *Urgent help*\n"+strings.Join(r.Urgent.Help, "\n"))...)
	}
	if r.Possible != nil {
		// A sign of risk without the rest: the help stands beside the
		// answer, where it cannot be missed.
		blocks = append(blocks, sections(":warning: *"+answer.PossibleRiskIntro+"*\n"+strings.Join(r.Possible.Help, "\n"))...)
	}
	if f := r.Followed; f != nil {
		// Say how a follow-up was read, so a wrong reading shows.
		blocks = append(blocks, contextBlock(":leftwards_arrow_with_hook: Reading this as *"+escape(answer.Capitalise(f.AsRead))+"*, from the conversation so far. Say _start again_ for a new question."))
	}
	switch {
	case r.Kind == answer.ReplyReset:
		blocks = append(blocks, sections(escape(answer.ResetText))...)
	case !r.Answered && r.Urgent != nil:
		if r.Notice != "" {
			blocks = append(blocks, contextBlock(escape(r.Notice)))
		}
		blocks = append(blocks, rd.alsoInSignpost(r)...)
	case r.Kind == answer.ReplyHelp || r.Kind == answer.ReplyGreeting || r.Kind == answer.ReplyEmpty:
		blocks = append(blocks, sections(escape(answer.HelpText))...)
		if r.Kind == answer.ReplyHelp {
			blocks = append(blocks, contextBlock(escape("Champions: `/signpost add [question]` · `/signpost edit <id>` · `/signpost gaps` · `/signpost reload`")))
		}
	case !r.Answered && r.OffersServices():
		blocks = append(blocks, rd.nothingHere(r)...)
	case !r.Answered:
		blocks = append(blocks, rd.unknown(r)...)
	case r.Kind == answer.ReplyServices:
		blocks = append(blocks, rd.services(r)...)
	default:
		blocks = append(blocks, rd.answer(r, opt)...)
	}
	var actions []slack.BlockElement
	if r.Answered && len(r.Results) > 0 {
		v := buttonValue(feedbackValue{Entry: r.Results[0].ID, Question: opt.Question})
		actions = append(actions,
			button(ActionHelpful, v, ":thumbsup: Helpful", ""),
			button(ActionNotHelpful, v, ":thumbsdown: Not helpful", ""))
	}
	if opt.Ephemeral && (r.Answered || r.OffersServices()) {
		actions = append(actions, button(ActionShare, shareValue(r.View()), "Share in channel", "primary"))
	}
	if opt.Ephemeral && opt.Champion && editable(r) {
		actions = append(actions, button(ActionEdit, r.Results[0].ID, "Edit", ""))
	}
	if len(actions) > 0 {
		if r.Answered {
			blocks = append(blocks, contextBlock("Did this help?"))
		}
		blocks = append(blocks, slack.NewActionBlock("signpost_feedback", actions...))
	}
	if r.Safety != "" {
		// Signpost's own mrkdwn: a reply that does not answer ends with
		// urgent help.
		blocks = append(blocks, contextBlock(r.Safety))
	}
	return split(blocks, fallback(r))
}

// editable reports whether a reply's answer is an FAQ entry, which
// champions can edit from Slack: only then is it worth asking whether the
// person is one.
func editable(r *answer.Reply) bool {
	return r.Answered && len(r.Results) > 0 && r.Results[0].FAQ != nil
}

// shareValue is what "Share in channel" carries: the reply as shown, so
// that sharing posts the same entries without asking again.
func shareValue(v answer.View) string {
	for {
		b, _ := json.Marshal(v)
		if len(b) <= maxButtonValue {
			return string(b)
		}
		switch {
		case v.Question != "":
			v.Question = truncate(v.Question, utf8.RuneCountInString(v.Question)/2)
			if utf8.RuneCountInString(v.Question) < 2 {
				v.Question = ""
			}
		case len(v.Related) > 0:
			v.Related = nil
		case len(v.Entries) > 1:
			v.Entries = v.Entries[:len(v.Entries)-1]
		default:
			v.Notice = ""
			b, _ = json.Marshal(v)
			return truncate(string(b), maxButtonValue) // ids are slugs: cannot get here
		}
	}
}

func (rd Renderer) answer(r *answer.Reply, opt RenderOptions) []slack.Block {
	top := r.Results[0]
	var blocks []slack.Block
	blocks = append(blocks, sections("*"+escape(capitalise(top.Title))+"*\n"+safeMrkdwn(top.Text))...)
	p := rd.provenance(top)
	if opt.Champion && opt.Ephemeral && top.FAQ != nil {
		// Only FAQ entries can be edited from Slack: show only their ids.
		p = strings.TrimPrefix(p+" · Id: `"+escape(top.ID)+"`", " · ")
	}
	if p != "" {
		blocks = append(blocks, contextBlock(p))
	}
	labels := map[string]bool{strings.ToLower(shortLabel(top)): true}
	shown := map[string]bool{top.ID: true}
	var more []slack.BlockElement
	for _, res := range r.SeeAlso() {
		label := shortLabel(res)
		if labels[strings.ToLower(label)] {
			continue // distinct names, clipped alike on a button
		}
		labels[strings.ToLower(label)], shown[res.ID] = true, true
		more = append(more, button(fmt.Sprintf("%s:%d", ActionShowEntry, len(more)), res.ID, label, ""))
	}
	if len(more) > 0 {
		blocks = append(blocks, contextBlock("See also:"), slack.NewActionBlock("signpost_see_also", more...))
	}
	var related []slack.BlockElement
	for _, rel := range r.Related {
		label := clip(capitalise(rel.Term), maxLabel)
		if labels[strings.ToLower(label)] || shown[rel.ID] {
			continue
		}
		labels[strings.ToLower(label)], shown[rel.ID] = true, true
		related = append(related, button(fmt.Sprintf("%s:%d", ActionShowEntry, len(related)), rel.ID, label, ""))
	}
	if len(related) > 0 {
		blocks = append(blocks, contextBlock("Related terms:"), slack.NewActionBlock("signpost_related", related[:min(len(related), maxButtons)]...))
	}
	return blocks
}

// shortLabel names an entry on a button: a term by its name, anything
// else by its title, cut at a word to what the Slack clients show.
func shortLabel(res answer.Result) string {
	return clip(capitalise(res.Name()), maxLabel)
}

// clip shortens s to at most n characters, at a word boundary where one
// is near, ending with "…" if cut.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-?") + "…"
}

func (rd Renderer) services(r *answer.Reply) []slack.Block {
	var blocks []slack.Block
	if h := answer.Heading(r); h != "" {
		blocks = append(blocks, sections("*"+escape(h)+"*")...)
	}
	if r.Notice != "" {
		blocks = append(blocks, contextBlock(escape(r.Notice)))
	}
	blocks = append(blocks, rd.cards(r.Results)...)
	if r.More > 0 {
		shown := r.From + len(r.Results)
		v, _ := json.Marshal(moreValue{Question: truncate(r.Question, buttonQuestionLen), From: shown})
		blocks = append(blocks, slack.NewActionBlock("signpost_more", button(ActionMore, string(v), fmt.Sprintf("More… (%d more)", r.More), "")))
	}
	return blocks
}

func (rd Renderer) cards(rs []answer.Result) []slack.Block {
	var blocks []slack.Block
	for _, res := range rs {
		if res.Service == nil {
			continue
		}
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, sections(rd.serviceCard(res))...)
	}
	return blocks
}

// nothingHere says nothing of the kind is listed for the place asked
// about, and shows what there is instead as cards under headings that say
// what they are: services open to anyone in England, then the nearest
// listed elsewhere.
func (rd Renderer) nothingHere(r *answer.Reply) []slack.Block {
	notice := r.Notice
	if notice == "" {
		notice = "I don't have anything like that listed there yet."
	}
	blocks := sections("*" + escape(notice) + "*")
	var national, further []answer.Result
	for _, res := range r.Results {
		if res.National {
			national = append(national, res)
		} else {
			further = append(further, res)
		}
	}
	if len(national) > 0 {
		blocks = append(blocks, contextBlock("*Open to anyone in England:*"))
		blocks = append(blocks, rd.cards(national)...)
	}
	if len(further) > 0 {
		blocks = append(blocks, contextBlock("*The nearest listed elsewhere:*"))
		blocks = append(blocks, rd.cards(further)...)
	}
	if rd.Champions != "" {
		blocks = append(blocks, contextBlock("Your social prescribing champions may know more: "+rd.Champions+". I've passed the question on to them."))
	}
	return blocks
}

// moreValue is what a "More…" button carries: the request and where the
// next page starts.
type moreValue struct {
	Question string `json:"q"`
	From     int    `json:"from"`
}

// serviceCard is a compact card: name, area, what it offers, how to refer,
// contact.
func (rd Renderer) serviceCard(res answer.Result) string {
	s := res.Service
	var b strings.Builder
	name := "*" + escape(s.Name) + "*"
	if s.Contact != nil && s.Contact.Website != "" {
		name = "*" + linkTo(s.Contact.Website, s.Name) + "*"
	}
	b.WriteString(name + " · " + escape(s.Area) + distanceNote(res) + "\n")
	b.WriteString(clipMrkdwn(safeMrkdwn(strings.TrimSpace(s.Description)), maxDescription) + "\n")
	if len(s.Referral) > 0 {
		b.WriteString("*How to refer:* " + escape(answer.ReferralText(s.Referral)) + "\n")
	}
	var facts []string
	if s.Cost != "" {
		facts = append(facts, "*Cost:* "+escape(s.Cost))
	}
	if s.Hours != "" {
		facts = append(facts, "*When:* "+escape(s.Hours))
	}
	if len(facts) > 0 {
		b.WriteString(strings.Join(facts, " · ") + "\n")
	}
	if c := s.Contact; c != nil {
		var cs []string
		if c.Phone != "" {
			cs = append(cs, escape(c.Phone))
		}
		if c.Email != "" {
			cs = append(cs, mailLink(c.Email))
		}
		if len(cs) > 0 {
			b.WriteString("*Contact:* " + strings.Join(cs, " · ") + "\n")
		}
	}
	if d := s.Reviewed; !d.IsZero() {
		b.WriteString(rd.checked(d))
	}
	return strings.TrimRight(b.String(), "\n")
}

func distanceNote(res answer.Result) string {
	words, caveat := res.Nearness()
	switch {
	case words == "":
		return ""
	case caveat:
		return " _(" + escape(words) + ")_"
	}
	return " (" + escape(words) + ")"
}

// alsoInSignpost offers what the knowledge has near a message about a
// person at risk, after the urgent help, without saying "I don't know".
func (rd Renderer) alsoInSignpost(r *answer.Reply) []slack.Block {
	buttons := rd.entryButtons(r.Results)
	if len(buttons) == 0 {
		return nil
	}
	return []slack.Block{contextBlock("Also in Signpost:"), slack.NewActionBlock("signpost_did_you_mean", buttons...)}
}

// entryButtons are buttons showing entries, with distinct short labels.
func (rd Renderer) entryButtons(rs []answer.Result) []slack.BlockElement {
	var buttons []slack.BlockElement
	labels := map[string]bool{}
	for _, res := range rs {
		label := shortLabel(res)
		if labels[strings.ToLower(label)] || len(buttons) == maxButtons {
			continue
		}
		labels[strings.ToLower(label)] = true
		buttons = append(buttons, button(fmt.Sprintf("%s:%d", ActionShowEntry, len(buttons)), res.ID, label, ""))
	}
	return buttons
}

func (rd Renderer) unknown(r *answer.Reply) []slack.Block {
	var text strings.Builder
	if r.Notice != "" {
		// The notice says what is missing ("…listed for Hastings yet"):
		// no "don't know" after it, as in the terminal.
		text.WriteString(escape(r.Notice))
	} else {
		text.WriteString("Sorry, I don't know the answer to that.")
	}
	if rd.Champions != "" {
		text.WriteString(" Your social prescribing champions can help: " + rd.Champions + ". I've passed the question on to them.")
	}
	blocks := sections(text.String())
	if buttons := rd.entryButtons(r.Results); len(buttons) > 0 {
		blocks = append(blocks, contextBlock("Did you mean:"), slack.NewActionBlock("signpost_did_you_mean", buttons...))
	}
	return blocks
}

func (rd Renderer) provenance(res answer.Result) string {
	c := res.Citation()
	var parts []string
	switch {
	case c.URL != "":
		parts = append(parts, "Source: "+linkTo(c.URL, c.Source))
	case c.Source != "":
		parts = append(parts, "Source: "+escape(c.Source))
	}
	if !c.Reviewed.IsZero() {
		parts = append(parts, rd.checked(c.Reviewed))
	}
	return strings.Join(parts, " · ")
}

// checked says when an entry was last reviewed, and warns when that was
// longer ago than StaleAfter.
func (rd Renderer) checked(d knowledge.Date) string {
	s := "Checked " + d.Format("2 January 2006")
	now := time.Now
	if rd.Now != nil {
		now = rd.Now
	}
	if rd.StaleAfter > 0 && now().Sub(d.Time) > rd.StaleAfter {
		s += " · :warning: _may be out of date_"
	}
	return s
}

// sections puts mrkdwn into as many section blocks as its length needs,
// breaking at line ends where it can.
func sections(text string) []slack.Block {
	var out []slack.Block
	for _, chunk := range chunks(text, maxSectionText) {
		out = append(out, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, chunk, false, false), nil, nil))
	}
	return out
}

// chunks splits s into pieces of at most max characters, preferring to
// break after a newline, then a space, and never inside a UTF-8 sequence.
func chunks(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		cut := safeCut(s, byteIndexOfRune(s, max))
		if i := strings.LastIndexByte(s[:cut], '\n'); i > cut/2 {
			cut = i + 1
		} else if i := strings.LastIndexByte(s[:cut], ' '); i > cut/2 && safeCut(s, i+1) == i+1 {
			cut = i + 1
		}
		out = append(out, strings.TrimRight(s[:cut], " \n"))
		s = s[cut:]
	}
	if strings.TrimSpace(s) != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// safeCut moves a cut at byte i back to before any link (<…>) or entity
// (&amp;) it would fall inside, so no block holds half of one.
func safeCut(s string, i int) int {
	if open := strings.LastIndexByte(s[:i], '<'); open >= 0 && strings.IndexByte(s[open:i], '>') < 0 && open > 0 {
		i = open
	}
	if amp := strings.LastIndexByte(s[:i], '&'); amp >= 0 && i-amp < 6 && !strings.Contains(s[amp:i], ";") && amp > 0 {
		i = amp
	}
	return i
}

// clipMrkdwn shortens mrkdwn to at most max characters, at a word's end
// and never inside a link or an entity, and says that it did.
func clipMrkdwn(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := safeCut(s, byteIndexOfRune(s, max))
	if i := strings.LastIndexAny(s[:cut], " \n"); i > cut/2 && safeCut(s, i) == i {
		cut = i
	}
	return strings.TrimRight(s[:cut], " \n") + " … _(shortened: the full text is in the knowledge files)_"
}

func byteIndexOfRune(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}

// split packs blocks into messages of at most maxBlocks; every message
// carries the fallback text so each notifies sensibly.
func split(blocks []slack.Block, text string) []Message {
	if len(blocks) == 0 {
		return []Message{{Text: text}}
	}
	var out []Message
	for len(blocks) > 0 {
		n := min(len(blocks), maxBlocks)
		out = append(out, Message{Text: text, Blocks: blocks[:n]})
		blocks = blocks[n:]
	}
	return out
}

// note is a short message in Signpost's own mrkdwn (anything else in it
// already escaped); its fallback text is the same mrkdwn.
func note(mrkdwn string) Message {
	return Message{Text: truncate(mrkdwn, maxFallback), Blocks: sections(mrkdwn)}
}

func contextBlock(mrkdwn string) slack.Block {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, truncate(mrkdwn, maxSectionText), false, false))
}

func button(actionID, value, label, style string) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, truncate(value, maxButtonValue), slack.NewTextBlockObject(slack.PlainTextType, truncate(label, maxButtonText), true, false))
	if style != "" {
		b.Style = slack.Style(style)
	}
	return b
}

func buttonValue(v feedbackValue) string {
	for {
		b, _ := json.Marshal(v)
		if len(b) <= maxButtonValue || v.Question == "" {
			return string(b)
		}
		v.Question = truncate(v.Question, utf8.RuneCountInString(v.Question)/2)
	}
}

// fallback is the plain text of a reply, for notifications and screen
// readers. Slack reads it as mrkdwn too, so it is escaped like the blocks.
func fallback(r *answer.Reply) string {
	if r.Kind == answer.ReplyHelp || r.Kind == answer.ReplyGreeting || r.Kind == answer.ReplyEmpty {
		return escape(answer.HelpText) // the console's own commands are not Slack's
	}
	return escape(truncate(plaintext.Render(r), maxFallback))
}

// textOnly is a message as text alone, for when Slack refuses its blocks:
// the mrkdwn of its sections and context lines, in order.
func textOnly(m Message) string {
	var parts []string
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text != nil {
				parts = append(parts, b.Text.Text)
			}
		case *slack.HeaderBlock:
			if b.Text != nil {
				parts = append(parts, "*"+b.Text.Text+"*")
			}
		case *slack.ContextBlock:
			var line []string
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					line = append(line, t.Text)
				}
			}
			parts = append(parts, strings.Join(line, " "))
		case *slack.ActionBlock:
			var labels []string
			for _, e := range b.Elements.ElementSet {
				if bt, ok := e.(*slack.ButtonBlockElement); ok && actionBase(bt.ActionID) == ActionShowEntry && bt.Text != nil {
					labels = append(labels, escape(bt.Text.Text))
				}
			}
			if len(labels) > 0 {
				parts = append(parts, "• "+strings.Join(labels, "\n• "))
			}
		}
	}
	text := strings.TrimSpace(strings.Join(parts, "\n"))
	if text == "" {
		text = m.Text
	}
	return truncate(text, maxMessageText)
}

// How much of a text Signpost quotes back, in characters. Slack's own
// limits (3,000 a section, 2,000 a button value) are the ceiling; these
// keep a message readable well under them.
const (
	quoteLen      = 100 // a word or id echoed back in a sentence
	lineLen       = 200 // a question or an error quoted on one line
	titleLen      = 150 // an entry's title in a list
	fieldErrorLen = 150 // an error shown under a form field
	headingLen    = 500 // a question shown as a paragraph of its own
	// formQuestionLen is a message's text prefilled as a new entry's
	// question: a question, not the whole story around it.
	formQuestionLen = 300
	// problemsLen leaves room in a 3,000-character section for the words
	// around a block of knowledge problems.
	problemsLen = 2500
	// buttonQuestionLen leaves room in a 2,000-character button value
	// for the JSON around the question.
	buttonQuestionLen = 1500
)

// truncate shortens s to at most n characters, ending with "…" if cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func capitalise(s string) string { return answer.Capitalise(s) }
