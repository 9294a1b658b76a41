package mail

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
	gomail "github.com/wneessen/go-mail"

	"porch/errs"
	"porch/internal/smtptest"
	"porch/tenants"
)

// pdfLike is a small file shaped like a PDF, with every byte value in it so
// that any mangling by the encoding shows.
func pdfLike() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n")
	for range 40 {
		for c := range 256 {
			b.WriteByte(byte(c))
		}
	}
	b.WriteString("\nendstream\n%%EOF\n")
	return b.Bytes()
}

// wirePart is one leaf or multipart part of a received message, with a
// leaf's body base64-decoded when it was sent that way.
type wirePart struct {
	ContentType string // media type without parameters
	Encoding    string // Content-Transfer-Encoding
	Disposition string
	Filename    string // from Content-Disposition, encoded words decoded
	Name        string // the Content-Type name parameter, decoded
	Data        []byte
	Parts       []wirePart // of a multipart
}

// parseWire reads a raw message into its top-level part.
func parseWire(t *testing.T, raw []byte) wirePart {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return readWirePart(t, m.Header, m.Body)
}

func readWirePart(t *testing.T, h header, body io.Reader) wirePart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", h.Get("Content-Type"), err)
	}
	p := wirePart{ContentType: mt, Encoding: strings.ToLower(h.Get("Content-Transfer-Encoding"))}
	dec := new(mime.WordDecoder)
	if p.Name, err = dec.DecodeHeader(params["name"]); err != nil {
		t.Fatal(err)
	}
	if d := h.Get("Content-Disposition"); d != "" {
		disp, dparams, err := mime.ParseMediaType(d)
		if err != nil {
			t.Fatalf("Content-Disposition %q: %v", d, err)
		}
		p.Disposition = disp
		if p.Filename, err = dec.DecodeHeader(dparams["filename"]); err != nil {
			t.Fatal(err)
		}
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			p.Parts = append(p.Parts, readWirePart(t, part.Header, part))
		}
		return p
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	p.Data = raw
	if p.Encoding == "base64" {
		// Undo the line wrapping and decode strictly, as a mail client would.
		clean := strings.NewReplacer("\r", "", "\n", "").Replace(string(raw))
		if p.Data, err = base64.StdEncoding.DecodeString(clean); err != nil {
			t.Fatalf("part %s: base64: %v", mt, err)
		}
	}
	return p
}

func (p wirePart) types() string {
	var out []string
	for _, c := range p.Parts {
		out = append(out, c.ContentType)
	}
	return strings.Join(out, ",")
}

