package estate

import (
	"context"

	"porch/errs"
	"porch/sqldb"
)

// Every request reads the organisation's settings (its name and colours
// brand every page) and they change a few times a year, so they are kept
// in memory with the open database rather than read each time. The
// functions that write the settings row name what they changed with
// sqldb.Changed; the database's Write forgets it once the change commits,
// so the very next request reads it again.

// Keys of what this package keeps cached, as given to sqldb.Changed.
const (
	SettingsChange = "estate.settings" // the Settings row (everything but the logo bytes)
	LogoChange     = "estate.logo"     // the logo image
)

// Cache keeps values between requests; an open organisation database
// (tenants.DB) is one, and forgets them when a write changes them.
type Cache interface {
	Memo(key string, load func() (any, error)) (any, error)
}

// CachedSettings returns the organisation's settings kept in c, reading
// them with q the first time and after every change.
func CachedSettings(ctx context.Context, c Cache, q sqldb.Querier) (Settings, error) {
	v, err := c.Memo(SettingsChange, func() (any, error) { return GetSettings(ctx, q) })
	if err != nil {
		return Settings{}, err
	}
	return v.(Settings), nil
}

// Logo is an organisation's logo image and its MIME type.
type Logo struct {
	Data []byte
	Type string
}

// CachedLogo returns the logo kept in c, reading it with q the first time
// and after every change; NotFound when there is none. Data is shared by
// every request that serves the logo, so nothing may modify it; it is kept
// only once someone asks for it, at most MaxLogoBytes per open database.
func CachedLogo(ctx context.Context, c Cache, q sqldb.Querier) (Logo, error) {
	v, err := c.Memo(LogoChange, func() (any, error) {
		data, ctype, err := GetLogo(ctx, q)
		if errs.Is(err, errs.NotFound) {
			return Logo{}, nil // no logo is an answer worth keeping too
		}
		return Logo{Data: data, Type: ctype}, err
	})
	if err != nil {
		return Logo{}, err
	}
	logo := v.(Logo)
	if len(logo.Data) == 0 {
		return Logo{}, errs.E(errs.NotFound, "This organisation has no logo.")
	}
	return logo, nil
}
