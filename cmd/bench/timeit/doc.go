// Command timeit times whole commands for cmd/bench/run.sh: it runs each
// command once to warm the page cache (a run of 3 s or more counts as a
// timed one), then all of them in turn until each has N timed runs
// (paired runs: a busy machine weighs on each alike), and prints one line
// per command with the medians of wall and CPU (user + system) time, the
// largest peak resident set size, and the Go heap peak.
//
// Usage:
//
//	timeit [-n N] [-max D] -- CMD ARGS... [::: CMD ARGS...]...
//
// Each output line is tab-separated: runs, wall ms, CPU ms, peak RSS MB,
// Go heap peak MB, and the command. Every run has GODEBUG=gctrace=1, and
// the heap peak is the largest heap a collection found, before or after
// it, over the runs; "<4" means no collection ran, so the heap never reached the
// first goal of 4 MB (or that the command is not a Go program). Peak
// RSS counts the pages of a memory-mapped collection that were touched, as
// /usr/bin/time -v does.
//
// Once -max has passed (default 60s), no command starts another run
// after its first timed one. A command's standard output is discarded; if it fails,
// timeit prints its standard error and exits 1.
package main
