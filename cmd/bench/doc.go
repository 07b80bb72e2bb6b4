// Package bench holds starcards' measurement tools (issue 15) and the test
// of run.sh, the script that runs them all:
//
//	cmd/bench/run.sh                # issue 15's sizes, 10–20 minutes
//	cmd/bench/run.sh --size small   # a quick look
//
// It builds the binary, generates collections in steady state as of now
// with [gen], times whole commands with [timeit] (paired runs; median wall
// and CPU time, peak RSS, Go heap peak) beside their targets, and runs the
// floors and peers in the same run: `starcards --help` plus a bare bbolt
// open ([boltopen]) for due; C sqlite3 writing the same rows as the 10k
// export, then zip; genanki-js (genanki.mjs, installed from npm) writing the
// same notes. It prints Markdown tables, which the README's performance
// section copies.
//
// The go test benchmarks of the same commands, in-process, are in
// cmd/starcards (bench_test.go): small by default, so that CI can run each
// once; -size full gives the targets' sizes.
//
// [gen]: github.com/starcards/starcards/cmd/bench/gen
// [timeit]: github.com/starcards/starcards/cmd/bench/timeit
// [boltopen]: github.com/starcards/starcards/cmd/bench/boltopen
package bench
