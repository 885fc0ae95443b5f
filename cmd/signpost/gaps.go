package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/gaps"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/store"
)

// runGaps lets champions who keep knowledge in git deal with unanswered
// questions from a terminal: list them, add one's wording to the entry it
// is another way of asking (a one-entry change to review and commit), or
// dismiss it.
func runGaps(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "gaps", "[list | link REF ENTRY | dismiss REF] [--config FILE] [--data-dir DIR] [--knowledge DIR]\n\n"+
		"Lists the questions Signpost could not answer, most asked first, each with a ref.\n"+
		"'link REF ENTRY' adds the question's wording to that FAQ's other ways of asking\n"+
		"(review the change with git diff, then commit); 'dismiss REF' closes it.")
	cfgPath := fs.String("config", "", "configuration `file` (for data_dir and knowledge)")
	dir := fs.String("knowledge", "", "knowledge `directory` the entries are in (default: the config's)")
	dataDir := fs.String("data-dir", "", "Signpost's data `directory` (default: the config's data_dir)")
	all := fs.Bool("all", false, "list closed gaps too, with how each was closed")
	by := fs.String("by", "", "`name` of who is making the change, for the audit (default: cli:$USER)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath, *dir, "")
	if err != nil {
		return exitError{code: 1, msg: "signpost gaps: " + err.Error()}
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	who := *by
	if who == "" {
		who = "cli:" + firstSet(e.getenv("USER"), e.getenv("LOGNAME"), "unknown")
	}
	verb := "list"
	if len(pos) > 0 {
		verb, pos = pos[0], pos[1:]
	}
	want := map[string]int{"list": 0, "link": 2, "dismiss": 1}
	n, ok := want[verb]
	if !ok {
		msg := fmt.Sprintf("signpost gaps: %q is not something gaps does", verb)
		if near := nearest(verb, []string{"list", "link", "dismiss"}); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		return exitError{code: 2, msg: msg + " It lists, links (link REF ENTRY) and dismisses (dismiss REF)."}
	}
	if len(pos) != n {
		return exitError{code: 2, msg: fmt.Sprintf("signpost gaps %s: %s", verb, map[string]string{
			"list":    "takes no more words; did you mean 'gaps link REF ENTRY'?",
			"link":    "needs the gap's ref and the FAQ's id, as in 'signpost gaps link 3f2a9c dementia-cafes'.",
			"dismiss": "needs the gap's ref, as in 'signpost gaps dismiss 3f2a9c'.",
		}[verb])}
	}
	st, err := openRecords("gaps", cfg.DataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	switch verb {
	case "link":
		return linkGap(ctx, e, st, cfg.Knowledge, pos[0], pos[1], who)
	case "dismiss":
		return dismissGap(e, st, pos[0], who)
	}
	return listGaps(e, st, cfg.Knowledge, *all)
}

// firstSet is the first of its arguments that is not empty.
func firstSet(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// openRecords opens the store of what was asked, saying what to do when
// there is none yet rather than only that there is none.
func openRecords(command, dir string) (*store.Store, error) {
	st, err := store.OpenExisting(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, exitError{code: 1, msg: fmt.Sprintf("signpost %s: there are no records in %s yet. Signpost keeps them there while "+
			"'signpost serve' runs; point --data-dir (or data_dir in --config) at that folder. "+
			"To try this on made-up activity: signpost gen-activity --data-dir demo, then signpost %s --data-dir demo.", command, dir, command)}
	}
	if err != nil {
		return nil, exitError{code: 1, msg: fmt.Sprintf("signpost %s: %v", command, err)}
	}
	return st, nil
}

func listGaps(e env, st *store.Store, dir string, all bool) error {
	list, err := st.Gaps(all)
	if err != nil {
		return fmt.Errorf("reading the gaps: %w", err)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No open gaps: every question asked has had an answer.")
		return nil
	}
	titles := map[string]string{}
	if kb, err := loadKnowledge(dir); err == nil {
		for _, f := range kb.FAQs {
			titles[f.ID] = f.Question
		}
	}
	for _, g := range list {
		asked := fmt.Sprintf("asked %d times, last %s", g.Count, g.Last.Format("2 Jan 2006"))
		if g.Count == 1 {
			asked = "asked once, " + g.Last.Format("2 Jan 2006")
		}
		if g.Unhelped > 0 {
			asked += fmt.Sprintf("; %d marked not helpful", g.Unhelped)
		}
		if g.Closed != "" {
			asked += "; " + g.Closed
			if g.Linked != "" {
				asked += " to " + g.Linked
			}
		}
		fmt.Fprintf(e.stdout, "%s  %s\n          %s\n", gaps.Ref(g.Key)[:8], oneLine(g.Question), asked)
		for _, id := range g.Near {
			if t, ok := titles[id]; ok && g.Closed == "" {
				fmt.Fprintf(e.stdout, "          same as %s? (%s)\n", id, oneLine(t))
			}
		}
	}
	fmt.Fprintln(e.stdout, "\nLink one to an FAQ with 'signpost gaps link REF ENTRY', or 'signpost gaps dismiss REF'.")
	return nil
}

// oneLine keeps a question on its line of the listing.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// linkGap adds a gap's wording to an FAQ's other ways of asking: the same
// checks as a link from Slack, the change recorded in the audit before
// the file is written, then the wording asked again to say truthfully
// whether it now finds the entry.
func linkGap(ctx context.Context, e env, st *store.Store, dir, ref, id, by string) error {
	fail := func(msg string) error { return exitError{code: 1, msg: "signpost gaps link: " + msg} }
	if dir == "" {
		return fail("name the knowledge folder the entry is in with --knowledge DIR (or knowledge: in --config); the built-in knowledge can't be changed.")
	}
	g, err := gaps.Find(st, ref)
	if err != nil {
		return fail(fmt.Sprintf("%s (%v).", ref, err))
	}
	if g.Closed == store.GapLinked {
		return fail(fmt.Sprintf("that gap is already linked to %s.", g.Linked))
	}
	wording, err := gaps.Wording(g.Question)
	if err != nil {
		return fail(err.Error())
	}
	kb, err := loadKnowledge(dir)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(kb.FAQs, func(f knowledge.FAQ) bool { return f.ID == id })
	if kind := kindOf(kb, id); i < 0 && kind != "" {
		return fail(fmt.Sprintf("%s is a %s; only FAQs take other wordings (also_asked).", id, kind))
	}
	if i < 0 {
		ids := make([]string, len(kb.FAQs))
		for j, f := range kb.FAQs {
			ids[j] = f.ID
		}
		msg := fmt.Sprintf("there is no FAQ %q in %s", id, dir)
		if near := nearest(id, ids); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else {
			msg += " (only FAQs take other wordings)."
		}
		return fail(msg)
	}
	f := kb.FAQs[i]
	path := f.Pos.Path
	have := slices.ContainsFunc(append([]string{f.Question}, f.AlsoAsked...), func(q string) bool {
		return strings.EqualFold(strings.TrimSpace(q), wording)
	})
	if !have {
		f.AlsoAsked = append(f.AlsoAsked, wording)
		saved, err := knowledge.NewEditor(dir).SaveFAQ(kb, f, f.Owner, func(s knowledge.Saved) error {
			if err := st.RecordChange(store.Change{At: time.Now(), User: by, Action: "link-gap", Entry: s.ID, File: s.Path}); err != nil {
				return fmt.Errorf("the change could not be recorded in the audit of changes, so nothing was saved: %w", err)
			}
			return nil
		})
		if err != nil {
			return fail(err.Error())
		}
		path = saved.Path
	} else if err := st.RecordChange(store.Change{At: time.Now(), User: by, Action: "link-gap", Entry: f.ID, File: path}); err != nil {
		return fail(fmt.Sprintf("the link could not be recorded in the audit of changes: %v", err))
	}
	// Asked again on the knowledge as it now is.
	a, err := newAnswerer(ctx, dir, "")
	if err != nil {
		return err
	}
	r, err := a.Answer(ctx, wording)
	if err != nil {
		return err
	}
	if err := st.LinkGap(g.Key, f.ID, r.Key, by, time.Now()); err != nil {
		return fail(fmt.Sprintf("the wording is saved but the gap could not be closed: %v", err))
	}
	switch {
	case have:
		fmt.Fprintf(e.stdout, "%q was already one of the ways of asking %q; the gap is closed as linked.\n", wording, f.ID)
	case answersWith(r, f.ID):
		fmt.Fprintf(e.stdout, "Linked: %q now answers with %q.\nChanged %s: review it with git diff and commit it.\n", wording, f.Question, joinPath(dir, path))
	default:
		fmt.Fprintf(e.stdout, "Added %q to %q (%s), but another answer still comes first for those words: you may want to edit one of them.\n", wording, f.Question, joinPath(dir, path))
	}
	return nil
}

// kindOf names the kind of entry an id is, if it is a term or a service.
func kindOf(kb *knowledge.Base, id string) string {
	for _, t := range kb.Terms {
		if t.ID == id {
			return "term"
		}
	}
	for _, s := range kb.Services {
		if s.ID == id {
			return "service"
		}
	}
	return ""
}

func answersWith(r *answer.Reply, id string) bool {
	return r.Answered && len(r.Results) > 0 && r.Results[0].ID == id
}

func dismissGap(e env, st *store.Store, ref, by string) error {
	g, err := gaps.Find(st, ref)
	if err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("signpost gaps dismiss: %s (%v).", ref, err)}
	}
	if g.Closed != "" {
		return exitError{code: 1, msg: fmt.Sprintf("signpost gaps dismiss: that gap is %s already; it opens again if people ask it again.", g.Closed)}
	}
	if err := st.CloseGap(g.Key, store.GapDismissed, by); err != nil {
		return fmt.Errorf("dismissing the gap: %w", err)
	}
	if err := st.RecordChange(store.Change{At: time.Now(), User: by, Action: "dismiss-gap"}); err != nil {
		return fmt.Errorf("the gap is dismissed, but the audit of changes could not record it: %w", err)
	}
	fmt.Fprintf(e.stdout, "Dismissed %q. It comes back if people ask it again.\n", oneLine(g.Question))
	return nil
}
