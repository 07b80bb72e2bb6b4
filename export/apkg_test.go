package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

func TestApkgContainer(t *testing.T) {
	p := MustOpen(t, MustApkg(t, testCollection(), Options{Now: testNow}))
	if want := []string{"collection.anki2", "media"}; !slices.Equal(p.names, want) {
		t.Fatalf("zip entries = %q, want %q", p.names, want)
	}
	if got := string(p.entries["media"]); got != "{}" {
		t.Errorf("media = %q, want {}", got)
	}
	if h := p.entries["collection.anki2"]; h[18] != 1 || h[19] != 1 {
		t.Errorf("SQLite header bytes 18/19 = %d/%d, want 1/1 (rollback journal, not WAL)", h[18], h[19])
	}
}

func TestApkgSchema(t *testing.T) {
	p := MustOpen(t, MustApkg(t, testCollection(), Options{Now: testNow}))
	want := map[string]string{
		"col":    "id integer pk,crt integer nn,mod integer nn,scm integer nn,ver integer nn,dty integer nn,usn integer nn,ls integer nn,conf text nn,models text nn,decks text nn,dconf text nn,tags text nn",
		"notes":  "id integer pk,guid text nn,mid integer nn,mod integer nn,usn integer nn,tags text nn,flds text nn,sfld integer nn,csum integer nn,flags integer nn,data text nn",
		"cards":  "id integer pk,nid integer nn,did integer nn,ord integer nn,mod integer nn,usn integer nn,type integer nn,queue integer nn,due integer nn,ivl integer nn,factor integer nn,reps integer nn,lapses integer nn,left integer nn,odue integer nn,odid integer nn,flags integer nn,data text nn",
		"revlog": "id integer pk,cid integer nn,usn integer nn,ease integer nn,ivl integer nn,lastIvl integer nn,factor integer nn,time integer nn,type integer nn",
		"graves": "usn integer nn,oid integer nn,type integer nn",
	}
	var tables []string
	for _, r := range p.rows(t, `select name from sqlite_master where type = 'table' order by name`) {
		tables = append(tables, r["name"].(string))
	}
	if !slices.Equal(tables, []string{"cards", "col", "graves", "notes", "revlog"}) {
		t.Fatalf("tables = %q, want exactly cards col graves notes revlog", tables)
	}
	for table, cols := range want {
		t.Run(table, func(t *testing.T) {
			var got []string
			for _, r := range p.rows(t, `select name, type, "notnull" nn, pk from pragma_table_info(?)`, table) {
				c := r["name"].(string) + " " + strings.ToLower(r["type"].(string))
				if r["pk"].(int64) == 1 {
					c += " pk"
				} else if r["nn"].(int64) == 1 {
					c += " nn"
				}
				got = append(got, c)
			}
			if g := strings.Join(got, ","); g != cols {
				t.Errorf("columns\n got %s\nwant %s", g, cols)
			}
		})
	}
	var idx []string
	for _, r := range p.rows(t, `select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name`) {
		idx = append(idx, r["name"].(string))
	}
	wantIdx := []string{"ix_cards_nid", "ix_cards_sched", "ix_cards_usn", "ix_notes_csum", "ix_notes_usn", "ix_revlog_cid", "ix_revlog_usn"}
	if !slices.Equal(idx, wantIdx) {
		t.Errorf("indexes = %q, want %q", idx, wantIdx)
	}
}

// colJSON reads the single col row.
func colJSON(t *testing.T, p *pkg) (row map[string]any, js map[string]map[string]any) {
	t.Helper()
	rows := p.rows(t, `select * from col`)
	if len(rows) != 1 {
		t.Fatalf("col has %d rows, want 1", len(rows))
	}
	row = rows[0]
	js = map[string]map[string]any{}
	for _, k := range []string{"conf", "models", "decks", "dconf", "tags"} {
		var v map[string]any
		dec := json.NewDecoder(strings.NewReader(row[k].(string)))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("col.%s: %v", k, err)
		}
		js[k] = v
	}
	return row, js
}

func isInt(v any) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	_, err := strconv.ParseInt(string(n), 10, 64)
	return err == nil
}