// checkAttachment fails unless p is an attachment part carrying a exactly.
func checkAttachment(t *testing.T, p wirePart, a Attachment) {
	t.Helper()
	if p.Disposition != "attachment" || p.Filename != a.Filename || p.Name != a.Filename {
		t.Errorf("part disposition %q filename %q name %q, want attachment %q", p.Disposition, p.Filename, p.Name, a.Filename)
	}
	if want, _, _ := mime.ParseMediaType(a.ContentType); p.ContentType != want {
		t.Errorf("%s: content type %q, want %q", a.Filename, p.ContentType, want)
	}
	if p.Encoding != "base64" {
		t.Errorf("%s: transfer encoding %q, want base64", a.Filename, p.Encoding)
	}
	if !bytes.Equal(p.Data, a.Data) {
		t.Errorf("%s: %d bytes arrived, want the %d sent exactly", a.Filename, len(p.Data), len(a.Data))
	}
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.orgs.db.Read().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestSMTPSendsAttachments(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{}
	s := newSMTPSender(t, e, be)
	receipt := Attachment{Filename: "receipt-R-0042.pdf", ContentType: "application/pdf", Data: pdfLike()}
	csv := Attachment{Filename: "Reçu – juin 2025.csv", ContentType: "text/csv; charset=utf-8", Data: []byte("date,amount\n2025-06-01,£1200.00\n")}
	id := e.enqueue(Message{
		To: "jo@example.com", ToName: "Jo Bloggs", Subject: "Receipt for your payment",
		Text: "Thank you for your payment of £1,200.", HTML: "<p>Thank you for your payment of <b>£1,200</b>.</p>",
		Attachments: []Attachment{receipt, csv},
	})
	if n := e.count(`SELECT count(*) FROM mail_attachments`); n != 2 {
		t.Fatalf("%d attachment rows stored, want 2", n)
	}

	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	msgs := be.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	top := parseWire(t, msgs[0].Data)
	if top.ContentType != "multipart/mixed" || top.types() != "multipart/alternative,application/pdf,text/csv" {
		t.Fatalf("message is %s of [%s], want multipart/mixed of the body and two files", top.ContentType, top.types())
	}
	body := top.Parts[0]
	if body.types() != "text/plain,text/html" || body.Parts[0].Disposition == "attachment" {
		t.Errorf("body is [%s], want text/plain then text/html", body.types())
	}
	checkAttachment(t, top.Parts[1], receipt)
	checkAttachment(t, top.Parts[2], csv)

	// The row is kept as sent, with its files, as the record of what went.
	if r := e.row(id); r.Status != "sent" || r.Attempts != 1 {
		t.Errorf("row = %+v, want sent", r)
	}
	if n := e.count(`SELECT count(*) FROM mail_attachments`); n != 2 {
		t.Errorf("%d attachment rows after sending, want the 2 kept with the message", n)
	}
}

func TestFileTransportWritesAttachments(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	s := e.sender(NewFileTransport(dir))
	receipt := Attachment{Filename: "receipt-R-0042.pdf", ContentType: "application/pdf", Data: pdfLike()}
	// Text only: the file follows the plain body directly.
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Receipt", Text: "Your receipt is attached.\n",
		Attachments: []Attachment{receipt}})
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}

	name := onlyFile(t, filepath.Join(dir, testSlug))
	if !strings.HasSuffix(name, "-"+id+".eml") {
		t.Errorf("file %s, want it named after %s", name, id)
	}
	raw, err := os.ReadFile(filepath.Join(dir, testSlug, name))
	if err != nil {
		t.Fatal(err)
	}
	top := parseWire(t, raw)
	if top.ContentType != "multipart/mixed" || top.types() != "text/plain,application/pdf" {
		t.Fatalf(".eml is %s of [%s], want multipart/mixed of text/plain and the PDF", top.ContentType, top.types())
	}
	if top.Parts[0].Disposition == "attachment" {
		t.Error("the body is marked as an attachment")
	}
	checkAttachment(t, top.Parts[1], receipt)

	// The dev mail pages read the body, not the file, and name the file.
	m, err := ReadFile(dir, testSlug, name)
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "Your receipt is attached.\n" || m.HTML != "" {
		t.Errorf("Text = %q, HTML = %q", m.Text, m.HTML)
	}
	want := []DevAttachment{{Filename: "receipt-R-0042.pdf", ContentType: "application/pdf", Size: int64(len(receipt.Data))}}
	if len(m.Attachments) != 1 || m.Attachments[0] != want[0] {
		t.Errorf("Attachments = %+v, want %+v", m.Attachments, want)
	}
	if got := m.Attachments[0].SizeText(); got != "10 KB" {
		t.Errorf("SizeText = %q", got)
	}
	list, err := ListFiles(dir, testSlug)
	if err != nil || len(list) != 1 || len(list[0].Attachments) != 1 || list[0].Attachments[0].Filename != receipt.Filename {
		t.Errorf("ListFiles = %+v, %v", list, err)
	}
}

func onlyFile(t *testing.T, folder string) string {
	t.Helper()
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d files in %s, want 1", len(entries), folder)
	}
	return entries[0].Name()
}

