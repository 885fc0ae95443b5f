package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// MaxFileSize is the most a knowledge file may hold. The largest real
// directories (an Open Referral import of 20,000 services) write files of a
// few megabytes; anything far bigger is a mistake, and reading it whole
// would take the bot's memory.
const MaxFileSize = 32 << 20

// MaxTotalSize is the most a knowledge directory may hold in all. 100,000
// generated services take 57 MB; indexing takes tens of times the text's
// size in memory, so a directory past this would take a server's memory.
const MaxTotalSize = 128 << 20

// ReadFile reads one knowledge file safely: only a regular file, not a
// pipe that would never end, a device that never stops giving or a
// directory with a .yaml name; not through a link leading outside the
// knowledge directory; and no more than MaxFileSize. Its errors say what
// is wrong in words for the person who keeps the directory.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	if rl, ok := fsys.(fs.ReadLinkFS); ok {
		resolved, err := resolveInside(rl, name)
		if err != nil {
			return nil, err
		}
		name = resolved
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", errors.Unwrap(err))
	}
	switch {
	case info.IsDir():
		return nil, errors.New("is a directory, not a file")
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("is not a regular file (it is a %s); only files are read", kindOf(info.Mode()))
	case info.Size() > MaxFileSize:
		return nil, fmt.Errorf("is %d MB; a knowledge file may hold at most %d MB", info.Size()>>20, MaxFileSize>>20)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("grew past %d MB while being read", MaxFileSize>>20)
	}
	return data, nil
}

// maxLinkHops is how many links a path may pass through, as the kernel
// allows about as many before it calls it a loop.
const maxLinkHops = 40

// resolveInside follows every link on the way to name, a directory's as
// well as the file's and each hop of a chain ("x.yaml → d/secret.yaml"
// with d a link to /outside), and returns the path it leads to. It is an
// error for any hop to leave the knowledge directory.
func resolveInside(rl fs.ReadLinkFS, name string) (string, error) {
	parts := strings.Split(name, "/")
	resolved := "" // the path so far, from the directory's root
	for hops := 0; len(parts) > 0; {
		p := parts[0]
		parts = parts[1:]
		switch p {
		case "", ".":
			continue
		case "..":
			if resolved == "" {
				return "", errors.New("leads outside the knowledge directory through its links: copy the file in instead")
			}
			// Up one: to a directory already checked on the way down.
			if resolved = path.Dir(resolved); resolved == "." {
				resolved = ""
			}
			continue
		}
		next := path.Join(resolved, p)
		info, err := rl.Lstat(next)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			resolved = next // a file, a directory, or nothing: the reader says which
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", errors.New("goes round a loop of links")
		}
		target, err := rl.ReadLink(next)
		if err != nil {
			return "", fmt.Errorf("cannot follow the link: %w", err)
		}
		if path.IsAbs(target) || strings.HasPrefix(target, "/") {
			return "", fmt.Errorf("is a link to %s, outside the knowledge directory: copy the file in instead", target)
		}
		parts = append(strings.Split(target, "/"), parts...)
	}
	return resolved, nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeSymlink != 0:
		return "broken link"
	}
	return "special file"
}

// Files lists the knowledge files below the root of fsys, in lexical
// order: *.yaml and *.yml, skipping hidden files and folders (.git,
// editors' swap files).
func Files(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if p != "." && IsKnowledgeFile(p) {
				files = append(files, p) // reported as a directory by ReadFile
				return fs.SkipDir
			}
			return nil
		}
		if IsKnowledgeFile(p) && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading knowledge directory: %w", err)
	}
	return files, nil
}

// Sum is the content hash of one knowledge file, as FileSums gives it.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// FileSums maps each knowledge file to its content hash, so that a caller
// can tell which files changed.
func FileSums(fsys fs.FS) (map[string]string, error) {
	files, err := Files(fsys)
	if err != nil {
		return nil, err
	}
	sums := make(map[string]string, len(files))
	for _, f := range files {
		data, err := ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		sums[f] = Sum(data)
	}
	return sums, nil
}

// Fingerprint is a hash of every knowledge file's name and contents: equal
// fingerprints mean the same knowledge.
func Fingerprint(fsys fs.FS) (string, error) {
	sums, err := FileSums(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range slices.Sorted(maps.Keys(sums)) {
		fmt.Fprintf(h, "%s\x00%s\n", f, sums[f])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
