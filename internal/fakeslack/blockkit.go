package fakeslack

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Slack refuses a whole message or view when one block breaks a rule, so
// a fake that accepts anything hides the answers that never arrive. These
// are the rules of Slack's Block Kit reference, each checked where it
// applies. Sources (retrieved 2026):
//
//	[blocks]  https://docs.slack.dev/reference/block-kit/blocks
//	[section] https://docs.slack.dev/reference/block-kit/blocks/section-block
//	[header]  https://docs.slack.dev/reference/block-kit/blocks/header-block
//	[context] https://docs.slack.dev/reference/block-kit/blocks/context-block
//	[actions] https://docs.slack.dev/reference/block-kit/blocks/actions-block
//	[input]   https://docs.slack.dev/reference/block-kit/blocks/input-block
//	[button]  https://docs.slack.dev/reference/block-kit/block-elements/button-element
//	[text]    https://docs.slack.dev/reference/block-kit/composition-objects/text-object
//	[modal]   https://docs.slack.dev/reference/views/modal-views
//	[home]    https://docs.slack.dev/reference/views/home-tab-views
//	[post]    https://docs.slack.dev/reference/methods/chat.postMessage
//	[select]  https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element
//	[option]  https://docs.slack.dev/reference/block-kit/composition-objects/option-object
//	[option_group] https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object
//	[confirm] https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object
const (
	maxMessageBlocks = 50    // [blocks]: "up to 50 blocks in each message"
	maxViewBlocks    = 100   // [modal], [home]: "Max of 100 blocks"
	maxID            = 255   // [blocks] block_id, [button] action_id: "Maximum length ... 255"
	maxText          = 3000  // [text]: text "maximum length is 3000 characters"; [section] text likewise
	maxField         = 2000  // [section]: each of fields "maximum length ... 2000"
	maxFields        = 10    // [section]: "Maximum number of items is 10"
	maxHeader        = 150   // [header]: text "Maximum length ... 150 characters"
	maxContextElems  = 10    // [context]: "Maximum number of items is 10"
	maxActionElems   = 25    // [actions]: "There is a maximum of 25 elements in each action block"
	maxButtonText    = 75    // [button]: text "Maximum length ... 75 characters"
	maxButtonValue   = 2000  // [button]: value "Maximum length ... 2000 characters"
	maxButtonURL     = 3000  // [button]: url "Maximum length ... 3000 characters"
	maxInputLabel    = 2000  // [input]: label and hint "Maximum length ... 2000 characters"
	maxModalText     = 24    // [modal]: title, submit, close "max length of 24 characters"
	maxMetadata      = 3000  // [modal]: private_metadata "Max length of 3000 characters"
	maxMessageText   = 40000 // [post]: text is truncated past 40,000 characters; msg_too_long beyond
	maxOptions       = 100   // [select]: options and option_groups "Maximum number of options is 100"
	maxOptionText    = 75    // [option]: text "Maximum length ... 75 characters"; description likewise
	maxOptionValue   = 150   // [option]: value "Maximum length ... 150 characters"
	maxPlaceholder   = 150   // [select]: placeholder "Maximum length ... 150 characters"
	maxGroupLabel    = 75    // [option_group]: label "Maximum length ... 75 characters"
	maxConfirmTitle  = 100   // [confirm]: title "Maximum length ... 100 characters"
	maxConfirmText   = 300   // [confirm]: text "Maximum length ... 300 characters"
	maxConfirmButton = 30    // [confirm]: confirm and deny "Maximum length ... 30 characters"
)

// Surface is where blocks are shown; messages and views have different limits.
type Surface int

// The surfaces.
const (
	SurfaceMessage Surface = iota
	SurfaceModal
	SurfaceHome
)

// BlockKitError lists every rule a payload breaks, as Slack's own
// "errors" array does for invalid_blocks.
type BlockKitError struct {
	Problems []string
}

func (e *BlockKitError) Error() string {
	return "invalid_blocks: " + strings.Join(e.Problems, "; ")
}

