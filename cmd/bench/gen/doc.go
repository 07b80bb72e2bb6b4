// Command gen writes a generated starcards collection for benchmarks: N
// stories like the sample (about 30 cards each) and a review log of exactly M
// answers the scheduler itself gave, in steady state as of a chosen time
// (by default now), deterministic for a seed. See package gencoll for the
// model.
//
// Usage:
//
//	go run ./cmd/bench/gen [-stories N] [-reviews M] [-seed S] [-now TIME] -o FILE
//	go run ./cmd/bench/gen -stories N -yaml DIR
//
// With -yaml DIR it writes the N story files (story-0000.yaml, …) into DIR
// instead, for import benchmarks.
//
// -now is an RFC 3339 time or a date (2026-11-02, midnight UTC), or a
// duration before now (-now 720h for a month-old copy). gen refuses to
// replace an existing FILE unless -f is given. It prints a one-line summary
// on standard error.
//
// The collection cmd/bench/run.sh measures is
//
//	go run ./cmd/bench/gen -stories 3334 -reviews 1000000 -o /tmp/c.db
package main
