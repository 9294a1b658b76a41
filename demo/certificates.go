package demo

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"porch/documents"
	"porch/estate"
	"porch/files"
	"porch/tenants"
)

// certPaper is a certificate the demo files for a landlord's let home:
// issued and expiring so many days from today.
type certPaper struct {
	kind, title, file string
	issued, expires   int // days from today: negative in the past
	body              []string
}

// The certificates' types, as documents.CertificateKinds names them.
const (
	certGas  = "Gas safety certificate"
	certEICR = "EICR (electrical installation condition report)"
	certEPC  = "EPC (energy performance certificate)"
)

// propertyPapers are what the demo files for one let home: its
// certificates and, for some, an inspection and its report.
type propertyPapers struct {
	certs      []certPaper
	inspection bool // an inspection booked and the last one's report
}

// landlordPapers are Harjit's three lets, in the order of his links, and
// Grace's one. Harjit's first home's gas safety record is the one the
// documents step shared already; 9 Wilberforce Mews' EICR has expired and
// Grace's gas safety record is due within the month.
func landlordPapers() map[string][]propertyPapers {
	gas := func(issued int) certPaper {
		return certPaper{kind: certGas, title: "Gas safety record", file: "CP12 gas safety record.pdf", issued: issued, expires: issued + 364,
			body: []string{"Boiler, hob and flue checked and safe to use.", "Engineer: Gas Safe registered; the next check is due within 12 months."}}
	}
	eicr := func(issued, years int) certPaper {
		return certPaper{kind: certEICR, title: "Electrical installation condition report", file: "EICR.pdf", issued: issued, expires: issued + years*365,
			body: []string{"Overall condition: satisfactory. No C1 or C2 observations.", "Next inspection recommended within five years, or at a change of tenancy."}}
	}
	epc := func(issued int, band string) certPaper {
		return certPaper{kind: certEPC, title: "Energy performance certificate, band " + band, file: "EPC.pdf", issued: issued, expires: issued + 3652,
			body: []string{"Current energy rating: " + band + ". Potential rating: B with loft insulation and a smart thermostat.",
				"Valid for ten years from the date of assessment."}}
	}
	return map[string][]propertyPapers{
		OwnerEmail: {
			{certs: []certPaper{eicr(-700, 5), epc(-1500, "C")}, inspection: true},
			{certs: []certPaper{gas(-150), eicr(-1100, 5), epc(-2200, "D")}},
			{certs: []certPaper{gas(-60), eicr(-1837, 5), epc(-400, "C")}}, // the EICR expired twelve days ago
		},
		SellerEmail: {
			{certs: []certPaper{gas(-346), eicr(-300, 5), epc(-900, "B")}, inspection: true}, // gas due in 18 days
		},
	}
}

