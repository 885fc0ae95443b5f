// Package safefile writes files so that a crash or a failed write never
// leaves a half-written file in place of a good one: the data goes to a
// temporary file beside the target, is synced to disk, and replaces the
// target by rename, which is atomic on POSIX file systems.
package safefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Write replaces path with data atomically.
func Write(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	// A dot-name keeps the loader (which skips hidden files) from reading
	// a temporary file.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Sync the directory so the rename itself survives a crash. The new
	// file is in place by now, so a failure here says so rather than
	// claiming the write failed.
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("%s was written but may not survive a crash: %w", path, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("opening its folder to sync it: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		// EINVAL and ENOTSUP: the file system does not sync folders
		// (some network and FUSE file systems); nothing more can be done.
		return fmt.Errorf("syncing its folder: %w", err)
	}
	return nil
}
