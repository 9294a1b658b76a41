package money_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
	"porch/payments"
	"porch/plans"
)

// planBook is the ledger fixture with Alice £550.25 in arrears on Flat 1:
// £300.00 due 2 January and £250.25 due 2 February; online with card
// payments through stripe-mock.
func planBook(t *testing.T, online bool) (*webtest.LedgerBook, *webtest.Browser) {
	t.Helper()
	var lb *webtest.LedgerBook
	var alice *webtest.Browser
	if online {
		pb := webtest.NewPayBook(t, webtest.PayOptions{})
		lb, alice = pb.LedgerBook, pb.Alice
	} else {
		lb = webtest.NewLedgerBook(t)
		alice = lb.F.Browser("acme." + webtest.Base)
		alice.SignInAs("acme", lb.Ppl.Alice)
	}
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		cts, err := ledger.ChargeTypes(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range []struct {
			issue, due string
			amount     int64
		}{{"2025-12-05", "2026-01-02", 300_00}, {"2026-01-05", "2026-02-02", 250_25}} {
			if _, err := ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: lb.Ppl.FlatA.ID,
				IssueDate: webtest.ISODay(d.issue), DueDate: webtest.ISODay(d.due),
				Lines: []ledger.DemandLine{{ChargeTypeID: cts[0].ID, Description: "Service charge", Amount: d.amount}}}); err != nil {
				return err
			}
		}
		return nil
	})
	return lb, alice
}

