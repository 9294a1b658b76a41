package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"porch/errs"
)

func TestFileTransportWritesReadableMessages(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	tr := NewFileTransport(dir)
	stamp := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	tr.(*fileTransport).now = func() time.Time { stamp = stamp.Add(time.Second); return stamp }
	s := e.sender(tr)

	first := e.enqueue(Message{To: "jo@example.com", ToName: "Jo Bloggs", Subject: "First", Text: "one"})
	second := e.enqueue(Message{
		To: "sam@example.com", ToName: "Sam Ó Briain", Subject: "Rent received – £1,200",
		Text: "We received £1,200. Thank you.\n", HTML: "<p>We received <strong>£1,200</strong>.</p>",
	})
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}

	list, err := ListFiles(dir, testSlug)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("listed %d messages, want 2", len(list))
	}
	got := list[0] // newest first
	if !strings.HasSuffix(got.Name, "-"+second+".eml") || !strings.HasSuffix(list[1].Name, "-"+first+".eml") {
		t.Errorf("names = %q, %q; want the second message first", got.Name, list[1].Name)
	}
	if got.Subject != "Rent received – £1,200" {
		t.Errorf("Subject = %q", got.Subject)
	}
	if got.Text != "We received £1,200. Thank you.\n" {
		t.Errorf("Text = %q", got.Text)
	}
	if got.HTML != "<p>We received <strong>£1,200</strong>.</p>" {
		t.Errorf("HTML = %q", got.HTML)
	}
	if got.From != "Acme Lettings <"+DefaultFrom+">" || got.To != "Sam Ó Briain <sam@example.com>" {
		t.Errorf("From = %q, To = %q", got.From, got.To)
	}
	if got.Date.IsZero() {
		t.Error("no Date")
	}

	one, err := ReadFile(dir, testSlug, got.Name)
	if err != nil {
		t.Fatal(err)
	}
	if one.Subject != got.Subject || one.Text != got.Text || one.Name != got.Name {
		t.Errorf("ReadFile = %+v, want %+v", one, got)
	}

	folder := filepath.Join(dir, testSlug)
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if !strings.HasSuffix(en.Name(), ".eml") {
			t.Errorf("left behind %s", en.Name())
		}
		info, _ := en.Info()
		if perm := info.Mode().Perm(); perm != filePerm {
			t.Errorf("%s has mode %o, want %o", en.Name(), perm, filePerm)
		}
	}
	if info, err := os.Stat(folder); err != nil || info.Mode().Perm()&0o007 != 0 {
		t.Errorf("folder mode %v (%v): want no access for others", info.Mode(), err)
	}
}

func TestReadFileRefusesPathsOutOfTheFolder(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, testSlug)
	if err := os.MkdirAll(folder, 0o750); err != nil {
		t.Fatal(err)
	}
	msg := "From: a@example.com\r\nTo: b@example.com\r\nSubject: secret\r\n\r\nbody\r\n"
	for _, p := range []string{filepath.Join(dir, "x.eml"), filepath.Join(dir, "other", "y.eml")} {
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, []byte(msg), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	// A link inside the folder that points out of it.
	if err := os.Symlink(filepath.Join(dir, "x.eml"), filepath.Join(folder, "link.eml")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../x.eml", "..", "../other/y.eml", "/etc/passwd", "x.txt", ".hidden.eml", "a/b.eml", `..\x.eml`, "link.eml", "missing.eml"} {
		if _, err := ReadFile(dir, testSlug, name); !errs.Is(err, errs.NotFound) {
			t.Errorf("ReadFile(%q) = %v, want NotFound", name, err)
		}
	}
	for _, slug := range []string{"..", "../acme", "a/b", ""} {
		if _, err := ReadFile(dir, slug, "x.eml"); err == nil {
			t.Errorf("ReadFile with slug %q succeeded", slug)
		}
		if _, err := ListFiles(dir, slug); err == nil {
			t.Errorf("ListFiles with slug %q succeeded", slug)
		}
	}
	// The symlink is listed by name only if it is a regular file, which
	// it is not; nothing else is in the folder.
	if list, err := ListFiles(dir, testSlug); err != nil || len(list) != 0 {
		t.Errorf("ListFiles = %v, %v; want empty", list, err)
	}
	if list, err := ListFiles(dir, "nobody-yet"); err != nil || len(list) != 0 {
		t.Errorf("ListFiles of a missing folder = %v, %v; want empty", list, err)
	}
}

func TestReadFileDecodesTransferEncodings(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, testSlug)
	if err := os.MkdirAll(folder, 0o750); err != nil {
		t.Fatal(err)
	}
	// A message as another mailer might write it: mixed wrapping
	// alternative, base64 text and quoted-printable HTML, and an
	// attachment that must not be taken for the body.
	eml := strings.ReplaceAll(`From: =?UTF-8?q?Caf=C3=A9_Estates?= <office@cafe.example>
To: jo@example.com
Subject: =?UTF-8?b?UmVwYWlyIGJvb2tlZCDinJM=?=
Date: Fri, 14 Mar 2025 09:30:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

VGhlIHBsdW1iZXIgY29tZXMgb24gTW9uZGF5Lgo=
--inner
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<p>The plumber comes on <b>Monday</b>. Caf=C3=A9 =
Estates</p>
--inner--
--outer
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

not the body
--outer--
`, "\n", "\r\n")
	name := "20250314T093000.000000000Z-abc.eml"
	if err := os.WriteFile(filepath.Join(folder, name), []byte(eml), 0o640); err != nil {
		t.Fatal(err)
	}
	m, err := ReadFile(dir, testSlug, name)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Repair booked ✓" || m.From != "Café Estates <office@cafe.example>" {
		t.Errorf("Subject = %q, From = %q", m.Subject, m.From)
	}
	if m.Text != "The plumber comes on Monday.\n" {
		t.Errorf("Text = %q", m.Text)
	}
	if m.HTML != "<p>The plumber comes on <b>Monday</b>. Café Estates</p>" {
		t.Errorf("HTML = %q", m.HTML)
	}
	if want := (DevAttachment{Filename: "notes.txt", ContentType: "text/plain", Size: int64(len("not the body"))}); len(m.Attachments) != 1 || m.Attachments[0] != want {
		t.Errorf("Attachments = %+v, want %+v", m.Attachments, want)
	}
	if want := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("Date = %v", m.Date)
	}
}

func TestFileTransportRefusesUnsafeSlug(t *testing.T) {
	dir := t.TempDir()
	tr := NewFileTransport(dir)
	for _, slug := range []string{"..", "../evil", "a/b", `a\b`, "a.b", ""} {
		if err := tr.Send(t.Context(), slug, nil); err == nil {
			t.Errorf("Send with slug %q succeeded", slug)
		}
	}
}
