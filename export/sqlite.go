package export

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// The collection is written through modernc.org/sqlite's C API (the
// transpiled SQLite of the database/sql driver, still CGO-free), not
// through database/sql: an export is one connection used by one goroutine,
// so it is opened without SQLite's mutexes, and values are bound as they
// are, without boxing each into an interface. That halves the cost of an
// insert.

// sqliteDB is one connection. It must be used by one goroutine at a time
// (the TLS is that goroutine's C thread state).
type sqliteDB struct {
	tls *libc.TLS
	db  uintptr
}

// cmem is the n bytes of C memory at p. The memory is libc's (sqlite's
// allocator or libc.Xmalloc), never Go's, so the garbage collector neither
// moves nor frees it.
func cmem(p uintptr, n int) []byte { return unsafe.Slice((*byte)(unsafe.Add(nil, p)), n) }

// cptr reads the pointer SQLite stored at p (an out parameter).
func cptr(p uintptr) uintptr { return *(*uintptr)(unsafe.Add(nil, p)) }

// cstring copies s into C memory, NUL-terminated; the caller frees it with
// libc.Xfree.
func cstring(s string) (uintptr, error) { return libc.CString(s) }

// openSQLite opens (creating) the database file path.
func openSQLite(path string) (*sqliteDB, error) {
	tls := libc.NewTLS()
	name, err := cstring(path)
	if err != nil {
		tls.Close()
		return nil, err
	}
	defer libc.Xfree(tls, name)
	out := tls.Alloc(8)
	defer tls.Free(8)
	rc := sqlite3.Xsqlite3_open_v2(tls, name, out, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_CREATE|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	d := &sqliteDB{tls: tls, db: cptr(out)}
	if rc != sqlite3.SQLITE_OK {
		err := d.error(rc)
		d.close()
		return nil, err
	}
	return d, nil
}

// error is SQLite's message for result code rc.
func (d *sqliteDB) error(rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errstr(d.tls, rc))
	if d.db != 0 {
		if m := libc.GoString(sqlite3.Xsqlite3_errmsg(d.tls, d.db)); m != "" && m != msg {
			msg += ": " + m
		}
	}
	return fmt.Errorf("sqlite: %s (%d)", msg, rc)
}

// close closes the connection (after finalizing its statements).
func (d *sqliteDB) close() error {
	var err error
	if d.db != 0 {
		if rc := sqlite3.Xsqlite3_close_v2(d.tls, d.db); rc != sqlite3.SQLITE_OK {
			err = d.error(rc)
		}
		d.db = 0
	}
	if d.tls != nil {
		d.tls.Close()
		d.tls = nil
	}
	return err
}

// exec runs one or more statements without parameters.
func (d *sqliteDB) exec(query string) error {
	q, err := cstring(query)
	if err != nil {
		return err
	}
	defer libc.Xfree(d.tls, q)
	if rc := sqlite3.Xsqlite3_exec(d.tls, d.db, q, 0, 0, 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("%.40s…: %w", query, d.error(rc))
	}
	return nil
}

// sqliteStmt is a prepared statement. Bind its parameters (1-based), then
// exec or next; a failed bind is reported by the exec that follows.
type sqliteStmt struct {
	d    *sqliteDB
	p    uintptr
	err  error
	text uintptr // scratch C buffer for text parameters
	size int
}

func (d *sqliteDB) prepare(query string) (*sqliteStmt, error) {
	q, err := cstring(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(d.tls, q)
	out := d.tls.Alloc(8)
	defer d.tls.Free(8)
	if rc := sqlite3.Xsqlite3_prepare_v2(d.tls, d.db, q, -1, out, 0); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("prepare %.40s…: %w", query, d.error(rc))
	}
	return &sqliteStmt{d: d, p: cptr(out)}, nil
}

func (s *sqliteStmt) check(rc int32) {
	if rc != sqlite3.SQLITE_OK && s.err == nil {
		s.err = s.d.error(rc)
	}
}

func (s *sqliteStmt) int(i int, v int64) {
	s.check(sqlite3.Xsqlite3_bind_int64(s.d.tls, s.p, int32(i), v))
}

// str binds v as TEXT. SQLite copies it (SQLITE_TRANSIENT) into the
// parameter's own buffer, which it keeps from one row to the next, so the
// scratch buffer is free again at once.
func (s *sqliteStmt) str(i int, v string) {
	if len(v) >= 1<<31-1 {
		s.check(sqlite3.SQLITE_TOOBIG)
		return
	}
	if s.size < len(v)+1 {
		if s.text != 0 {
			libc.Xfree(s.d.tls, s.text)
		}
		s.size = max(2*s.size, len(v)+1, 4096)
		if s.text = libc.Xmalloc(s.d.tls, uint64(s.size)); s.text == 0 {
			s.size = 0
			s.check(sqlite3.SQLITE_NOMEM)
			return
		}
	}
	copy(cmem(s.text, len(v)), v)
	s.check(sqlite3.Xsqlite3_bind_text(s.d.tls, s.p, int32(i), s.text, int32(len(v)), sqlite3.SQLITE_TRANSIENT))
}

