package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/plaintext"
)

func runAsk(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "ask", "[--knowledge DIR] [--json] [--thread] [QUESTION]")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the built-in knowledge)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	asJSON := fs.Bool("json", false, "print one JSON object a line, as docs/knowledge-format.md describes")
	explain := fs.Bool("explain", false, "with --json, add each result's coverage of the question")
	thread := fs.Bool("thread", false, "read standard input as conversations: one message a line, a blank line between conversations; follow-ups keep the context")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	a, err := newAnswerer(ctx, *dir, *indexDir)
	if err != nil {
		return err
	}
	write := func(w io.Writer, question string, r *answer.Reply) error {
		if *asJSON {
			return writeJSON(w, question, r, *explain, *thread)
		}
		_, err := io.WriteString(w, plaintext.Safe(plaintext.Render(r))+"\n")
		return err
	}
	if len(pos) > 0 {
		q := strings.Join(pos, " ")
		r, err := a.Answer(ctx, q)
		if err != nil {
			return err
		}
		return write(e.stdout, q, r)
	}
	if isTerminal(e.stdin) {
		// Waiting in silence for standard input looks like a hang.
		return exitError{code: 2, msg: "signpost ask: ask a question, as in: signpost ask \"what is a link worker?\"\n" +
			"or give it questions one a line on standard input: signpost ask --json < questions.txt\n" +
			"For a conversation, run 'signpost console'."}
	}
	batchGC()
	if *thread {
		return answerConversations(ctx, a, e.stdin, e.stdout, write)
	}
	return answerLines(ctx, a, e.stdin, e.stdout, write)
}

// answerConversations answers each line of in as the next message of a
// conversation; a blank line starts the next conversation and prints
// nothing.
func answerConversations(ctx context.Context, a *answer.Answerer, in io.Reader, out io.Writer,
	write func(io.Writer, string, *answer.Reply) error) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	bw := bufio.NewWriter(out)
	var conv *answer.Context
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			conv = nil
			continue
		}
		r, next, err := a.Continue(ctx, conv, answer.ParseCommand(line))
		if err != nil {
			return fmt.Errorf("answering line %d: %w", n, err)
		}
		conv = next
		if err := write(bw, line, r); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading conversations: %w", err)
	}
	return bw.Flush()
}

// answerLines answers each line of in, in order, using every core: a batch
// of 1,500 questions is common in evaluation.
func answerLines(ctx context.Context, a *answer.Answerer, in io.Reader, out io.Writer,
	write func(io.Writer, string, *answer.Reply) error) error {
	var lines []string
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading questions: %w", err)
	}
	replies := make([]*answer.Reply, len(lines))
	errs := make([]error, len(lines))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				replies[i], errs[i] = a.Answer(ctx, lines[i])
			}
		})
	}
	for i := range lines {
		next <- i
	}
	close(next)
	wg.Wait()
	bw := bufio.NewWriter(out)
	for i, r := range replies {
		if errs[i] != nil {
			return fmt.Errorf("answering line %d: %w", i+1, errs[i])
		}
		if err := write(bw, lines[i], r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type jsonReply struct {
	Question string       `json:"question"`
	Answered bool         `json:"answered"`
	Kind     string       `json:"kind"`
	Urgent   bool         `json:"urgent,omitempty"` // the reply leads with urgent help for a person at risk
	Risk     string       `json:"risk,omitempty"`   // "clear" (as urgent) or "possible": the answer, with urgent help beside it
	Notice   string       `json:"notice,omitempty"`
	Results  []jsonResult `json:"results"`
	// Context says what a follow-up took from the conversation (with
	// --thread; empty when nothing).
	Context *answer.Followed `json:"context,omitempty"`
}

type jsonResult struct {
	Kind  string  `json:"kind"`
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Text  string  `json:"text"`
	Score float64 `json:"score"`
	// Coverage is shown only with --explain.
	Coverage     *float64 `json:"coverage,omitempty"`
	HeadCoverage *float64 `json:"head_coverage,omitempty"`
	Headline     *float64 `json:"headline,omitempty"`
	Clause       *float64 `json:"clause,omitempty"`
}

func writeJSON(w io.Writer, question string, r *answer.Reply, explain, thread bool) error {
	jr := jsonReply{Question: question, Answered: r.Answered, Kind: string(r.Kind), Urgent: r.Urgent != nil, Notice: r.Notice, Results: []jsonResult{}}
	switch {
	case r.Urgent != nil:
		jr.Risk = "clear"
	case r.Possible != nil:
		jr.Risk = "possible"
	}
	if thread {
		jr.Context = &answer.Followed{}
		if r.Followed != nil {
			jr.Context = r.Followed
		}
	}
	for _, res := range r.Results {
		j := jsonResult{Kind: string(res.Kind), ID: res.ID, Title: res.Title, Text: res.Text, Score: res.Score}
		if explain {
			j.Coverage, j.HeadCoverage, j.Headline, j.Clause = &res.Coverage, &res.HeadCoverage, &res.Headline, &res.Clause
		}
		jr.Results = append(jr.Results, j)
	}
	b, err := json.Marshal(jr)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
