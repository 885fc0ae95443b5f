package urgent

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Contact is an organisation's own crisis contact (a local mental health
// crisis line, the safeguarding team, an out-of-hours number), set in
// config.yaml and shown after the national numbers.
type Contact struct {
	Name  string `yaml:"name"`  // "Leeds Mental Health Crisis Line"
	Phone string `yaml:"phone"` // "0800 183 1486"
	When  string `yaml:"when"`  // "24 hours", "weekdays 9am to 5pm"; optional
}

// Validate checks a contact's shape, saying what is wrong in words a
// deployer can act on.
func (c Contact) Validate() error {
	name := strings.TrimSpace(c.Name)
	switch {
	case name == "":
		return errors.New("a crisis contact has no name")
	case utf8.RuneCountInString(name) > 80:
		return fmt.Errorf("crisis contact %q: the name is over 80 characters", name)
	}
	for _, f := range []struct{ what, s string }{{"name", c.Name}, {"when", c.When}} {
		if i := strings.IndexFunc(f.s, markupOrControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(f.s[i:])
			return fmt.Errorf("crisis contact %q: the %s holds %q; write plain text (Signpost adds its own formatting)", name, f.what, r)
		}
	}
	if utf8.RuneCountInString(c.When) > 60 {
		return fmt.Errorf("crisis contact %q: when is over 60 characters", name)
	}
	digits := 0
	for _, r := range c.Phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '+' || r == '(' || r == ')' || r == '-':
		default:
			return fmt.Errorf("crisis contact %q: phone %q holds %q; use digits and spaces, like 0800 183 1486", name, c.Phone, r)
		}
	}
	if digits != 3 && (digits < 5 || digits > 13) {
		return fmt.Errorf("crisis contact %q: phone %q is not a phone number (3 digits, like 999, or 5 to 13, like 116 123 or 0800 183 1486)", name, c.Phone)
	}
	return nil
}

func markupOrControl(r rune) bool {
	return unicode.IsControl(r) || strings.ContainsRune("<>&*_~`|", r)
}

// line is the contact as a help line (Slack mrkdwn).
func (c Contact) line() string {
	s := strings.TrimSpace(c.Name) + ": *" + strings.TrimSpace(c.Phone) + "*"
	if w := strings.TrimSpace(c.When); w != "" {
		s += " (" + w + ")"
	}
	return s
}

// short is the contact in the one-line footer.
func (c Contact) short() string {
	return strings.TrimSpace(c.Name) + " " + strings.TrimSpace(c.Phone)
}

// WithContacts returns a detector that shows an organisation's own crisis
// contacts after the national help, in every reply about risk and in the
// footer. Each must be valid (Contact.Validate).
func (d *Detector) WithContacts(cs []Contact) (*Detector, error) {
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	nd := *d
	nd.local = slices.Clone(cs)
	return &nd, nil
}

// Footer is the one short line of urgent help every reply that does not
// answer ends with (Slack mrkdwn), so that no reply is a bare "I don't
// know" to someone who did not say enough for Signpost to see the risk.
func (d *Detector) Footer() string {
	s := d.footer
	for _, c := range d.local {
		s += " · " + c.short()
	}
	return s
}

// withLocal adds the organisation's contacts after the national lines.
func (d *Detector) withLocal(help []string) []string {
	if len(d.local) == 0 {
		return help
	}
	out := slices.Clone(help)
	out = append(out, "Locally:")
	for _, c := range d.local {
		out = append(out, "• "+c.line())
	}
	return out
}
