package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/openreferral"
	"github.com/signpost-ahp/signpost/safefile"
	"gopkg.in/yaml.v3"
)

// importFormat answers an import that names no format Signpost reads:
// help when asked for, otherwise what it does read.
func importFormat(e env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(e.stderr, "Usage: signpost import openreferral SOURCE --out DIR [--area NAME] [--mapping FILE] [--name NAME]")
		fmt.Fprintln(e.stderr, "\nRun 'signpost import openreferral --help' for its options.")
		return nil
	}
	msg := "signpost import: name the format to import; Signpost reads Open Referral UK: signpost import openreferral SOURCE --out DIR"
	if len(args) > 0 {
		msg = fmt.Sprintf("signpost import: %q is not a format Signpost imports", args[0])
		if near := nearest(args[0], []string{"openreferral"}); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		msg += " (it reads Open Referral UK: signpost import openreferral SOURCE --out DIR)"
	}
	return exitError{code: 2, msg: msg}
}

func runImport(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "openreferral" {
		return importFormat(e, args)
	}
	fs := newFlags(e, "import openreferral", "SOURCE --out DIR [--area NAME] [--mapping FILE] [--name NAME]\n\n"+
		"SOURCE is an Open Referral UK JSON file (a /services page or one service, ORUK v1 or 3.0)\n"+
		"or a folder of the data package's CSV tables. The services are written to\n"+
		"DIR/openreferral-NAME.yaml, replacing that file only.")
	out := fs.String("out", "", "knowledge `directory` to write into")
	area := fs.String("area", "", "area `name` for services whose address names no town")
	mappingPath := fs.String("mapping", "", "taxonomy mapping `file` on top of the built-in one (see openreferral/taxonomy.yaml)")
	name := fs.String("name", "", "`name` of the output file (default: from SOURCE)")
	force := fs.Bool("force", false, "write the file even if the import found no services, or fewer or emptier ones than last time")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return exitError{code: 2, msg: "signpost import openreferral: name one SOURCE (a JSON file or a folder of CSV tables), as in 'signpost import openreferral services.json --out knowledge'."}
	case *out == "":
		return exitError{code: 2, msg: "signpost import openreferral: say which knowledge folder to write into with --out DIR."}
	}
	source := pos[0]
	mapping, err := openreferral.DefaultMapping()
	if err != nil {
		return err
	}
	if *mappingPath != "" {
		f, err := os.Open(*mappingPath)
		if err != nil {
			return fmt.Errorf("mapping file: %w", err)
		}
		err = mapping.Read(*mappingPath, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	records, version, err := readSource(source)
	if err != nil {
		return err
	}
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		return err
	}
	opt := openreferral.Options{Area: *area, Mapping: mapping, Vocabulary: categoryFinder(vocab)}
	if isTerminal(e.stderr) && len(records) >= 200 {
		opt.Progress = progressBar(e.stderr)
	}
	services, rep := openreferral.Convert(records, opt)
	if *name == "" {
		*name = strings.TrimSuffix(filepath.Base(source), filepath.Ext(source))
	}
	base := "openreferral-" + knowledge.Slug(*name)
	target := filepath.Join(*out, base+".yaml")
	header := fmt.Sprintf("Imported by `signpost import openreferral` from %s (Open Referral UK %s) on %s.\n"+
		"Re-importing replaces this file: put local corrections in another file.", filepath.Base(source), version, time.Now().Format(time.DateOnly))
	if err := keepsWhatItHad(target, services, len(records), *force); err != nil {
		return err
	}
	if err := checkOutput(*out, base+".yaml", services); err != nil {
		return err
	}
	data, err := knowledge.MarshalServices(services, header)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := safefile.Write(target, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", target, rep.Summary())
	if len(rep.Unmapped) > 0 || len(rep.Notes) > 0 {
		report := filepath.Join(*out, base+"-report.txt")
		if err := safefile.Write(report, reportText(rep), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Unmapped services and notes are listed in %s", report)
		if len(rep.Unmapped) > 0 {
			fmt.Fprint(e.stdout, "; add their taxonomy terms to a mapping file (--mapping) and import again")
		}
		fmt.Fprintln(e.stdout, ".")
	}
	return nil
}

// keepsWhatItHad refuses an import that would quietly make a feed's file
// worse: empty, losing more than a tenth of its services, or losing more
// than a tenth of what they say (descriptions, contacts, categories,
// places). A feed with renamed columns, the wrong separator, a bad export
// or nothing in it would otherwise replace a good directory. An existing
// file that no longer loads is not "nothing to lose": its entries are
// counted from the YAML as it stands. --force accepts any of these.
func keepsWhatItHad(target string, services []knowledge.Service, read int, force bool) error {
	if force {
		return nil
	}
	got := len(services)
	if got == 0 {
		return exitError{code: 1, msg: fmt.Sprintf("signpost import: found no usable services (%d records read); nothing was written, and %s is unchanged. Check the source, or pass --force to write an empty file.", read, target)}
	}
	old, err := os.ReadFile(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the first import
	}
	if err != nil {
		return fmt.Errorf("reading the last import to compare with: %w", err)
	}
	var had, hadDetail int
	if prev, err := knowledge.LoadFile(filepath.Base(target), old); err == nil {
		had = len(prev.Services)
		for _, s := range prev.Services {
			hadDetail += detail(s)
		}
	} else {
		// It has problems (perhaps one hand edit went wrong), but its
		// services are still there to lose.
		var raw struct {
			Services []struct {
				Description, Address, Postcode, Eligibility, Cost, Hours string
				Categories                                               []string
				Location                                                 *yaml.Node
				Contact                                                  *knowledge.Contact
			}
		}
		if yaml.Unmarshal(old, &raw) != nil {
			return exitError{code: 1, msg: fmt.Sprintf("signpost import: %s exists but cannot be read as YAML, so what it holds cannot be compared; nothing was written. Look at it, or pass --force to replace it.", target)}
		}
		had = len(raw.Services)
		for _, r := range raw.Services {
			s := knowledge.Service{Description: r.Description, Address: r.Address, Postcode: r.Postcode, Eligibility: r.Eligibility,
				Cost: r.Cost, Hours: r.Hours, Categories: r.Categories, Contact: r.Contact}
			if r.Location != nil {
				s.Location = &knowledge.Location{}
			}
			hadDetail += detail(s)
		}
	}
	if got*10 < had*9 {
		return exitError{code: 1, msg: fmt.Sprintf("signpost import: found %d services where %s has %d (%d would go); nothing was written. Check the source, or pass --force to replace them.", got, target, had, had-got)}
	}
	gotDetail := 0
	for _, s := range services {
		gotDetail += detail(s)
	}
	if hadDetail > 0 && gotDetail*10 < hadDetail*9 {
		return exitError{code: 1, msg: fmt.Sprintf("signpost import: the services found say much less than those in %s (%d details where it has %d: descriptions, contacts, categories, places); nothing was written. Check the source, or pass --force to replace them.", target, gotDetail, hadDetail)}
	}
	return nil
}

// detail counts what a service tells a reader beyond its name.
func detail(s knowledge.Service) int {
	n := len(s.Categories)
	for _, f := range []string{s.Description, s.Address, s.Postcode, s.Eligibility, s.Cost, s.Hours} {
		if strings.TrimSpace(f) != "" {
			n++
		}
	}
	if c := s.Contact; c != nil {
		for _, f := range []string{c.Phone, c.Email, c.Website} {
			if strings.TrimSpace(f) != "" {
				n++
			}
		}
	}
	if s.Location != nil {
		n++
	}
	return n
}

func readSource(source string) ([]openreferral.Record, openreferral.Version, error) {
	info, err := os.Stat(source)
	if err != nil {
		return nil, "", fmt.Errorf("import source: %w", err)
	}
	if info.IsDir() {
		recs, err := openreferral.ReadCSV(os.DirFS(source))
		return recs, "CSV tables", err
	}
	if !info.Mode().IsRegular() {
		// A pipe or device would be read for ever.
		return nil, "", fmt.Errorf("import source: %s is not a file or a folder", source)
	}
	f, err := os.Open(source)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	return openreferral.ReadJSON(f)
}

// checkOutput makes sure the import will leave a valid knowledge directory:
// the services are valid as written (checked a thousand at a time, so a
// large feed is not parsed whole), and their ids clash with no other
// file's.
func checkOutput(dir, file string, services []knowledge.Service) error {
	const chunk = 1000
	for i := 0; i < len(services); i += chunk {
		part := services[i:min(i+chunk, len(services))]
		data, err := knowledge.MarshalServices(part, "")
		if err != nil {
			return err
		}
		if _, err := knowledge.LoadFile(file, data); err != nil {
			return fmt.Errorf("the imported file would not validate (please report this):\n%w", err)
		}
	}
	mine := map[string]bool{}
	for _, s := range services {
		if mine[s.ID] {
			return fmt.Errorf("the import made id %q twice (please report this)", s.ID)
		}
		mine[s.ID] = true
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	others, err := knowledge.Load(without{os.DirFS(dir), file})
	var kerr *knowledge.Error
	if errors.As(err, &kerr) {
		return fmt.Errorf("%s has problems already; fix them first (signpost validate %s)", dir, dir)
	}
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, s := range others.Services {
		ids[s.ID] = s.Pos.String()
	}
	for _, f := range others.FAQs {
		ids[f.ID] = f.Pos.String()
	}
	for _, t := range others.Terms {
		ids[t.ID] = t.Pos.String()
	}
	for _, s := range services {
		if at, ok := ids[s.ID]; ok {
			return fmt.Errorf("imported id %q is already used at %s", s.ID, at)
		}
	}
	return nil
}

// without hides one file of a directory.
type without struct {
	fs.FS
	hidden string
}

func (w without) Open(name string) (fs.File, error) {
	if name == w.hidden {
		return nil, fs.ErrNotExist
	}
	return w.FS.Open(name)
}

func (w without) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(w.FS, name)
	if err != nil || name != "." {
		return entries, err
	}
	out := entries[:0]
	for _, e := range entries {
		if e.Name() != w.hidden {
			out = append(out, e)
		}
	}
	return out, nil
}

// categoryFinder finds categories from everyday words in free text, for
// services whose taxonomy maps to none.
func categoryFinder(v *knowledge.Vocabulary) func(string) []string {
	return func(text string) []string {
		t := " " + strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'')
		}), " ") + " "
		var out []string
		for _, c := range v.Categories {
			for _, w := range c.Words {
				w = strings.ToLower(w)
				if strings.Contains(t, " "+w+" ") || strings.Contains(t, " "+w+"s ") {
					out = append(out, c.Category)
					break
				}
			}
		}
		return out
	}
}

func progressBar(w io.Writer) func(done, total int) {
	last := -1
	return func(done, total int) {
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		bar := strings.Repeat("█", pct/4) + strings.Repeat("░", 25-pct/4)
		fmt.Fprintf(w, "\rimporting %s %3d%% (%d/%d)", bar, pct, done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}

func reportText(rep openreferral.Report) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", rep.Summary())
	if len(rep.Unmapped) > 0 {
		fmt.Fprintf(&b, "\nServices with no category (their taxonomy terms map to none):\n")
		for _, u := range rep.Unmapped {
			fmt.Fprintf(&b, "  %s  %s  terms: %s\n", u.ID, u.Name, strings.Join(u.Terms, "; "))
		}
	}
	if len(rep.Notes) > 0 {
		fmt.Fprintf(&b, "\nNotes:\n")
		for _, n := range rep.Notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	return []byte(b.String())
}
