package money_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/ledger"
)

// A card payment's receipt goes by Porch's own reference everywhere the
// resident reads it (their payments, statement and its download, the
// receipt PDF and the receipt email); the provider's id of the payment is
// never shown to them as theirs.
func TestCardReceiptShowsPorchReference(t *testing.T) {
	t.Parallel()
	pb := webtest.NewPayBook(t, webtest.PayOptions{Dev: true, NoKeys: true})
	inv := pb.Raise(t, "400")
	pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"method": {"card"}})
	p := pb.Payment(t)
	pb.Alice.Post("/money/payments/"+p.PublicID+"/test-checkout", url.Values{"outcome": {"pay"}})
	p = pb.PaymentByID(t, p.PublicID)
	if p.ProviderRef == "" || p.ReceiptJournal == 0 {
		t.Fatalf("the payment was not received: %+v", p)
	}
	ref := ledger.ReceiptRef(p.ReceiptJournal)
	pub, err := ledger.JournalPublicID(context.Background(), pb.F.DB("acme").Read(), p.ReceiptJournal)
	if err != nil {
		t.Fatal(err)
	}
	unit := "/money/units/" + pb.Ppl.FlatA.PublicID
	_, mail := pb.F.LastMail("acme", pb.Ppl.Alice.Email)
	seen := map[string]string{
		"payments":       webtest.Doc(t, pb.Alice.Get(unit+"/invoices")).Find("section[aria-labelledby=payments-heading]").Text(),
		"statement":      webtest.Doc(t, pb.Alice.Get(unit+"/statement")).Find(".statement-table").Text(),
		"statement CSV":  pb.Alice.Get(unit + "/statement.csv").Body.String(),
		"receipt PDF":    webtest.PDFText(t, pb.Alice.Get("/money/receipts/"+pub+".pdf").Body.Bytes()),
		"receipt email":  mail,
		"statement PDF":  webtest.PDFText(t, pb.Alice.Get(unit+"/statement.pdf").Body.Bytes()),
		"payments again": webtest.Doc(t, pb.Alice.Get(unit+"/invoices?all=1")).Find(".money-item-meta").Text(),
	}
	for where, text := range seen {
		if !strings.Contains(text, ref) {
			t.Errorf("%s lacks the receipt's reference %s:\n%s", where, ref, text)
		}
		if strings.Contains(text, p.ProviderRef) {
			t.Errorf("%s shows the provider's id %s", where, p.ProviderRef)
		}
	}
	if strings.Contains(seen["receipt PDF"], "Your reference") {
		t.Error("the receipt PDF calls the provider's id the resident's reference")
	}
}
