package index

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/signpost-ahp/signpost/knowledge"
	"github.com/signpost-ahp/signpost/safefile"
)

//go:generate go run ../internal/genbuiltin builtin

// builtinFiles is the index of the built-in knowledge as genbuiltin made
// it: building it takes about 85 ms, a cold start's largest part, and
// opening it a few. TestBuiltinIndexIsCurrent holds it to the YAML.
//
//go:embed builtin
var builtinFiles embed.FS

// ErrBuiltinStale says the index carried in the binary is not of the
// built-in knowledge it carries (go generate ./index was not run after
// the knowledge changed). OpenBuiltin then builds the index instead.
var ErrBuiltinStale = errors.New("the built-in index does not match the built-in knowledge: run go generate ./index")

// OpenBuiltin opens the index of the knowledge built into Signpost. The
// index the binary carries is copied once into cacheDir (a folder of its
// own per knowledge, written whole or not at all) and opened read-only
// there, so any number of processes share it. With no cacheDir, or one
// that cannot be written, or a carried index that does not match the
// knowledge, the index is built in memory as before: the answers are the
// same, only slower to get to.
func OpenBuiltin(ctx context.Context, cacheDir string, vocab *knowledge.Vocabulary) (*Index, error) {
	ix, err := openCarried(cacheDir, vocab)
	if err == nil {
		return ix, nil
	}
	kb, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		return nil, fmt.Errorf("built-in knowledge: %w", err)
	}
	return Build(ctx, kb, vocab.With(kb.CategoryWords))
}

// openCarried opens the carried index from cacheDir, copying it there
// first if need be.
func openCarried(cacheDir string, vocab *knowledge.Vocabulary) (*Index, error) {
	if cacheDir == "" {
		return nil, errors.New("no cache folder")
	}
	hash, err := indexHash(knowledge.Builtin())
	if err != nil {
		return nil, err
	}
	var m manifest
	data, err := builtinFiles.ReadFile("builtin/" + manifestName)
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil || m.Hash != hash || m.Format != formatVersion {
		return nil, ErrBuiltinStale
	}
	// The copy is named for the carried files themselves (their manifest
	// says when they were made), not only the knowledge: a new binary
	// whose index differs for the same knowledge gets a copy of its own.
	sum := sha256.Sum256(data)
	dir := filepath.Join(cacheDir, "builtin-"+hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := copyCarried(cacheDir, dir, "builtin/"+hash[:16]); err != nil {
			return nil, err
		}
	}
	ix, err := openAt(dir, vocab, true)
	if err != nil {
		// A copy damaged since (a disk's fault, a hand): copy it afresh.
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		if err := copyCarried(cacheDir, dir, "builtin/"+hash[:16]); err != nil {
			return nil, err
		}
		return openAt(dir, vocab, true)
	}
	return ix, nil
}

// copyCarried writes the carried index's files into a new folder beside
// dir and renames it to dir: a process that finds dir finds it whole.
// Another process may get there first; then its copy is used.
func copyCarried(cacheDir, dir, from string) error {
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(cacheDir, ".builtin-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	err = fs.WalkDir(builtinFiles, from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := p[len(from):]
		target := filepath.Join(tmp, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := builtinFiles.ReadFile(path.Clean(p))
		if err != nil {
			return err
		}
		// Synced before the rename after it, so a crash never leaves a
		// whole-looking folder of empty files.
		return safefile.Write(target, data, 0o644)
	})
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return nil // another process's copy
		}
		return err
	}
	return nil
}
