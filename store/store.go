// Package store keeps what Signpost learns while it runs — questions it
// could not answer, feedback on its answers, and an audit of knowledge
// changes — in an embedded bbolt database under the data directory. bbolt
// commits each write with fsync and never overwrites a committed page in
// place, so a crash or kill -9 in the middle of a write loses at most that
// write, never an earlier record.
//
// Nothing here holds raw message text: callers pass the redacted question.
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

var (
	bucketGaps      = []byte("gaps")
	bucketFeedback  = []byte("feedback")
	bucketAudit     = []byte("audit")
	bucketQuestions = []byte("questions")
	bucketJournal   = []byte("journal")
	bucketReplay    = []byte("replay")
	// bucketMeta says things of the store as a whole: that its records
	// were made up by gen-activity, say.
	bucketMeta = []byte("meta")
)

// keySynthetic marks a store whose records are made up.
var keySynthetic = []byte("synthetic")

// Store is the embedded database. It is safe for concurrent use, and
// other processes (`signpost report` beside a running bot) can read it: the
// database file is opened for each operation and closed after, so no
// process holds its lock for long.
type Store struct {
	path string
	mu   sync.Mutex
	// closed is set by Close: what comes after fails rather than open the
	// file again (in a folder that may be on its way out).
	closed bool
	// answered counts Answered calls, to sweep old replay keys now and then.
	answered atomic.Uint64
}

// Open opens (creating if need be) the store in dir. A damaged file (a
// corrupt page, a truncated copy, something that is not a store at all)
// is moved aside, kept for inspection, and a fresh store started: the
// record of questions and gaps is worth less than answering. Moved says
// where the damaged file went, "" when nothing was moved.
func Open(dir string) (*Store, error) {
	st, _, err := OpenReporting(dir)
	return st, err
}

// OpenReporting is Open, also saying where a damaged file was moved.
func OpenReporting(dir string) (st *Store, moved string, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, "", fmt.Errorf("creating data directory: %w", err)
	}
	s := &Store{path: filepath.Join(dir, "signpost.db")}
	err = s.prepareOnce()
	if errors.Is(err, ErrDamaged) {
		var rerr error
		if moved, rerr = MoveAside(dir); rerr != nil {
			return nil, "", fmt.Errorf("the store %s is damaged (%v) and could not be moved aside: %w", s.path, err, rerr)
		}
		err = s.prepare()
	}
	if err != nil {
		return nil, "", err
	}
	return s, moved, nil
}

// MoveAside renames a damaged store's file so that a fresh one can start,
// keeping it for whoever wants to look at it. It returns the new name, or
// "" when there was no file.
func MoveAside(dir string) (string, error) {
	path := filepath.Join(dir, "signpost.db")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	moved := fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405Z"))
	if err := os.Rename(path, moved); err != nil {
		return "", err
	}
	return moved, nil
}

// OpenExisting opens a store only to read it (signpost report beside a
// running bot): nothing is created or moved; a damaged file is an error
// that says so.
func OpenExisting(dir string) (*Store, error) {
	s := &Store{path: filepath.Join(dir, "signpost.db")}
	if _, err := os.Stat(s.path); err != nil {
		return nil, fmt.Errorf("no store in %s: %w", dir, err)
	}
	err := s.check()
	if errors.Is(err, ErrDamaged) {
		return nil, fmt.Errorf("%s is damaged; Signpost moves it aside and starts afresh when it next starts (%w)", s.path, err)
	}
	return s, err
}

// ErrDamaged says the store's file is damaged.
var ErrDamaged = errors.New("the store's file is damaged")

// ErrLocked says another process held the store's file for longer than
// Signpost waits for it: a long report or a backup, not damage.
var ErrLocked = errors.New("the store's file is held by another process")

// prepareOnce is prepare without update's recovery: Open moves a damaged
// file aside itself, and says where.
func (s *Store) prepareOnce() error {
	err := s.with(false, func(db *bolt.DB) error { return db.Update(createBuckets) })
	if err != nil {
		return err
	}
	return s.check()
}

func createBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketGaps, bucketFeedback, bucketAudit, bucketQuestions, bucketJournal, bucketReplay, bucketMeta} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return nil
}

// check reads every record of the file, in this goroutine, so that a
// damaged page panics or faults where with can catch it (bbolt's own
// Tx.Check runs in a goroutine of its own, where a panic is fatal).
func (s *Store) check() error {
	return s.view(walk)
}

func walk(tx *bolt.Tx) error {
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
		return b.ForEach(func(_, _ []byte) error { return nil })
	})
}

// prepare is prepareOnce after a damaged file was moved aside.
func (s *Store) prepare() error { return s.prepareOnce() }

// Dir is the directory the store keeps its file in.
func (s *Store) Dir() string { return filepath.Dir(s.path) }

