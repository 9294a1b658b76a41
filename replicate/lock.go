package replicate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFile is the file in the data directory that a running server holds
// locked. Restores check it so they never overwrite a database in use.
const LockFile = "porch.lock"

// ErrLocked means another process (a running server) holds the data
// directory.
var ErrLocked = errors.New("data directory in use")

// Lock is an exclusive hold on a data directory. The operating system
// drops it when the process exits, however it exits, so a crashed server
// never leaves a stale lock behind.
type Lock struct {
	f *os.File
}

// LockDataDir takes the data directory's lock, writing this process's id
// into the lock file. If a running server holds it, the error wraps
// ErrLocked and names that server's process id.
func LockDataDir(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("%w: %s is held by a running porch server%s", ErrLocked, dir, holder(path))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

func holder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	if pid := strings.TrimSpace(string(b)); pid != "" {
		return " (pid " + pid + ")"
	}
	return ""
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	return errors.Join(err, l.f.Close())
}