func TestAttachmentsUpToTheLimitsAreSent(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	s := e.sender(NewFileTransport(dir))
	// Five files of exactly 5 MB in all, the longest name allowed, and a
	// content type given loosely, which is stored in canonical form.
	long := strings.Repeat("n", maxFilename-4) + ".bin"
	var atts []Attachment
	for i := range maxAttachments {
		data := bytes.Repeat([]byte{byte(i), 0xff, 0x00, '\n'}, maxAttachmentBytes/maxAttachments/4)
		atts = append(atts, Attachment{Filename: string(rune('a'+i)) + ".bin", ContentType: "application/octet-stream", Data: data})
	}
	atts[0].Filename = long
	atts[1].ContentType = "Application/PDF; Name=\"other.pdf\""
	atts[1].Filename = "  spaced.pdf  "
	given := atts[1]
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Files", Text: "Five files.", Attachments: atts})
	if atts[1].Filename != given.Filename || atts[1].ContentType != given.ContentType {
		t.Error("Enqueue changed the caller's attachments")
	}
	var ct, fn string
	err := e.orgs.db.ReadPool().QueryRow(`SELECT content_type, filename FROM mail_attachments WHERE position = 1`).Scan(&ct, &fn)
	if err != nil || ct != "application/pdf" || fn != "spaced.pdf" {
		t.Errorf("stored %q %q (%v), want application/pdf and the trimmed name", ct, fn, err)
	}
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if r := e.row(id); r.Status != "sent" {
		t.Fatalf("row = %+v", r)
	}
	m, err := ReadFile(dir, testSlug, onlyFile(t, filepath.Join(dir, testSlug)))
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "Five files." || len(m.Attachments) != maxAttachments {
		t.Fatalf("read back %q with %d attachments", m.Text, len(m.Attachments))
	}
	var total int64
	for _, a := range m.Attachments {
		total += a.Size
	}
	if m.Attachments[0].Filename != long || m.Attachments[1].Filename != "spaced.pdf" ||
		m.Attachments[1].ContentType != "application/pdf" || total != maxAttachmentBytes {
		t.Errorf("attachments %+v, total %d", m.Attachments, total)
	}
}