// PropertyDocuments files each demo landlord's property papers through the
// same functions as the manager's screens: certificates (gas safety, EICR,
// EPC: one expired, one due within the month), an inspection booked and the
// last inspection's report for two homes, each current tenancy's agreement
// (Harjit's first home's, and its gas safety record, shared by Documents,
// become a tenancy agreement and a certificate), and the portfolio's smoke
// alarm guidance copied to Harjit's first home's owner portal. Like
// Documents, it marks everyone who sees them as alerted.
func PropertyDocuments(ctx context.Context, db *tenants.DB, store *files.Store, now time.Time) error {
	today := estate.UKDate(now)
	return db.Write(ctx, func(tx *sql.Tx) error {
		mgr, err := estate.FindPersonByEmail(ctx, tx, ManagerEmail)
		if err != nil {
			return fmt.Errorf("demo: manager: %w", err)
		}
		f := &filer{ctx: ctx, tx: tx, db: db, store: store, now: now, today: today, by: mgr.ID}
		for _, email := range []string{OwnerEmail, SellerEmail} {
			homes, err := ownedHomes(ctx, tx, email, today)
			if err != nil {
				return err
			}
			for i, pp := range landlordPapers()[email] {
				if i >= len(homes) {
					return fmt.Errorf("demo: %s owns %d homes", email, len(homes))
				}
				if err := f.property(homes[i], pp, email == OwnerEmail && i == 0); err != nil {
					return err
				}
			}
			if email == OwnerEmail {
				if err := f.copyGuide(homes[0]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ownedHomes are the let homes the persona owns today, in link order.
func ownedHomes(ctx context.Context, tx *sql.Tx, email string, today time.Time) ([]estate.PersonUnit, error) {
	p, err := estate.FindPersonByEmail(ctx, tx, email)
	if err != nil {
		return nil, fmt.Errorf("demo: %s: %w", email, err)
	}
	links, err := estate.UnitsOfPerson(ctx, tx, p.ID, today)
	if err != nil {
		return nil, err
	}
	var out []estate.PersonUnit
	for _, l := range links {
		if l.Role == estate.RoleOwner && l.Market == estate.MarketLetting {
			out = append(out, l)
		}
	}
	return out, nil
}

// filer files one landlord's papers in the demo's transaction.
type filer struct {
	ctx        context.Context
	tx         *sql.Tx
	db         *tenants.DB
	store      *files.Store
	now, today time.Time
	by         int64
}

// pdf stores a paper's PDF.
func (f *filer) pdf(name, title, subtitle string, body []string) (documents.File, error) {
	data, err := paperPDF(title, subtitle, body)
	if err != nil {
		return documents.File{}, fmt.Errorf("demo: %q: %w", title, err)
	}
	ref, err := f.store.Put(f.ctx, f.db, files.Upload{Name: name, Data: data})
	if err != nil {
		return documents.File{}, fmt.Errorf("demo: %q: %w", title, err)
	}
	return documents.File{Ref: ref, Name: name}, nil
}

// day is today moved by days.
func (f *filer) day(days int) time.Time { return f.today.AddDate(0, 0, days) }

// uploadedAt is when a paper dated on day reached the portal: that day,
// or a week ago for one not yet dated (a booked inspection's notice).
func (f *filer) uploadedAt(day time.Time) time.Time {
	if day.After(f.today) {
		day = f.today.AddDate(0, 0, -7)
	}
	return day.Add(11 * time.Hour)
}

// property files one home's papers; converted says its gas safety record
// and tenancy agreement were shared already, to be filed as such.
func (f *filer) property(home estate.PersonUnit, pp propertyPapers, converted bool) error {
	both := []string{estate.RoleOwner, estate.RoleTenant}
	for _, c := range pp.certs {
		issued := f.day(c.issued)
		in := documents.Input{Title: fmt.Sprintf("%s, %s", c.title, home.UnitName), UnitID: home.UnitID, Kind: c.kind, Roles: both,
			Class: documents.Class{Category: documents.CategoryCertificate, DatedOn: issued, ExpiresOn: f.day(c.expires)}}
		if err := f.upload(in, c.file, "Issued "+issued.Format("2 January 2006")+" for "+home.UnitName+".", c.body, f.uploadedAt(issued)); err != nil {
			return err
		}
	}
	if pp.inspection {
		booked, last := f.day(9), f.day(-41)
		if err := f.upload(documents.Input{Title: "Routine inspection: notice to the tenant", UnitID: home.UnitID, Roles: both,
			Class: documents.Class{Category: documents.CategoryInspection, DatedOn: booked}}, "Inspection notice.pdf",
			"We will visit "+home.UnitName+" on "+booked.Format("Monday 2 January")+" between 10 am and noon.",
			[]string{"The visit takes about 30 minutes; you need not be in: we use our keys if you are out.",
				"We check for repairs, damp and condensation, and that the smoke and CO alarms work."}, f.uploadedAt(booked)); err != nil {
			return err
		}
		if err := f.upload(documents.Input{Title: "Routine inspection report", UnitID: home.UnitID, Roles: []string{estate.RoleOwner},
			Class: documents.Class{Category: documents.CategoryInspectionReport, DatedOn: last}}, "Inspection report.pdf",
			home.UnitName+", inspected "+last.Format("2 January 2006")+".",
			[]string{"Overall: well kept and clean. The tenants report no problems.",
				"Seen: slight condensation on the bedroom window; advised the tenants to use the trickle vents.",
				"Action: the bathroom extractor fan is noisy; a contractor will replace it."}, f.uploadedAt(last.AddDate(0, 0, 2))); err != nil {
			return err
		}
	}
	if converted {
		if err := f.convert(home); err != nil {
			return err
		}
	}
	return f.agreements(home, converted)
}

// upload shares a paper as the manager did on the day at, and records
// everyone who sees it as alerted.
func (f *filer) upload(in documents.Input, file, subtitle string, body []string, at time.Time) error {
	var err error
	if in.File, err = f.pdf(file, in.Title, subtitle, body); err != nil {
		return err
	}
	d, err := documents.Upload(f.ctx, f.tx, at, f.by, in)
	if err != nil {
		return fmt.Errorf("demo: %q: %w", in.Title, err)
	}
	return markSeen(f.ctx, f.tx, d, at)
}

// current is the home's tenancy in force today, if any.
func (f *filer) current(home estate.PersonUnit) (documents.Tenancy, bool, error) {
	ts, err := documents.Tenancies(f.ctx, f.tx, home.UnitID)
	if err != nil {
		return documents.Tenancy{}, false, err
	}
	i := slices.IndexFunc(ts, func(t documents.Tenancy) bool {
		return !t.Start.After(f.today) && (t.End == nil || !t.End.Before(f.today))
	})
	if i < 0 {
		return documents.Tenancy{}, false, nil
	}
	return ts[i], true, nil
}

// agreements files the agreement of the home's current tenancy, unless
// one was shared already (converted).
func (f *filer) agreements(home estate.PersonUnit, converted bool) error {
	t, ok, err := f.current(home)
	if err != nil || !ok || converted {
		return err
	}
	file, err := f.pdf("Tenancy agreement.pdf", "Assured shorthold tenancy agreement", home.UnitName+": "+t.Names+", from "+t.Start.Format("2 January 2006")+".",
		[]string{"Term: 12 months, then month to month.", "The deposit is protected with the Deposit Protection Service within 30 days."})
	if err != nil {
		return err
	}
	at := t.Start.Add(10 * time.Hour)
	d, err := documents.FileTenancyAgreement(f.ctx, f.tx, at, f.by, t.PublicID, "", file)
	if err != nil {
		return fmt.Errorf("demo: the agreement of %s: %w", home.UnitName, err)
	}
	return markSeen(f.ctx, f.tx, d, at)
}

// convert files the gas safety record and the tenancy agreement the
// documents step shared for the home as a certificate and as the current
// tenancy's agreement.
func (f *filer) convert(home estate.PersonUnit) error {
	ds, err := documents.OfUnit(f.ctx, f.tx, home.UnitID)
	if err != nil {
		return err
	}
	t, ok, err := f.current(home)
	if err != nil {
		return err
	}
	for _, d := range ds {
		var c documents.Class
		switch {
		case d.Kind == certGas && d.Category == "":
			issued := estate.UKDate(d.CreatedAt)
			c = documents.Class{Category: documents.CategoryCertificate, DatedOn: issued, ExpiresOn: issued.AddDate(1, 0, -1)}
		case d.Kind == "Tenancy agreement" && d.Category == "" && ok:
			c = documents.Class{Category: documents.CategoryTenancy, OccupancyID: t.ID}
		default:
			continue
		}
		if _, err := documents.Classify(f.ctx, f.tx, d.CreatedAt, d.PublicID, d.Kind, c); err != nil {
			return fmt.Errorf("demo: %q: %w", d.Title, err)
		}
	}
	return nil
}

// copyGuide copies the portfolio's smoke and CO alarm guidance to the
// home's owner portal.
func (f *filer) copyGuide(home estate.PersonUnit) error {
	var id string
	if err := f.tx.QueryRowContext(f.ctx, `SELECT public_id FROM documents WHERE title = 'Smoke and carbon monoxide alarms'`).Scan(&id); err != nil {
		return fmt.Errorf("demo: the alarms guide: %w", err)
	}
	_, _, _, err := documents.CopyToOwner(f.ctx, f.tx, f.now.AddDate(0, 0, -5), f.by, id, home.UnitPublicID)
	return err
}

// markSeen records everyone who sees the document as alerted on the day
// it was shared, as they would have been, so nobody is emailed for it.
func markSeen(ctx context.Context, tx *sql.Tx, d documents.Document, at time.Time) error {
	rs, err := documents.Recipients(ctx, tx, d.ID, estate.UKDate(at))
	if err != nil {
		return err
	}
	for _, r := range rs {
		if _, err := documents.MarkAlerted(ctx, tx, d.ID, r.PersonID, at); err != nil {
			return err
		}
	}
	return nil
}
