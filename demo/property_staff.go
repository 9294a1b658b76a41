package demo

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/owners"
	"porch/tenants"
)

// The staff who look after the lettings, as their landlords' portals show
// them: Daniel Okonjo manages most homes, Rosa Delgado the two in N7. At
// Flat 2, 48 Blackstock Road Rosa stood in for Daniel last year and he
// took it back this autumn, linked again: the most recent link is the one
// its landlord sees. Priya Shah values and Rosa negotiates the sale of 14
// Mildmay Grove.

// rosaLets are the homes Rosa Delgado manages.
var rosaLets = map[string]bool{"Flat B, 91 Hornsey Road": true, "23 Carleton Mews": true}

// relinkedLet is the home whose property manager changed hands and back.
const relinkedLet = "Flat 2, 48 Blackstock Road"

// emptyLet is the home with no tenant, whose page leaves the tenant's
// balance out: the per-property override at work.
const emptyLet = "7 Ashcombe Terrace"

// propertyStaff links the staff to the lettings and the sale, and sets
// what owners see: the organisation's defaults, and one property's own
// choice.
func (s *seeder) propertyStaff() error {
	daniel, err := estate.FindPersonByEmail(s.ctx, s.tx, StaffEmail)
	if err != nil {
		return fmt.Errorf("demo: Daniel Okonjo: %w", err)
	}
	rosa, err := estate.FindPersonByEmail(s.ctx, s.tx, DeskEmail)
	if err != nil {
		return fmt.Errorf("demo: Rosa Delgado: %w", err)
	}
	for i, lu := range lettingsUnits {
		u, err := s.unitNamed(lu.address)
		if err != nil {
			return err
		}
		manager := daniel
		if rosaLets[lu.address] {
			manager = rosa
		}
		if err := s.linkStaff(u, manager, owners.RolePropertyManager, s.daysBefore(700-i)); err != nil {
			return err
		}
		if lu.address != relinkedLet {
			continue
		}
		if err := s.linkStaff(u, rosa, owners.RolePropertyManager, s.daysBefore(300)); err != nil {
			return err
		}
		if err := s.linkStaff(u, daniel, owners.RolePropertyManager, s.daysBefore(45)); err != nil {
			return err
		}
	}
	if err := owners.SaveSettings(s.ctx, s.tx, s.now, owners.DefaultSettings); err != nil {
		return fmt.Errorf("demo: owner portal settings: %w", err)
	}
	empty, err := s.unitNamed(emptyLet)
	if err != nil {
		return err
	}
	if err := owners.SaveOverride(s.ctx, s.tx, s.now, owners.Override{UnitID: empty.ID, Hidden: []string{owners.WidgetTenant}}); err != nil {
		return fmt.Errorf("demo: %s's owner portal: %w", emptyLet, err)
	}
	// The sales step, before this one, put the house up for sale.
	sale, err := s.unitNamed(saleAddress)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", saleAddress, err)
	}
	return s.saleStaff(sale)
}

// saleStaff links the sale's valuer (Priya Shah, who priced it) and then
// its negotiator (Rosa Delgado, who deals with the buyers and is the
// seller's contact). The sales step calls it for the house it creates.
func (s *seeder) saleStaff(u estate.Unit) error {
	for _, l := range []struct {
		email, role string
		days        int
	}{{ManagerEmail, owners.RoleValuer, 60}, {DeskEmail, owners.RoleNegotiator, 40}} {
		p, err := estate.FindPersonByEmail(s.ctx, s.tx, l.email)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", l.email, err)
		}
		if err := s.linkStaff(u, p, l.role, s.daysBefore(l.days)); err != nil {
			return err
		}
	}
	return nil
}

// linkStaff links the member of staff to the unit in role, as of at.
func (s *seeder) linkStaff(u estate.Unit, p estate.Person, role string, at time.Time) error {
	if _, err := owners.LinkStaff(s.ctx, s.tx, at.Add(10*time.Hour), u.ID, p.ID, role); err != nil {
		return fmt.Errorf("demo: %s as %s of %s: %w", p.FullName, role, u.Name, err)
	}
	return nil
}

