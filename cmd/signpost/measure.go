package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/internal/kbgen"
)

// measureQuestions mix service searches by town, postcode district and
// everyday word with general questions and ones Signpost must not answer.
func measureQuestions(n int) []string {
	whats := []string{"befriending", "walking group", "allotment", "cooking", "debt advice", "choir", "men's shed",
		"carers support", "digital skills help", "weight management", "link worker", "volunteering", "art class", "free exercise"}
	general := []string{"what is social prescribing", "what's a village agent?", "how do I refer to a link worker",
		"what did the AHP survey find", "tell me a joke", "what dose of ibuprofen", "who funds link workers", "define PCN"}
	towns := kbgen.Towns()
	qs := make([]string, n)
	for i := range qs {
		switch t := towns[i%len(towns)]; i % 4 {
		case 0:
			qs[i] = whats[i%len(whats)] + " in " + t.Name
		case 1:
			qs[i] = fmt.Sprintf("%s near %s%d", whats[(i/3)%len(whats)], t.Prefix, 1+i%12)
		case 2:
			qs[i] = "lonely older man in " + t.Name
		default:
			qs[i] = general[i%len(general)]
		}
	}
	return qs
}

// onlyQuestions keeps the questions of one kind: general ones (the
// fourth of the mix that names no service or place) or service searches.
func onlyQuestions(qs []string, only string) ([]string, error) {
	switch only {
	case "":
		return qs, nil
	case "general", "services":
		var out []string
		for i, q := range qs {
			if (i%4 == 3) == (only == "general") {
				out = append(out, q)
			}
		}
		return out, nil
	}
	return nil, exitError{code: 2, msg: fmt.Sprintf("signpost measure: --only %q: say general or services", only)}
}

func runMeasure(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "measure", "[--knowledge DIR] [--index-dir DIR] [--n 2000]\n\nMeasures start-up, memory and answer latency: loads (or reopens) the index,\nanswers N questions one after another, and prints the figures.")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the built-in knowledge)")
	indexDir := fs.String("index-dir", "", "keep the index in this `directory` and reuse it while the knowledge is unchanged")
	n := fs.Int("n", 2000, "the `count` of questions to answer")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof; --n 1 for the start-up alone)")
	only := fs.String("only", "", "answer only `kind` of question: general (FAQs and terms) or services")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *n < 1 {
		return exitError{code: 2, msg: "signpost measure: --n must be at least 1, and it takes no other arguments. Run 'signpost measure --help' for its options."}
	}
	stop, err := startProfile(*profile)
	if err != nil {
		return err
	}
	start := time.Now()
	a, err := newAnswerer(ctx, *dir, *indexDir)
	if err != nil {
		stop()
		return err
	}
	startup := time.Since(start)
	defer stop()
	qs, err := onlyQuestions(measureQuestions(*n), *only)
	if err != nil {
		return err
	}
	lat := make([]time.Duration, len(qs))
	answered := 0
	for i, q := range qs {
		t := time.Now()
		r, err := a.Answer(ctx, q)
		if err != nil {
			return err
		}
		lat[i] = time.Since(t)
		if r.Answered {
			answered++
		}
	}
	slices.Sort(lat)
	p := func(q int) time.Duration { return lat[min(len(lat)-1, len(lat)*q/100)] }
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	fmt.Fprintf(e.stdout, "knowledge=%s startup=%s questions=%d answered=%d mean=%s p50=%s p99=%s max=%s rss=%s peak_rss=%s\n",
		a.Index().Knowledge().Summary(), startup.Round(time.Millisecond), len(qs), answered,
		(sum / time.Duration(len(lat))).Round(time.Microsecond),
		p(50).Round(time.Microsecond), p(99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond),
		procStatus("VmRSS"), procStatus("VmHWM"))
	return nil
}

// startProfile starts a CPU profile into path, if there is one, and
// returns what ends it.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// procStatus reads a memory figure of this process from /proc (Linux).
func procStatus(field string) string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.Join(strings.Fields(v), "")
		}
	}
	return "n/a"
}
