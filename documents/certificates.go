package documents

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// What a home's document is to its owner (documents.category).
const (
	CategoryNone             = ""
	CategoryCertificate      = "certificate"       // Kind names it; ExpiresOn is its expiry
	CategoryInspection       = "inspection"        // DatedOn is the inspection's day
	CategoryInspectionReport = "inspection_report" // DatedOn is the inspection's day
	CategoryTenancy          = "tenancy"           // OccupancyID is the tenancy
)

// Categories are the categories a home's document can have, in the order
// the upload form offers them.
var Categories = []string{CategoryNone, CategoryCertificate, CategoryInspection, CategoryInspectionReport, CategoryTenancy}

// CategoryLabel names a category for people.
func CategoryLabel(category string) string {
	return map[string]string{
		CategoryNone:             "Other document",
		CategoryCertificate:      "Certificate",
		CategoryInspection:       "Inspection document",
		CategoryInspectionReport: "Inspection report",
		CategoryTenancy:          "Tenancy agreement",
	}[category]
}

// CertificateOther is the certificate type for anything not listed; such
// certificates never replace one another.
const CertificateOther = "Other"

// CertificateKinds are the types of certificate a manager files, in the
// order the form offers them and the owner's list shows them.
var CertificateKinds = []string{
	"Gas safety certificate",
	"EICR (electrical installation condition report)",
	"EPC (energy performance certificate)",
	"PAT test",
	"Legionella risk assessment",
	"Fire risk assessment",
	"HMO licence",
	"Smoke and CO alarm check",
	CertificateOther,
}

// DueSoonDays is how many days before its expiry a certificate is due.
const DueSoonDays = 30

// Class is what a home's document is to its owner: its category and the
// dates or tenancy that go with it. A folder's document has none.
type Class struct {
	Category    string
	DatedOn     time.Time // a certificate's issue, an inspection's day
	ExpiresOn   time.Time // a certificate's expiry
	OccupancyID int64     // a tenancy agreement's tenancy
}

// IsCertificate reports whether the document is a certificate.
func (c Class) IsCertificate() bool { return c.Category == CategoryCertificate }

// CategoryLabel names the document's category for people.
func (c Class) CategoryLabel() string { return CategoryLabel(c.Category) }

// day is the calendar day of t, as midnight UTC, for comparing dates.
func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// Expired reports whether the document is a certificate that expired
// before today.
func (c Class) Expired(today time.Time) bool {
	return c.IsCertificate() && !c.ExpiresOn.IsZero() && day(c.ExpiresOn).Before(day(today))
}

// DueSoon reports whether the document is a certificate that has not
// expired but does within DueSoonDays of today (today included).
func (c Class) DueSoon(today time.Time) bool {
	return c.IsCertificate() && !c.ExpiresOn.IsZero() && !c.Expired(today) &&
		!day(c.ExpiresOn).After(day(today).AddDate(0, 0, DueSoonDays))
}

// check tidies the class and the document's kind and refuses what does
// not fit the category, under the upload form's field names: category,
// cert_type (a certificate's type), dated_on, expires_on and tenancy. A
// category other than a certificate names the kind itself when none was
// typed.
func (c *Class) check(f errs.Fields, kind *string) {
	if !slices.Contains(Categories, c.Category) {
		f.Add("category", "Choose what the document is from the list.")
		return
	}
	switch c.Category {
	case CategoryCertificate:
		if !slices.Contains(CertificateKinds, *kind) {
			f.Add("cert_type", "Choose the type of certificate, or Other.")
		}
		if c.DatedOn.IsZero() {
			f.Add("dated_on", "Enter the date the certificate was issued.")
		}
		switch {
		case c.ExpiresOn.IsZero():
			f.Add("expires_on", "Enter the date the certificate expires, as written on it. An EPC lasts ten years from its issue.")
		case !c.DatedOn.IsZero() && !day(c.ExpiresOn).After(day(c.DatedOn)):
			f.Add("expires_on", "The expiry date must be after the date the certificate was issued.")
		}
		c.OccupancyID = 0
	case CategoryInspection, CategoryInspectionReport:
		if c.DatedOn.IsZero() {
			f.Add("dated_on", "Enter the date of the inspection.")
		}
		c.ExpiresOn, c.OccupancyID = time.Time{}, 0
	case CategoryTenancy:
		if c.OccupancyID == 0 {
			f.Add("tenancy", "Choose the tenancy the agreement is for.")
		}
		c.DatedOn, c.ExpiresOn = time.Time{}, time.Time{}
	default:
		*c = Class{}
	}
	if c.Category != CategoryNone && c.Category != CategoryCertificate && *kind == "" {
		*kind = CategoryLabel(c.Category)
	}
}

// checkTenancy refuses a tenancy agreement whose tenancy is not one of
// the unit's.
func (c Class) checkTenancy(ctx context.Context, q sqldb.Querier, unitID int64) error {
	if c.Category != CategoryTenancy {
		return nil
	}
	var ok bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM occupancies WHERE id = ? AND unit_id = ? AND role = 'tenant')`,
		c.OccupancyID, unitID).Scan(&ok); err != nil {
		return fmt.Errorf("check tenancy: %w", err)
	}
	if !ok {
		return errs.Fields{"tenancy": "Choose one of this home's tenancies."}.Err()
	}
	return nil
}

// dateArg is a date for a query, NULL when zero.
func dateArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return sqldb.FormatDate(t)
}

// Classify changes what a home's document is to its owner: its category,
// its kind and the dates or tenancy that go with them, checked as the
// upload is.
func Classify(ctx context.Context, tx *sql.Tx, now time.Time, publicID, kind string, c Class) (Document, error) {
	d, err := active(ctx, tx, publicID)
	if err != nil {
		return Document{}, err
	}
	if !d.ForUnit() {
		return Document{}, errs.E(errs.Conflict, "Only a home's own documents are certificates, inspections or tenancy agreements.")
	}
	kind = tidy(kind)
	f := errs.Fields{}
	c.check(f, &kind)
	f.Text("kind", kind, MaxKindLen, "kind", "Say what kind of document it is, such as Lease or Gas safety certificate.")
	if err := f.Err(); err != nil {
		return Document{}, err
	}
	if err := c.checkTenancy(ctx, tx, d.UnitID); err != nil {
		return Document{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET kind = ?, category = ?, dated_on = ?, expires_on = ?, occupancy_id = ?,
		updated_at = ? WHERE id = ?`, kind, c.Category, dateArg(c.DatedOn), dateArg(c.ExpiresOn), nullID(c.OccupancyID),
		sqldb.At(now), d.ID); err != nil {
		return Document{}, fmt.Errorf("classify document: %w", err)
	}
	return Get(ctx, tx, publicID)
}

// nullID is an id for a query, NULL when zero.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