// unitNamed finds the unit with the name in any site; NotFound when there
// is none.
func (s *seeder) unitNamed(name string) (estate.Unit, error) {
	var publicID string
	err := s.tx.QueryRowContext(s.ctx, `SELECT public_id FROM units WHERE name = ? ORDER BY id LIMIT 1`, name).Scan(&publicID)
	if errors.Is(err, sql.ErrNoRows) {
		return estate.Unit{}, errs.E(errs.NotFound, "demo: no unit "+name)
	}
	if err != nil {
		return estate.Unit{}, fmt.Errorf("demo: unit %s: %w", name, err)
	}
	return estate.GetUnit(s.ctx, s.tx, publicID)
}

// staffPortraits are the members of staff given a photo, with the colours
// of their drawn portrait: background, then clothes.
var staffPortraits = []struct {
	email    string
	bg, coat color.NRGBA
}{
	{StaffEmail, color.NRGBA{0xd7, 0xe8, 0xe8, 0xff}, color.NRGBA{0x1f, 0x3a, 0x5f, 0xff}},
	{DeskEmail, color.NRGBA{0xf3, 0xe3, 0xd3, 0xff}, color.NRGBA{0x8a, 0x2b, 0x4a, 0xff}},
}

// StaffPhotos gives Daniel Okonjo and Rosa Delgado the photos owners see
// on their contact's card: portraits drawn here, put in the organisation's
// file store (re-encoded as every upload is) before the rows name them.
func StaffPhotos(ctx context.Context, db *tenants.DB, store *files.Store, now time.Time) error {
	hashes := map[string]string{}
	for _, sp := range staffPortraits {
		data, err := portraitPNG(sp.bg, sp.coat)
		if err != nil {
			return fmt.Errorf("demo: portrait: %w", err)
		}
		ref, err := store.Put(ctx, db, files.Upload{Name: "portrait.png", Data: data})
		if err != nil {
			return fmt.Errorf("demo: portrait of %s: %w", sp.email, err)
		}
		hashes[sp.email] = ref.Hash
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		for _, sp := range staffPortraits {
			p, err := estate.FindPersonByEmail(ctx, tx, sp.email)
			if err != nil {
				return fmt.Errorf("demo: %s: %w", sp.email, err)
			}
			if _, err := owners.SetStaffPhoto(ctx, tx, p.ID, hashes[sp.email]); err != nil {
				return fmt.Errorf("demo: photo of %s: %w", sp.email, err)
			}
		}
		return nil
	})
}

// portraitSize is a drawn portrait's side in pixels.
const portraitSize = 240

// portraitPNG draws a head-and-shoulders silhouette, softly lit from the
// top left, on a plain background: a stand-in for a staff photo.
func portraitPNG(bg, coat color.NRGBA) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, portraitSize, portraitSize))
	skin := color.NRGBA{0x9c, 0x6b, 0x4e, 0xff}
	hair := color.NRGBA{0x2b, 0x22, 0x1c, 0xff}
	const n = portraitSize
	for y := range n {
		for x := range n {
			fx, fy := float64(x), float64(y)
			c := shade(bg, 1.08-0.16*fy/n)
			switch {
			case inEllipse(fx, fy, n*0.5, n*1.02, n*0.42, n*0.30): // shoulders
				c = shade(coat, 1.1-0.3*(fx/n))
			case inEllipse(fx, fy, n*0.5, n*0.68, n*0.09, n*0.12): // neck
				c = shade(skin, 0.85)
			case inEllipse(fx, fy, n*0.5, n*0.36, n*0.17, n*0.2) && fy < n*0.26: // hair
				c = hair
			case inEllipse(fx, fy, n*0.5, n*0.42, n*0.16, n*0.2): // face
				c = shade(skin, 1.12-0.3*math.Hypot(fx-n*0.44, fy-n*0.36)/(n*0.2))
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// inEllipse reports whether (x, y) is inside the ellipse centred on (cx,
// cy) with radii rx and ry.
func inEllipse(x, y, cx, cy, rx, ry float64) bool {
	dx, dy := (x-cx)/rx, (y-cy)/ry
	return dx*dx+dy*dy <= 1
}

// shade scales a colour's brightness by f, within 0 to 255.
func shade(c color.NRGBA, f float64) color.NRGBA {
	s := func(v uint8) uint8 { return uint8(math.Max(0, math.Min(255, float64(v)*f))) }
	return color.NRGBA{s(c.R), s(c.G), s(c.B), c.A}
}
