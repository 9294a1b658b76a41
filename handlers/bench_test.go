package handlers

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkHomePage is the server time of a full org home page through the
// whole router and middleware, with the org database already open.
func BenchmarkHomePage(b *testing.B) {
	f := newFixture(b, nil, acme)
	if rec := f.do("GET", "acme."+base, "/", nil); rec.Code != 200 {
		b.Fatalf("status %d", rec.Code)
	}
	req := httptest.NewRequest("GET", "http://acme."+base+"/", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		f.e.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
