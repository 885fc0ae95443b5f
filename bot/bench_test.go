package bot_test

import (
	"bufio"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signpost-ahp/signpost/internal/evaluation"
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
	questions := devQuestions(b, "questions-b.yaml")
	if questions == nil {
		b.Skip("shared evaluation cases not available")
	}
	benchmarkAnswer(b, "../../shared/eval/kb-b", questions)
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
	f, err := os.Open("../../shared/eval/" + name)
	if err != nil {
		return nil
	}
	defer f.Close()
	cases, err := evaluation.ReadCases(f)
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
