package main

import (
	"context"
	"database/sql"
	b64 "encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"porch/demo"
	"porch/estate"
	"porch/internal/pdftext"
	"porch/ledger"
)

// TestScheduledDemandOverSMTP: the daily job raises a recurring demand and
// the resident receives it over SMTP, with the invoice attached as a PDF
// that names the block's landlord and address for notices, and a link to
// pay it.
func TestScheduledDemandOverSMTP(t *testing.T) {
	m, be := demoOverSMTP(t)
	ctx := context.Background()
	db := demoDB(t, m)
	now := time.Now()
	today := estate.UKDate(now)
	err := db.Write(ctx, func(tx *sql.Tx) error {
		amara, err := estate.FindPersonByEmail(ctx, tx, demo.ResidentEmail)
		if err != nil {
			return err
		}
		homes, err := estate.UnitsOfPerson(ctx, tx, amara.ID, today)
		if err != nil || len(homes) == 0 {
			t.Fatalf("Amara's homes: %v %v", homes, err)
		}
		charges, err := ledger.ChargeTypes(ctx, tx)
		if err != nil {
			return err
		}
		var admin int64
		for _, c := range charges {
			if c.Name == "Administration fee" {
				admin = c.ID
			}
		}
		_, err = ledger.CreateSchedule(ctx, tx, now, ledger.ScheduleInput{Name: "Door entry fob", UnitID: homes[0].UnitID,
			ChargeTypeID: admin, Amount: 25_00, EveryMonths: 12, StartDate: today, DueDays: 14})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res := m.Jobs.RunOrg(ctx, demo.DemoSlug, now, today); res.Err != nil || res.Raised != 1 {
		t.Fatalf("daily job: %+v", res)
	}
	m.Sender.Kick()

	// The demo's own quarter of demands reaches her too: this one is the
	// fob's.
	msg := waitForMail(t, be, demo.ResidentEmail, "£25.00 due by")
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if !strings.HasPrefix(subject, "Invoice ") || !strings.Contains(subject, "£25.00 due by") {
		t.Errorf("subject %q", subject)
	}
	parts := map[string][]byte{}
	readParts(t, msg.Header.Get("Content-Type"), msg.Body, parts)
	if !strings.Contains(string(parts["text/plain"]), "/pay") {
		t.Errorf("no link to pay:\n%s", parts["text/plain"])
	}
	text := strings.Join(strings.Fields(pdftext.Read(t, parts["application/pdf"])), " ")
	for _, want := range []string{"Door entry fob", "Quayside Walk Freehold Limited", "sections 47 and 48"} {
		if !strings.Contains(text, want) {
			t.Errorf("the attached invoice lacks %q:\n%s", want, text)
		}
	}
}

// readParts walks a MIME body, nested multiparts included, keeping each
// leaf part's bytes by its media type.
func readParts(t *testing.T, contentType string, body io.Reader, out map[string][]byte) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		data, _ := io.ReadAll(body)
		out[mt] = data
		return
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		ct := p.Header.Get("Content-Type")
		if p.Header.Get("Content-Transfer-Encoding") == "base64" {
			readParts(t, ct, base64Reader(p), out)
			continue
		}
		readParts(t, ct, p, out)
	}
}

func base64Reader(r io.Reader) io.Reader { return b64.NewDecoder(b64.StdEncoding, r) }
