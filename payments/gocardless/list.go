package gocardless

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// MaxPageSize is the largest limit GoCardless accepts on list endpoints
// (the default is 50).
const MaxPageSize = 500

// TimeFormat is how GoCardless writes timestamps, always in UTC.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// TimeRange filters a list by a timestamp. Zero bounds are left out;
// created_at[gt] is Gt, and so on.
type TimeRange struct {
	Gt, Gte, Lt, Lte time.Time
}

// queryBuilder collects list filters into url.Values.
type queryBuilder struct{ url.Values }

func newQuery(limit int, after, before string) queryBuilder {
	q := queryBuilder{url.Values{}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(min(limit, MaxPageSize)))
	}
	q.set("after", after)
	q.set("before", before)
	return q
}

func (q queryBuilder) set(k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

func (q queryBuilder) time(name string, r TimeRange) {
	for _, b := range []struct {
		op string
		t  time.Time
	}{{"gt", r.Gt}, {"gte", r.Gte}, {"lt", r.Lt}, {"lte", r.Lte}} {
		if !b.t.IsZero() {
			q.Set(name+"["+b.op+"]", b.t.UTC().Format(TimeFormat))
		}
	}
}

// list fetches one page from path; key is the plural the items come under.
func list[T any](ctx context.Context, c *Client, path, key string, q queryBuilder) (*Page[T], error) {
	var env map[string]json.RawMessage
	if err := c.do(ctx, request{method: http.MethodGet, path: path, query: q.Values, retry: true}, &env); err != nil {
		return nil, err
	}
	page := &Page[T]{}
	raw, ok := env[key]
	if !ok {
		return nil, fmt.Errorf("gocardless: GET %s: response has no %q", path, key)
	}
	if err := json.Unmarshal(raw, &page.Items); err != nil {
		return nil, fmt.Errorf("gocardless: decoding %s: %w", key, err)
	}
	if raw, ok := env["meta"]; ok {
		if err := json.Unmarshal(raw, &page.Meta); err != nil {
			return nil, fmt.Errorf("gocardless: decoding meta: %w", err)
		}
	}
	if raw, ok := env["linked"]; ok && string(raw) != "null" {
		page.Linked = &Linked{}
		if err := json.Unmarshal(raw, page.Linked); err != nil {
			return nil, fmt.Errorf("gocardless: decoding linked: %w", err)
		}
	}
	return page, nil
}

// all turns a page fetcher into an iterator that follows after-cursors.
func all[T any](ctx context.Context, fetch func(context.Context, string) (*Page[T], error), after string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := map[string]bool{}
		for {
			page, err := fetch(ctx, after)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			next := page.Meta.Cursors.After
			// A repeated cursor would loop forever; treat it as the end.
			if next == "" || len(page.Items) == 0 || seen[next] {
				return
			}
			seen[next] = true
			after = next
		}
	}
}