// Close releases the store. Nothing stays open between operations, so
// there is nothing to flush: it waits for the operation under way, and
// any after it fails with ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// ErrClosed says the store was closed before an operation.
var ErrClosed = errors.New("the store is closed")

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	if info, err := os.Stat(s.path); readOnly && err == nil && info.Size() == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrDamaged)
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: 5 * time.Second, ReadOnly: readOnly})
	if err != nil {
		if errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrVersionMismatch) {
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, s.path)
		}
		return nil, fmt.Errorf("opening %s: %w", s.path, err)
	}
	return db, nil
}

func (s *Store) update(fn func(*bolt.Tx) error) error {
	err := s.with(false, func(db *bolt.DB) error { return db.Update(fn) })
	if errors.Is(err, ErrDamaged) && s.quarantine() == nil {
		// Damaged while running: start afresh, as Open would.
		if err := s.prepare(); err != nil {
			return err
		}
		return s.with(false, func(db *bolt.DB) error { return db.Update(fn) })
	}
	return err
}

// quarantine moves a damaged file aside, keeping it for inspection.
func (s *Store) quarantine() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return os.Rename(s.path, fmt.Sprintf("%s.damaged-%s", s.path, time.Now().UTC().Format("20060102T150405.000Z")))
}

func (s *Store) view(fn func(*bolt.Tx) error) error {
	return s.with(true, func(db *bolt.DB) error { return db.View(fn) })
}

// with runs fn on the database, open for just that long. A damaged file
// makes bbolt panic, or fault reading its memory map; either becomes
// ErrDamaged here, with the file closed and its lock released, rather than
// a crash or a lock held for ever.
func (s *Store) with(readOnly bool, fn func(*bolt.DB) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var db *bolt.DB
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, r)
		}
		if db != nil {
			func() {
				defer func() { _ = recover() }() // closing a damaged file may fault too
				if cerr := db.Close(); cerr != nil && err == nil {
					err = cerr
				}
			}()
		}
	}()
	db, err = s.open(readOnly)
	if err != nil {
		return err
	}
	return fn(db)
}

// Gap is a question Signpost could not answer, or whose answer was marked
// unhelpful, grouped with near-identical ones.
type Gap struct {
	Key      string    `json:"key"`      // grouping key: the question's words, folded
	Question string    `json:"question"` // the most recent wording, redacted
	Count    int       `json:"count"`
	Unhelped int       `json:"unhelpful,omitempty"` // how many of Count were 👎 on an answer
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	Topic    string    `json:"topic,omitempty"`     // e.g. a category asked for
	Area     string    `json:"area,omitempty"`      // a place named
	Closed   string    `json:"closed,omitempty"`    // "answered", "dismissed" or "linked" once dealt with
	ClosedBy string    `json:"closed_by,omitempty"` // Slack user id
	// Near are the entries it was nearest to when last asked, best first:
	// the likely answers a champion may link it to.
	Near []string `json:"near,omitempty"`
	// Linked is the entry a champion linked the wording to ("Same as…"),
	// and LinkedAt when. A gap asked again unanswered is open again and
	// no longer linked.
	Linked   string    `json:"linked,omitempty"`
	LinkedAt time.Time `json:"linked_at,omitzero"`
	// AskKey is the grouping key of the linked wording as Signpost now
	// reads it: questions recorded with it (Asked.Linked) are the wording
	// asked again and answered.
	AskKey string `json:"ask_key,omitempty"`
}

// ErrLinked is a gap that is already linked to an entry.
var ErrLinked = errors.New("already linked to an answer")

// Gap closings.
const (
	GapAnswered  = "answered"
	GapDismissed = "dismissed"
	GapLinked    = "linked"
)

// RecordGap counts a question against its group, opening the group again
// if it had been closed. near are the entries it came nearest to (may be
// nil: then those noted before stay).
func (s *Store) RecordGap(key, question, topic, area string, near []string, unhelpful bool, at time.Time) error {
	if key == "" {
		return errors.New("recording a gap: empty key")
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketGaps)
		var g Gap
		if v := b.Get([]byte(key)); v != nil {
			if err := json.Unmarshal(v, &g); err != nil {
				return fmt.Errorf("reading gap %q: %w", key, err)
			}
		} else {
			g = Gap{Key: key, First: at}
		}
		g.Question, g.Last = question, at
		g.Count++
		if unhelpful {
			g.Unhelped++
		}
		if topic != "" {
			g.Topic = topic
		}
		if area != "" {
			g.Area = area
		}
		if len(near) > 0 {
			g.Near = near
		}
		g.Closed, g.ClosedBy = "", ""
		g.Linked, g.LinkedAt, g.AskKey = "", time.Time{}, ""
		v, err := json.Marshal(g)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), v)
	})
}

