//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package replicate

import "os"

// Elsewhere the lock is advisory only: the file records the server's pid
// but nothing enforces it.
func tryLock(*os.File) error { return nil }

func unlock(*os.File) error { return nil }
