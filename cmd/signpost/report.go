package main

import (
	"context"
	"time"

	"github.com/signpost-ahp/signpost/report"
	"github.com/signpost-ahp/signpost/store"
)

func runReport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report", "[--since 30d] [--csv] [--config FILE] [--knowledge DIR] [--data-dir DIR]\n\n"+
		"Prints what was asked (by topic, service category and place), how much was answered,\n"+
		"feedback, open gaps and entries due a review. No personal data.")
	since := fs.String("since", "30d", "period to report: days (30d), weeks (12w) or months (6m)")
	asCSV := fs.Bool("csv", false, "write CSV (section, name, count) instead of text")
	cfgPath := fs.String("config", "", "configuration `file` (for data_dir, knowledge and answers.stale_after_months)")
	dir := fs.String("knowledge", "", "knowledge `directory` (default: the config's, else the built-in knowledge)")
	dataDir := fs.String("data-dir", "", "Signpost's data `directory` (default: the config's data_dir)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
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
	st, err := store.OpenExisting(cfg.DataDir)
	if err != nil {
		return exitError{code: 1, msg: "signpost report: " + err.Error()}
	}
	defer st.Close()
	f, err := report.Compute(st, kb, from, now, time.Duration(cfg.Answers.StaleAfterMonths)*30*24*time.Hour)
	if err != nil {
		return err
	}
	if *asCSV {
		return f.CSV(e.stdout)
	}
	f.Text(e.stdout, 10)
	return nil
}
