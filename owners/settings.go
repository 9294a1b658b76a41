package owners

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Settings is the organisation's choice of what owners see.
type Settings struct {
	Lettings       bool     // let properties appear in their landlords' portals
	Sales          bool     // properties for sale appear in their sellers' portals
	Hidden         []string // widget keys left out of every property page
	TenantContacts bool     // landlords see their tenants' email and phone
}

// DefaultSettings is what an organisation that has chosen nothing shows:
// every property and widget, tenants' names but not their contact details.
var DefaultSettings = Settings{Lettings: true, Sales: true}

// Override is one property's own choice; a nil field follows the
// organisation's.
type Override struct {
	UnitID         int64
	Shown          *bool
	Hidden         []string // nil: the organisation's; empty: none hidden
	TenantContacts *bool
}

// View is what an owner sees of one property, the organisation's settings
// and the property's override resolved.
type View struct {
	Shown          bool
	Widgets        map[string]bool // the widgets shown, of the property's market
	TenantContacts bool
}

// Shows reports whether the widget with the key is shown.
func (v View) Shows(key string) bool { return v.Widgets[key] }

// Resolve applies a property's override to the organisation's settings for
// a property of the market.
func Resolve(s Settings, o Override, market string) View {
	v := View{TenantContacts: s.TenantContacts, Widgets: map[string]bool{}}
	switch market {
	case estate.MarketLetting:
		v.Shown = s.Lettings
	case estate.MarketSale:
		v.Shown = s.Sales
	}
	if o.Shown != nil && market != "" {
		v.Shown = *o.Shown
	}
	if o.TenantContacts != nil {
		v.TenantContacts = *o.TenantContacts
	}
	hidden := s.Hidden
	if o.Hidden != nil {
		hidden = o.Hidden
	}
	for _, w := range WidgetsFor(market) {
		if !slices.Contains(hidden, w.Key) {
			v.Widgets[w.Key] = true
		}
	}
	return v
}

// LoadSettings reads the organisation's settings, the defaults when it has
// chosen none.
func LoadSettings(ctx context.Context, q sqldb.Querier) (Settings, error) {
	s := DefaultSettings
	var hidden string
	err := q.QueryRowContext(ctx, `SELECT lettings, sales, hidden_widgets, tenant_contacts FROM owner_portal WHERE id = 1`).
		Scan(&s.Lettings, &s.Sales, &hidden, &s.TenantContacts)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultSettings, nil
	}
	if err != nil {
		return s, fmt.Errorf("owner portal settings: %w", err)
	}
	s.Hidden, err = widgetList(hidden)
	return s, err
}

// SaveSettings stores the organisation's settings.
func SaveSettings(ctx context.Context, tx *sql.Tx, now time.Time, s Settings) error {
	hidden, err := hiddenJSON(s.Hidden)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO owner_portal (id, lettings, sales, hidden_widgets, tenant_contacts, updated_at)
		VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET lettings = excluded.lettings, sales = excluded.sales,
		hidden_widgets = excluded.hidden_widgets, tenant_contacts = excluded.tenant_contacts, updated_at = excluded.updated_at`,
		s.Lettings, s.Sales, hidden, s.TenantContacts, sqldb.At(now))
	if err != nil {
		return fmt.Errorf("save owner portal settings: %w", err)
	}
	return nil
}

// LoadOverride reads a property's override; one with every field nil when
// it has none.
func LoadOverride(ctx context.Context, q sqldb.Querier, unitID int64) (Override, error) {
	o := Override{UnitID: unitID}
	var shown, contacts sql.NullBool
	var hidden sql.NullString
	err := q.QueryRowContext(ctx, `SELECT shown, hidden_widgets, tenant_contacts FROM unit_owner_portal WHERE unit_id = ?`, unitID).
		Scan(&shown, &hidden, &contacts)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, fmt.Errorf("owner portal override: %w", err)
	}
	if shown.Valid {
		o.Shown = &shown.Bool
	}
	if contacts.Valid {
		o.TenantContacts = &contacts.Bool
	}
	if hidden.Valid {
		if o.Hidden, err = widgetList(hidden.String); err != nil {
			return o, err
		}
		if o.Hidden == nil {
			o.Hidden = []string{}
		}
	}
	return o, nil
}

// SaveOverride stores a property's override; one with every field nil
// removes it, so the property follows the organisation again.
func SaveOverride(ctx context.Context, tx *sql.Tx, now time.Time, o Override) error {
	if o.Shown == nil && o.Hidden == nil && o.TenantContacts == nil {
		_, err := tx.ExecContext(ctx, `DELETE FROM unit_owner_portal WHERE unit_id = ?`, o.UnitID)
		return err
	}
	var hidden any
	if o.Hidden != nil {
		h, err := hiddenJSON(o.Hidden)
		if err != nil {
			return err
		}
		hidden = h
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO unit_owner_portal (unit_id, shown, hidden_widgets, tenant_contacts, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET shown = excluded.shown,
		hidden_widgets = excluded.hidden_widgets, tenant_contacts = excluded.tenant_contacts, updated_at = excluded.updated_at`,
		o.UnitID, nullBool(o.Shown), hidden, nullBool(o.TenantContacts), sqldb.At(now))
	if err != nil {
		return fmt.Errorf("save owner portal override: %w", err)
	}
	return nil
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// hiddenJSON checks a list of widget keys and writes it as stored.
func hiddenJSON(keys []string) (string, error) {
	out := []string{}
	for _, k := range keys {
		if !KnownWidget(k) {
			return "", errs.Fields{"widgets": fmt.Sprintf("There is no widget %q.", k)}.Err()
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func widgetList(s string) ([]string, error) {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("owner portal widgets: %w", err)
	}
	return out, nil
}
