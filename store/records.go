package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/starcards/starcards"
)

// Every value the store writes ends in a CRC-32C (Castagnoli) of the bytes
// before it, so that a damaged page is found when the record is read rather
// than decoded into wrong data. bbolt keeps no checksums of its own.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// seal appends the checksum of p to p.
func seal(p []byte) []byte {
	return binary.BigEndian.AppendUint32(p, crc32.Checksum(p, castagnoli))
}

// unseal checks a sealed value and returns it without its checksum.
func unseal(v []byte) ([]byte, error) {
	if len(v) < 4 {
		return nil, fmt.Errorf("%w: a record is cut short", ErrCorrupt)
	}
	p := v[:len(v)-4]
	if crc32.Checksum(p, castagnoli) != binary.BigEndian.Uint32(v[len(v)-4:]) {
		return nil, fmt.Errorf("%w: a record fails its checksum", ErrCorrupt)
	}
	return p, nil
}

// The story and settings records are the store's own types, with their own
// JSON names: renaming a field of the domain types changes nothing on disk.
// Their names are those the domain fields had when the records were
// first written (version 1 was JSON of the domain structs), so version 1
// decodes as version 2.

// storyRecord is how a story is kept, version 2 (sealed JSON).
type storyRecord struct {
	V        int       `json:"v"`
	Story    storyDoc  `json:"story"`
	Hash     string    `json:"hash"`   // SHA-256 of the source file
	Source   string    `json:"source"` // the file it was imported from
	Seq      uint32    `json:"seq"`    // order of first import
	Imported time.Time `json:"imported"`
	Retired  bool      `json:"retired,omitempty"`
}

const storyRecordV2 = 2

type storyDoc struct {
	ID          string          `json:"ID"`
	Title       string          `json:"Title"`
	Question    string          `json:"Question"`
	Principles  []string        `json:"Principles"`
	Role        string          `json:"Role"`
	Summary     string          `json:"Summary,omitempty"`
	Coaching    string          `json:"Coaching,omitempty"`
	Sections    []sectionDoc    `json:"Sections"`
	Reflections []reflectionDoc `json:"Reflections"`
	Followups   []followupDoc   `json:"Followups"`
	WeakAnswer  *weakAnswerDoc  `json:"WeakAnswer"`
	Quizzes     []quizDoc       `json:"Quizzes"`
	Angles      []angleDoc      `json:"Angles"`
	Levels      []levelDoc      `json:"Levels"`
}

type sectionDoc struct {
	Name     string   `json:"Name"`
	Target   int64    `json:"Target"` // nanoseconds
	Example  string   `json:"Example"`
	Phrases  []string `json:"Phrases"`
	Coaching string   `json:"Coaching"`
	Mistake  string   `json:"Mistake"`
}

type reflectionDoc struct {
	Level string `json:"Level"`
	Text  string `json:"Text"`
}

type followupDoc struct {
	ID       string `json:"ID"`
	Question string `json:"Question"`
	Probes   string `json:"Probes"`
	Weak     string `json:"Weak"`
	WeakWhy  string `json:"WeakWhy"`
	Strong   string `json:"Strong"`
	Key      string `json:"Key"`
}

type weakAnswerDoc struct {
	Text    string   `json:"Text"`
	Flaws   []string `json:"Flaws"`
	Verdict string   `json:"Verdict"`
}

type quizDoc struct {
	ID          string   `json:"ID"`
	Question    string   `json:"Question"`
	Options     []string `json:"Options"`
	Answer      int      `json:"Answer"`
	Explanation string   `json:"Explanation"`
}

type angleDoc struct {
	Principle string `json:"Principle"`
	Lead      string `json:"Lead"`
	Emphasize string `json:"Emphasize"`
	Downplay  string `json:"Downplay"`
}

type levelDoc struct {
	Level      string `json:"Level"`
	Focus      string `json:"Focus"`
	Reflection string `json:"Reflection"`
	Bar        string `json:"Bar"`
	Time       int64  `json:"Time"` // nanoseconds
}