// exec runs the statement, which returns no rows, and resets it.
func (s *sqliteStmt) exec() error {
	if s.err != nil {
		return s.err
	}
	rc := sqlite3.Xsqlite3_step(s.d.tls, s.p)
	sqlite3.Xsqlite3_reset(s.d.tls, s.p)
	if rc != sqlite3.SQLITE_DONE {
		s.err = s.d.error(rc)
	}
	return s.err
}

// exists runs a query and reports whether it returns a row; it resets the
// statement.
func (s *sqliteStmt) exists() (bool, error) {
	if s.err != nil {
		return false, s.err
	}
	rc := sqlite3.Xsqlite3_step(s.d.tls, s.p)
	sqlite3.Xsqlite3_reset(s.d.tls, s.p)
	switch rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	}
	s.err = s.d.error(rc)
	return false, s.err
}

func (s *sqliteStmt) close() error {
	if s.text != 0 {
		libc.Xfree(s.d.tls, s.text)
		s.text, s.size = 0, 0
	}
	if s.p == 0 {
		return s.err
	}
	rc := sqlite3.Xsqlite3_finalize(s.d.tls, s.p)
	s.p = 0
	if rc != sqlite3.SQLITE_OK && s.err == nil {
		s.err = s.d.error(rc)
	}
	return s.err
}

// errClosed is returned by an inserter used after an error.
var errClosed = errors.New("inserter closed")

// batchRows is how many rows an inserter binds to one multi-row INSERT:
// for the whole 100k-card export, 400 took 5 % less time than 100 (and
// 1,000 no less than 400), in paired runs. The most values bound at once,
// 400 rows of 13, stay far below SQLite's limit of 32,766.
const batchRows = 400

// inserter inserts rows into one table: values are collected for
// batchRows rows, then bound to one prepared multi-row INSERT. The first
// error stops it; flush returns it.
type inserter struct {
	d     *sqliteDB
	table string
	row   string      // one row of the VALUES list: a ? for each value bound
	cols  int         // values bound for each row
	full  *sqliteStmt // batchRows rows
	one   *sqliteStmt // one row, for the rest
	vals  []sqlValue
	err   error
}

// sqlValue is an INTEGER or, if isText, a TEXT value.
type sqlValue struct {
	n      int64
	s      string
	isText bool
}

// newInserter returns an inserter into table of rows written as row: a
// parenthesized list of ? for each value to bind and literals for the
// columns that are the same in every row (binding a value costs more than
// SQLite's copy of a constant).
func newInserter(d *sqliteDB, table, row string) *inserter {
	cols := strings.Count(row, "?")
	return &inserter{d: d, table: table, row: row, cols: cols, vals: make([]sqlValue, 0, cols*batchRows)}
}

func (in *inserter) query(rows int) string {
	b := make([]byte, 0, len(in.table)+20+rows*(len(in.row)+1))
	b = append(b, "insert into "...)
	b = append(b, in.table...)
	b = append(b, " values "...)
	for r := range rows {
		if r > 0 {
			b = append(b, ',')
		}
		b = append(b, in.row...)
	}
	return string(b)
}

func (in *inserter) int(v int64) { in.vals = append(in.vals, sqlValue{n: v}) }

func (in *inserter) str(v string) { in.vals = append(in.vals, sqlValue{s: v, isText: true}) }

// endRow ends a row of values; a full batch is inserted.
func (in *inserter) endRow() {
	if len(in.vals) < in.cols*batchRows || in.err != nil {
		if in.err != nil {
			in.vals = in.vals[:0]
		}
		return
	}
	if in.full == nil {
		if in.full, in.err = in.d.prepare(in.query(batchRows)); in.err != nil {
			return
		}
	}
	in.err = in.run(in.full, in.vals)
	in.vals = in.vals[:0]
}

func (in *inserter) run(s *sqliteStmt, vals []sqlValue) error {
	for i, v := range vals {
		if v.isText {
			s.str(i+1, v.s)
		} else {
			s.int(i+1, v.n)
		}
	}
	return s.exec()
}

// flush inserts the rows collected so far and finalizes the statements.
func (in *inserter) flush() error {
	if in.err == nil && len(in.vals) > 0 {
		if in.one, in.err = in.d.prepare(in.query(1)); in.err == nil {
			for v := in.vals; len(v) > 0 && in.err == nil; v = v[in.cols:] {
				in.err = in.run(in.one, v[:in.cols])
			}
		}
	}
	in.vals = in.vals[:0]
	for _, s := range []*sqliteStmt{in.full, in.one} {
		if s != nil {
			if err := s.close(); err != nil && in.err == nil {
				in.err = err
			}
		}
	}
	in.full, in.one = nil, nil
	err := in.err
	if in.err == nil {
		in.err = errClosed
	}
	return err
}
