package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/signpost-ahp/signpost/internal/kbgen"
	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/safefile"
)

// genChunk is how many services go in one generated file.
const genChunk = 5000

func runGenServices(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "gen-services", "--out DIR [--n 100000] [--seed 1]\n\nWrites a realistic synthetic directory of services (fictional: example.org,\nOfcom's drama phone numbers) over 30 real English towns, for load tests.")
	out := fs.String("out", "", "`directory` to write the services into")
	n := fs.Int("n", 100000, "the `count` of services to write")
	seed := fs.Uint64("seed", 1, "random seed: the same seed makes the same directory")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *out == "" || *n < 1 {
		return exitError{code: 2, msg: "signpost gen-services: --out DIR is required, --n must be at least 1, and it takes no other arguments. Run 'signpost gen-services --help' for its options."}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := writeServices(*out, kbgen.Services(*n, *seed)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d services to %s\n", *n, *out)
	return nil
}

// writeServices writes synthetic services into dir, genChunk to a file,
// as a real directory splits them (one file of 100,000 would be over the
// loader's limit on a file's size).
func writeServices(dir string, services []knowledge.Service) error {
	for i := 0; i < len(services); i += genChunk {
		part := services[i:min(i+genChunk, len(services))]
		data, err := knowledge.MarshalServices(part, "SYNTHETIC services made by `signpost gen-services` for load tests. Not real: never signpost anyone to them.")
		if err != nil {
			return err
		}
		name := filepath.Join(dir, fmt.Sprintf("services-%03d.yaml", i/genChunk+1))
		if err := safefile.Write(name, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
