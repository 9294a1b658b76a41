package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"porch/estate"
	"porch/files"
	"porch/tenants"
	"porch/tickets"
)

// Tickets files the demo's requests (demoTickets) in the demo organisation,
// once it exists, through the functions the screens use: raised with their
// photos, answered, noted, moved through their statuses, quoted to the let
// home's owner and answered by them, with the dates they happened on
// before now. Photos and quotes are drawn here and put in the
// organisation's file store first; the tickets follow in one transaction.
// Resolved tickets left alone for 14 days are closed as the daily job
// would have closed them.
func Tickets(ctx context.Context, db *tenants.DB, store *files.Store, now time.Time) error {
	tk := &ticketSeeder{ctx: ctx, now: now, today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)}
	if err := tk.storeFiles(db, store); err != nil {
		return err
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		tk.tx = tx
		if err := tk.people(); err != nil {
			return err
		}
		order := slices.Clone(demoTickets)
		slices.SortStableFunc(order, func(a, b demoTicket) int { return tk.at(a.raised).Compare(tk.at(b.raised)) })
		for _, d := range order {
			if err := tk.ticket(d); err != nil {
				return fmt.Errorf("demo: request %q: %w", d.title, err)
			}
		}
		// The daily job, run on each of the last 60 days.
		for day := 60; day >= 0; day-- {
			if _, err := tickets.CloseExpired(ctx, tx, tk.at(at(day, 3, 0))); err != nil {
				return fmt.Errorf("demo: close resolved requests: %w", err)
			}
		}
		return nil
	})
}

// ticketSeeder carries one Tickets run.
type ticketSeeder struct {
	ctx        context.Context
	tx         *sql.Tx
	now, today time.Time
	staff      map[string]int64 // by first name in lower case
	sites      map[string]int64 // by kind
	cats       map[string]int64 // by name
	photos     map[string]tickets.Photo
	quoteDocs  map[string]tickets.Photo // by the quote's reference
}

// at is the moment w stands for. A time later today than now is moved
// back by a day less the time of day, so today's early reports stay
// before now in the order they were made.
func (tk *ticketSeeder) at(w when) time.Time {
	t := tk.today.AddDate(0, 0, -w.days).Add(time.Duration(w.minute) * time.Minute)
	if !t.Before(tk.now) {
		t = tk.now.Add(-time.Duration(24*60-w.minute) * time.Minute)
	}
	return t
}

// storeFiles draws every photo and quote the requests need and puts them
// in the file store, before any row names them.
func (tk *ticketSeeder) storeFiles(db *tenants.DB, store *files.Store) error {
	rng := rand.New(rand.NewPCG(seed, 7))
	tk.photos, tk.quoteDocs = map[string]tickets.Photo{}, map[string]tickets.Photo{}
	for _, kind := range []string{photoDamp, photoTile, photoStain} {
		data, err := drawPhoto(kind, rng)
		if err != nil {
			return err
		}
		ref, err := store.Put(tk.ctx, db, files.Upload{Name: kind + ".jpg", Data: data})
		if err != nil {
			return fmt.Errorf("demo: photo %s: %w", kind, err)
		}
		tk.photos[kind] = tickets.Photo{Ref: ref, Name: photoName[kind]}
	}
	for _, d := range demoTickets {
		for _, s := range d.steps {
			if s.quote == nil {
				continue
			}
			data, err := quotePDF(s.quote.supplier, s.quote.ref, s.quote.lines)
			if err != nil {
				return fmt.Errorf("demo: quote %s: %w", s.quote.ref, err)
			}
			name := s.quote.supplier + " quote " + s.quote.ref + ".pdf"
			ref, err := store.Put(tk.ctx, db, files.Upload{Name: name, Data: data})
			if err != nil {
				return fmt.Errorf("demo: quote %s: %w", s.quote.ref, err)
			}
			tk.quoteDocs[s.quote.ref] = tickets.Photo{Ref: ref, Name: name}
		}
	}
	return nil
}

// photoName is what each photo was called on the resident's phone.
var photoName = map[string]string{photoDamp: "IMG_4471.jpg", photoTile: "IMG_2093.jpg", photoStain: "IMG_0388.jpg"}

// people finds the staff, the sites and the categories by name.
func (tk *ticketSeeder) people() error {
	tk.staff = map[string]int64{}
	for key, email := range map[string]string{"priya": ManagerEmail, "daniel": StaffEmail, "rosa": DeskEmail} {
		p, err := estate.FindPersonByEmail(tk.ctx, tk.tx, email)
		if err != nil {
			return fmt.Errorf("demo: staff %s: %w", email, err)
		}
		tk.staff[key] = p.ID
	}
	tk.sites = map[string]int64{}
	for kind, name := range map[string]string{estate.KindBlock: blockName, estate.KindLettings: letsName} {
		var id int64
		if err := tk.tx.QueryRowContext(tk.ctx, `SELECT id FROM sites WHERE name = ?`, name).Scan(&id); err != nil {
			return fmt.Errorf("demo: site %s: %w", name, err)
		}
		tk.sites[kind] = id
	}
	cats, err := tickets.ListCategories(tk.ctx, tk.tx)
	if err != nil {
		return err
	}
	tk.cats = map[string]int64{}
	for _, c := range cats {
		tk.cats[c.Name] = c.ID
	}
	return nil
}

// unit finds a home by name, with the site it is on and the resident who
// reports its problems on the day raised: its tenant when let, else its
// leaseholder, preferring one who lived there by then.
func (tk *ticketSeeder) unit(name string, raised time.Time) (unitID, siteID, resident int64, err error) {
	if err := tk.tx.QueryRowContext(tk.ctx, `SELECT id, site_id FROM units WHERE name = ?`, name).Scan(&unitID, &siteID); err != nil {
		return 0, 0, 0, fmt.Errorf("unit %s: %w", name, err)
	}
	people, err := estate.PeopleOfUnit(tk.ctx, tk.tx, unitID, tk.now)
	if err != nil {
		return 0, 0, 0, err
	}
	rank := map[string]int{estate.RoleTenant: 1, estate.RoleLeaseholder: 2, estate.RoleOccupier: 3}
	best := 0
	for _, p := range people {
		r := rank[p.Role]
		if r != 0 && p.Start.After(raised) {
			r += len(rank) // moved in since: only if no one else will do
		}
		if r != 0 && (best == 0 || r < best) {
			best, resident = r, p.PersonID
		}
	}
	return unitID, siteID, resident, nil
}

// ownerOf is the let home's first current owner.
func (tk *ticketSeeder) ownerOf(unitID int64, on time.Time) (int64, error) {
	owners, err := tickets.CurrentOwners(tk.ctx, tk.tx, unitID, on)
	if err != nil {
		return 0, err
	}
	if len(owners) == 0 {
		return 0, fmt.Errorf("no owner")
	}
	return owners[0].ID, nil
}
