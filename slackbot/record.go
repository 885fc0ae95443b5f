package slackbot

import (
	"context"
	"errors"
	"time"

	"github.com/signpost-ahp/signpost/store"
)

// What champions need to see (questions asked, gaps, feedback) is kept
// off the answer path: a slow or damaged store must never slow an answer.
// Records queue, bounded, for one writer; when the queue is full a record
// is dropped and counted rather than making anyone wait.

// recordQueue is how many records may wait for the store.
const recordQueue = 4096

// lockedWait is how long the records wait in all for another process to
// let go of the store before they are logged as lost.
const lockedWait = 10 * time.Minute

type record struct {
	what string
	save func(Store) error
}

// record queues a write to the store; it never blocks. After shutdown
// has flushed the queue, a record is written at once.
func (b *Bot) record(what string, save func(Store) error) {
	if b.opt.Store == nil {
		return
	}
	b.recordsMu.RLock()
	defer b.recordsMu.RUnlock()
	if b.recordsClosed {
		if err := save(b.opt.Store); err != nil {
			b.log.Error("could not record", "what", what, "err", err)
		}
		return
	}
	select {
	case b.records <- record{what: what, save: save}:
	default:
		b.metrics.droppedRecord()
		b.log.Warn("the store is behind; dropped a record", "what", what)
	}
}

// writeRecords saves queued records until the queue is closed.
func (b *Bot) writeRecords() {
	defer close(b.recordsDone)
	// Another process holding the store (a long report) is waited for,
	// not a reason to lose a record; the queue keeps the rest in order.
	// The wait is one for all records, and ends with the bot.
	var heldSince time.Time
	for r := range b.records {
		err := r.save(b.opt.Store)
		for errors.Is(err, store.ErrLocked) {
			if heldSince.IsZero() {
				heldSince = time.Now()
				b.log.Warn("the store is held by another process; waiting to record", "what", r.what)
			}
			if time.Since(heldSince) > lockedWait || sleep(b.ctx, time.Second) != nil {
				break
			}
			err = r.save(b.opt.Store)
		}
		if err == nil {
			heldSince = time.Time{}
		} else {
			b.log.Error("could not record", "what", r.what, "err", err)
		}
	}
}

// flushRecords closes the queue and waits, until ctx ends, for what is in
// it to be written.
func (b *Bot) flushRecords(ctx context.Context) {
	b.recordsMu.Lock()
	if !b.recordsClosed {
		b.recordsClosed = true
		close(b.records)
	}
	b.recordsMu.Unlock()
	select {
	case <-b.recordsDone:
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
	}
}
