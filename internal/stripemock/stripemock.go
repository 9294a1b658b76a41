// Package stripemock starts stripe-mock, Stripe's own mock of its API
// (pinned in go.mod as a tool), for tests that talk to the Stripe API.
package stripemock

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// build compiles stripe-mock once per test binary (the Go build cache
// makes later builds instant).
func build() (string, error) {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stripe-mock-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "stripe-mock")
		goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
			goBin = "go"
		}
		cmd := exec.Command(goBin, "build", "-o", binary, "github.com/stripe/stripe-mock")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{err: err, out: string(out)}
		}
	})
	return binary, buildErr
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "build stripe-mock: " + e.err.Error() + "\n" + e.out }

var listening = regexp.MustCompile(`Listening for HTTP at address: (\S+)`)

// Start runs stripe-mock on a free loopback port for the test and returns
// its base URL; it is stopped when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	bin, err := build()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sent := false
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil && !sent {
				addr <- m[1]
				sent = true
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + strings.Replace(a, "[::]", "127.0.0.1", 1)
	case <-time.After(30 * time.Second):
		t.Fatal("stripe-mock did not start within 30 seconds")
		return ""
	}
}
