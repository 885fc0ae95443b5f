package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/signpost-ahp/signpost/report"
	"github.com/signpost-ahp/signpost/safefile"
)

func runReport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report", "[--since 30d] [--csv | --html FILE | --cases FILE] [--config FILE] [--knowledge DIR] [--data-dir DIR]\n\n"+
		"Prints what was asked (by topic, service category and place), how much was answered,\n"+
		"feedback, open gaps and entries due a review. No personal data. --html writes a\n"+
		"self-contained web page with charts, for commissioners, that prints to PDF.")
	since := fs.String("since", "30d", "`period` to report: days (30d), weeks (12w) or months (6m)")
	asCSV := fs.Bool("csv", false, "write CSV (section, name, count, entry) instead of text")
	htmlPath := fs.String("html", "", "write a self-contained HTML report with charts to `file` instead of text")
	casesPath := fs.String("cases", "", "write the wordings champions linked and answers marked helpful as labelled cases to `file` (for signpost fit)")
	cfgPath := fs.String("config", "", "configuration `file` (for data_dir, knowledge and answers.stale_after_months)")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the config's, else the built-in knowledge)")
	dataDir := fs.String("data-dir", "", "Signpost's data `directory` (default: the config's data_dir)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if n := countTrue(*asCSV, *htmlPath != "", *casesPath != ""); n > 1 {
		return exitError{code: 2, msg: "signpost report: --csv, --html and --cases cannot be used together: choose one"}
	}
	cfg, err := loadConfig(*cfgPath, *dir, "")
	if err != nil {
		return exitError{code: 1, msg: "signpost report: " + err.Error()}
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	now := time.Now()
	from, err := report.Since(*since, now)
	if err != nil {
		return exitError{code: 2, msg: "signpost report: " + err.Error()}
	}
	kb, err := loadKnowledge(cfg.Knowledge)
	if err != nil {
		return err
	}
	st, err := openRecords("report", cfg.DataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	if *casesPath != "" {
		cases, err := report.Cases(st, from)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := report.WriteCases(&b, cases); err != nil {
			return err
		}
		// People's questions, though redacted: readable by the owner
		// alone, as the store is.
		if err := safefile.Write(*casesPath, b.Bytes(), 0o600); err != nil {
			return exitError{code: 1, msg: "signpost report: " + err.Error()}
		}
		fmt.Fprintf(e.stdout, "%s: %d cases\n", *casesPath, len(cases))
		return nil
	}
	f, err := report.Compute(st, kb, from, now, time.Duration(cfg.Answers.StaleAfterMonths)*30*24*time.Hour)
	if err != nil {
		return err
	}
	f.Organisation = cfg.Organisation
	if f.Synthetic, err = st.Synthetic(); err != nil {
		return fmt.Errorf("reading whether the records are real: %w", err)
	}
	if *asCSV {
		return f.CSV(e.stdout)
	}
	if *htmlPath != "" {
		var b bytes.Buffer
		if err := f.HTML(&b); err != nil {
			return err
		}
		// Whole or not at all: a report cut short by a full disk would
		// still open, and look complete.
		if err := safefile.Write(*htmlPath, b.Bytes(), 0o644); err != nil {
			return exitError{code: 1, msg: "signpost report: " + err.Error()}
		}
		fmt.Fprintln(e.stdout, *htmlPath)
		return nil
	}
	f.Text(e.stdout, 10)
	return nil
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
