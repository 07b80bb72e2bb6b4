package answer

import (
	"slices"
	"testing"

	"github.com/starcards/starcards"
)

func TestNumbers(t *testing.T) {
	tests := []struct {
		text string
		want []float64
		unit string
	}{
		{"$8,000", []float64{8000}, "$"},
		{"$8k", []float64{8000}, "$"},
		{"8000 dollars", []float64{8000}, "$"},
		{"8 thousand dollars", []float64{8000}, "$"},
		{"USD 8,000", []float64{8000}, "$"},
		{"0.3%", []float64{0.3}, "%"},
		{"0.3 percent", []float64{0.3}, "%"},
		{"0.3 per cent", []float64{0.3}, "%"},
		{"zero", []float64{0}, ""},
		{"2-3 weeks", []float64{2, 3}, ""},
		{"1,2", []float64{1, 2}, ""},
		{"$1.5M", []float64{1.5e6}, "$"},
		{"an SDE2", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []float64
			for _, tok := range tokens(tt.text) {
				if tok.num {
					got = append(got, tok.val)
					if tok.unit != tt.unit {
						t.Errorf("unit=%q, want %q", tok.unit, tt.unit)
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("numbers=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestSameWord(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"noticed", "notice", true},
		{"Noticed", "noticing", true},
		{"tracing", "traced", true},
		{"tikcet", "ticket", true}, // a swap is one edit
		{"décidé", "decide", true}, // accents
		{"reliablity", "reliability", true},
		{"we", "i", false},
		{"not", "now", false}, // short words must be equal
		{"wrote", "pulled", false},
	}
	for _, tt := range tests {
		a, b := tokens(tt.a)[0], tokens(tt.b)[0]
		if got := sameWord(a, b); got != tt.want {
			t.Errorf("sameWord(%q, %q)=%v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		name, answer, phrase string
		want                 bool
	}{
		{"Exact", "I noticed a drop", "I noticed", true},
		{"CaseAndPunctuation", "i NOTICED, a drop", "I noticed", true},
		{"WordsBetween", "nobody had asked me", "nobody asked", true},
		{"NoOne", "no one asked me", "nobody asked", true},
		{"Reordered", "recovered about $8k a week", "$8,000 recovered", true},
		{"SpelledZero", "from 0.3 percent to 0", "0.3% to zero", true},
		{"WrongNumber", "from 0.5% to zero", "0.3% to zero", false},
		{"Contraction", "it wasn't my team", "not my team", true},
		{"SubjectCarried", "I pulled the logs, traced the race and reproduced it", "I reproduced", true},
		{"TeamTakesOver", "I pulled the logs and we reproduced it", "I reproduced", false},
		{"We", "we noticed a drop", "I noticed", false},
		{"OtherSentence", "I was there. Someone noticed it", "I noticed", false},
		{"LongKeyLineMissingWord", "I brought them a solution, not a problem", "I brought a solution, not just a problem.", true},
		{"LongKeyLineHalf", "I brought coffee", "I brought a solution, not just a problem.", false},
		{"Empty", "", "I noticed", false},
		{"EmptyPhrase", "I noticed", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := covers(tokens(tt.answer), tokens(tt.phrase)); got != tt.want {
				t.Errorf("covers(%q, %q)=%v, want %v", tt.answer, tt.phrase, got, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	result := Expect{
		Section: "result",
		Strong:  "The drop rate went from 0.3% to zero. The fix recovered $8,000 a week. The Platform team adopted my pattern.",
		Phrases: []string{"0.3% to zero", "$8,000 recovered", "adopted my pattern"},
		Story:   "A 0.3% drop rate. $8,000 recovered. 2-3 weeks.",
	}
	reflection := Expect{
		Section: "reflection",
		Strong:  "The root cause was the absence of a shared webhook reliability SLO across teams.",
		Phrases: []string{"shared webhook reliability SLO", "organizational gap"},
	}
	action := Expect{
		Section: "action",
		Strong:  "I pulled the logs. I wrote a fix.",
		Phrases: []string{"I pulled", "I wrote"},
	}
	tests := []struct {
		name    string
		e       Expect
		answer  string
		covered int
		we      bool
		noNum   bool
		wrong   []string
		missed  []string
		generic bool
		rating  starcards.Rating
	}{
		{"WordPerfect", result, result.Strong, 3, false, false, nil, nil, false, starcards.Easy},
		{"Paraphrase", result, "It went from 0.3 percent to 0 and recovered 8k dollars weekly; the Platform team adopted my alert pattern.", 3, false, false, nil, nil, false, starcards.Easy},
		{"NoNumber", result, "Things got better and the team was happy.", 0, false, true, nil, []string{"0.3", "8,000"}, false, starcards.Again},
		{"WrongNumber", result, "The rate went from 0.3% to zero and recovered $5,000; the Platform team adopted my pattern.", 2, false, false, []string{"5,000"}, []string{"8,000"}, false, starcards.Hard},
		{"WeInResult", result, "We took it from 0.3% to zero, recovered $8,000, and the team adopted my pattern.", 3, true, false, nil, nil, false, starcards.Hard},
		{"TheyInResultIsFine", result, "0.3% to zero, $8,000 recovered, and they adopted my pattern.", 3, false, false, nil, nil, false, starcards.Easy},
		{"WeInAction", action, "We pulled the logs and we wrote a fix.", 0, true, false, nil, nil, false, starcards.Again},
		{"TheyInAction", action, "I pulled the logs, then they wrote a fix.", 1, true, false, nil, nil, false, starcards.Again},
		{"TeamWasHappyIsNoAction", action, "I pulled the logs. I wrote a fix. The team was happy.", 2, false, false, nil, nil, false, starcards.Easy},
		{"GenericReflection", reflection, "I learned that communication is important.", 0, false, false, nil, nil, true, starcards.Again},
		{"SpecificReflection", reflection, "The root cause was an organizational gap: no shared webhook reliability SLO.", 2, false, false, nil, nil, false, starcards.Easy},
		{"Empty", action, "", 0, false, false, nil, nil, false, starcards.Again},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.e, tt.answer)
			if r.Covered != tt.covered {
				t.Errorf("Covered=%d, want %d (%+v)", r.Covered, tt.covered, r.Phrases)
			}
			if (len(r.We) > 0) != tt.we {
				t.Errorf("We=%q, want any=%v", r.We, tt.we)
			}
			if r.NoNumber != tt.noNum {
				t.Errorf("NoNumber=%v, want %v", r.NoNumber, tt.noNum)
			}
			if !slices.Equal(r.WrongNumbers, tt.wrong) {
				t.Errorf("WrongNumbers=%q, want %q", r.WrongNumbers, tt.wrong)
			}
			if !slices.Equal(r.MissedNumbers, tt.missed) {
				t.Errorf("MissedNumbers=%q, want %q", r.MissedNumbers, tt.missed)
			}
			if r.Generic != tt.generic {
				t.Errorf("Generic=%v, want %v", r.Generic, tt.generic)
			}
			if r.Rating != tt.rating {
				t.Errorf("Rating=%s, want %s (%v)", r.Rating, tt.rating, r.Reasons)
			}
		})
	}
}

func TestSameLevel(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"SDE 1", "sde1", true},
		{"Senior", "Senior SDE", true},
		{"SDE2", "SDE 1", false},
		{"", "SDE 1", false},
	}
	for _, tt := range tests {
		if got := SameLevel(tt.a, tt.b); got != tt.want {
			t.Errorf("SameLevel(%q, %q)=%v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("I noticed $8,000 recovered, 0.3% to zero; we didn't.", "I noticed")
	f.Add("$ 1,,000.5.5k%% 9999999999999999999999999999999", "$8k")
	f.Add("’'`n't no one", "nobody")
	f.Fuzz(func(t *testing.T, answer, phrase string) {
		e := Expect{Section: "result", Strong: phrase, Phrases: []string{phrase}, Story: phrase}
		r := Check(e, answer)
		if r.Rating < starcards.Again || r.Rating > starcards.Easy {
			t.Fatalf("Rating=%v", r.Rating)
		}
		// An answer that is the strong answer covers its phrase, unless the
		// phrase has no words at all.
		if len(content(tokens(phrase))) > 0 && !Check(e, phrase).Phrases[0].Covered {
			t.Fatalf("%q does not cover itself", phrase)
		}
	})
}
