package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/signpost-ahp/signpost/answer"
	"github.com/signpost-ahp/signpost/config"
	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/place/gazetteer"
	"github.com/signpost-ahp/signpost/plaintext"
)

// exitError ends the program with a status code; msg, if any, goes to stderr.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return fmt.Sprintf("exit %d: %s", e.code, e.msg) }

// env is what every command gets from the outside world.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"console", "chat with Signpost in the terminal", runConsole},
		{"init", "write a config and a small sample knowledge folder to start from", runInit},
		{"ask", "answer a question, or each line of standard input", runAsk},
		{"validate", "check a knowledge directory and list every problem", runValidate},
		{"eval", "score answers against evaluation cases", runEval},
		{"fit", "fit whether Signpost answers on labelled cases; scores each knowledge base left out", runFit},
		{"serve", "run Signpost in Slack (Socket Mode or HTTP)", runServe},
		{"doctor", "check a Slack deployment before it goes live: tokens, scopes, channels, data", runDoctor},
		{"health", "ask a running Signpost whether it is ready (for health checks)", runHealth},
		{"report", "what was asked and answered, gaps, feedback, entries due a review", runReport},
		{"gaps", "list unanswered questions; link one to an FAQ or dismiss it", runGaps},
		{"import", "import an Open Referral UK directory: import openreferral SOURCE --out DIR", runImport},
		{"measure", "measure start-up, memory and answer latency", runMeasure},
		{"gen-services", "write a synthetic directory of services for load tests", runGenServices},
		{"gen-activity", "write synthetic questions, feedback and gaps for showing the report", runGenActivity},
		{"slack-load", "measure the Slack transport under load, against a fake Slack", runSlackLoad},
		{"version", "this build's version, commit and Go, the knowledge's fingerprint; --notices", runVersion},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	// Every word Signpost prints may come from knowledge, an import or a
	// person: one escaper for all of it, so no subcommand prints a
	// terminal escape (an OSC 52 clipboard write, a screen clear) as is.
	safeOut, safeErr := &terminalSafe{w: stdout}, &terminalSafe{w: stderr}
	defer safeOut.flush()
	defer safeErr.flush()
	stdout, stderr = safeOut, safeErr
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitError{code: 2}
		}
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		return runVersion(ctx, e, args[1:])
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	if args[0] == checkStoreCommand { // serve's own, not listed
		return runCheckStore(ctx, e, args[1:])
	}
	return exitError{code: 2, msg: unknownCommand(args[0])}
}

// unknownCommand says a command is not one, in a line, with the nearest
// real one when a slip of the keyboard explains it.
func unknownCommand(name string) string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	msg := fmt.Sprintf("signpost: %q is not a command", name)
	if strings.HasPrefix(name, "-") {
		msg = fmt.Sprintf("signpost: %s goes after a command, as in 'signpost console %s'.", name, name)
	} else if near := nearest(name, names); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	} else {
		msg += "."
	}
	return msg + " Run 'signpost help' for the commands."
}

// nearest is the candidate a mistyped word most likely meant: one it
// begins (serv for serve), or one within two edits (a swap counts as one),
// or "" when none is close enough to suggest.
func nearest(word string, candidates []string) string {
	word = strings.ToLower(word)
	best, bestD := "", 3
	for _, c := range candidates {
		if len(word) >= 3 && strings.HasPrefix(c, word) {
			return c
		}
		limit := 2
		if len(word) <= 4 {
			limit = 1
		}
		if d := knowledge.EditDistance(word, c); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Signpost answers questions about social prescribing for AHPs.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: signpost COMMAND [options]")
	fmt.Fprintln(w)
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'signpost COMMAND --help' for a command's options, 'signpost version' for")
	fmt.Fprintln(w, "this build. Without --knowledge DIR, Signpost uses the knowledge built into it.")
}

// newFlags makes a flag set whose help goes to stderr, with a one-line
// synopsis and the options in two aligned columns, each written as the
// docs write it (--knowledge DIR).
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: signpost %s %s\n", name, synopsis)
		if opts := options(fs); opts != "" {
			fmt.Fprintf(e.stderr, "\nOptions:\n%s", opts)
		}
	}
	return fs
}

