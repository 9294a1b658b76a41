package demo

import (
	"fmt"
	"time"

	"porch/tickets"
)

// ticket raises one demo request and plays its steps.
func (tk *ticketSeeder) ticket(d demoTicket) error {
	n := tickets.New{CategoryID: tk.cats[d.cat], Title: d.title, Description: d.desc, Priority: d.priority,
		Location: tickets.LocationHome, MayEnter: d.unit != "" && d.staff == ""}
	if d.communal {
		n.Location = tickets.LocationCommunal
	}
	if d.unit == "" {
		n.SiteID = tk.sites["block"]
	} else {
		unitID, siteID, resident, err := tk.unit(d.unit, tk.at(d.raised))
		if err != nil {
			return err
		}
		n.UnitID, n.SiteID = unitID, siteID
		if d.staff == "" {
			if resident == 0 {
				return fmt.Errorf("%s has no resident to raise it", d.unit)
			}
			n.RaisedBy = resident
		}
	}
	n.CreatedBy = n.RaisedBy
	if d.staff != "" {
		n.CreatedBy = tk.staff[d.staff]
	}
	if d.photo != "" {
		n.Photos = []tickets.Photo{tk.photos[d.photo]}
	}
	t, err := tickets.Raise(tk.ctx, tk.tx, tk.at(d.raised), n)
	if err != nil {
		return err
	}
	worked := false
	for _, s := range d.steps {
		when := tk.at(s.at)
		if t, err = tk.step(t, s, when); err != nil {
			return err
		}
		if !worked && tk.staff[s.who] != 0 {
			if err := demoTicketWork(tk.ctx, tk.tx, when, tk.today, t, d.work, tk.staff); err != nil {
				return err
			}
			worked = true
		}
	}
	if !worked {
		return demoTicketWork(tk.ctx, tk.tx, tk.at(d.raised).Add(30*time.Minute), tk.today, t, d.work, tk.staff)
	}
	return nil
}

// step plays one thing that happened to the ticket at when, and returns
// the ticket as it is after.
func (tk *ticketSeeder) step(t tickets.Ticket, s step, when time.Time) (tickets.Ticket, error) {
	ctx, tx := tk.ctx, tk.tx
	by := tk.staff[s.who]
	if s.who == "resident" {
		by = t.RaisedBy
	}
	if s.who == "owner" {
		owner, err := tk.ownerOf(t.UnitID, when)
		if err != nil {
			return t, err
		}
		by = owner
	}
	if s.say != "" {
		r := tickets.Reply{AuthorID: by, Staff: tk.staff[s.who] != 0, Internal: s.note, Body: s.say}
		if s.photo != "" {
			r.Photos = []tickets.Photo{tk.photos[s.photo]}
		}
		if _, err := tickets.AddMessage(ctx, tx, when, t, r); err != nil {
			return t, err
		}
	}
	if s.quote != nil {
		doc := tk.quoteDocs[s.quote.ref]
		if _, err := tickets.RequestQuote(ctx, tx, when, t, total(s.quote.lines), s.quote.supplier, doc, by); err != nil {
			return t, err
		}
	}
	if s.approve != nil {
		qs, err := tickets.QuotesOf(ctx, tx, t.ID)
		if err != nil || len(qs) == 0 {
			return t, fmt.Errorf("no quote to answer: %v", err)
		}
		if _, err := tickets.Decide(ctx, tx, when, qs[0], by, *s.approve, s.comment); err != nil {
			return t, err
		}
	}
	t, err := tickets.Get(ctx, tx, t.PublicID)
	if err != nil {
		return t, err
	}
	switch {
	case s.confirm:
		return tickets.Confirm(ctx, tx, when, t, by)
	case s.status != "":
		return tickets.SetStatus(ctx, tx, when, t, s.status, by)
	}
	return t, nil
}
