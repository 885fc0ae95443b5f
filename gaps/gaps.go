// Package gaps is what champions do with the questions Signpost could not
// answer, wherever they do it (Slack or a terminal): name a gap by a short
// ref, find it again, and decide whether its wording may be added to an
// entry as another way of asking.
package gaps

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/signpost-ahp/signpost/privacy"
	"github.com/signpost-ahp/signpost/reading"
	"github.com/signpost-ahp/signpost/store"
)

// Ref names a gap in a button, a menu or a command line: its key hashed,
// since keys can be longer than Slack lets a value be and hold words a
// command line would need quoting for.
func Ref(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// MinRef is the shortest ref a person may type for a gap: the start of
// one, as with git's abbreviated commits.
const MinRef = 4

// Errors Find returns, worded for the person who typed the ref.
var (
	ErrNoGap       = errors.New("no gap has that ref")
	ErrAmbiguous   = errors.New("more than one gap starts with that ref: type more of it")
	ErrShortRef    = fmt.Errorf("a ref needs at least %d characters", MinRef)
	errStoreNeeded = errors.New("no store of gaps")
)

// Lister is where gaps are kept: the store, or a fake of it.
type Lister interface {
	Gaps(all bool) ([]store.Gap, error)
}

// Find is the gap, open or closed, whose ref is ref or starts with it.
func Find(st Lister, ref string) (store.Gap, error) {
	if st == nil {
		return store.Gap{}, errStoreNeeded
	}
	ref = strings.ToLower(strings.TrimSpace(ref))
	if len(ref) < MinRef {
		return store.Gap{}, ErrShortRef
	}
	all, err := st.Gaps(true)
	if err != nil {
		return store.Gap{}, fmt.Errorf("reading the gaps: %w", err)
	}
	var found []store.Gap
	for _, g := range all {
		if r := Ref(g.Key); r == ref {
			return g, nil
		} else if strings.HasPrefix(r, ref) {
			found = append(found, g)
		}
	}
	switch len(found) {
	case 0:
		return store.Gap{}, ErrNoGap
	case 1:
		return found[0], nil
	}
	return store.Gap{}, ErrAmbiguous
}

// Refusal is why a gap's wording may not be added to an entry, worded for
// the champion.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// A wording worth linking is a question, not a story: at least two words
// and at most MaxWords (a pasted story is where names and addresses that
// redaction misses live).
const (
	MinWords = 2
	MaxWords = 25
)

// Wording is the wording a gap may add to an entry. Gaps are stored
// redacted; what redaction took out shows as a placeholder, and such a
// wording is refused rather than linked with a hole in it, as is one with
// too little left, or a whole story. What redaction cannot see (a name
// without a title) the champion sees before it is added.
func Wording(question string) (string, error) {
	w := strings.TrimSpace(question)
	if _, found := privacy.Redact(w); len(found) > 0 || privacy.Placeholders(w) != w {
		return "", Refusal("That wording had patient details in it, so it can't be added to an answer. Add a wording to the answer yourself, leaving the details out.")
	}
	switch n := len(strings.Fields(reading.Normalise(w))); {
	case n < MinWords:
		return "", Refusal("There's too little of that wording left to be worth adding to an answer.")
	case n > MaxWords:
		return "", Refusal("That wording is a story rather than a question, so it isn't added to an answer as it is: add the question to the answer yourself.")
	}
	return w, nil
}
