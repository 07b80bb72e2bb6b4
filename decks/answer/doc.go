// Package answer checks an answer the candidate typed against a story: which
// key phrases it covers, whether the actions are told as "I" or hidden
// behind "we", whether the numbers are there and right, and whether a
// reflection says anything about this story. It proposes a rating that the
// user confirms or changes.
//
// # Matching
//
// Text is compared as tokens: lower-cased, accents removed, punctuation
// dropped. Words match when their stems agree or differ by a small edit
// distance (one edit from four letters, two from eight), so "traced",
// "tracing" and a typo like "tarced" all match "traced". A key phrase is
// covered when its words occur close together in the answer, in any order;
// long phrases (key lines) may miss a word or two. Numbers are values, not
// strings: "$8,000", "$8k", "8000 dollars" and "8 thousand dollars" are one
// number; "0.3%" and "0.3 percent" another; "zero" is 0.
//
// # Caveats
//
// It is a checker for practice, not a grader: it knows no grammar. A "we"
// is flagged when it opens a clause ("we figured it out", "…, and they
// deployed it"), which catches the common mistake but also a deliberate "we"
// in a Result. [Check] is pure and never fails.
package answer
