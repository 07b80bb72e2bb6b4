package export

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
	_ "modernc.org/sqlite" // database/sql driver "sqlite", CGO-free
)

// Options controls [Apkg].
type Options struct {
	// WithScheduling exports each card's scheduling state, FSRS memory state
	// and review history. Without it every card is new, due in story order.
	// Anki keeps the state only if "Import any learning progress" is ticked.
	WithScheduling bool
	// Now is the time of the export; required. Its Location is the user's
	// time zone, which defines day boundaries (with Config.DayStartHour).
	Now time.Time
	// TempDir is where the scratch SQLite file is written; "" means
	// os.TempDir(). The file is removed before Apkg returns.
	TempDir string
}

// Apkg writes col to w as a legacy Anki package (.apkg): a zip holding a
// schema-11 SQLite collection, collection.anki2, and an empty media map.
// Retired cards are left out. w receives the package only once the
// collection is complete, but a failed Apkg may have written part of it:
// callers write to a temporary file and rename it.
//
// Apkg returns [ErrNoNow] if opts.Now is zero, [ErrDuplicateCard] or
// [ErrUnknownKind] for invalid cards, and otherwise the error of the
// scratch file, SQLite or w.
func Apkg(w io.Writer, col Collection, opts Options) error {
	return ApkgFrom(w, newCollectionSource(&col, opts), opts)
}

// ApkgFrom is [Apkg] reading the collection from src as it goes: it holds
// each exported card's ids and scheduling state, one story outline per
// story and a batch of rows at a time, never the collection's text or
// review log. The notes go into the SQLite collection while the next are
// read; the finished file is then copied into the zip.
func ApkgFrom(w io.Writer, src Source, opts Options) (err error) {
	if opts.Now.IsZero() {
		return ErrNoNow
	}
	l, err := newLayout(src, opts)
	if err != nil {
		return err
	}
	defer l.waitStories() // src is not used after ApkgFrom returns
	dir := opts.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "starcards-export-*.anki2")
	if err != nil {
		return fmt.Errorf("create scratch collection: %w", err)
	}
	path := f.Name()
	defer func() {
		for _, name := range []string{path, path + "-journal"} {
			if rmErr := os.Remove(name); rmErr != nil && !os.IsNotExist(rmErr) && err == nil {
				err = fmt.Errorf("remove scratch collection: %w", rmErr)
			}
		}
	}()
	if err := f.Close(); err != nil {
		return fmt.Errorf("create scratch collection: %w", err)
	}
	if err := writeCollection(path, l, src); err != nil {
		return fmt.Errorf("write collection: %w", err)
	}
	f, err = os.Open(path)
	if err != nil {
		return fmt.Errorf("read collection: %w", err)
	}
	defer f.Close()
	return writeZip(w, f, opts.Now)
}

// effectiveConfig fills in defaults: a zero Config is DefaultConfig, and a
// zero retention or maximum interval takes its default.
func effectiveConfig(cfg starcards.Config) starcards.Config {
	def := starcards.DefaultConfig()
	if cfg.DesiredRetention == 0 && cfg.MaximumInterval == 0 && cfg.NewPerDay == 0 && cfg.ReviewsPerDay == 0 {
		def.Weights = cfg.Weights
		return def
	}
	if cfg.DesiredRetention <= 0 || cfg.DesiredRetention >= 1 {
		cfg.DesiredRetention = def.DesiredRetention
	}
	if cfg.MaximumInterval <= 0 {
		cfg.MaximumInterval = def.MaximumInterval
	}
	if cfg.DayStartHour < 0 || cfg.DayStartHour > 23 {
		cfg.DayStartHour = def.DayStartHour
	}
	return cfg
}

// writeZip writes the package: collection.anki2 copied from the scratch
// file, then media = {}. Entries are Deflate, compressed in blocks on every
// core (parallelDeflate), dated now, so equal input and Now give
// byte-identical packages.
func writeZip(w io.Writer, db io.Reader, now time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return newParallelDeflate(out), nil
	})
	entry := func(name string, r io.Reader) error {
		hw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		_, err = io.Copy(hw, r)
		return err
	}
	if err := entry("collection.anki2", db); err != nil {
		return fmt.Errorf("write package: %w", err)
	}
	if err := entry("media", strings.NewReader("{}")); err != nil {
		return fmt.Errorf("write package: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write package: %w", err)
	}
	return nil
}