func toStoryDoc(s *starcards.Story) storyDoc {
	d := storyDoc{ID: s.ID, Title: s.Title, Question: s.Question, Principles: s.Principles, Role: s.Role, Summary: s.Summary, Coaching: s.Coaching}
	for _, x := range s.Sections {
		d.Sections = append(d.Sections, sectionDoc{x.Name, int64(x.Target), x.Example, x.Phrases, x.Coaching, x.Mistake})
	}
	for _, x := range s.Reflections {
		d.Reflections = append(d.Reflections, reflectionDoc{x.Level, x.Text})
	}
	for _, x := range s.Followups {
		d.Followups = append(d.Followups, followupDoc{x.ID, x.Question, x.Probes, x.Weak, x.WeakWhy, x.Strong, x.Key})
	}
	if w := s.WeakAnswer; w != nil {
		d.WeakAnswer = &weakAnswerDoc{w.Text, w.Flaws, w.Verdict}
	}
	for _, x := range s.Quizzes {
		d.Quizzes = append(d.Quizzes, quizDoc{x.ID, x.Question, x.Options, x.Answer, x.Explanation})
	}
	for _, x := range s.Angles {
		d.Angles = append(d.Angles, angleDoc{x.Principle, x.Lead, x.Emphasize, x.Downplay})
	}
	for _, x := range s.Levels {
		d.Levels = append(d.Levels, levelDoc{x.Level, x.Focus, x.Reflection, x.Bar, int64(x.Time)})
	}
	return d
}

func (d storyDoc) story() starcards.Story {
	s := starcards.Story{ID: d.ID, Title: d.Title, Question: d.Question, Principles: d.Principles, Role: d.Role, Summary: d.Summary, Coaching: d.Coaching}
	for _, x := range d.Sections {
		s.Sections = append(s.Sections, starcards.Section{Name: x.Name, Target: time.Duration(x.Target), Example: x.Example, Phrases: x.Phrases, Coaching: x.Coaching, Mistake: x.Mistake})
	}
	for _, x := range d.Reflections {
		s.Reflections = append(s.Reflections, starcards.Reflection{Level: x.Level, Text: x.Text})
	}
	for _, x := range d.Followups {
		s.Followups = append(s.Followups, starcards.Followup{ID: x.ID, Question: x.Question, Probes: x.Probes, Weak: x.Weak, WeakWhy: x.WeakWhy, Strong: x.Strong, Key: x.Key})
	}
	if w := d.WeakAnswer; w != nil {
		s.WeakAnswer = &starcards.WeakAnswer{Text: w.Text, Flaws: w.Flaws, Verdict: w.Verdict}
	}
	for _, x := range d.Quizzes {
		s.Quizzes = append(s.Quizzes, starcards.Quiz{ID: x.ID, Question: x.Question, Options: x.Options, Answer: x.Answer, Explanation: x.Explanation})
	}
	for _, x := range d.Angles {
		s.Angles = append(s.Angles, starcards.Angle{Principle: x.Principle, Lead: x.Lead, Emphasize: x.Emphasize, Downplay: x.Downplay})
	}
	for _, x := range d.Levels {
		s.Levels = append(s.Levels, starcards.Level{Level: x.Level, Focus: x.Focus, Reflection: x.Reflection, Bar: x.Bar, Time: time.Duration(x.Time)})
	}
	return s
}

func (r storyRecord) encode() ([]byte, error) {
	r.V = storyRecordV2
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return seal(b), nil
}

// decodeStory decodes a story record stored under key.
func decodeStory(key, v []byte) (storyRecord, error) {
	var r storyRecord
	p, err := unseal(v)
	if err != nil {
		return r, fmt.Errorf("story %s: %w", key, err)
	}
	if err := json.Unmarshal(p, &r); err != nil || r.V != storyRecordV2 || r.Story.ID != string(key) {
		return r, fmt.Errorf("%w: bad story record %q", ErrCorrupt, key)
	}
	return r, nil
}