// CloseGap marks a gap answered or dismissed.
func (s *Store) CloseGap(key, how, by string) error {
	return s.updateGap(key, func(g *Gap) error {
		g.Closed, g.ClosedBy = how, by
		return nil
	})
}

// LinkGap closes a gap as linked to an entry by a champion: its wording
// now asks that entry. askKey is the wording's grouping key as Signpost
// reads it now, for counting how often it is asked again. A gap already
// linked is not linked again (ErrLinked): its wording is in one entry.
func (s *Store) LinkGap(key, entry, askKey, by string, at time.Time) error {
	return s.updateGap(key, func(g *Gap) error {
		if g.Closed == GapLinked {
			return fmt.Errorf("gap %q: %w (%s)", key, ErrLinked, g.Linked)
		}
		g.Closed, g.ClosedBy = GapLinked, by
		g.Linked, g.LinkedAt, g.AskKey = entry, at, askKey
		return nil
	})
}

// updateGap changes one gap in place.
func (s *Store) updateGap(key string, change func(*Gap) error) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketGaps)
		v := b.Get([]byte(key))
		if v == nil {
			return fmt.Errorf("no gap %q", key)
		}
		var g Gap
		if err := json.Unmarshal(v, &g); err != nil {
			return fmt.Errorf("reading gap %q: %w", key, err)
		}
		if err := change(&g); err != nil {
			return err
		}
		nv, err := json.Marshal(g)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), nv)
	})
}

// Gaps returns gaps, open ones only unless all is set, most asked first.
func (s *Store) Gaps(all bool) ([]Gap, error) {
	var out []Gap
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketGaps).ForEach(func(k, v []byte) error {
			var g Gap
			if err := json.Unmarshal(v, &g); err != nil {
				return fmt.Errorf("reading gap %q: %w", k, err)
			}
			if all || g.Closed == "" {
				out = append(out, g)
			}
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Last.After(out[j].Last)
	})
	return out, err
}

// Feedback is one 👍 or 👎 on an answer.
type Feedback struct {
	At       time.Time `json:"at"`
	User     string    `json:"user"`
	EntryID  string    `json:"entry"`
	Helpful  bool      `json:"helpful"`
	Question string    `json:"question"` // redacted
}

// RecordFeedback appends a feedback record.
func (s *Store) RecordFeedback(f Feedback) error {
	return s.appendRecord(bucketFeedback, f)
}

// FeedbackSince returns feedback recorded at or after t, oldest first.
func (s *Store) FeedbackSince(t time.Time) ([]Feedback, error) {
	var out []Feedback
	err := s.each(bucketFeedback, func(v []byte) error {
		var f Feedback
		if err := json.Unmarshal(v, &f); err != nil {
			return err
		}
		if !f.At.Before(t) {
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

// Asked is one question, as figures only: no text and no person, so that
// reports of demand can go to commissioners.
type Asked struct {
	At         time.Time `json:"at"`
	Source     string    `json:"source"` // mention, dm, command…
	Answered   bool      `json:"answered"`
	Kind       string    `json:"kind"`                 // answer, services, not-found
	Top        string    `json:"top,omitempty"`        // id of the entry given
	Categories []string  `json:"categories,omitempty"` // service categories asked for
	Area       string    `json:"area,omitempty"`       // place named
	// Urgent marks a question about a person at risk, answered with
	// urgent help first. Counted, never quoted.
	Urgent bool `json:"urgent,omitempty"`
	// Linked is set when the question asked a wording a champion linked
	// to an entry (its Gap.AskKey), and that entry answered it.
	Linked string `json:"linked,omitempty"`
}

// RecordQuestion appends to the log of questions asked.
func (s *Store) RecordQuestion(a Asked) error {
	return s.appendRecord(bucketQuestions, a)
}

// QuestionsSince returns the questions asked at or after t, oldest first.
func (s *Store) QuestionsSince(t time.Time) ([]Asked, error) {
	var out []Asked
	err := s.each(bucketQuestions, func(v []byte) error {
		var a Asked
		if err := json.Unmarshal(v, &a); err != nil {
			return err
		}
		if !a.At.Before(t) {
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// FirstQuestionAt is when the first question kept was asked: when the
// store began recording. ok is false when it holds none.
func (s *Store) FirstQuestionAt() (at time.Time, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		_, v := tx.Bucket(bucketQuestions).Cursor().First()
		if v == nil {
			return nil
		}
		var a Asked
		if err := json.Unmarshal(v, &a); err != nil {
			return err
		}
		at, ok = a.At, true
		return nil
	})
	return at, ok, err
}

// Change is one change a champion made to the knowledge.
type Change struct {
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Action string    `json:"action"` // "add", "edit", "reload", "dismiss-gap"…
	Entry  string    `json:"entry,omitempty"`
	File   string    `json:"file,omitempty"`
}

// RecordChange appends to the audit of changes.
func (s *Store) RecordChange(c Change) error {
	return s.appendRecord(bucketAudit, c)
}

// Changes returns the audit, oldest first.
func (s *Store) Changes() ([]Change, error) {
	var out []Change
	err := s.each(bucketAudit, func(v []byte) error {
		var c Change
		if err := json.Unmarshal(v, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

func (s *Store) appendRecord(bucket []byte, rec any) error {
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], seq)
		return b.Put(k[:], v)
	})
}

func (s *Store) each(bucket []byte, fn func([]byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(_, v []byte) error { return fn(v) })
	})
}

// MarkSynthetic records that the store's records are made up (by
// gen-activity, for showing the report), so that nothing made from them
// can pass for real use. how says what made them. The mark stays.
func (s *Store) MarkSynthetic(how string) error {
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketMeta) // a store made before the mark existed
		if err != nil {
			return err
		}
		return b.Put(keySynthetic, []byte(how))
	})
}

// Synthetic says what made the store's records up, or "" when they are
// real.
func (s *Store) Synthetic() (string, error) {
	var how string
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil { // a store made before the mark existed
			how = string(b.Get(keySynthetic))
		}
		return nil
	})
	return how, err
}

