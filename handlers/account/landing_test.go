package account_test

import (
	"net/http"
	"net/url"
	"testing"

	"porch/internal/webtest"
)

// After a code sign-in, staff land on the admin dashboard and residents on
// their home page; anyone who was heading somewhere goes there instead.
func TestSignInLanding(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	for _, tc := range []struct {
		who, email, next, want string
	}{
		{"manager", ppl.Manager.Email, "", "/admin"},
		{"manager heading for the profile", ppl.Manager.Email, "/profile", "/profile"},
		{"leaseholder", ppl.Alice.Email, "", "/"},
		{"leaseholder heading for money", ppl.Alice.Email, "/money", "/money"},
	} {
		t.Run(tc.who, func(t *testing.T) {
			b := f.Browser(acmeHost)
			form := url.Values{"email": {tc.email}}
			if tc.next != "" {
				form.Set("next", tc.next)
			}
			rec := b.Post("/sign-in", form)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("POST /sign-in: %d", rec.Code)
			}
			// The code form carries next on, as a hidden field of the
			// page the sign-in form redirected to.
			codePage := webtest.Doc(t, b.Get(rec.Header().Get("Location")))
			next, _ := codePage.Find(`input[name="next"]`).Attr("value")
			_, text := f.LastMail("acme", tc.email)
			rec = b.Post("/sign-in/code", url.Values{"code": {webtest.CodeIn(t, text)}, "next": {next}})
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tc.want {
				t.Fatalf("after the code: %d to %q, want %q", rec.Code, rec.Header().Get("Location"), tc.want)
			}
		})
	}
}