// storyBrief is the outline of a story kept beside its record: what
// statistics and import read, without the story's text. Sealed JSON.
type storyBrief struct {
	Story struct {
		ID         string
		Title      string
		Question   string `json:",omitempty"`
		Principles []string
		Role       string
		Angles     []struct{ Principle string }
	} `json:"story"`
	Seq     uint32 `json:"seq"`
	Retired bool   `json:"retired,omitempty"`
}

func decodeBrief(key, v []byte) (storyBrief, error) {
	var b storyBrief
	p, err := unseal(v)
	if err != nil {
		return b, fmt.Errorf("story outline %s: %w", key, err)
	}
	if !parseBrief(p, &b) {
		b = storyBrief{}
		if err := json.Unmarshal(p, &b); err != nil {
			return b, fmt.Errorf("%w: bad story outline %q", ErrCorrupt, key)
		}
	}
	if b.Story.ID != string(key) {
		return b, fmt.Errorf("%w: bad story outline %q", ErrCorrupt, key)
	}
	return b, nil
}

// configRecord is how the settings are kept, version 2 (sealed JSON).
type configRecord struct {
	V      int       `json:"v"`
	Config configDoc `json:"config"`
}

const configRecordV2 = 2

type configDoc struct {
	DesiredRetention float64   `json:"DesiredRetention"`
	MaximumInterval  int       `json:"MaximumInterval"`
	Fuzz             bool      `json:"Fuzz"`
	NewPerDay        int       `json:"NewPerDay"`
	ReviewsPerDay    int       `json:"ReviewsPerDay"`
	DayStartHour     int       `json:"DayStartHour"`
	LeechThreshold   int       `json:"LeechThreshold"`
	Weights          []float64 `json:"Weights"`
	// InterviewDate is read from older records only: the interview date is
	// the study plan's now (migratePlan moves it there).
	InterviewDate time.Time `json:"InterviewDate,omitzero"`
	BackupsKept   *int      `json:"BackupsKept,omitempty"`
	// Level was added within version 2: absent in older records, it reads
	// as "" (each story's role), its default.
	Level string `json:"Level,omitempty"`
	// Principles is the competency catalogue, added within version 2 the
	// same way: absent means the default (Amazon's).
	Principles string `json:"Principles,omitempty"`
}

func toConfigDoc(c starcards.Config) configDoc {
	kept := c.BackupsKept
	return configDoc{c.DesiredRetention, c.MaximumInterval, c.Fuzz, c.NewPerDay, c.ReviewsPerDay, c.DayStartHour, c.LeechThreshold, c.Weights, time.Time{}, &kept, c.Level, c.Principles}
}

// config returns the settings, starting from the defaults so that a key
// never set (or added after the record was written) has its default.
func (d configDoc) config() starcards.Config {
	c := starcards.DefaultConfig()
	c.DesiredRetention, c.MaximumInterval, c.Fuzz, c.NewPerDay, c.ReviewsPerDay, c.DayStartHour, c.LeechThreshold, c.Weights =
		d.DesiredRetention, d.MaximumInterval, d.Fuzz, d.NewPerDay, d.ReviewsPerDay, d.DayStartHour, d.LeechThreshold, d.Weights
	if d.BackupsKept != nil {
		c.BackupsKept = *d.BackupsKept
	}
	c.Level = d.Level
	c.Principles = d.Principles
	return c
}

func encodeConfig(c starcards.Config) ([]byte, error) { return encodeConfigDoc(toConfigDoc(c)) }

func encodeConfigDoc(d configDoc) ([]byte, error) {
	b, err := json.Marshal(configRecord{V: configRecordV2, Config: d})
	if err != nil {
		return nil, err
	}
	return seal(b), nil
}

func decodeConfig(v []byte) (starcards.Config, error) {
	p, err := unseal(v)
	if err != nil {
		return starcards.Config{}, fmt.Errorf("settings: %w", err)
	}
	rec := configRecord{Config: toConfigDoc(starcards.DefaultConfig())}
	rec.Config.BackupsKept = nil
	if err := json.Unmarshal(p, &rec); err != nil || rec.V != configRecordV2 {
		return starcards.Config{}, fmt.Errorf("%w: bad settings record", ErrCorrupt)
	}
	return rec.Config.config(), nil
}
