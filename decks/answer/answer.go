package answer

import (
	"fmt"
	"math"
	"strings"

	"github.com/starcards/starcards"
)

// Expect is what an answer is checked against.
type Expect struct {
	// Section is the STAR section the answer tells ("situation", …,
	// "reflection"), or "" for any other question, such as a follow-up.
	Section string
	// Strong is the strong answer (a section's example, a follow-up's
	// strong answer).
	Strong string
	// Phrases are the key phrases to cover; for a follow-up, its key line.
	Phrases []string
	// Story is all the story's text. A number in the answer that occurs
	// nowhere in it is a wrong number. "" means Strong alone.
	Story string
}

// Phrase is one key phrase and whether the answer covered it.
type Phrase struct {
	Text    string
	Covered bool
}

// Report is what [Check] found in an answer.
type Report struct {
	Phrases []Phrase // in the order of Expect.Phrases
	Covered int      // how many phrases were covered
	// Recall is the share of the strong answer's content words the answer
	// has (0–1).
	Recall float64
	// We lists the clauses told as a team rather than "I", as typed
	// ("we figured", "they looked").
	We []string
	// NoNumber is set for a Result that has no number at all.
	NoNumber bool
	// WrongNumbers are numbers in the answer that the story does not have.
	WrongNumbers []string
	// MissedNumbers are the strong answer's numbers the answer lacks.
	MissedNumbers []string
	// Generic is set for a reflection that says nothing about this story.
	Generic bool
	// Rating is the proposed rating; Reasons say why, shortest first.
	Rating  starcards.Rating
	Reasons []string

	coverable int // phrases the strong answer covers
}

// stopwords are left out of phrase and content matching. "i", "no", "not"
// and "my" are not among them: they carry the signal.
var stopwords = set("a", "an", "the", "to", "of", "in", "on", "for", "and", "or", "with", "just", "that",
	"this", "it", "its", "is", "was", "be", "been", "from", "at", "by", "as", "into", "about", "which", "their",
	"them", "had", "has", "have", "were", "are", "also", "after", "so", "then", "there", "any", "all", "me")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// genericLessons are reflections that fit every story.
var genericLessons = []string{
	"communication is important", "importance of communication", "communicate more", "communicate better",
	"learned a lot", "teamwork", "work harder", "be more proactive", "ask for help", "time management",
	"learned to be patient", "more careful",
}

// teamSubjects open a clause told as a team.
var teamSubjects = [][]string{{"we"}, {"they"}, {"our", "team"}, {"the", "team"}, {"my", "team"}}

