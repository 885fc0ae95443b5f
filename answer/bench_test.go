package answer_test

import (
	"bufio"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/internal/evaluation"
	"gopkg.in/yaml.v3"
)

// BenchmarkAnswer answers the shared dev questions against the shared kb
// (or, without them, the index's golden questions against the built-in
// knowledge) in turn, and reports the p50 and p99 time to answer one.
func BenchmarkAnswer(b *testing.B) {
	dir, questions := "../../shared/eval/kb", devQuestions(b, "questions-dev.yaml")
	if questions == nil {
		dir, questions = "", goldenQuestions(b)
	}
	benchmarkAnswer(b, dir, questions)
}

// BenchmarkAnswerStories is BenchmarkAnswer on questions-b, whose messages
// are longer: stories first, greetings, several sentences.
func BenchmarkAnswerStories(b *testing.B) {
	dir, questions := "../../shared/eval/kb-b", devQuestions(b, "questions-b.yaml")
	if questions == nil {
		// A clone has no shared fixtures: kb-f's blind set is stories too.
		dir, questions = "../testdata/kb-f", readQuestions(b, "../testdata/questions-f.yaml")
	}
	benchmarkAnswer(b, dir, questions)
}

func benchmarkAnswer(b *testing.B, dir string, questions []string) {
	var a = builtinOr(b, dir)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := questions[i%len(questions)]
		i++
		start := time.Now()
		if _, err := a.Answer(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*50/100].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

func devQuestions(b *testing.B, name string) []string {
	if _, err := os.Stat("../../shared/eval/" + name); err != nil {
		return nil
	}
	return readQuestions(b, "../../shared/eval/"+name)
}

// readQuestions reads the questions of a cases file.
func readQuestions(b *testing.B, path string) []string {
	cases, err := evaluation.ReadCasesFile(path)
	if err != nil {
		b.Fatal(err)
	}
	qs := make([]string, len(cases))
	for i, c := range cases {
		qs[i] = c.Q
	}
	return qs
}

func goldenQuestions(b *testing.B) []string {
	f, err := os.Open("../index/testdata/search.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			qs = append(qs, l)
		}
	}
	return qs
}

// BenchmarkConversation answers the turns of testdata/conversations-d.yaml
// as a thread carrying its context (context); each on its own (alone);
// and as a person would have to type them without context (as-read: the
// question as Signpost read it, a reference as the card it meant; as-typed:
// a reference as its question with the service's name). context against
// as-read is what keeping the conversation adds to answering, counting a
// reference's reading as all extra.
func BenchmarkConversation(b *testing.B) {
	f, err := os.Open("../testdata/conversations-d.yaml")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var convs []struct {
		Turns []struct{ Q string }
	}
	if err := yaml.NewDecoder(f).Decode(&convs); err != nil {
		b.Fatal(err)
	}
	a := builtinOr(b, "../testdata/kb-d")
	ctx := context.Background()
	// Each turn as a person would have to type it without context: the
	// question as Signpost read it, or the entry "them" meant (as-read
	// shows that card, as a button would; as-typed answers the question
	// with the service's name in it, as a person would have to type it).
	type asRead struct{ q, entry, typed string }
	var full []asRead
	for _, c := range convs {
		var conv *answer.Context
		for _, t := range c.Turns {
			r, next, err := a.Continue(ctx, conv, answer.ParseCommand(t.Q))
			if err != nil {
				b.Fatal(err)
			}
			conv = next
			switch f := r.Followed; {
			case f == nil:
				full = append(full, asRead{q: t.Q})
			case f.Entry != "":
				full = append(full, asRead{entry: f.Entry, typed: f.AsRead + " - " + t.Q})
			default:
				full = append(full, asRead{q: f.AsRead})
			}
		}
	}
	b.Run("as-typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range full {
				q := t.q
				if t.entry != "" {
					q = t.typed
				}
				if _, err := a.Do(ctx, answer.ParseCommand(q)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("as-read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range full {
				if t.entry != "" {
					a.Show(t.entry)
					continue
				}
				if _, err := a.Do(ctx, answer.ParseCommand(t.q)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("alone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range convs {
				for _, t := range c.Turns {
					if _, err := a.Do(ctx, answer.ParseCommand(t.Q)); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	})
	b.Run("context", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range convs {
				var conv *answer.Context
				for _, t := range c.Turns {
					_, next, err := a.Continue(ctx, conv, answer.ParseCommand(t.Q))
					if err != nil {
						b.Fatal(err)
					}
					conv = next
				}
			}
		}
	})
}