func TestAttachmentValidation(t *testing.T) {
	e := newEnv(t)
	pdf := func(name string) Attachment {
		return Attachment{Filename: name, ContentType: "application/pdf", Data: []byte("%PDF-1.7")}
	}
	tests := []struct {
		name string
		atts []Attachment
		want string // in the message
	}{
		{"too many", []Attachment{pdf("1.pdf"), pdf("2.pdf"), pdf("3.pdf"), pdf("4.pdf"), pdf("5.pdf"), pdf("6.pdf")},
			"The message has 6 attachments; at most 5 are allowed."},
		{"too large in all", []Attachment{
			{Filename: "a.bin", ContentType: "application/octet-stream", Data: make([]byte, 3<<20)},
			{Filename: "b.bin", ContentType: "application/octet-stream", Data: make([]byte, 2<<20+1)}},
			"The attachments come to 5.1 MB; at most 5 MB in all is allowed."},
		{"no name", []Attachment{pdf("ok.pdf"), pdf("  ")}, "Attachment 2 has no file name."},
		{"path", []Attachment{pdf("../../etc/passwd")}, `The attachment name "../../etc/passwd" must not contain / or \: it is a file name, not a path.`},
		{"windows path", []Attachment{pdf(`C:\receipt.pdf`)}, `must not contain / or \`},
		{"dot dot", []Attachment{pdf("..")}, `The attachment name ".." is not a file name.`},
		{"quote", []Attachment{pdf(`a"b.pdf`)}, `must not contain any of " * : < > ? |.`},
		{"line break", []Attachment{pdf("receipt.pdf\r\nX-Injected: yes")}, "Attachment 1 must not contain control characters or line breaks."},
		{"tab", []Attachment{pdf("a\tb.pdf")}, "Attachment 1 must not contain control characters"},
		{"not UTF-8", []Attachment{pdf("re\xffceipt.pdf")}, "Attachment 1 has a file name that is not valid UTF-8."},
		{"long name", []Attachment{pdf(strings.Repeat("é", maxFilename-3) + ".pdf")}, "Attachment 1 is too long: keep it to 100 characters."},
		{"no type", []Attachment{{Filename: "a.pdf", Data: []byte("x")}}, `The content type of "a.pdf" is missing: give a media type like application/pdf.`},
		{"bare word type", []Attachment{{Filename: "a.pdf", ContentType: "pdf", Data: []byte("x")}}, `"pdf" is not a valid media type like application/pdf.`},
		{"no subtype", []Attachment{{Filename: "a.pdf", ContentType: "application/", Data: []byte("x")}}, "is not a valid media type"},
		{"bad parameter", []Attachment{{Filename: "a.txt", ContentType: "text/plain; charset", Data: []byte("x")}}, "is not a valid media type"},
		{"header in type", []Attachment{{Filename: "a.pdf", ContentType: "application/pdf\r\nBcc: x@example.com", Data: []byte("x")}}, "is not a valid media type"},
		{"multipart", []Attachment{{Filename: "a.eml", ContentType: "multipart/mixed; boundary=x", Data: []byte("x")}}, `"multipart/mixed" cannot be attached as a file.`},
		{"empty", []Attachment{{Filename: "a.pdf", ContentType: "application/pdf"}}, `The attachment "a.pdf" is empty.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Message{To: "jo@example.com", Subject: "Receipt", Text: "Attached.", Attachments: tt.atts}
			err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
				_, err := Enqueue(e.ctx, e.orgs.catalog, testSlug, tx, e.clock.Now(), m)
				return err
			})
			ee, ok := errs.As(err)
			if !ok || ee.Code != errs.Invalid {
				t.Fatalf("Enqueue = %v, want Invalid", err)
			}
			if !strings.Contains(ee.Message, tt.want) || ee.Fields["attachments"] != ee.Message {
				t.Errorf("message %q (fields %v), want it to say %q on attachments", ee.Message, ee.Fields, tt.want)
			}
		})
	}
	if n := e.count(`SELECT count(*) FROM mail_outbox`) + e.count(`SELECT count(*) FROM mail_attachments`); n != 0 {
		t.Errorf("%d rows stored for refused messages", n)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("a refused message left a hint")
	}
}

func TestMessageWithoutAttachmentsIsUnchanged(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{}
	s := newSMTPSender(t, e, be)
	e.enqueue(Message{To: "jo@example.com", Subject: "Plain", Text: "Just text."})
	e.enqueue(Message{To: "jo@example.com", Subject: "Rich", Text: "Text.", HTML: "<p>Text.</p>", Attachments: []Attachment{}})
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if n := e.count(`SELECT count(*) FROM mail_attachments`); n != 0 {
		t.Errorf("%d attachment rows for messages without attachments", n)
	}
	msgs := be.Messages()
	if len(msgs) != 2 {
		t.Fatalf("server got %d messages", len(msgs))
	}
	plain, rich := parseWire(t, msgs[0].Data), parseWire(t, msgs[1].Data)
	if plain.ContentType != "text/plain" || plain.Disposition != "" || !strings.Contains(string(plain.Data), "Just text.") {
		t.Errorf("plain message is %+v, want a single text/plain body", plain)
	}
	if rich.ContentType != "multipart/alternative" || rich.types() != "text/plain,text/html" {
		t.Errorf("rich message is %s of [%s], want multipart/alternative", rich.ContentType, rich.types())
	}
	for _, m := range msgs {
		if bytes.Contains(m.Data, []byte("multipart/mixed")) || bytes.Contains(m.Data, []byte("Content-Disposition")) {
			t.Errorf("a message without attachments has a mixed part or a disposition:\n%s", m.Data)
		}
	}
}