// options lists a flag set's options, aligned: the flag and its value's
// name, then what it does and its default.
func options(fs *flag.FlagSet) string {
	type row struct{ left, right string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		value, use := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if value == "directory" {
			value = "dir" // as the docs and synopses write it
		}
		if value != "" {
			left += " " + strings.ToUpper(value)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && !strings.Contains(use, "default") {
			use += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{left, use})
		width = max(width, len(left))
	})
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, r.left, r.right)
	}
	return b.String()
}

// flagError rewords the flag package's complaint for a person, in a line,
// with the option they probably meant.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	where := "signpost " + fs.Name()
	help := fmt.Sprintf(" Run '%s --help' for its options.", where)
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		out := fmt.Sprintf("%s: there is no option --%s", where, name)
		if near := nearest(name, names); near != "" {
			out += fmt.Sprintf("; did you mean --%s?", near)
		} else {
			out += "."
		}
		return out + help
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Sprintf("%s: --%s needs a value.%s", where, strings.TrimLeft(name, "-"), help)
	}
	// "invalid value "x" for flag -n: ..." and the like: said as the
	// flag package says them, with our dashes.
	msg = strings.ReplaceAll(msg, " -", " --")
	return fmt.Sprintf("%s: %s.%s", where, msg, help)
}

// parseNoArgs parses flags for a command that takes no other arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return exitError{code: 2, msg: fmt.Sprintf("signpost %s takes no arguments, only options (%q is neither). Run 'signpost %s --help' for them.", fs.Name(), pos[0], fs.Name())}
	}
	return nil
}

// parse parses flags that may come before or after positional arguments,
// as people type them ("eval CASES.yaml --show-misses").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	// The flag package prints its error and the whole usage on a slip;
	// one line saying what was wrong is kinder.
	help, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = help; fs.SetOutput(out) }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, exitError{code: 0}
			}
			return nil, exitError{code: 2, msg: flagError(fs, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// loadKnowledge reads a knowledge directory, or the built-in knowledge
// when dir is empty.
func loadKnowledge(dir string) (*knowledge.Base, error) {
	if dir == "" {
		kb, err := knowledge.Load(knowledge.Builtin())
		if err != nil {
			return nil, fmt.Errorf("built-in knowledge: %w", err)
		}
		return kb, nil
	}
	fsys, err := dirFS(dir)
	if err != nil {
		return nil, err
	}
	kb, err := knowledge.Load(fsys)
	if err != nil {
		var kerr *knowledge.Error
		if errors.As(err, &kerr) {
			return nil, fmt.Errorf("%s has problems (run 'signpost validate %s'):\n%s", dir, dir, prefixProblems(dir, kerr))
		}
		return nil, err
	}
	return kb, nil
}

func prefixProblems(dir string, kerr *knowledge.Error) string {
	var b strings.Builder
	for _, p := range kerr.Problems {
		p.Path = joinPath(dir, p.Path)
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

func joinPath(dir, p string) string {
	if dir == "" || dir == "." {
		return p
	}
	return strings.TrimRight(dir, "/") + "/" + p
}

// newAnswerer loads knowledge, indexes it and makes an Answerer. With an
// index directory, the index is kept there and reused while the knowledge
// is unchanged.
func newAnswerer(ctx context.Context, dir, indexDir string) (*answer.Answerer, error) {
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		return nil, err
	}
	if indexDir != "" {
		fsys := knowledge.Builtin()
		if dir != "" {
			if fsys, err = dirFS(dir); err != nil {
				return nil, err
			}
		}
		ix, _, err := index.Open(ctx, indexDir, fsys, vocab)
		if err != nil {
			var kerr *knowledge.Error
			if errors.As(err, &kerr) {
				return nil, fmt.Errorf("%s has problems (run 'signpost validate %s'):\n%s", dir, dir, prefixProblems(dir, kerr))
			}
			return nil, err
		}
		return answer.New(ix, gazetteer.New(), ix.Vocabulary()), nil
	}
	if dir == "" {
		ix, err := index.OpenBuiltin(ctx, cacheDir(), vocab)
		if err != nil {
			return nil, err
		}
		return answer.New(ix, gazetteer.New(), ix.Vocabulary()), nil
	}
	kb, err := loadKnowledge(dir)
	if err != nil {
		return nil, err
	}
	return answer.FromKnowledge(ctx, kb)
}

// cacheDir is where the built-in knowledge's index is kept between runs
// (the user's cache folder), or "" when there is none: then it is built
// each time.
func cacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "signpost")
}

// dirFS opens a knowledge directory, saying plainly when it is not one.
func dirFS(dir string) (fs.FS, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("knowledge directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("knowledge directory: %s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}

// loadConfig reads the config file when there is one, applies the
// command line's --knowledge and --addr over it, and checks the result.
func loadConfig(path, dir, addr string) (config.Config, error) {
	cfg := config.Default()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		if cfg, err = config.Read(path, f); err != nil {
			return cfg, err
		}
	}
	if dir != "" {
		cfg.Knowledge = dir
	}
	if addr != "" {
		cfg.Addr = addr
	}
	return cfg, cfg.Validate()
}

// isTerminal reports whether r is a terminal (for a prompt, progress bars
// and log format) rather than a pipe or file. Asking the terminal itself
// (x/term) matters: /dev/null is a character device too, and a service
// run with it as standard input is not a person at a keyboard.
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// batchGC lets the heap grow further between collections in a batch run:
// the process is short-lived and its heap small (about 60 MB at 1,500
// questions), and collecting less often took a 1,500-question batch from
// 0.25 s to 0.18 s.
func batchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
}

