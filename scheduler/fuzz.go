package scheduler

import (
	"math"
	"math/rand/v2"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

// fuzzFactor returns a number in [0, 1) drawn from a PCG generator seeded
// with an FNV-1a hash of the card id, the review time in Unix seconds and the
// repetition count after the review. All four ratings of one review share it,
// as in go-fsrs, so fuzz keeps the order of their intervals.
func fuzzFactor(id starcards.CardID, now time.Time, reps uint64) float64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	str := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
		h = (h ^ 0xff) * prime // separator: no byte of UTF-8 text is 0xff
	}
	num := func(n uint64) {
		for i := 0; i < 8; i++ {
			h = (h ^ (n & 0xff)) * prime
			n >>= 8
		}
	}
	str(id.Story)
	str(string(id.Kind))
	str(id.Key)
	num(uint64(now.Unix()))
	num(reps)
	g := rand.NewPCG(h, 0x73746172636172) // "starcar"
	return float64(g.Uint64()>>11) * 0x1p-53
}

// fuzzRange is go-fsrs v3.3.1's getFuzzRange, built on its exported
// FUZZ_RANGES: the days an interval ivl may be fuzzed to.
func fuzzRange(ivl, elapsed, maximum float64) (lo, hi float64) {
	delta := 1.0
	for _, r := range fsrs.FUZZ_RANGES {
		delta += r.Factor * math.Max(math.Min(ivl, r.End)-r.Start, 0)
	}
	ivl = math.Min(ivl, maximum)
	lo = math.Max(2, math.Round(ivl-delta))
	hi = math.Min(math.Round(ivl+delta), maximum)
	if ivl > elapsed {
		lo = math.Max(lo, elapsed+1)
	}
	lo = math.Min(lo, hi)
	return lo, hi
}

// fuzzInterval is go-fsrs's ApplyFuzz with the fuzz factor f in [0, 1)
// given: intervals under 2.5 days are left alone.
func fuzzInterval(ivl, elapsed, maximum, f float64) float64 {
	if ivl < 2.5 {
		return ivl
	}
	lo, hi := fuzzRange(ivl, elapsed, maximum)
	return math.Floor(f*(hi-lo+1)) + lo
}
