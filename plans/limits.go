package plans

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Limits are a site's rules for the plans its residents ask for
// themselves. A manager offering a plan is not bound by them.
type Limits struct {
	Requests       bool     // residents may ask for a plan
	MaxInstalments int      // the most instalments a resident may ask for
	Frequencies    []string // the frequencies they may choose, in Frequencies order
	MinArrears     int64    // the least arrears worth a plan, pence
	LapseAfter     int      // missed instalments after which a plan lapses
}

// DefaultLimits are the rules of a site whose manager set none: up to six
// monthly instalments for arrears of £100 or more, lapsing after two
// missed instalments.
var DefaultLimits = Limits{Requests: true, MaxInstalments: 6, Frequencies: []string{Monthly}, MinArrears: 100_00, LapseAfter: 2}

// Allows reports whether residents may choose the frequency.
func (l Limits) Allows(freq string) bool { return slices.Contains(l.Frequencies, freq) }

// SiteLimits returns the site's rules, or DefaultLimits when it has none.
func SiteLimits(ctx context.Context, q sqldb.Querier, siteID int64) (Limits, error) {
	var l Limits
	var freqs string
	err := q.QueryRowContext(ctx, `SELECT requests, max_instalments, frequencies, min_arrears, lapse_after
		FROM plan_limits WHERE site_id = ?`, siteID).Scan(&l.Requests, &l.MaxInstalments, &freqs, &l.MinArrears, &l.LapseAfter)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultLimits, nil
	}
	if err != nil {
		return Limits{}, fmt.Errorf("plan limits: %w", err)
	}
	l.Frequencies = ordered(strings.Split(freqs, ","))
	return l, nil
}

// ordered keeps the known frequencies of fs, in Frequencies order.
func ordered(fs []string) []string {
	var out []string
	for _, f := range Frequencies {
		if slices.Contains(fs, f) {
			out = append(out, f)
		}
	}
	return out
}

// SetSiteLimits checks the rules and stores them as the site's. Field
// names: max_instalments, frequencies, min_arrears, lapse_after.
func SetSiteLimits(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, l Limits) (Limits, error) {
	f := errs.Fields{}
	if l.MaxInstalments < 2 || l.MaxInstalments > MaxInstalments {
		f.Add("max_instalments", fmt.Sprintf("Choose between 2 and %d instalments.", MaxInstalments))
	}
	l.Frequencies = ordered(l.Frequencies)
	if len(l.Frequencies) == 0 {
		f.Add("frequencies", "Tick at least one frequency residents may choose.")
	}
	if l.MinArrears < 0 {
		f.Add("min_arrears", "Enter an amount of zero or more.")
	} else if l.MinArrears > 1_000_000_00 {
		f.Add("min_arrears", "That amount is too large.")
	}
	if l.LapseAfter < 1 || l.LapseAfter > 12 {
		f.Add("lapse_after", "Choose between 1 and 12 missed instalments.")
	}
	if err := f.Err(); err != nil {
		return l, err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO plan_limits (site_id, requests, max_instalments, frequencies, min_arrears, lapse_after, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET requests = excluded.requests,
		max_instalments = excluded.max_instalments, frequencies = excluded.frequencies, min_arrears = excluded.min_arrears,
		lapse_after = excluded.lapse_after, updated_at = excluded.updated_at`,
		siteID, l.Requests, l.MaxInstalments, strings.Join(l.Frequencies, ","), l.MinArrears, l.LapseAfter, sqldb.At(now))
	if err != nil {
		return l, fmt.Errorf("set plan limits: %w", err)
	}
	return l, nil
}

// FrequencyLabel names a frequency for people: "monthly" is "Monthly".
func FrequencyLabel(freq string) string {
	if freq == "" {
		return ""
	}
	return strings.ToUpper(freq[:1]) + freq[1:]
}
