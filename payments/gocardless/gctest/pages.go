package gctest

import (
	"html/template"
	"net/http"
)

// The hosted pages stand in for GoCardless's payment pages so that a
// browser (or an HTTP client following redirects) can walk the flow.

var flowTemplate = template.Must(template.New("flow").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Set up a Direct Debit (test)</title></head>
<body><main>
<h1>Set up a Direct Debit</h1>
<p>Test payment page standing in for GoCardless. No money moves.</p>
{{if .Done}}<p>This flow has already been completed.</p>{{else}}
<form method="post" action="/flow/{{.ID}}/complete">
<label>Given name <input name="given_name" value="{{.GivenName}}"></label>
<label>Family name <input name="family_name" value="{{.FamilyName}}"></label>
<label>Email <input name="email" type="email" value="{{.Email}}"></label>
<label>Account number ending <input name="account_number_ending" value="11" maxlength="2"></label>
<button type="submit" id="confirm">Set up Direct Debit</button>
</form>
<form method="post" action="/flow/{{.ID}}/exit"><button type="submit" id="exit">Cancel</button></form>
{{end}}
</main></body></html>`))

func (s *Server) flowPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f := s.flows[r.PathValue("id")]
	var data struct {
		ID, GivenName, FamilyName, Email string
		Done                             bool
	}
	if f != nil {
		data.ID, data.Done = f.ID, f.done
		data.GivenName, data.FamilyName, data.Email = f.prefilled.GivenName, f.prefilled.FamilyName, f.prefilled.Email
	}
	s.mu.Unlock()
	if f == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	flowTemplate.Execute(w, data)
}

func (s *Server) flowComplete(w http.ResponseWriter, r *http.Request) {
	to, err := s.CompleteFlow(r.PathValue("id"), Payer{
		GivenName:           r.PostFormValue("given_name"),
		FamilyName:          r.PostFormValue("family_name"),
		Email:               r.PostFormValue("email"),
		AccountNumberEnding: r.PostFormValue("account_number_ending"),
	})
	s.redirect(w, r, to, err)
}

func (s *Server) flowExit(w http.ResponseWriter, r *http.Request) {
	to, err := s.ExitFlow(r.PathValue("id"))
	s.redirect(w, r, to, err)
}

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to string, err error) {
	switch {
	case err != nil:
		http.Error(w, err.Error(), http.StatusConflict)
	case to == "":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Done. You can close this page.\n"))
	default:
		http.Redirect(w, r, to, http.StatusSeeOther)
	}
}