// Pending is a question Slack was told Signpost received, kept until it is
// answered so that a restart does not lose it. Its text is redacted.
type Pending struct {
	Key     string    `json:"key"` // the event's id, also the posting key
	Source  string    `json:"source"`
	Channel string    `json:"channel"`
	Thread  string    `json:"thread,omitempty"`
	TS      string    `json:"ts"`
	User    string    `json:"user"`
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	// Risk marks a message about a person at risk: its text is never
	// journalled, and after a restart it is answered with urgent help.
	Risk bool `json:"risk,omitempty"`
}

// Accept journals a question until Answered is called with its key.
func (s *Store) Accept(p Pending) error {
	v, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketJournal).Put([]byte(p.Key), v) })
}

// Answered removes a question from the journal.
//
// In the same write, the question's event is remembered for the replay
// window (RecentUses reads it back after a restart), so that the signed
// event sent again cannot be answered twice; now and then the keys past
// the window are swept.
func (s *Store) Answered(key string) error {
	now := time.Now()
	sweep := s.answered.Add(1)%sweepEvery == 0
	return s.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketJournal).Delete([]byte(key)); err != nil {
			return err
		}
		b := tx.Bucket(bucketReplay)
		if sweep {
			if err := sweepReplay(b, now, replayKeep); err != nil {
				return err
			}
		}
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], uint64(now.UnixNano()))
		return b.Put([]byte("event:"+key), v[:])
	})
}

// Answered remembers events for replayKeep, and sweeps older keys every
// sweepEvery answers.
const (
	replayKeep = 10 * time.Minute
	sweepEvery = 512
)

// sweepReplay deletes the replay keys older than ttl.
func sweepReplay(b *bolt.Bucket, now time.Time, ttl time.Duration) error {
	var stale [][]byte
	if err := b.ForEach(func(k, v []byte) error {
		if len(v) != 8 || now.Sub(time.Unix(0, int64(binary.BigEndian.Uint64(v)))) > ttl {
			stale = append(stale, slices.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range stale {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// PendingQuestions returns the questions journalled and not yet answered,
// oldest first.
func (s *Store) PendingQuestions() ([]Pending, error) {
	var out []Pending
	err := s.each(bucketJournal, func(v []byte) error {
		var p Pending
		if err := json.Unmarshal(v, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	slices.SortFunc(out, func(a, b Pending) int { return a.At.Compare(b.At) })
	return out, err
}

// FirstUse reports whether a request's key (its decoded signature) is
// used for the first time within ttl, and remembers it, so that a signed
// request replayed after a restart has no second effect. Keys older than
// ttl are dropped as new ones are written.
func (s *Store) FirstUse(key string, now time.Time, ttl time.Duration) (first bool, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReplay)
		if v := b.Get([]byte(key)); len(v) == 8 {
			at := time.Unix(0, int64(binary.BigEndian.Uint64(v)))
			if now.Sub(at) <= ttl {
				first = false
				return nil
			}
		}
		if err := sweepReplay(b, now, ttl); err != nil {
			return err
		}
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], uint64(now.UnixNano()))
		first = true
		return b.Put([]byte(key), v[:])
	})
	return first, err
}

// RecentUses returns the keys FirstUse remembered within ttl before now,
// with when: a restarted bot reads them so that a request replayed across
// the restart is still seen as one.
func (s *Store) RecentUses(now time.Time, ttl time.Duration) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReplay)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				if at := time.Unix(0, int64(binary.BigEndian.Uint64(v))); now.Sub(at) <= ttl {
					out[string(k)] = at
				}
			}
			return nil
		})
	})
	return out, err
}