func TestApkgColRow(t *testing.T) {
	p := MustOpen(t, MustApkg(t, testCollection(), Options{Now: testNow}))
	row, js := colJSON(t, p)
	crt := starcards.DayStart(testNow, 4).Unix()
	for col, want := range map[string]int64{"id": 1, "ver": 11, "crt": crt, "mod": testNow.UnixMilli(), "scm": testNow.UnixMilli(), "dty": 0, "usn": 0, "ls": 0} {
		if got := row[col].(int64); got != want {
			t.Errorf("col.%s = %d, want %d", col, got, want)
		}
	}
	conf := js["conf"]
	if conf["schedVer"] != json.Number("2") || conf["creationOffset"] != json.Number("-120") || conf["rollover"] != json.Number("4") {
		t.Errorf("conf schedVer/creationOffset/rollover = %v/%v/%v, want 2/-120/4", conf["schedVer"], conf["creationOffset"], conf["rollover"])
	}
	if len(js["tags"]) != 0 {
		t.Errorf("tags = %v, want {}", js["tags"])
	}

	// Required keys (docs/anki-format.md §3) and integer-typed values.
	check := func(what string, obj map[string]any, ints []string, others ...string) {
		t.Helper()
		for _, k := range ints {
			if !isInt(obj[k]) {
				t.Errorf("%s: %s = %v, want an integer", what, k, obj[k])
			}
		}
		for _, k := range others {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s: key %s missing", what, k)
			}
		}
	}
	dconfIDs := map[string]bool{}
	for key, v := range js["dconf"] {
		d := v.(map[string]any)
		dconfIDs[key] = true
		check("dconf "+key, d, []string{"id", "mod", "usn", "maxTaken"}, "name", "autoplay", "timer", "new", "rev", "lapse")
		if d["id"] != json.Number(key) {
			t.Errorf("dconf key %s has id %v", key, d["id"])
		}
		if d["desiredRetention"] != json.Number("0.9") {
			t.Errorf("dconf desiredRetention = %v, want 0.9", d["desiredRetention"])
		}
		if w := d["fsrsParams5"].([]any); len(w) != 19 || w[0] != json.Number("0.40255") {
			t.Errorf("dconf fsrsParams5 = %v, want the 19 FSRS-5 defaults", w)
		}
		if _, ok := d["autoplay"].(bool); !ok {
			t.Errorf("dconf autoplay = %v, want a JSON bool", d["autoplay"])
		}
	}
	if len(dconfIDs) != 1 {
		t.Errorf("%d deck option groups, want 1", len(dconfIDs))
	}
	var deckNames []string
	for key, v := range js["decks"] {
		d := v.(map[string]any)
		check("deck "+key, d, []string{"id", "usn", "conf", "dyn"}, "name", "lrnToday", "revToday", "newToday", "timeToday", "collapsed")
		if d["id"] != json.Number(key) {
			t.Errorf("deck key %s has id %v", key, d["id"])
		}
		if !dconfIDs[string(d["conf"].(json.Number))] {
			t.Errorf("deck %s: conf %v not in dconf", key, d["conf"])
		}
		deckNames = append(deckNames, d["name"].(string))
	}
	slices.Sort(deckNames)
	if want := []string{"STAR", "STAR::Webhook drop rate"}; !slices.Equal(deckNames, want) {
		t.Errorf("decks = %q, want %q", deckNames, want)
	}
	for key, v := range js["models"] {
		m := v.(map[string]any)
		check("model "+key, m, []string{"id", "type", "mod", "usn", "sortf"}, "name", "did", "tmpls", "flds", "css")
		if m["id"] != json.Number(key) {
			t.Errorf("model key %s has id %v", key, m["id"])
		}
		for _, f := range m["flds"].([]any) {
			check("model "+key+" field", f.(map[string]any), []string{"size", "ord"}, "name", "sticky", "rtl", "font")
		}
		for _, tm := range m["tmpls"].([]any) {
			check("model "+key+" template", tm.(map[string]any), []string{"ord"}, "name", "qfmt", "afmt")
		}
	}
}

// models returns the note types of a package by id.
func models(t *testing.T, p *pkg) map[int64]map[string]any {
	t.Helper()
	_, js := colJSON(t, p)
	out := map[int64]map[string]any{}
	for key, v := range js["models"] {
		id, _ := strconv.ParseInt(key, 10, 64)
		out[id] = v.(map[string]any)
	}
	return out
}

var templateRef = regexp.MustCompile(`\{\{([#^/]?)([^}]*)\}\}`)

