//go:build unix

package main

import "syscall"

// openFileLimit is the process's limit on open files: the soft limit,
// which Go raises to the hard limit at start-up.
func openFileLimit() uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	return uint64(r.Cur)
}
