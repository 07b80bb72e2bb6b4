package store

import (
	"io"
	"os"
)

// copyWriter is the writer a backup is written through. bbolt's
// Tx.WriteTo copies the data pages with io.CopyN from a SectionReader of
// the collection file, which os.File cannot copy in the kernel: through
// copyWriter the copy is made file to file (copy_file_range on Linux),
// without passing every page of a large collection through a buffer.
type copyWriter struct{ f *os.File }

func (w copyWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

// ReadFrom copies from a section of a file with os.File.ReadFrom, reading
// the same file through a descriptor of its own (so that bbolt's is not
// moved), and from anything else as io.Copy would.
func (w copyWriter) ReadFrom(r io.Reader) (int64, error) {
	if lr, ok := r.(*io.LimitedReader); ok {
		if sr, ok := lr.R.(*io.SectionReader); ok {
			if n, ok, err := w.copySection(lr, sr); ok {
				return n, err
			}
		}
	}
	return io.Copy(struct{ io.Writer }{w.f}, r)
}

// copySection copies what lr reads of sr, if sr is a section of a file
// that can be opened again; ok false means nothing was copied.
func (w copyWriter) copySection(lr *io.LimitedReader, sr *io.SectionReader) (n int64, ok bool, err error) {
	ra, base, size := sr.Outer()
	src, isFile := ra.(*os.File)
	if !isFile {
		return 0, false, nil
	}
	pos, err := sr.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, false, nil
	}
	f, err := os.Open(src.Name())
	if err != nil {
		return 0, false, nil
	}
	defer f.Close()
	a, err1 := src.Stat()
	b, err2 := f.Stat()
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		return 0, false, nil // the name is another file's now
	}
	if _, err := f.Seek(base+pos, io.SeekStart); err != nil {
		return 0, false, nil
	}
	n, err = w.f.ReadFrom(io.LimitReader(f, min(lr.N, size-pos)))
	lr.N -= n
	if _, serr := sr.Seek(n, io.SeekCurrent); err == nil {
		err = serr
	}
	return n, true, err
}
