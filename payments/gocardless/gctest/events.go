package gctest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// emit records an event. Call with s.mu held.
func (s *Server) emit(resourceType, action string, links Links, d EventDetails, resourceMeta Metadata) *Event {
	ev := &Event{
		ID:               s.newID("EV"),
		CreatedAt:        s.now(),
		ResourceType:     resourceType,
		Action:           action,
		Links:            links,
		Details:          d,
		Metadata:         Metadata{},
		ResourceMetadata: copyMap(resourceMeta),
	}
	s.eventIndex[ev.ID] = len(s.events)
	s.events = append(s.events, ev)
	return ev
}

// Events returns every event so far, oldest first.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, len(s.events))
	for i, ev := range s.events {
		out[i] = clone(*ev)
	}
	return out
}

// EventsFor returns the events linked to resource id (any link), oldest
// first.
func (s *Server) EventsFor(id string) []Event {
	var out []Event
	for _, ev := range s.Events() {
		for _, v := range ev.Links {
			if v == id {
				out = append(out, ev)
				break
			}
		}
	}
	return out
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.eventIndex[r.PathValue("id")]
	if !ok {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": s.events[i]})
}

// includes maps an events include value to the resource type it needs.
var includes = map[string]string{
	"payment":         "payments",
	"mandate":         "mandates",
	"payout":          "payouts",
	"billing_request": "billing_requests",
}

// listEvents serves GET /events, newest first, with the documented filters.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	include := q.Get("include")
	if include != "" && includes[include] != q.Get("resource_type") {
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Invalid include",
			apiErr{Reason: "invalid_include", Message: "include=" + include + " requires resource_type=" + includes[include]})
		return
	}
	rng, ok := parseCreatedAt(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*Event
	for _, ev := range slices.Backward(s.events) {
		if !matches(q, "resource_type", ev.ResourceType) || !matches(q, "action", ev.Action) ||
			!rng.contains(ev.CreatedAt) {
			continue
		}
		if !linkMatches(q, ev.Links, "payment", "mandate", "payout", "billing_request") {
			continue
		}
		all = append(all, ev)
	}
	page, meta, ok := paginate(w, r, all, func(e *Event) string { return e.ID })
	if !ok {
		return
	}
	body := map[string]any{"events": page, "meta": meta}
	if include != "" {
		body["linked"] = s.linked(include, page)
	}
	writeJSON(w, http.StatusOK, body)
}

// linked returns the current state of the resources a page of events
// links to, under their plural names. Call with s.mu held.
func (s *Server) linked(include string, page []*Event) map[string]any {
	seen := map[string]bool{}
	var items []any
	for _, ev := range page {
		id := ev.Links[include]
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		switch include {
		case "payment":
			if p := s.payments[id]; p != nil {
				items = append(items, p.Payment)
			}
		case "mandate":
			if m := s.mandates[id]; m != nil {
				items = append(items, m)
			}
		case "payout":
			if p := s.payouts[id]; p != nil {
				items = append(items, p)
			}
		case "billing_request":
			if br := s.billingRequests[id]; br != nil {
				items = append(items, s.renderBillingRequest(br))
			}
		}
	}
	if items == nil {
		items = []any{}
	}
	return map[string]any{includes[include]: items}
}

func matches(q map[string][]string, key, value string) bool {
	want := q[key]
	return len(want) == 0 || want[0] == "" || want[0] == value
}

func linkMatches(q map[string][]string, links Links, keys ...string) bool {
	for _, k := range keys {
		if !matches(q, k, links[k]) {
			return false
		}
	}
	return true
}

// timeRange is a created_at[gt|gte|lt|lte] filter.
type timeRange struct{ gt, gte, lt, lte time.Time }

func parseCreatedAt(w http.ResponseWriter, r *http.Request) (timeRange, bool) {
	var tr timeRange
	q := r.URL.Query()
	for op, dst := range map[string]*time.Time{"gt": &tr.gt, "gte": &tr.gte, "lt": &tr.lt, "lte": &tr.lte} {
		v := q.Get("created_at[" + op + "]")
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			writeValidation(w, apiErr{Field: "created_at[" + op + "]", Message: "is not a valid ISO8601 timestamp",
				RequestPointer: "/created_at/" + op})
			return tr, false
		}
		*dst = t
	}
	return tr, true
}

func (tr timeRange) contains(createdAt string) bool {
	t, err := time.Parse(time.RFC3339Nano, createdAt)
	if err != nil {
		return false
	}
	return (tr.gt.IsZero() || t.After(tr.gt)) && (tr.gte.IsZero() || !t.Before(tr.gte)) &&
		(tr.lt.IsZero() || t.Before(tr.lt)) && (tr.lte.IsZero() || !t.After(tr.lte))
}

// listMeta is the documented pagination block.
type listMeta struct {
	Cursors struct {
		Before *string `json:"before"`
		After  *string `json:"after"`
	} `json:"cursors"`
	Limit int `json:"limit"`
}

// paginate applies limit (default 50, max 500) and the after/before
// cursors (IDs of the records they follow or precede) to items.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T, id func(T) string) ([]T, listMeta, bool) {
	var meta listMeta
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			writeValidation(w, apiErr{Field: "limit", Message: "must be between 1 and 500", RequestPointer: "/limit"})
			return nil, meta, false
		}
		limit = n
	}
	meta.Limit = limit
	after, before := q.Get("after"), q.Get("before")
	if after != "" && before != "" {
		writeError(w, http.StatusBadRequest, "invalid_api_usage", "Only one of before and after may be given",
			apiErr{Reason: "invalid_cursors", Message: "Only one of before and after may be given"})
		return nil, meta, false
	}
	index := func(cursor string) (int, bool) {
		i := slices.IndexFunc(items, func(it T) bool { return id(it) == cursor })
		if i < 0 {
			writeError(w, http.StatusBadRequest, "invalid_api_usage", "Cursor not found",
				apiErr{Reason: "cursor_not_found", Message: "No record matches the cursor " + cursor})
		}
		return i, i >= 0
	}
	start, end := 0, min(limit, len(items))
	switch {
	case after != "":
		i, ok := index(after)
		if !ok {
			return nil, meta, false
		}
		start, end = i+1, min(i+1+limit, len(items))
	case before != "":
		i, ok := index(before)
		if !ok {
			return nil, meta, false
		}
		start, end = max(0, i-limit), i
	}
	page := items[start:end]
	if start > 0 && len(page) > 0 {
		b := id(page[0])
		meta.Cursors.Before = &b
	}
	if end < len(items) && len(page) > 0 {
		a := id(page[len(page)-1])
		meta.Cursors.After = &a
	}
	if page == nil {
		page = []T{}
	}
	return page, meta, true
}
