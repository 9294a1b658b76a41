package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/demo"
	"porch/internal/smtptest"
)

// TestSignInMailOverSMTP sends a sign-in code through the whole server to
// a real SMTP server and checks what arrives: the organisation's name as
// sender, its branding in the HTML part, and a plain-text part with the
// code.
func TestSignInMailOverSMTP(t *testing.T) {
	m, be := demoOverSMTP(t)
	_, port, _ := net.SplitHostPort(m.Addr())
	req, _ := http.NewRequest("POST", "http://demo.localhost:"+port+"/sign-in",
		strings.NewReader(url.Values{"email": {demo.ManagerEmail}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := client(m.Addr()).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /sign-in: %d", res.StatusCode)
	}

	// The demo's quarter of demands goes out too; only the manager's mail
	// is this test's.
	var got []smtptest.Received
	for deadline := time.Now().Add(10 * time.Second); len(got) == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		got = got[:0]
		for _, r := range be.Messages() {
			if slices.Contains(r.To, demo.ManagerEmail) {
				got = append(got, r)
			}
		}
	}
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != demo.ManagerEmail || got[0].From != "no-reply@porch.test" {
		t.Fatalf("delivered: %+v", got)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	from, err := netmail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Name != "Northgate Property Management" {
		t.Errorf("From = %q (%v)", msg.Header.Get("From"), err)
	}
	if rt := msg.Header.Get("Reply-To"); !strings.Contains(rt, "office@northgate-pm.example") {
		t.Errorf("Reply-To = %q", rt)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	code := regexp.MustCompile(`^(\d{6}) is your Northgate Property Management sign-in code$`).FindStringSubmatch(subject)
	if code == nil {
		t.Fatalf("subject %q", subject)
	}
	parts := map[string]string{}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable transparently
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(body)
	}
	text, html := parts["text/plain"], parts["text/html"]
	for _, want := range []string{code[1], "Northgate Property Management", "020 7946 0321", "10 minutes"} {
		if !strings.Contains(text, want) {
			t.Errorf("plain-text part lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{code[1], "#0f6e6e", "Northgate Property Management"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML part lacks %q", want)
		}
	}
}

// demoOverSMTP runs the whole server with the demo organisation, its mail
// going to a real SMTP server whose messages the test can read.
func demoOverSMTP(t *testing.T) (*Main, *smtptest.Backend) {
	t.Helper()
	be := &smtptest.Backend{}
	m := &Main{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: Config{Addr: "127.0.0.1:0",
		DataDir: t.TempDir(), BaseDomain: "localhost", SMTPURL: smtptest.Start(t, be), MailFrom: "no-reply@porch.test",
		MaxOpenOrgs: 8, OrgIdle: time.Minute}}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if _, err := m.ensureDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m, be
}