func TestNoteTypes(t *testing.T) {
	p := MustOpen(t, MustApkg(t, testCollection(), Options{Now: testNow}))
	ms := models(t, p)
	if len(ms) != len(starcards.Kinds) {
		t.Fatalf("%d note types, want %d", len(ms), len(starcards.Kinds))
	}
	for _, k := range starcards.Kinds {
		t.Run(string(k), func(t *testing.T) {
			id := hashID(modelIDName(string(k), max(modelVersions[k], 1)))
			m := ms[id]
			if m == nil {
				t.Fatalf("no note type with id %d", id)
			}
			var fields []string
			for _, f := range m["flds"].([]any) {
				fields = append(fields, f.(map[string]any)["name"].(string))
			}
			if !slices.Equal(fields, k.FieldNames()) {
				t.Errorf("fields = %q, want %q", fields, k.FieldNames())
			}
			wantType := json.Number("0")
			if isCloze(k) {
				wantType = "1"
			}
			if m["type"] != wantType {
				t.Errorf("type = %v, want %v", m["type"], wantType)
			}
			if m["name"] != modelNames[k] {
				t.Errorf("name = %v, want %v", m["name"], modelNames[k])
			}
			tm := m["tmpls"].([]any)[0].(map[string]any)
			for _, side := range []string{"qfmt", "afmt"} {
				for _, ref := range templateRef.FindAllStringSubmatch(tm[side].(string), -1) {
					name := ref[2]
					if i := strings.LastIndexByte(name, ':'); i >= 0 {
						name = name[i+1:]
					}
					if name != "FrontSide" && !slices.Contains(fields, name) {
						t.Errorf("%s refers to {{%s}}, not a field", side, ref[2])
					}
				}
			}
			if isCloze(k) && !strings.Contains(tm["qfmt"].(string), "{{cloze:Text}}") {
				t.Errorf("cloze front lacks {{cloze:Text}}: %s", tm["qfmt"])
			}
			if m["css"] != css {
				t.Errorf("css differs from the shared stylesheet")
			}
		})
	}
	for _, sel := range []string{".nightMode", ".night_mode"} {
		if !strings.Contains(css, sel) {
			t.Errorf("css has no %s rule", sel)
		}
	}
}

// clozeNumbers returns the cloze numbers Anki sees in field text.
var clozeOpen = regexp.MustCompile(`\{\{c(\d+)::`)

func clozeNumbers(s string) []int {
	var ns []int
	for _, m := range clozeOpen.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		if !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns
}

// checkNotes asserts the invariants Anki's importer relies on for every
// note and card of a package.
func checkNotes(t *testing.T, p *pkg) {
	t.Helper()
	ms := models(t, p)
	_, js := colJSON(t, p)
	guids := map[string]bool{}
	ords := map[int64][]int{}
	for _, c := range p.rows(t, `select nid, ord, did from cards order by nid, ord`) {
		ords[c["nid"].(int64)] = append(ords[c["nid"].(int64)], int(c["ord"].(int64)))
		if _, ok := js["decks"][strconv.FormatInt(c["did"].(int64), 10)]; !ok {
			t.Errorf("card of note %d: deck %d not in col.decks", c["nid"], c["did"])
		}
	}
	for _, n := range p.rows(t, `select id, guid, mid, mod, tags, flds, cast(sfld as text) sfld, csum, flags, data, usn from notes`) {
		id := n["id"].(int64)
		m := ms[n["mid"].(int64)]
		if m == nil {
			t.Errorf("note %d: mid %d is no note type", id, n["mid"])
			continue
		}
		fields := strings.Split(n["flds"].(string), "\x1f")
		if want := len(m["flds"].([]any)); len(fields) != want {
			t.Errorf("note %d: %d fields, note type has %d", id, len(fields), want)
			continue
		}
		for i, f := range fields {
			if strings.ContainsFunc(f, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Errorf("note %d field %d: control character in %q", id, i, f[:min(len(f), 60)])
			}
			if strings.Contains(f, `"`) {
				t.Errorf("note %d field %d: raw double quote", id, i)
			}
		}
		first := stripHTMLPreservingMedia(fields[0])
		if got, want := n["sfld"].(string), first; got != want {
			t.Errorf("note %d: sfld %q, want %q", id, got, want)
		}
		if got, want := n["csum"].(int64), int64(fieldChecksum(first)); got != want {
			t.Errorf("note %d: csum %d, want %d", id, got, want)
		}
		guid := n["guid"].(string)
		if guid == "" || guids[guid] || strings.ContainsAny(guid, " \t\x1f") {
			t.Errorf("note %d: guid %q empty, duplicate or with spaces", id, guid)
		}
		guids[guid] = true
		if id < 1e12 || id > testNow.UnixMilli() {
			t.Errorf("note %d: id not epoch ms in the past", id)
		}
		if tags := n["tags"].(string); !strings.HasPrefix(tags, " starcards ") || !strings.HasSuffix(tags, " ") {
			t.Errorf("note %d: tags %q, want \" starcards … \"", id, tags)
		}
		if n["flags"].(int64) != 0 || n["data"].(string) != "" {
			t.Errorf("note %d: flags %v data %q, want 0 and \"\"", id, n["flags"], n["data"])
		}
		want := []int{0}
		if m["type"] == json.Number("1") {
			want = nil
			for _, c := range clozeNumbers(n["flds"].(string)) {
				want = append(want, c-1)
			}
		}
		if got := ords[id]; !slices.Equal(got, want) {
			t.Errorf("note %d: card ords %v, want %v", id, got, want)
		}
	}
}