func TestQueuedAttachmentsSurviveRestart(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{OnData: func(n int) *smtp.SMTPError {
		if n == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
		return nil
	}}
	url := smtptest.Start(t, be)
	tr, err := NewSMTPTransport(url)
	if err != nil {
		t.Fatal(err)
	}
	receipt := Attachment{Filename: "receipt-R-0042.pdf", ContentType: "application/pdf", Data: pdfLike()}
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Receipt", Text: "Attached.", Attachments: []Attachment{receipt}})
	if err := e.sender(tr).DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if r := e.row(id); r.Status != "pending" {
		t.Fatalf("after 451: %+v", r)
	}

	// The process stops; a new one opens the database afresh.
	if err := e.orgs.db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := tenants.Open(e.ctx, testSlug, e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.orgs.db = db
	tr2, err := NewSMTPTransport(url)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(maxBackoff)
	if err := e.sender(tr2).DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if r := e.row(id); r.Status != "sent" || r.Attempts != 2 {
		t.Fatalf("after restart: %+v, want sent", r)
	}
	msgs := be.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server accepted %d messages", len(msgs))
	}
	top := parseWire(t, msgs[0].Data)
	if top.types() != "text/plain,application/pdf" {
		t.Fatalf("parts [%s]", top.types())
	}
	checkAttachment(t, top.Parts[1], receipt)
}

func TestAttachmentsBelongToTheirMessage(t *testing.T) {
	e := newEnv(t)
	att := []Attachment{{Filename: "a.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7")}}

	// A rolled-back change takes its message's files with it.
	err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
		if _, err := Enqueue(e.ctx, e.orgs.catalog, testSlug, tx, e.clock.Now(),
			Message{To: "jo@example.com", Subject: "X", Text: "x", Attachments: att}); err != nil {
			return err
		}
		return errors.New("the payment could not be recorded")
	})
	if err == nil {
		t.Fatal("transaction committed")
	}
	if n := e.count(`SELECT count(*) FROM mail_attachments`); n != 0 {
		t.Errorf("%d attachment rows after a rollback", n)
	}

	// Each message sends its own files only.
	var got [][]string
	tr := funcTransport(func(_ context.Context, _ string, msg *gomail.Msg) error {
		var names []string
		for _, f := range msg.GetAttachments() {
			names = append(names, f.Name)
		}
		got = append(got, names)
		return nil
	})
	one := e.enqueue(Message{To: "jo@example.com", Subject: "One", Text: "1", Attachments: att})
	e.enqueue(Message{To: "jo@example.com", Subject: "None", Text: "0"})
	e.enqueue(Message{To: "jo@example.com", Subject: "Two", Text: "2", Attachments: []Attachment{
		{Filename: "b.pdf", ContentType: "application/pdf", Data: []byte("b")},
		{Filename: "c.txt", ContentType: "text/plain", Data: []byte("c")}}})
	if err := e.sender(tr).DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || strings.Join(got[0], ",") != "a.pdf" || len(got[1]) != 0 || strings.Join(got[2], ",") != "b.pdf,c.txt" {
		t.Errorf("sent attachments %q", got)
	}

	// Removing a message removes its files.
	err = e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(e.ctx, `DELETE FROM mail_outbox WHERE public_id = ?`, one)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(`SELECT count(*) FROM mail_attachments`); n != 2 {
		t.Errorf("%d attachment rows left, want the other message's 2", n)
	}
}

func TestStoredBadAttachmentIsGivenUp(t *testing.T) {
	e := newEnv(t)
	called := false
	tr := funcTransport(func(context.Context, string, *gomail.Msg) error { called = true; return nil })
	id := e.enqueue(Message{To: "jo@example.com", Subject: "X", Text: "x",
		Attachments: []Attachment{{Filename: "a.pdf", ContentType: "application/pdf", Data: []byte("x")}}})
	// A row changed behind the outbox's back is not sent as it stands.
	err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(e.ctx, `UPDATE mail_attachments SET filename = '../a.pdf'`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.sender(tr).DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	r := e.row(id)
	if called || r.Status != "failed" || !strings.Contains(r.LastError, "attachments") {
		t.Errorf("sent = %v, row = %+v; want given up without sending", called, r)
	}
}