// CheckMessage checks a message's blocks (the JSON array Slack receives in
// "blocks") and its text. It returns nil when Slack would accept them.
func CheckMessage(text string, blocksJSON []byte) error {
	var blocks []any
	if len(blocksJSON) > 0 && string(blocksJSON) != "null" {
		if err := json.Unmarshal(blocksJSON, &blocks); err != nil {
			return &BlockKitError{Problems: []string{"blocks is not a JSON array: " + err.Error()}}
		}
	}
	c := checker{}
	if utf8.RuneCountInString(text) > maxMessageText {
		c.add("text: %d characters, more than %d", utf8.RuneCountInString(text), maxMessageText)
	}
	c.blocks(blocks, SurfaceMessage)
	return c.err()
}

// CheckView checks a view (views.open, views.update, views.push,
// views.publish) as Slack would.
func CheckView(viewJSON []byte) error {
	var v map[string]any
	if err := json.Unmarshal(viewJSON, &v); err != nil {
		return &BlockKitError{Problems: []string{"view is not a JSON object: " + err.Error()}}
	}
	c := checker{}
	surface := SurfaceModal
	switch v["type"] {
	case "modal":
	case "home":
		surface = SurfaceHome
	default:
		c.add("view type %v: want modal or home", v["type"])
	}
	blocks, _ := v["blocks"].([]any)
	if surface == SurfaceModal {
		c.textObject("title", v["title"], true, true, maxModalText) // [modal] title required, plain_text
		if v["submit"] != nil {
			c.textObject("submit", v["submit"], true, true, maxModalText)
		} else if hasInput(blocks) {
			c.add("submit: required when the view has input blocks") // [modal]
		}
		if v["close"] != nil {
			c.textObject("close", v["close"], true, true, maxModalText)
		}
	}
	if s, _ := v["private_metadata"].(string); utf8.RuneCountInString(s) > maxMetadata {
		c.add("private_metadata: %d characters, more than %d", utf8.RuneCountInString(s), maxMetadata)
	}
	if s, _ := v["callback_id"].(string); utf8.RuneCountInString(s) > maxID {
		c.add("callback_id: more than %d characters", maxID) // [modal]
	}
	c.blocks(blocks, surface)
	return c.err()
}

func hasInput(blocks []any) bool {
	for _, b := range blocks {
		if m, ok := b.(map[string]any); ok && m["type"] == "input" {
			return true
		}
	}
	return false
}

type checker struct {
	problems []string
}

func (c *checker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &BlockKitError{Problems: c.problems}
}

func (c *checker) blocks(blocks []any, s Surface) {
	limit := maxMessageBlocks
	if s != SurfaceMessage {
		limit = maxViewBlocks
	}
	if len(blocks) > limit {
		c.add("%d blocks, more than %d", len(blocks), limit) // [blocks], [modal], [home]
	}
	ids := map[string]bool{}
	for i, raw := range blocks {
		b, ok := raw.(map[string]any)
		if !ok {
			c.add("blocks[%d]: not an object", i)
			continue
		}
		at := fmt.Sprintf("blocks[%d]", i)
		if id, ok := b["block_id"].(string); ok {
			// [blocks]: block_id "should be unique for each message", at most 255.
			if ids[id] {
				c.add("%s: block_id %q repeats an earlier block's", at, id)
			}
			ids[id] = true
			c.length(at+".block_id", id, 1, maxID)
		}
		switch b["type"] {
		case "section":
			c.section(at, b)
		case "header":
			c.textObject(at+".text", b["text"], true, true, maxHeader) // [header] plain_text only
		case "context":
			c.context(at, b)
		case "actions":
			c.actions(at, b)
		case "divider":
		case "input":
			if s == SurfaceMessage {
				c.add("%s: input blocks belong in modals", at)
			}
			c.input(at, b)
		case "image", "rich_text":
			// Signpost sends neither; accept them as Slack does.
		default:
			c.add("%s: unknown block type %v", at, b["type"])
		}
	}
}