func text(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestResidentAsksForAPlanAndAcceptsIt(t *testing.T) {
	t.Parallel()
	lb, alice := planBook(t, true)
	unit := "/money/units/" + lb.Ppl.FlatA.PublicID

	d := webtest.Doc(t, alice.Get(unit+"/statement"))
	if got := text(d.Find(".plan-ask-link").Text()); got != "Cannot pay it all at once? Ask for a payment plan" {
		t.Fatalf("statement offers %q", got)
	}
	d = webtest.Doc(t, alice.Get(unit+"/plan"))
	if got := text(d.Find(".money-closing dd").Text()); got != "£550.25" {
		t.Fatalf("arrears shown %q", got)
	}
	if n := d.Find(`select[name="instalments"] option`).Length(); n != 5 { // 2 to 6, the default limits
		t.Fatalf("%d choices of instalments", n)
	}

	form := url.Values{"instalments": {"3"}, "frequency": {"monthly"}, "first_date": {"2026-04-01"}, "note": {"Paid monthly at the end of the month."}}
	form.Set("action", "preview")
	rec := alice.Post(unit+"/plan", form)
	d = webtest.Doc(t, rec)
	var amounts []string
	d.Find(".plan-instalments tbody td.num").Each(func(_ int, s *goquery.Selection) { amounts = append(amounts, text(s.Text())) })
	if rec.Code != http.StatusOK || strings.Join(amounts, " ") != "£183.43 £183.41 £183.41" {
		t.Fatalf("preview: %d %v", rec.Code, amounts)
	}
	if n := lb.Count(`SELECT count(*) FROM payment_plans`); n != 0 {
		t.Fatalf("a preview saved %d plans", n)
	}

	bad := url.Values{"instalments": {"12"}, "frequency": {"weekly"}, "first_date": {"2026-02-30"}, "action": {"ask"}}
	rec = alice.Post(unit+"/plan", bad)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "first_date") == "" {
		t.Fatalf("bad request: %d %.500s", rec.Code, rec.Body.String())
	}
	bad.Set("first_date", "2026-04-01")
	d = webtest.Doc(t, alice.Post(unit+"/plan", bad))
	if webtest.FieldError(d.Selection, "instalments") != "You can ask for up to 6 instalments." || webtest.FieldError(d.Selection, "frequency") == "" {
		t.Fatalf("limits: %q %q", webtest.FieldError(d.Selection, "instalments"), webtest.FieldError(d.Selection, "frequency"))
	}

	form.Set("action", "ask")
	rec = alice.Post(unit+"/plan", form)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/money/plans/") {
		t.Fatalf("ask: %d %.500s", rec.Code, rec.Body.String())
	}
	planURL := rec.Header().Get("Location")
	if subject, body := lb.F.LastMail("acme", lb.Ppl.Manager.Email); subject != "Payment plan asked for: Flat 1, Harbour View" ||
		!strings.Contains(body, "£550.25 in 3 monthly instalments from 1 April 2026") || !strings.Contains(body, "Paid monthly at the end") {
		t.Fatalf("mail to the manager: %q\n%s", subject, body)
	}
	d = webtest.Doc(t, alice.Get(planURL))
	if got := text(d.Find(".notice").First().Text()); !strings.HasPrefix(got, "You asked for this plan") {
		t.Fatalf("plan page: %q %.3000s", got, alice.Get(planURL).Body.String())
	}
	// The form sends her to the plan while it is open.
	if rec := alice.Get(unit + "/plan"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != planURL {
		t.Fatalf("asking again: %d %s", rec.Code, rec.Header().Get("Location"))
	}

	// The manager approves it as asked.
	id := strings.TrimPrefix(planURL, "/money/plans/")
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		p, err := plans.Get(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = plans.Approve(ctx, tx, webtest.Now, webtest.ISODay("2026-03-14"), p, plans.Proposal{Instalments: 3,
			Frequency: plans.Monthly, First: webtest.ISODay("2026-04-01"), By: lb.Ppl.Manager.ID})
		return err
	})
	d = webtest.Doc(t, alice.Get("/"))
	if got := text(d.Find(".home-card .plan-line").Text()); got != "A payment plan is offered to you: review and accept it" {
		t.Fatalf("home card: %q", got)
	}
	rec = alice.Post(planURL+"/accept", url.Values{})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %.500s", rec.Code, rec.Body.String())
	}
	if subject, body := lb.F.LastMail("acme", lb.Ppl.Alice.Email); subject != "Your payment plan for Flat 1, Harbour View is agreed" ||
		!strings.Contains(body, "link to pay a few days before each date") || !strings.Contains(body, "1 April 2026: £183.43") {
		t.Fatalf("mail to Alice: %q\n%s", subject, body)
	}
	d = webtest.Doc(t, alice.Get("/"))
	if got := text(d.Find(".home-card .plan-line").Text()); got != "On a payment plan: next £183.43 on 1 April 2026" {
		t.Fatalf("home card: %q", got)
	}
	if got := webtest.PDFText(t, alice.Get(unit+"/statement.pdf").Body.Bytes()); !strings.Contains(got, "On a payment plan: next instalment £183.43 on 1 April 2026.") {
		t.Errorf("statement PDF: %s", got)
	}
	d = webtest.Doc(t, alice.Get(planURL))
	if got := text(d.Find(`a[href="` + planURL + `/pay"]`).Text()); got != "Pay £183.43 now" {
		t.Fatalf("pay link %q", got)
	}
	d = webtest.Doc(t, alice.Get(planURL+"/pay"))
	if got, due := text(d.Find("h1").Text()), text(d.Find(".pay-summary .money-closing dd").Text()); got != "Pay your payment plan" || due != "£183.43" {
		t.Fatalf("pay page: %q %q", got, due)
	}
	if d.Find(`input[name="amount"]`).Length() != 0 {
		t.Fatal("the plan's pay page lets the amount be changed")
	}
	if rec := alice.Post(planURL+"/accept", url.Values{}); rec.Code != http.StatusConflict {
		t.Fatalf("accepting twice: %d", rec.Code)
	}

	// She pays the instalment by card from the link: Stripe's signed
	// webhook puts the receipt on her account, and the plan counts it.
	rec = alice.Post(planURL+"/pay", url.Values{"method": {"card"}, "amount": {"550.25"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay: %d %.500s", rec.Code, rec.Body.String())
	}
	var pay payments.Payment
	if err := lb.F.DB("acme").Read().QueryRowContext(context.Background(), `SELECT public_id FROM payments ORDER BY id DESC LIMIT 1`).Scan(&pay.PublicID); err != nil {
		t.Fatal(err)
	}
	pay, _ = payments.Get(context.Background(), lb.F.DB("acme").Read(), pay.PublicID)
	if pay.Amount != 183_43 || pay.InvoiceID != 0 {
		t.Fatalf("card payment %+v, want the instalment towards the account", pay)
	}
	body := webtest.StripeEventBody("evt_plan_1", "checkout.session.completed", lb.F.Clock.Now(), pay.ProviderRef, "paid", pay.PublicID, pay.Amount)
	if rec := lb.F.Webhook(body, payments.SignStripe(body, webtest.TestStripeWebhook, time.Now())); rec.Code != http.StatusOK {
		t.Fatalf("webhook: %d %s", rec.Code, rec.Body.String())
	}
	p, _ := plans.Get(context.Background(), lb.F.DB("acme").Read(), id)
	pr, err := plans.Progressed(context.Background(), lb.F.DB("acme").Read(), p, webtest.ISODay("2026-03-20"))
	if err != nil || pr.Paid != 183_43 || pr.Rows[0].State != plans.StatePaid || pr.Next.Number != 2 {
		t.Fatalf("after paying by card: %+v %v", pr, err)
	}
}

func TestPlansStayWithTheirAccount(t *testing.T) {
	t.Parallel()
	lb, _ := planBook(t, false)
	var p plans.Plan
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		p, err = plans.Offer(ctx, tx, webtest.Now, webtest.ISODay("2026-03-14"), plans.Proposal{UnitID: lb.Ppl.FlatA.ID,
			OccupancyID: occupancyOf(ctx, tx, t, lb.Ppl.FlatA.ID), Instalments: 2, Frequency: plans.Monthly,
			First: webtest.ISODay("2026-04-01"), By: lb.Ppl.Manager.ID})
		return err
	})
	bob := lb.F.Browser("acme." + webtest.Base)
	bob.SignInAs("acme", lb.Ppl.Bob)
	for _, path := range []string{"/money/plans/" + p.PublicID, "/money/plans/" + p.PublicID + "/pay"} {
		if rec := bob.Get(path); rec.Code != http.StatusNotFound {
			t.Errorf("Bob reads %s: %d", path, rec.Code)
		}
	}
	if rec := bob.Post("/money/plans/"+p.PublicID+"/accept", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("Bob accepts Alice's plan: %d", rec.Code)
	}
	if got, _ := plans.Get(context.Background(), lb.F.DB("acme").Read(), p.PublicID); got.Status != plans.StatusOffered {
		t.Fatalf("plan after Bob: %s", got.Status)
	}
}

func TestPlanRequestsTurnedOff(t *testing.T) {
	t.Parallel()
	lb, alice := planBook(t, false)
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		l := plans.DefaultLimits
		l.Requests = false
		_, err := plans.SetSiteLimits(ctx, tx, webtest.Now, lb.Ppl.FlatA.SiteID, l)
		return err
	})
	unit := "/money/units/" + lb.Ppl.FlatA.PublicID
	if d := webtest.Doc(t, alice.Get(unit+"/statement")); d.Find(".plan-ask-link").Length() != 0 {
		t.Fatal("the statement offers asking for a plan")
	}
	rec := alice.Post(unit+"/plan", url.Values{"instalments": {"3"}, "frequency": {"monthly"}, "first_date": {"2026-04-01"}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "arranged with us directly") {
		t.Fatalf("asking: %d %.500s", rec.Code, rec.Body.String())
	}
	if n := lb.Count(`SELECT count(*) FROM payment_plans`); n != 0 {
		t.Fatalf("%d plans", n)
	}
}

// occupancyOf is the unit's only occupancy.
func occupancyOf(ctx context.Context, tx *sql.Tx, t *testing.T, unitID int64) int64 {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM occupancies WHERE unit_id = ?`, unitID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