// schema11 is rslib/src/storage/schema11.sql: the tables and indexes of a
// schema-11 collection, nothing more (Anki's upgrade to schema 18 creates
// the other tables and fails if they exist).
var schema11 = []string{
	`create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null)`,
	`create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null)`,
	`create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null)`,
	`create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null)`,
	`create table graves (usn integer not null, oid integer not null, type integer not null)`,
}

// schema11Indexes are the indexes of schema11.sql. The first three are
// made with the tables: every row has usn −1 and the rows are inserted in
// rowid order, so each key goes at the end of its index, where SQLite
// inserts without a search. The others are built once their table is full
// (an index built from its table sorts the keys once, far cheaper than
// keeping it while inserting in random key order).
var schema11Indexes = []string{
	`create index ix_notes_usn on notes (usn)`,
	`create index ix_cards_usn on cards (usn)`,
	`create index ix_revlog_usn on revlog (usn)`,
	`create index ix_cards_nid on cards (nid)`,
	`create index ix_cards_sched on cards (did, queue, due)`,
	`create index ix_revlog_cid on revlog (cid)`,
	`create index ix_notes_csum on notes (csum)`,
}

// earlyIndexes is how many of schema11Indexes begin makes.
const earlyIndexes = 3

// writeCollection writes the SQLite collection to path, an empty file.
func writeCollection(path string, l *layout, src Source) (err error) {
	d, err := openSQLite(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := d.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	s := &sqliteSink{d: d, mod: l.opts.Now.Unix()}
	defer s.close()
	return l.run(src, s)
}

// sqliteSink writes the rows into the collection, in one transaction.
type sqliteSink struct {
	d                   *sqliteDB
	mod                 int64
	notesIns, revlogIns *inserter
	taken, resetIns     *sqliteStmt
	revlogIndexed       bool
}

func (s *sqliteSink) begin() error {
	// A scratch file: no journal, no syncs. Rollback-journal mode keeps the
	// header bytes Anki's own exports have (WAL would mark the file).
	//
	// The page cache stays at SQLite's default (2 MB), and the sorter that
	// builds the indexes keeps its temporary runs in files: with a large
	// cache, or temp_store = memory, CREATE INDEX sorts all of a million
	// revlog keys as one linked list in memory, and merging it misses the
	// CPU cache at nearly every step: ix_revlog_cid took 1.7 s (2.3 s here)
	// against 0.5 s sorted in 2 MB runs that are then merged from files.
	// The rows are written in key order, so few pages are read back.
	for _, pragma := range []string{
		"pragma journal_mode = off", "pragma synchronous = off",
		"pragma locking_mode = exclusive",
		"begin",
	} {
		if err := s.d.exec(pragma); err != nil {
			return err
		}
	}
	for _, stmt := range append(schema11[:len(schema11):len(schema11)], schema11Indexes[:earlyIndexes]...) {
		if err := s.d.exec(stmt); err != nil {
			return err
		}
	}
	// The columns every row shares (usn −1, mod, zeros) are literals in
	// the VALUES lists.
	// notes: id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data
	s.notesIns = newInserter(s.d, "notes", "(?,?,?,"+strconv.FormatInt(s.mod, 10)+",-1,?,?,?,?,0,'')")
	// revlog: id, cid, usn, ease, ivl, lastIvl, factor, time, type
	s.revlogIns = newInserter(s.d, "revlog", "(?,?,-1,?,?,?,?,?,?)")
	return nil
}

// notes inserts notes; the first call, after the last revlog row, indexes
// the revlog first (while the reading goroutine makes the next notes).
func (s *sqliteSink) notes(rows []noteRow) error {
	if !s.revlogIndexed {
		if err := s.indexRevlog(); err != nil {
			return err
		}
	}
	in := s.notesIns
	var tags strings.Builder
	for i := range rows {
		n := &rows[i]
		tags.Reset()
		tags.WriteByte(' ')
		for _, t := range n.tags {
			tags.WriteString(t)
			tags.WriteByte(' ')
		}
		if n.leech {
			tags.WriteString("leech ")
		}
		in.int(n.id)
		in.str(n.guid)
		in.int(n.mid)
		in.str(tags.String())
		in.str(n.flds)
		in.str(n.sfld)
		in.int(n.csum)
		in.endRow()
	}
	return in.err
}

func (s *sqliteSink) revlog(rows []revlogRow) error {
	if len(rows) == 0 {
		return nil
	}
	in := s.revlogIns
	for i := range rows {
		r := &rows[i]
		in.int(r.id)
		in.int(r.cid)
		in.int(r.ease)
		in.int(r.ivl)
		in.int(r.lastIvl)
		in.int(r.factor)
		in.int(r.timeMs)
		in.int(r.typ)
		in.endRow()
	}
	return in.err
}

// indexRevlog inserts the last revlog rows and builds the revlog's indexes:
// from rows already in, far cheaper than keeping them while inserting.
func (s *sqliteSink) indexRevlog() error {
	s.revlogIndexed = true
	if err := s.revlogIns.flush(); err != nil {
		return err
	}
	return s.index(" on revlog ")
}

// reset looks ids up in the revlog table: every other row is in by then.
func (s *sqliteSink) reset(row revlogRow) (int64, error) {
	if s.taken == nil {
		if !s.revlogIndexed {
			if err := s.indexRevlog(); err != nil {
				return 0, err
			}
		}
		var err error
		if s.taken, err = s.d.prepare("select 1 from revlog where id = ?"); err != nil {
			return 0, err
		}
		if s.resetIns, err = s.d.prepare("insert into revlog values (?, ?, -1, 0, 0, 0, 0, 0, ?)"); err != nil {
			return 0, err
		}
	}
	for {
		s.taken.int(1, row.id)
		used, err := s.taken.exists()
		if err != nil {
			return 0, err
		}
		if !used {
			break
		}
		row.id++
	}
	s.resetIns.int(1, row.id)
	s.resetIns.int(2, row.cid)
	s.resetIns.int(3, row.typ)
	return row.id, s.resetIns.exec()
}

// cards inserts the cards, and indexes them and the revlog.
func (s *sqliteSink) cards(cards []*xcard) error {
	if !s.revlogIndexed {
		if err := s.indexRevlog(); err != nil {
			return err
		}
	}
	// id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps,
	// lapses, left, odue, odid, flags, data
	in := newInserter(s.d, "cards", "(?,?,?,?,"+strconv.FormatInt(s.mod, 10)+",-1,?,?,?,?,?,?,?,?,0,0,0,?)")
	for _, x := range cards {
		c := &x.anki
		in.int(c.id)
		in.int(c.nid)
		in.int(c.did)
		in.int(c.ord)
		in.int(c.typ)
		in.int(c.queue)
		in.int(c.due)
		in.int(c.ivl)
		in.int(c.factor)
		in.int(c.reps)
		in.int(c.lapses)
		in.int(c.left)
		in.str(c.data)
		in.endRow()
	}
	if err := in.flush(); err != nil {
		return err
	}
	return s.index(" on cards ")
}

// index builds the indexes of schema11Indexes after the early ones whose
// statement holds table.
func (s *sqliteSink) index(table string) error {
	for _, stmt := range schema11Indexes[earlyIndexes:] {
		if strings.Contains(stmt, table) {
			if err := s.d.exec(stmt); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish writes the col row and the indexes (after the rows: building an
// index from sorted rows is far cheaper than keeping it while inserting)
// and commits.
func (s *sqliteSink) finish(l *layout) error {
	crt, conf, models, decks, dconf, err := colRow(l)
	if err != nil {
		return err
	}
	st, err := s.d.prepare(`insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')`)
	if err != nil {
		return err
	}
	now := l.opts.Now.UnixMilli()
	st.int(1, crt)
	st.int(2, now)
	st.int(3, now)
	st.str(4, conf)
	st.str(5, models)
	st.str(6, decks)
	st.str(7, dconf)
	err = st.exec()
	if cerr := st.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("insert col: %w", err)
	}
	if err := s.notesIns.flush(); err != nil {
		return err
	}
	if err := s.index(" on notes "); err != nil {
		return err
	}
	if err := s.close(); err != nil {
		return err
	}
	return s.d.exec("commit")
}

// close finalizes the sink's statements.
func (s *sqliteSink) close() error {
	var err error
	for _, in := range []*inserter{s.notesIns, s.revlogIns} {
		if in != nil {
			if ferr := in.flush(); ferr != nil && ferr != errClosed && err == nil {
				err = ferr
			}
		}
	}
	for _, st := range []*sqliteStmt{s.taken, s.resetIns} {
		if st != nil {
			if cerr := st.close(); cerr != nil && err == nil {
				err = cerr
			}
		}
	}
	s.notesIns, s.revlogIns, s.taken, s.resetIns = nil, nil, nil, nil
	return err
}

// ---- the JSON columns of col (docs/anki-format.md §3)

type modelJSON struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Type      int            `json:"type"`
	Mod       int64          `json:"mod"`
	Usn       int            `json:"usn"`
	Sortf     int            `json:"sortf"`
	Did       *int64         `json:"did"`
	Tmpls     []templateJSON `json:"tmpls"`
	Flds      []fieldJSON    `json:"flds"`
	CSS       string         `json:"css"`
	LatexPre  string         `json:"latexPre"`
	LatexPost string         `json:"latexPost"`
	LatexSVG  bool           `json:"latexsvg"`
	Req       [][]any        `json:"req"`
	Tags      []string       `json:"tags"`
	Vers      []any          `json:"vers"`
}

type templateJSON struct {
	Name  string `json:"name"`
	Ord   int    `json:"ord"`
	Qfmt  string `json:"qfmt"`
	Afmt  string `json:"afmt"`
	Bqfmt string `json:"bqfmt"`
	Bafmt string `json:"bafmt"`
	Did   *int64 `json:"did"`
	Bfont string `json:"bfont"`
	Bsize int    `json:"bsize"`
}

type fieldJSON struct {
	Name              string `json:"name"`
	Ord               int    `json:"ord"`
	Sticky            bool   `json:"sticky"`
	RTL               bool   `json:"rtl"`
	Font              string `json:"font"`
	Size              int    `json:"size"`
	Description       string `json:"description"`
	PlainText         bool   `json:"plainText"`
	Collapsed         bool   `json:"collapsed"`
	ExcludeFromSearch bool   `json:"excludeFromSearch"`
}

type deckJSON struct {
	ID               int64  `json:"id"`
	Mod              int64  `json:"mod"`
	Name             string `json:"name"`
	Usn              int    `json:"usn"`
	LrnToday         [2]int `json:"lrnToday"`
	RevToday         [2]int `json:"revToday"`
	NewToday         [2]int `json:"newToday"`
	TimeToday        [2]int `json:"timeToday"`
	Collapsed        bool   `json:"collapsed"`
	BrowserCollapsed bool   `json:"browserCollapsed"`
	Desc             string `json:"desc"`
	Dyn              int    `json:"dyn"`
	Conf             int64  `json:"conf"`
	ExtendNew        int    `json:"extendNew"`
	ExtendRev        int    `json:"extendRev"`
}

type dconfJSON struct {
	ID                   int64      `json:"id"`
	Mod                  int64      `json:"mod"`
	Name                 string     `json:"name"`
	Usn                  int        `json:"usn"`
	MaxTaken             int        `json:"maxTaken"`
	Autoplay             bool       `json:"autoplay"`
	Timer                int        `json:"timer"`
	Replayq              bool       `json:"replayq"`
	Dyn                  bool       `json:"dyn"`
	New                  dconfNew   `json:"new"`
	Rev                  dconfRev   `json:"rev"`
	Lapse                dconfLapse `json:"lapse"`
	NewMix               int        `json:"newMix"`
	NewPerDayMinimum     int        `json:"newPerDayMinimum"`
	InterdayLearningMix  int        `json:"interdayLearningMix"`
	ReviewOrder          int        `json:"reviewOrder"`
	NewSortOrder         int        `json:"newSortOrder"`
	NewGatherPriority    int        `json:"newGatherPriority"`
	BuryInterdayLearning bool       `json:"buryInterdayLearning"`
	DesiredRetention     float64    `json:"desiredRetention"`
	FsrsWeights          []float64  `json:"fsrsWeights,omitempty"`
	FsrsParams5          []float64  `json:"fsrsParams5,omitempty"`
	FsrsParams6          []float64  `json:"fsrsParams6,omitempty"`
	SM2Retention         float64    `json:"sm2Retention"`
	WeightSearch         string     `json:"weightSearch"`
	StopTimerOnAnswer    bool       `json:"stopTimerOnAnswer"`
	WaitForAudio         bool       `json:"waitForAudio"`
	QuestionAction       int        `json:"questionAction"`
	AnswerAction         int        `json:"answerAction"`
}

type dconfNew struct {
	Bury          bool      `json:"bury"`
	Delays        []float64 `json:"delays"`
	InitialFactor int       `json:"initialFactor"`
	Ints          [3]int    `json:"ints"`
	Order         int       `json:"order"`
	PerDay        int       `json:"perDay"`
}

type dconfRev struct {
	Bury       bool    `json:"bury"`
	Ease4      float64 `json:"ease4"`
	IvlFct     float64 `json:"ivlFct"`
	MaxIvl     int     `json:"maxIvl"`
	PerDay     int     `json:"perDay"`
	HardFactor float64 `json:"hardFactor"`
}

type dconfLapse struct {
	Delays      []float64 `json:"delays"`
	LeechAction int       `json:"leechAction"`
	LeechFails  int       `json:"leechFails"`
	MinInt      int       `json:"minInt"`
	Mult        float64   `json:"mult"`
}

// presetName is the name of the deck-options preset every deck uses.
const presetName = "starcards"

// colRow returns the crt, conf, models, decks and dconf values of the col
// row.
func colRow(p *layout) (crt int64, conf, models, decks, dconf string, err error) {
	now := p.opts.Now
	mod := now.Unix()
	dconfID := hashID(dconfIDName)
	_, offset := now.Zone()

	confv := map[string]any{
		"schedVer":       2,
		"sched2021":      true,
		"creationOffset": -offset / 60,
		"rollover":       p.cfg.DayStartHour,
		"fsrs":           true,
		"nextPos":        len(p.cards) + 1,
		"newSpread":      0,
		"collapseTime":   1200,
		"timeLim":        0,
		"estTimes":       true,
		"dueCounts":      true,
		"sortType":       "noteFld",
		"sortBackwards":  false,
		"addToCur":       true,
		"dayLearnFirst":  false,
	}
	if len(p.decks) > 0 {
		confv["curDeck"] = p.decks[0].id
		confv["activeDecks"] = []int64{p.decks[0].id}
	}
	if len(p.models) > 0 {
		confv["curModel"] = p.models[0].id
	}

	modelsv := make(map[string]modelJSON, len(p.models))
	for _, m := range p.models {
		mj := modelJSON{
			ID: m.id, Name: m.name, Mod: mod, CSS: css, Tags: []string{}, Vers: []any{},
			LatexPre:  "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
			LatexPost: "\\end{document}",
			Req:       [][]any{{0, "any", []int{0}}},
		}
		if m.cloze {
			mj.Type = 1
		}
		for i, t := range m.tmpls {
			mj.Tmpls = append(mj.Tmpls, templateJSON{Name: t.name, Ord: i, Qfmt: t.qfmt, Afmt: t.afmt})
		}
		for i, f := range m.fields {
			mj.Flds = append(mj.Flds, fieldJSON{Name: f, Ord: i, Font: "Arial", Size: 20})
		}
		modelsv[strconv.FormatInt(m.id, 10)] = mj
	}

	decksv := make(map[string]deckJSON, len(p.decks))
	for _, d := range p.decks {
		decksv[strconv.FormatInt(d.id, 10)] = deckJSON{
			ID: d.id, Mod: mod, Name: d.name, Desc: d.desc,
			Conf: dconfID, BrowserCollapsed: true,
		}
	}

	cfg := p.cfg
	dc := dconfJSON{
		ID: dconfID, Mod: mod, Name: presetName, MaxTaken: maxAnswerMs / 1000, Autoplay: true, Replayq: true,
		New: dconfNew{
			Delays: []float64{1, 10}, InitialFactor: defaultFactor, Ints: [3]int{1, 4, 0}, Order: 1,
			PerDay: max(cfg.NewPerDay, 0),
		},
		Rev: dconfRev{
			Ease4: 1.3, IvlFct: 1, MaxIvl: cfg.MaximumInterval, PerDay: max(cfg.ReviewsPerDay, 0),
			HardFactor: 1.2,
		},
		Lapse: dconfLapse{
			Delays: []float64{10}, LeechAction: 1, LeechFails: max(cfg.LeechThreshold, 0),
			MinInt: 1,
		},
		DesiredRetention: round(cfg.DesiredRetention, 2),
		SM2Retention:     0.9,
		WaitForAudio:     true,
	}
	switch w := weights(cfg); len(w) {
	case 21:
		dc.FsrsParams6 = w
	case 17:
		dc.FsrsWeights = w
	default:
		dc.FsrsParams5 = w
	}
	dconfv := map[string]dconfJSON{strconv.FormatInt(dconfID, 10): dc}

	var out [4]string
	for i, v := range []any{confv, modelsv, decksv, dconfv} {
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return 0, "", "", "", "", err
		}
		out[i] = strings.TrimSuffix(buf.String(), "\n")
	}
	return p.clock.crt.Unix(), out[0], out[1], out[2], out[3], nil
}

// weights returns the FSRS parameters: Config.Weights, or go-fsrs's FSRS-5
// defaults.
func weights(cfg starcards.Config) []float64 {
	if len(cfg.Weights) > 0 {
		return cfg.Weights
	}
	return scheduler.DefaultWeights()
}
