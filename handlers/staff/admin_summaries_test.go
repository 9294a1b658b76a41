package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// The manager pastes the prescribed summaries: saved together and
// audited, a text too long refused next to its field with nothing saved,
// and staff who may not change settings get a 403.
func TestDemandSummariesSettings(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	const path = "/admin/settings/demand-summaries"

	d := webtest.Doc(t, mgr.Get(path))
	if got := d.Find("#summary-service_charge_england").Text(); got != "Summary of rights: service_charge, england." {
		t.Fatalf("the saved summary shows as %q", got)
	}
	form := url.Values{"service_charge_england": {"Service Charges – Summary of tenants' rights and obligations\n\n(1) This summary..."},
		"service_charge_wales": {"Taliadau Gwasanaeth – Crynodeb"}, "administration_charge_england": {"Administration Charges – Summary"},
		"administration_charge_wales": {""}}
	if rec := mgr.Post(path, form); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?done=saved" {
		t.Fatalf("save: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	q := f.DB("acme").Read()
	ctx := context.Background()
	if got, _ := estate.DemandSummary(ctx, q, estate.SummaryServiceCharge, estate.NationWales); got != "Taliadau Gwasanaeth – Crynodeb" {
		t.Errorf("Wales service charge summary %q", got)
	}
	if got, _ := estate.DemandSummary(ctx, q, estate.SummaryAdminCharge, estate.NationWales); got != "" {
		t.Errorf("a blanked summary is still %q", got)
	}
	if n := f.AuditCount("acme", "settings.demand_summaries"); n != 1 {
		t.Errorf("%d audit entries", n)
	}

	form.Set("administration_charge_england", strings.Repeat("x", estate.MaxSummary+1))
	form.Set("service_charge_wales", "changed")
	rec := mgr.Post(path, form)
	if msg := webtest.Doc(t, rec).Find("#summary-administration_charge_england-error").Text(); rec.Code != http.StatusUnprocessableEntity || msg == "" {
		t.Errorf("too long: %d %q", rec.Code, msg)
	}
	if got, _ := estate.DemandSummary(ctx, q, estate.SummaryServiceCharge, estate.NationWales); got != "Taliadau Gwasanaeth – Crynodeb" {
		t.Errorf("a refused save changed another summary to %q", got)
	}

	desk := f.AddStaff("acme", "Rosa Desk", "rosa@acme.example")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", desk)
	if rec := b.Get(path); rec.Code != http.StatusForbidden {
		t.Errorf("front desk sees the settings: %d", rec.Code)
	}
}
