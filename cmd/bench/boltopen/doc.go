// Command boltopen opens a bbolt file read-only, as starcards opens a
// collection for a read-only command, and closes it: the cost every such
// command pays before it reads anything. cmd/bench/run.sh times it as part
// of the floor of starcards due (with starcards --help).
//
// Usage:
//
//	boltopen FILE
package main