func TestApkgNotes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		col   Collection
		sched bool
	}{
		{"Small", testCollection(), false},
		{"Scheduled", scheduledCollection(), true},
		{"Adversarial", adversarialCollection(), true},
		{"Generated", generated(20, true, testNow), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNotes(t, MustOpen(t, MustApkg(t, tc.col, Options{Now: testNow, WithScheduling: tc.sched})))
		})
	}
}

func TestApkgNoteContent(t *testing.T) {
	p := MustOpen(t, MustApkg(t, testCollection(), Options{Now: testNow}))
	byGUID := map[string]map[string]any{}
	for _, n := range p.rows(t, `select guid, flds, tags from notes`) {
		byGUID[n["guid"].(string)] = n
	}
	note := func(kind starcards.Kind, key string) (fields []string, tags string) {
		id := starcards.CardID{Story: "webhook-drop-rate", Kind: kind, Key: key}.String()
		n := byGUID[guidFor(id, "")]
		if n == nil {
			t.Fatalf("no note for %s", id)
		}
		return strings.Split(n["flds"].(string), "\x1f"), n["tags"].(string)
	}
	f, tags := note(starcards.KindPhrase, "action/retry-queue")
	wantText := "I added a {{c1::retry queue}} and replayed 40,000 events."
	if f[3] != wantText {
		t.Errorf("phrase Text\n got %s\nwant %s", f[3], wantText)
	}
	if f, _ := note(starcards.KindNumber, "action/replayed-40-000-events"); f[3] != "I added a retry queue and {{c1::replayed 40,000 events}}." {
		t.Errorf("number Text = %s, want one cloze around the number", f[3])
	}
	wantTags := " starcards story::webhook-drop-rate kind::phrase principle::Bias_for_Action principle::Ownership role::Backend level::Senior_SDE "
	if tags != wantTags {
		t.Errorf("tags\n got %q\nwant %q", tags, wantTags)
	}
	f, _ = note(starcards.KindQuiz, "first-step")
	if want := "<ol class=options type=A><li>Page the owner</li><li class=correct>Add a retry queue</li><li>Wait for the weekly review</li></ol>"; f[3] != want {
		t.Errorf("quiz Options\n got %s\nwant %s", f[3], want)
	}
	if want := "<span class=answer-letter>B.</span> Add a retry queue"; f[4] != want {
		t.Errorf("quiz Answer = %s, want %s", f[4], want)
	}
	f, _ = note(starcards.KindQuiz, "why")
	if f[3] != "" || f[4] != "" || f[5] != "Money was lost every hour." {
		t.Errorf("plain quiz fields = %q, want empty options/answer and the explanation", f)
	}
}

