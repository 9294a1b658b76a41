//go:build !unix

package main

// openFileLimit is unknown where there is no rlimit.
func openFileLimit() uint64 { return 0 }
