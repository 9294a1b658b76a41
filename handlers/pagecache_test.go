package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"porch/estate"
)

// A kept page lasts until the moment its handler named, the end of the UK
// day or maxPageAge, whichever comes first.
func TestKeepUntil(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, estate.UK)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct{ now, named, want string }{
		{"2026-03-14 10:00", "", "2026-03-14 10:10"},                 // maxPageAge
		{"2026-03-14 23:55", "", "2026-03-15 00:00"},                 // midnight in the UK
		{"2026-07-01 23:58", "", "2026-07-02 00:00"},                 // summer time: midnight BST, 23:00 UTC
		{"2026-03-14 10:00", "2026-03-14 10:03", "2026-03-14 10:03"}, // the handler's moment
		{"2026-03-14 10:00", "2026-03-14 11:00", "2026-03-14 10:10"},
	} {
		var named time.Time
		if tc.named != "" {
			named = at(tc.named)
		}
		if got := keepUntil(at(tc.now).UTC(), named); !got.Equal(at(tc.want)) {
			t.Errorf("now %s, named %q: until %s, want %s", tc.now, tc.named, got.In(estate.UK), tc.want)
		}
	}
}

// The kept pages never hold more than maxPageBytes: the oldest go first,
// and a page kept again replaces the one before it.
func TestPageCacheBounded(t *testing.T) {
	var pc pageCache
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	body := make([]byte, 64<<10)
	page := func(i int) *keptPage {
		return &keptPage{key: pageKey{gen: 1, target: fmt.Sprintf("/p/%d", i)}, until: now.Add(time.Minute), header: http.Header{}, plain: body}
	}
	n := 2 * maxPageBytes / len(body)
	for i := range n {
		pc.put(page(i))
		pc.put(page(i)) // kept twice: counted once
	}
	sum := 0
	for _, p := range pc.m {
		sum += p.size()
	}
	if pc.bytes > maxPageBytes || pc.bytes != sum {
		t.Errorf("%d bytes kept in %d pages, bound %d", pc.bytes, len(pc.m), maxPageBytes)
	}
	if pc.get(page(0).key, now) != nil || pc.get(page(n-1).key, now) == nil {
		t.Error("the oldest page is kept or the newest is not")
	}
	if pc.get(page(n-1).key, now.Add(time.Minute)) != nil {
		t.Error("a page served past its time")
	}
	if len(pc.order) > 2*len(pc.m)+64 {
		t.Errorf("%d pages in order for %d kept", len(pc.order), len(pc.m))
	}
}

// Pages are kept, found and gzipped from many requests at once.
func TestPageCacheConcurrent(t *testing.T) {
	var pc pageCache
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	body := []byte(strings.Repeat("<p>Hello, Rita</p>", 200))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := pageKey{gen: 1, target: fmt.Sprintf("/p/%d", (g+i)%16)}
				if p := pc.get(k, now); p != nil {
					if z := p.gzipped(); len(z) == 0 || len(z) >= len(body) {
						t.Errorf("gzipped to %d bytes", len(z))
						return
					}
					continue
				}
				pc.put(newKeptPage(k, now.Add(time.Minute), http.Header{"Content-Type": {"text/html"}}, body))
			}
		}()
	}
	wg.Wait()
	if len(pc.m) != 16 {
		t.Errorf("%d pages kept, want 16", len(pc.m))
	}
}