func TestApkgStableIdentity(t *testing.T) {
	col := scheduledCollection()
	ids := func(data []byte) (notes, cards map[string]int64) {
		p := MustOpen(t, data)
		notes, cards = map[string]int64{}, map[string]int64{}
		for _, r := range p.rows(t, `select n.guid, n.id nid, c.id cid, c.ord from notes n join cards c on c.nid = n.id`) {
			notes[r["guid"].(string)] = r["nid"].(int64)
			cards[r["guid"].(string)+"/"+strconv.FormatInt(r["ord"].(int64), 10)] = r["cid"].(int64)
		}
		return notes, cards
	}
	a := MustApkg(t, col, Options{Now: testNow, WithScheduling: true})
	if b := MustApkg(t, col, Options{Now: testNow, WithScheduling: true}); !bytes.Equal(a, b) {
		t.Errorf("two exports with the same input and Now differ")
	}
	// Later, cards in another order, without scheduling: same guids and ids.
	shuffled := col
	shuffled.Cards = slices.Clone(col.Cards)
	slices.Reverse(shuffled.Cards)
	b := MustApkg(t, shuffled, Options{Now: testNow.Add(72 * time.Hour)})
	na, ca := ids(a)
	nb, cb := ids(b)
	if len(na) != len(col.Cards) || !mapsEqual(na, nb) || !mapsEqual(ca, cb) {
		t.Errorf("ids differ between exports:\n%v %v\n%v %v", na, ca, nb, cb)
	}
	// And the guid is the documented function of the card id.
	for _, cs := range col.Cards {
		if _, ok := na[guidFor(cs.Card.ID.String(), "")]; !ok {
			t.Errorf("no note with guid %s for %s", guidFor(cs.Card.ID.String(), ""), cs.Card.ID)
		}
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestIDCollisions(t *testing.T) {
	s := idSet{}
	a := s.take("x")
	b := s.take("x")
	if b != a+1 {
		t.Errorf("second id for the same name = %d, want %d", b, a+1)
	}
	if a < idBase || a >= idBase+idSpan {
		t.Errorf("id %d outside the window", a)
	}
	if end := time.UnixMilli(idBase + idSpan); end.Year() != 2019 {
		t.Errorf("id window ends %v, want in 2019", end)
	}
}

// TestIDHashes: card and note ids are the hashes of their names, as every
// earlier export spelled them, for ids short and longer than the stack
// buffer.
func TestIDHashes(t *testing.T) {
	for _, id := range []string{"", "s/section/task", "a/b/c" + strings.Repeat("é", 100)} {
		for _, ord := range []int{0, 1, 12} {
			if got, want := cardIDHash(id, ord), hashID("starcards/card/v1\x00"+id+"\x00"+strconv.Itoa(ord)); got != want {
				t.Errorf("cardIDHash(%q, %d) = %d, want %d", id, ord, got, want)
			}
		}
		if got, want := noteIDHash(id), hashID("starcards/note/v1\x00"+id); got != want {
			t.Errorf("noteIDHash(%q) = %d, want %d", id, got, want)
		}
	}
}

// TestUniqueIDs: uniqueIDs gives what idSet.take gives in the same order,
// with no collision, with collisions (one at the end of the window, which
// wraps), and with a run of them.
func TestUniqueIDs(t *testing.T) {
	last := int64(idBase + idSpan - 1)
	for _, hashes := range [][]int64{
		{idBase + 5, idBase + 1, idBase + 9},
		{idBase + 5, idBase + 5, idBase + 6, idBase + 5},
		{last, last, idBase, last},
		{},
	} {
		s := idSet{}
		var want []int64
		for _, h := range hashes {
			want = append(want, s.takeFrom(h))
		}
		if got := uniqueIDs(slices.Clone(hashes)); !slices.Equal(got, want) {
			t.Errorf("uniqueIDs(%v) = %v, want %v", hashes, got, want)
		}
	}
}

// TestGUIDSalt: a guid taken by an earlier card is salted, "#1" first,
// then "#2" if that is taken too; without a collision each guid is its
// number's.
func TestGUIDSalt(t *testing.T) {
	ids := []string{"a", "b", "c"}
	got := guids(ids, []uint64{7, 8, 9})
	if want := []string{guidString(7), guidString(8), guidString(9)}; !slices.Equal(got, want) {
		t.Errorf("no collision: %v, want %v", got, want)
	}
	salted1 := guidNumber("c", "#1")
	got = guids(ids, []uint64{7, salted1, 7})
	want := []string{guidString(7), guidString(salted1), guidString(guidNumber("c", "#2"))}
	if !slices.Equal(got, want) {
		t.Errorf("collisions: %v, want %v", got, want)
	}
	if guidFor("a", "") != guidString(guidNumber("a", "")) {
		t.Error("guidFor disagrees with guidNumber")
	}
}

func TestApkgWithoutScheduling(t *testing.T) {
	p := MustOpen(t, MustApkg(t, scheduledCollection(), Options{Now: testNow}))
	pos := map[int64]int64{}
	for _, c := range p.rows(t, `select nid, type, queue, due, ivl, factor, reps, lapses, left, data from cards`) {
		for _, k := range []string{"type", "queue", "ivl", "factor", "reps", "lapses", "left"} {
			if c[k].(int64) != 0 {
				t.Errorf("card of note %d: %s = %d, want 0", c["nid"], k, c[k])
			}
		}
		if c["data"] != "" {
			t.Errorf("data = %q, want empty", c["data"])
		}
		if p, ok := pos[c["nid"].(int64)]; ok && p != c["due"].(int64) {
			t.Errorf("siblings of note %d have positions %d and %d", c["nid"], p, c["due"])
		}
		pos[c["nid"].(int64)] = c["due"].(int64)
	}
	var dues []int64
	for _, v := range pos {
		dues = append(dues, v)
	}
	slices.Sort(dues)
	for i, d := range dues {
		if d != int64(i+1) {
			t.Fatalf("new positions = %v, want 1…%d", dues, len(dues))
		}
	}
	if n := p.rows(t, `select count(*) n from revlog`)[0]["n"].(int64); n != 0 {
		t.Errorf("%d revlog rows without scheduling, want 0", n)
	}
}

func TestApkgScheduling(t *testing.T) {
	col := scheduledCollection()
	p := MustOpen(t, MustApkg(t, col, Options{Now: testNow, WithScheduling: true}))
	crt := starcards.DayStart(testNow, 4)
	day := func(tm time.Time) int64 {
		return int64(math.Round(starcards.DayStart(tm.In(zone), 4).Sub(crt).Hours() / 24))
	}

	type row = map[string]any
	cardsByGUID := map[string][]row{}
	for _, r := range p.rows(t, `select n.guid, c.* from cards c join notes n on n.id = c.nid order by c.ord`) {
		cardsByGUID[r["guid"].(string)] = append(cardsByGUID[r["guid"].(string)], r)
	}
	revlog := map[int64][]row{}
	for _, r := range p.rows(t, `select * from revlog order by id`) {
		revlog[r["cid"].(int64)] = append(revlog[r["cid"].(int64)], r)
		if r["id"].(int64) > testNow.UnixMilli() {
			t.Errorf("revlog id %d after now", r["id"])
		}
	}
	reviews := map[starcards.CardID][]starcards.Review{}
	for _, r := range col.Reviews {
		reviews[r.Card] = append(reviews[r.Card], r)
	}
	wantState := []struct{ typ, queue int64 }{
		{2, 2},
		{2, -1},
		{2, 2},
		{3, 1},
		{1, 1},
		{2, -3},
		{0, 0},
		{0, 0},
		{2, 2},
		{2, 2},
		{2, 2},
		{0, 0},
		{0, 0},
	}
	for i, cs := range col.Cards {
		s := cs.Schedule
		t.Run(cs.Card.ID.String(), func(t *testing.T) {
			rows := cardsByGUID[guidFor(cs.Card.ID.String(), "")]
			if len(rows) == 0 {
				t.Fatal("no cards")
			}
			for _, c := range rows {
				typ, queue := c["type"].(int64), c["queue"].(int64)
				if typ != wantState[i].typ || queue != wantState[i].queue {
					t.Errorf("type/queue = %d/%d, want %d/%d", typ, queue, wantState[i].typ, wantState[i].queue)
				}
				log := revlog[c["id"].(int64)]
				if len(log) != len(reviews[cs.Card.ID]) {
					t.Fatalf("%d revlog rows, want %d", len(log), len(reviews[cs.Card.ID]))
				}
				for j, r := range reviews[cs.Card.ID] {
					l := log[j]
					if l["ease"].(int64) != int64(r.Rating) || l["id"].(int64)/1000 != r.Time.Unix() {
						t.Errorf("revlog %d: ease %d id %d, want %d at %d", j, l["ease"], l["id"], r.Rating, r.Time.Unix())
					}
					if want := int64(revlogKind(r.Before.State)); l["type"].(int64) != want {
						t.Errorf("revlog %d: type %d, want %d", j, l["type"], want)
					}
					if l["time"].(int64) != min(r.Duration.Milliseconds(), 60000) {
						t.Errorf("revlog %d: time %d, want %d", j, l["time"], r.Duration.Milliseconds())
					}
					if f := l["factor"].(int64); f < 100 || f > 1100 {
						t.Errorf("revlog %d: factor %d outside FSRS's 100–1100", j, f)
					}
					switch r.After.State {
					case starcards.StateReview:
						if l["ivl"].(int64) != int64(r.After.ScheduledDays) {
							t.Errorf("revlog %d: ivl %d, want %d days", j, l["ivl"], r.After.ScheduledDays)
						}
					default:
						if want := -int64(r.After.Due.Sub(r.Time).Seconds()); l["ivl"].(int64) != want {
							t.Errorf("revlog %d: ivl %d, want %d s", j, l["ivl"], want)
						}
					}
				}
				if typ == 0 {
					if c["data"] != "" || c["due"].(int64) != int64(i+1) {
						t.Errorf("new card: data %q due %d, want \"\" and position %d", c["data"], c["due"], i+1)
					}
					continue
				}
				var data struct {
					S, D, DR, Decay float64
					LRT             int64
				}
				if err := json.Unmarshal([]byte(c["data"].(string)), &data); err != nil {
					t.Fatalf("data %q: %v", c["data"], err)
				}
				if want := round(s.Stability, 4); data.S != want {
					t.Errorf("data.s = %v, want %v", data.S, want)
				}
				if want := round(s.Difficulty, 3); data.D != want {
					t.Errorf("data.d = %v, want %v", data.D, want)
				}
				if data.DR != 0.9 || data.Decay != 0.5 {
					t.Errorf("data.dr/decay = %v/%v, want 0.9/0.5", data.DR, data.Decay)
				}
				last := log[len(log)-1]["id"].(int64) / 1000
				if data.LRT != last || data.LRT != s.LastReview.Unix() {
					t.Errorf("data.lrt = %d, want last revlog %d = last review %d", data.LRT, last, s.LastReview.Unix())
				}
				if reps := c["reps"].(int64); reps != int64(s.Reps) || reps < int64(len(log)) {
					t.Errorf("reps = %d, want %d (≥ %d revlog rows)", reps, s.Reps, len(log))
				}
				if c["lapses"].(int64) != int64(s.Lapses) {
					t.Errorf("lapses = %d, want %d", c["lapses"], s.Lapses)
				}
				switch typ {
				case 2:
					if c["ivl"].(int64) != int64(s.ScheduledDays) || c["due"].(int64) != day(s.Due) {
						t.Errorf("review ivl/due = %d/%d, want %d/%d", c["ivl"], c["due"], s.ScheduledDays, day(s.Due))
					}
					if got, want := c["due"].(int64)-c["ivl"].(int64), day(time.Unix(data.LRT, 0)); got != want {
						t.Errorf("due − ivl = day %d, but the last review was on day %d", got, want)
					}
					if c["factor"].(int64) != 2500 {
						t.Errorf("factor = %d, want 2500", c["factor"])
					}
				case 1, 3:
					if c["due"].(int64) != s.Due.Unix() || c["left"].(int64) < 1 {
						t.Errorf("learning due/left = %d/%d, want %d/≥1", c["due"], c["left"], s.Due.Unix())
					}
					if typ == 3 && c["ivl"].(int64) < 1 {
						t.Errorf("relearning ivl = %d, want ≥ 1", c["ivl"])
					}
				}
			}
		})
	}
}

func TestApkgRetiredAndForgotten(t *testing.T) {
	col := scheduledCollection()
	col.Cards[0].Retired = true // reviewed, then retired
	col.Cards[8].Schedule = starcards.Schedule{}
	p := MustOpen(t, MustApkg(t, col, Options{Now: testNow, WithScheduling: true}))
	if n := p.rows(t, `select count(*) n from notes`)[0]["n"].(int64); n != int64(len(col.Cards)-1) {
		t.Errorf("%d notes, want %d (retired card left out)", n, len(col.Cards)-1)
	}
	var retiredReviews int
	for _, r := range col.Reviews {
		if r.Card == col.Cards[0].Card.ID {
			retiredReviews++
		}
	}
	// The forgotten card keeps its history, closed by a reset entry.
	rows := p.rows(t, `select r.ease, r.type, r.factor from revlog r join cards c on c.id = r.cid join notes n on n.id = c.nid where n.guid = ? order by r.id`,
		guidFor(col.Cards[8].Card.ID.String(), ""))
	if len(rows) != 2 || rows[1]["ease"].(int64) != 0 || rows[1]["type"].(int64) != 4 || rows[1]["factor"].(int64) != 0 {
		t.Errorf("forgotten card's revlog = %v, want its answer then a reset (ease 0, type 4, factor 0)", rows)
	}
	total := p.rows(t, `select count(*) n from revlog`)[0]["n"].(int64)
	want := int64(0)
	for _, r := range col.Reviews {
		if r.Card == col.Cards[0].Card.ID {
			continue
		}
		want++ // one Anki card per starcards card: one row per review
	}
	if total != want+1 {
		t.Errorf("%d revlog rows, want %d (retired card's %d left out, one reset added)", total, want+1, retiredReviews)
	}
}

// TestApkgAdversarial exports hostile stories and checks that their text
// arrives as text: no tag, cloze, template reference or separator is created.
func TestApkgAdversarial(t *testing.T) {
	col := adversarialCollection()
	p := MustOpen(t, MustApkg(t, col, Options{Now: testNow, WithScheduling: true}))
	checkNotes(t, p)
	_, js := colJSON(t, p)
	decks := map[string]bool{}
	for _, d := range js["decks"] {
		name := d.(map[string]any)["name"].(string)
		decks[name] = true
		if name != "STAR" && strings.Count(name, "::") != 1 {
			t.Errorf("deck %q: the title created subdecks", name)
		}
		if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) {
			t.Errorf("deck %q has control characters", name)
		}
	}
	for _, want := range []string{`STAR::Team:Platform "Q3" : launch`, "STAR::🚀 إطلاق الخدمة", "STAR::Untitled", "STAR::SplitTitle", "STAR::{{c1:title}}"} {
		if !decks[want] {
			t.Errorf("no deck %q", want)
		}
	}
	byGUID := map[string]string{}
	for _, n := range p.rows(t, `select guid, flds from notes`) {
		byGUID[n["guid"].(string)] = n["flds"].(string)
	}
	tag := regexp.MustCompile(`<(\w+)`)
	allowed := map[string]bool{"br": true, "ol": true, "li": true, "span": true}
	for _, cs := range col.Cards {
		c := cs.Card
		flds := byGUID[guidFor(c.ID.String(), "")]
		fields := strings.Split(flds, "\x1f")
		for i, f := range fields {
			for _, m := range tag.FindAllStringSubmatch(f, -1) {
				if !allowed[m[1]] {
					t.Errorf("%s field %d: tag <%s> in %q", c.ID, i, m[1], f[:min(len(f), 80)])
				}
			}
			if strings.Contains(f, "[sound:") || strings.Contains(f, "[$]") {
				t.Errorf("%s field %d: media or LaTeX tag survived", c.ID, i)
			}
			if isCloze(c.ID.Kind) && i == 3 {
				continue
			}
			if strings.Contains(f, "{{") || strings.Contains(f, "}}") || strings.Contains(f, "::") {
				t.Errorf("%s field %d: template or cloze syntax survived: %q", c.ID, i, f[:min(len(f), 80)])
			}
			// What Anki shows (tags stripped, entities decoded) is the text itself.
			if i > 0 && c.ID.Kind != starcards.KindQuiz {
				want := strings.ReplaceAll(cleanText(c.Fields[i]), "\n", "")
				if got := stripHTMLPreservingMedia(f); got != strings.ReplaceAll(want, "\u00a0", " ") && got != want {
					t.Errorf("%s field %d: text %q, want %q", c.ID, i, got[:min(len(got), 80)], want[:min(len(want), 80)])
				}
			}
		}
		if isCloze(c.ID.Kind) {
			// One answer, "{{c9::x}}", which must be a phrase, not a cloze c9:
			// one cloze, one Anki card.
			if got := clozeNumbers(fields[3]); !slices.Equal(got, []int{1}) {
				t.Errorf("%s: cloze numbers %v, want [1]", c.ID, got)
			}
		}
	}
}

func TestApkgErrors(t *testing.T) {
	dup := testCollection()
	dup.Cards = append(dup.Cards, dup.Cards[0])
	unknown := testCollection()
	unknown.Cards[0].Card.ID.Kind = "essay"
	for _, tc := range []struct {
		name string
		col  Collection
		opts Options
		want error
	}{
		{"ErrNoNow", testCollection(), Options{}, ErrNoNow},
		{"ErrDuplicateCard", dup, Options{Now: testNow}, ErrDuplicateCard},
		{"ErrUnknownKind", unknown, Options{Now: testNow}, ErrUnknownKind},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.TempDir = t.TempDir()
			if err := Apkg(io.Discard, tc.col, tc.opts); !errors.Is(err, tc.want) {
				t.Errorf("Apkg = %v, want %v", err, tc.want)
			}
			if err := TSV(io.Discard, tc.col); tc.want != ErrNoNow && !errors.Is(err, tc.want) {
				t.Errorf("TSV = %v, want %v", err, tc.want)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestApkgRemovesScratchFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    io.Writer
		ok   bool
	}{{"OK", io.Discard, true}, {"WriteFails", failWriter{}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			err := Apkg(tc.w, testCollection(), Options{Now: testNow, TempDir: dir})
			if (err == nil) != tc.ok {
				t.Errorf("Apkg = %v, want ok=%v", err, tc.ok)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("scratch dir holds %d files after Apkg, want 0", len(ents))
			}
		})
	}
	if err := Apkg(io.Discard, testCollection(), Options{Now: testNow, TempDir: "/nonexistent/dir"}); err == nil {
		t.Errorf("Apkg with a missing TempDir succeeded")
	}
}

func TestApkgDayNumbersInDST(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	now := time.Date(2026, 3, 9, 12, 0, 0, 0, loc) // day after the spring change
	c := newClock(now, 4)
	for _, tc := range []struct {
		t    time.Time
		want int64
	}{
		{time.Date(2026, 3, 9, 4, 0, 0, 0, loc), 0},
		{time.Date(2026, 3, 9, 3, 59, 0, 0, loc), -1},
		{time.Date(2026, 3, 8, 4, 0, 0, 0, loc), -1},
		{time.Date(2026, 3, 7, 12, 0, 0, 0, loc), -2},
		{time.Date(2026, 11, 1, 12, 0, 0, 0, loc), 237},
		{time.Date(2026, 3, 10, 7, 59, 0, 0, time.UTC), 0}, // 03:59 in New York
		{time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), 1},
	} {
		if got := c.day(tc.t); got != tc.want {
			t.Errorf("day(%v) = %d, want %d", tc.t, got, tc.want)
		}
	}
}