// terminalSafe writes text with what a terminal would act on taken out
// (plaintext.Safe). Signpost's own output has no escapes to lose. A
// character split across two writes (a buffered encoder's) is held until
// its last byte comes, so it is never mistaken for a broken one.
type terminalSafe struct {
	w       io.Writer
	mu      sync.Mutex
	pending []byte
}

func (t *terminalSafe) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data := p
	if len(t.pending) > 0 {
		data = append(t.pending, p...)
		t.pending = nil
	}
	// Hold back an unfinished character at the end.
	cut := len(data)
	for back := 1; back <= utf8.UTFMax-1 && back <= len(data); back++ {
		c := data[len(data)-back]
		if c < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(data[len(data)-back:]) {
				cut = len(data) - back
			}
			break
		}
	}
	// And an escape sequence not yet ended, so that its two halves are
	// not each passed as harmless text.
	if esc := bytes.LastIndexByte(data[:cut], 0x1b); esc >= 0 && cut-esc < maxHeldEscape && !escapeEnded(data[esc:cut]) {
		cut = esc
	}
	t.pending = append(t.pending, data[cut:]...)
	data = data[:cut]
	if !hasControl(data) {
		if _, err := t.w.Write(data); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if _, err := io.WriteString(t.w, plaintext.Safe(string(data))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// maxHeldEscape bounds how much of an unended escape sequence is held:
// past it, the text is written (and the sequence's start taken out).
const maxHeldEscape = 4096

var csiRE = regexp.MustCompile(`^\x1b\[[0-?]*[ -/]*[@-~]`)

// escapeEnded reports whether an escape sequence at the start of b is
// whole: a CSI with its final byte, an OSC with its terminator, or a
// two-character escape.
func escapeEnded(b []byte) bool {
	switch {
	case len(b) < 2:
		return false
	case b[1] == '[':
		return csiRE.Match(b)
	case b[1] == ']':
		return bytes.IndexByte(b, 0x07) >= 0 || bytes.Contains(b[2:], []byte("\x1b\\"))
	}
	return true
}

// flush writes what is held back (only ever part of a character or of an
// escape sequence, which the escaper then takes out).
func (t *terminalSafe) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) > 0 {
		io.WriteString(t.w, plaintext.Safe(string(t.pending)))
		t.pending = nil
	}
}

// hasControl reports whether p holds a byte TerminalSafe could remove:
// a control character, or the first byte of a C1 control or a direction
// mark.
func hasControl(p []byte) bool {
	if !utf8.Valid(p) {
		return true // raw 8-bit C1 controls (0x9b is a CSI) are not UTF-8
	}
	for _, c := range p {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == 0xc2 || c == 0xe2 {
			return true
		}
	}
	return false
}
