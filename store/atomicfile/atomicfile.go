package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes the file name with what write writes to it, atomically: the
// data goes to a temporary file in the same directory, which is fsynced,
// given mode perm and renamed over name; then the directory is fsynced.
// On any error the temporary file is removed and name is left as it was.
// Errors from creating, syncing or renaming are *fs.PathError naming the
// directory or file concerned; an error from write is returned as it is.
func Write(name string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return err
	}
	return SyncDir(dir)
}

// WriteFile is Write for data already in memory.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return Write(name, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Link gives the complete file tmp the name name, only if name does not
// exist (then the error matches fs.ErrExist), and fsyncs the directory.
// tmp keeps its name too; the caller removes it. It falls back to a rename
// where the file system has no hard links.
func Link(tmp, name string) error {
	if err := syncFile(tmp); err != nil {
		return err
	}
	err := os.Link(tmp, name)
	var le *os.LinkError
	if err != nil && !errors.Is(err, fs.ErrExist) && errors.As(err, &le) {
		if _, serr := os.Lstat(name); serr == nil {
			return &os.LinkError{Op: "link", Old: tmp, New: name, Err: fs.ErrExist}
		}
		err = os.Rename(tmp, name)
	}
	if err != nil {
		return err
	}
	return SyncDir(filepath.Dir(name))
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// SyncDir fsyncs a directory, so that a rename or link in it is durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