// Check checks answer against e. It never fails: an empty answer covers
// nothing and is rated Again.
func Check(e Expect, answer string) Report {
	ans := tokens(answer)
	rep := Report{Phrases: make([]Phrase, len(e.Phrases))}
	for i, p := range e.Phrases {
		rep.Phrases[i] = Phrase{Text: p, Covered: covers(ans, tokens(p))}
		if rep.Phrases[i].Covered {
			rep.Covered++
		}
	}
	section := strings.ToLower(e.Section)
	strong := tokens(e.Strong)
	rep.Recall = recall(ans, strong)
	for _, p := range e.Phrases {
		if covers(strong, tokens(p)) {
			rep.coverable++
		}
	}
	rep.We = teamClauses(ans, section == "result" || section == "reflection")

	hasNumber := false
	for _, t := range ans {
		if t.num {
			hasNumber = true
		}
	}
	rep.NoNumber = section == "result" && !hasNumber
	story := strong
	if e.Story != "" {
		story = tokens(e.Story)
	}
	for _, t := range ans {
		if t.num && !t.spelled && t.val != 0 && !hasValueStrict(story, t) {
			rep.WrongNumbers = append(rep.WrongNumbers, t.word)
		}
	}
	for _, t := range strong {
		if t.num && !t.spelled && !hasValue(ans, t) && !contains(rep.MissedNumbers, t.word) {
			rep.MissedNumbers = append(rep.MissedNumbers, t.word)
		}
	}
	if section == "reflection" {
		rep.Generic = generic(ans, story, rep.Covered, len(e.Phrases))
	}
	rep.Rating, rep.Reasons = rate(rep, len(ans))
	return rep
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasValue(ts []token, n token) bool {
	for _, t := range ts {
		if t.num && sameNumber(t, n) {
			return true
		}
	}
	return false
}

// hasValueStrict is hasValue where a number with a unit needs the same
// unit: "3%" is not the "3" of "2-3 weeks".
func hasValueStrict(ts []token, n token) bool {
	for _, t := range ts {
		if t.num && sameNumber(t, n) && (n.unit == "" || t.unit == n.unit) {
			return true
		}
	}
	return false
}

// content returns the tokens that are not stopwords.
func content(ts []token) []token {
	out := make([]token, 0, len(ts))
	for _, t := range ts {
		if t.num || !stopwords[t.word] {
			out = append(out, t)
		}
	}
	return out
}

// covers reports whether the phrase's content words occur close together
// in one sentence of ans, in any order. Phrases of four or five content
// words may miss one, longer ones a quarter. A phrase that starts with "I"
// also counts when a sentence opens with "I" and goes on to the rest of the
// phrase in a list of actions ("I pulled the logs, traced …, and reproduced
// it" says "I reproduced"), unless a team takes over the sentence first.
func covers(ans, phrase []token) bool {
	want := content(phrase)
	n := len(want)
	if n == 0 {
		return false
	}
	need := n
	switch {
	case n >= 6:
		need = int(math.Ceil(0.75 * float64(n)))
	case n >= 4:
		need = n - 1
	}
	window := len(phrase) + 5
	// A phrase that itself runs over a sentence end may match over one.
	oneSentence := phrase[0].sent == phrase[len(phrase)-1].sent
	// A match stops at a clause told as a team ("… we fixed it"), unless
	// the phrase itself has one: then its own words may be matched.
	team := false
	for j := range phrase {
		if phrase[j].clause && teamAt(phrase, j, false) > 0 {
			team = true
		}
	}
	for start := range ans {
		if matchesAny(ans[start], want) && countIn(ans, start, window, want, oneSentence, team) >= need {
			return true
		}
	}
	if n < 2 || want[0].num || want[0].word != "i" {
		return false
	}
	rest := want[1:]
	for p, t := range ans {
		if t.word != "i" || !t.clause {
			continue
		}
		for j := p + 1; j < len(ans) && ans[j].sent == t.sent; j++ {
			if ans[j].clause && teamAt(ans, j, false) > 0 {
				break
			}
			if sameWord(ans[j], rest[0]) && countIn(ans, j, window, rest, true, team) >= need-1 {
				return true
			}
		}
	}
	return false
}

// countIn counts the words of want matched by distinct tokens of ans from
// start, within window tokens (and, if oneSentence, the same sentence),
// stopping at a clause told as a team unless team allows it.
func countIn(ans []token, start, window int, want []token, oneSentence, team bool) int {
	end := start
	for end < len(ans) && end < start+window && (!oneSentence || ans[end].sent == ans[start].sent) {
		if !team && end > start && ans[end].clause && teamAt(ans, end, false) > 0 {
			break
		}
		end++
	}
	var buf [64]bool
	used := buf[:0]
	if end-start > len(buf) {
		used = make([]bool, 0, end-start)
	}
	used = used[:end-start]
	got := 0
	for _, w := range want {
		for j := start; j < end; j++ {
			if !used[j-start] && sameWord(ans[j], w) {
				used[j-start] = true
				got++
				break
			}
		}
	}
	return got
}

func matchesAny(t token, ws []token) bool {
	for _, w := range ws {
		if sameWord(t, w) {
			return true
		}
	}
	return false
}

// recall returns the share of strong's distinct content words found in ans.
func recall(ans, strong []token) float64 {
	want := content(strong)
	seen := map[string]bool{}
	total, got := 0, 0
	for _, w := range want {
		key := w.stem
		if w.num {
			key = fmt.Sprint("#", w.val, w.unit)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		total++
		if matchesAny(w, ans) {
			got++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(got) / float64(total)
}

// beVerbs followed by a participle still make an action ("we were
// investigating", "they were able to"); followed by anything else they make
// a description ("the team was happy").
var beVerbs = set("was", "were", "is", "are")

// teamAt returns the length of the team subject ("we", "the team") that
// opens a clause at ans[i] and is followed by an action, or 0. With
// othersOK, "they" is not counted: a Result may tell what others did in
// response ("they adopted my pattern").
func teamAt(ans []token, i int, othersOK bool) int {
subjects:
	for _, subj := range teamSubjects {
		if othersOK && subj[0] == "they" {
			continue
		}
		if i+len(subj) >= len(ans) {
			continue
		}
		for k, w := range subj {
			if ans[i+k].word != w {
				continue subjects
			}
		}
		verb := ans[i+len(subj)]
		if verb.num || verb.word == "who" || verb.word == "that" {
			continue
		}
		if beVerbs[verb.word] {
			if i+len(subj)+1 >= len(ans) {
				continue
			}
			next := ans[i+len(subj)+1].word
			if !strings.HasSuffix(next, "ing") && !strings.HasSuffix(next, "ed") && next != "able" {
				continue
			}
		}
		return len(subj)
	}
	return 0
}

// teamClauses returns the clauses that open with a team as the subject of an
// action, as their first two or three words.
func teamClauses(ans []token, othersOK bool) []string {
	var out []string
	for i, t := range ans {
		if !t.clause {
			continue
		}
		if n := teamAt(ans, i, othersOK); n > 0 {
			words := make([]string, 0, n+1)
			for _, w := range ans[i : i+n+1] {
				words = append(words, w.word)
			}
			out = append(out, strings.Join(words, " "))
		}
	}
	return out
}

// genericWords say nothing about a particular story.
var genericWords = set("learn", "learned", "important", "importance", "team", "experience", "taught", "lesson",
	"communication", "communicate", "skills", "skill", "always", "better", "more", "future", "things", "work",
	"issue", "issues", "problem", "problems", "people", "time", "really", "made", "make", "realized", "think",
	"would", "could", "should", "will", "next", "something", "lot", "much", "help", "again", "same", "being")

// generic reports whether a reflection fits any story: it covers at most one
// key phrase and has fewer than three words of its own story, or it states a
// stock lesson while covering under half the phrases.
func generic(ans, story []token, covered, phrases int) bool {
	specific := map[string]bool{}
	for _, t := range content(ans) {
		if t.num || len(t.word) < 4 || genericWords[t.word] || genericWords[t.stem] || specific[t.stem] {
			continue
		}
		for _, s := range story {
			if !s.num && sameWord(t, s) {
				specific[t.stem] = true
				break
			}
		}
	}
	if covered <= 1 && len(specific) < 3 {
		return true
	}
	for _, g := range genericLessons {
		if covers(ans, tokens(g)) && 2*covered < phrases {
			return true
		}
	}
	return false
}

// rate proposes a rating from a report.
//
//	Again: (almost) nothing typed, a generic reflection, under 40% of the
//	       phrases, or two or more faults
//	Hard:  40% to two thirds of the phrases; or one fault (a team "we", a
//	       wrong number, a Result without a number), which costs a step
//	Good:  two thirds of the phrases or more, no fault
//	Easy:  every phrase and half the strong answer's words, or two thirds
//	       of the phrases and nine tenths of its words, no fault
//
// With no phrases to cover, the share of the strong answer's words stands in
// for phrase coverage.
func rate(r Report, n int) (starcards.Rating, []string) {
	var reasons []string
	cov := r.Recall
	if len(r.Phrases) > 0 {
		// Phrases the strong answer itself lacks (a reflection told at
		// another level) must not sink a faithful answer: they are not
		// counted, and with none left its words count instead.
		if r.coverable > 0 {
			cov = min(1, float64(r.Covered)/float64(r.coverable))
		}
		reasons = append(reasons, fmt.Sprintf("%d of %d key phrases", r.Covered, len(r.Phrases)))
	} else {
		reasons = append(reasons, fmt.Sprintf("%.0f%% of the strong answer", 100*r.Recall))
	}
	faults := 0
	if len(r.We) > 0 {
		faults++
		reasons = append(reasons, fmt.Sprintf("%q: say what you did", r.We[0]))
	}
	if len(r.WrongNumbers) > 0 {
		faults++
		reasons = append(reasons, "wrong number "+strings.Join(r.WrongNumbers, ", "))
	}
	if r.NoNumber {
		faults++
		reasons = append(reasons, "a Result needs a number")
	}
	if r.Generic {
		return starcards.Again, append(reasons, "generic reflection: name what this story taught you")
	}
	if n < 3 {
		return starcards.Again, append(reasons, "too short")
	}
	var rating starcards.Rating
	switch {
	case cov >= 0.999 && r.Recall >= 0.5, cov >= 0.66 && r.Recall >= 0.9:
		rating = starcards.Easy
	case cov >= 0.66:
		rating = starcards.Good
	case cov >= 0.4:
		rating = starcards.Hard
	default:
		rating = starcards.Again
	}
	switch {
	case faults >= 2:
		rating = starcards.Again
	case faults == 1 && rating > starcards.Hard:
		rating = starcards.Hard
	case faults == 1:
		rating = starcards.Again
	}
	return rating, reasons
}