func (c *checker) section(at string, b map[string]any) {
	fields, _ := b["fields"].([]any)
	if b["text"] == nil && len(fields) == 0 {
		c.add("%s: a section needs text or fields", at) // [section]
	}
	if b["text"] != nil {
		c.textObject(at+".text", b["text"], false, true, maxText)
	}
	if len(fields) > maxFields {
		c.add("%s.fields: %d items, more than %d", at, len(fields), maxFields)
	}
	for i, f := range fields {
		c.textObject(fmt.Sprintf("%s.fields[%d]", at, i), f, false, true, maxField)
	}
	if acc, ok := b["accessory"].(map[string]any); ok {
		c.element(at+".accessory", acc, map[string]bool{})
	}
}

func (c *checker) context(at string, b map[string]any) {
	elems, _ := b["elements"].([]any)
	switch {
	case len(elems) == 0:
		c.add("%s.elements: a context block needs at least one element", at)
	case len(elems) > maxContextElems:
		c.add("%s.elements: %d, more than %d", at, len(elems), maxContextElems) // [context]
	}
	for i, e := range elems {
		m, _ := e.(map[string]any)
		if m != nil && m["type"] == "image" {
			continue
		}
		c.textObject(fmt.Sprintf("%s.elements[%d]", at, i), e, false, true, maxText)
	}
}

func (c *checker) actions(at string, b map[string]any) {
	elems, _ := b["elements"].([]any)
	switch {
	case len(elems) == 0:
		c.add("%s.elements: an actions block needs at least one element", at)
	case len(elems) > maxActionElems:
		c.add("%s.elements: %d, more than %d", at, len(elems), maxActionElems) // [actions]
	}
	seen := map[string]bool{}
	for i, e := range elems {
		m, ok := e.(map[string]any)
		if !ok {
			c.add("%s.elements[%d]: not an object", at, i)
			continue
		}
		c.element(fmt.Sprintf("%s.elements[%d]", at, i), m, seen)
	}
}

// element checks an interactive element; seen holds the action_ids of its
// block, which must not repeat ([button]: "Should be unique among all
// other action_ids in the containing block").
func (c *checker) element(at string, e map[string]any, seen map[string]bool) {
	if id, ok := e["action_id"].(string); ok {
		if seen[id] {
			c.add("%s: action_id %q repeats another in its block", at, id)
		}
		seen[id] = true
		c.length(at+".action_id", id, 1, maxID)
	}
	switch e["type"] {
	case "button":
		c.textObject(at+".text", e["text"], true, true, maxButtonText)
		if v, ok := e["value"].(string); ok {
			c.length(at+".value", v, 1, maxButtonValue)
		}
		if u, ok := e["url"].(string); ok {
			c.length(at+".url", u, 1, maxButtonURL)
		}
		if st, ok := e["style"]; ok && st != "primary" && st != "danger" {
			c.add("%s.style: %v, want primary or danger", at, st)
		}
		if cf, ok := e["confirm"].(map[string]any); ok {
			c.confirm(at+".confirm", cf)
		}
	case "plain_text_input":
		if v, ok := e["initial_value"].(string); ok && utf8.RuneCountInString(v) > maxText {
			c.add("%s.initial_value: more than %d characters", at, maxText)
		}
	case "static_select":
		c.staticSelect(at, e)
	case "overflow", "datepicker", "checkboxes", "radio_buttons", "users_select",
		"conversations_select", "channels_select", "multi_static_select", "image":
	default:
		c.add("%s: unknown element type %v", at, e["type"])
	}
}

// confirm checks a confirmation dialog ([confirm]): a plain_text title of
// at most 100 characters, text of at most 300, and confirm and deny
// buttons of plain_text, at most 30 each.
func (c *checker) confirm(at string, cf map[string]any) {
	c.textObject(at+".title", cf["title"], true, true, maxConfirmTitle)
	c.textObject(at+".text", cf["text"], false, true, maxConfirmText)
	c.textObject(at+".confirm", cf["confirm"], true, true, maxConfirmButton)
	c.textObject(at+".deny", cf["deny"], true, true, maxConfirmButton)
}

// staticSelect checks a select menu of static options ([select]): a
// placeholder of plain_text, options or option_groups (one of them, at
// most 100), and an initial option that is one of its options.
func (c *checker) staticSelect(at string, e map[string]any) {
	if e["placeholder"] != nil {
		c.textObject(at+".placeholder", e["placeholder"], true, true, maxPlaceholder)
	}
	opts, hasOpts := e["options"].([]any)
	groups, hasGroups := e["option_groups"].([]any)
	values := map[string]bool{}
	switch {
	case hasOpts == hasGroups:
		c.add("%s: a static_select needs options or option_groups, not both nor neither", at)
	case hasOpts:
		c.options(at+".options", opts, values)
	default:
		if len(groups) == 0 || len(groups) > maxOptions {
			c.add("%s.option_groups: %d groups, want 1 to %d", at, len(groups), maxOptions)
		}
		for i, g := range groups {
			gm, _ := g.(map[string]any)
			gat := fmt.Sprintf("%s.option_groups[%d]", at, i)
			c.textObject(gat+".label", gm["label"], true, true, maxGroupLabel)
			o, _ := gm["options"].([]any)
			c.options(gat+".options", o, values)
		}
	}
	if init, ok := e["initial_option"].(map[string]any); ok {
		if v, _ := init["value"].(string); !values[v] {
			c.add("%s.initial_option: value %q is not one of the options", at, v)
		}
	}
}

// options checks option objects in a select menu ([option]): plain_text
// text of at most 75 characters, a value of at most 150, distinct.
func (c *checker) options(at string, opts []any, values map[string]bool) {
	if len(opts) == 0 || len(opts) > maxOptions {
		c.add("%s: %d options, want 1 to %d", at, len(opts), maxOptions)
	}
	for i, o := range opts {
		om, _ := o.(map[string]any)
		oat := fmt.Sprintf("%s[%d]", at, i)
		c.textObject(oat+".text", om["text"], true, true, maxOptionText)
		if om["description"] != nil {
			c.textObject(oat+".description", om["description"], true, true, maxOptionText)
		}
		v, _ := om["value"].(string)
		c.length(oat+".value", v, 1, maxOptionValue)
		if values[v] {
			c.add("%s.value: %q repeats another option", oat, v)
		}
		values[v] = true
	}
}

func (c *checker) input(at string, b map[string]any) {
	c.textObject(at+".label", b["label"], true, true, maxInputLabel) // [input] label plain_text
	if b["hint"] != nil {
		c.textObject(at+".hint", b["hint"], true, true, maxInputLabel)
	}
	el, ok := b["element"].(map[string]any)
	if !ok {
		c.add("%s.element: required", at)
		return
	}
	c.element(at+".element", el, map[string]bool{})
}

// textObject checks a text composition object: a type, text of 1 to max
// characters, plain_text where the field demands it, and emoji only on
// plain_text ([text]).
func (c *checker) textObject(at string, raw any, plainOnly, required bool, max int) {
	t, ok := raw.(map[string]any)
	if !ok {
		if required {
			c.add("%s: a text object is required", at)
		}
		return
	}
	switch t["type"] {
	case "plain_text":
	case "mrkdwn":
		if plainOnly {
			c.add("%s: must be plain_text", at)
		}
		if _, ok := t["emoji"]; ok {
			c.add("%s: emoji is only allowed on plain_text", at)
		}
	default:
		c.add("%s: text type %v, want plain_text or mrkdwn", at, t["type"])
	}
	s, _ := t["text"].(string)
	c.length(at+".text", s, 1, max)
}

func (c *checker) length(at, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min:
		c.add("%s: empty", at)
	case n > max:
		c.add("%s: %d characters, more than %d", at, n, max)
	}
}
