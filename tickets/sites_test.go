package tickets_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tickets"
)

func TestSiteAllowList(t *testing.T) {
	t.Parallel()
	db := testdb.Org(t, "test")
	ctx := context.Background()
	var site, other estate.Site
	var cs []tickets.Category
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if site, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "North lets", Kind: estate.KindLettings}, testNow); err != nil {
			return err
		}
		if other, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "South lets", Kind: estate.KindLettings}, testNow); err != nil {
			return err
		}
		cs, err = tickets.ListCategories(ctx, tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	leak, lift, other12 := cs[0], cs[3], cs[11]
	var detail string
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		detail, err = tickets.SetSiteCategories(ctx, tx, site.ID, []string{other12.PublicID, leak.PublicID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if want := "Leak or flood, Heating or hot water, Electrics, Lift, Door entry and security, Communal cleaning, " +
		"Lighting in communal areas, Noise or neighbours, Parking, Pests, Rubbish and recycling, Other → Leak or flood, Other"; detail != want {
		t.Errorf("audit detail %q", detail)
	}
	got, _ := tickets.AllowedForSite(ctx, db.Read(), site.ID)
	if len(got) != 2 || got[0].ID != leak.ID || got[1].ID != other12.ID {
		t.Errorf("allowed = %+v", got)
	}
	for _, tc := range []struct {
		site, cat int64
		want      bool
	}{{site.ID, leak.ID, true}, {site.ID, lift.ID, false}, {other.ID, lift.ID, true}, {site.ID, 9999, false}} {
		if ok, err := tickets.Allowed(ctx, db.Read(), tc.site, tc.cat); ok != tc.want || err != nil {
			t.Errorf("Allowed(%d, %d) = %v %v", tc.site, tc.cat, ok, err)
		}
	}

	// An unknown or retired id refuses the whole change.
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.RetireCategory(ctx, tx, lift.PublicID, testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{lift.PublicID, "2222222222222222", "nonsense"} {
		err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tickets.SetSiteCategories(ctx, tx, site.ID, []string{leak.PublicID, cs[1].PublicID, bad})
			return err
		})
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("%s accepted: %v", bad, err)
		}
	}
	if got, _ := tickets.AllowedForSite(ctx, db.Read(), site.ID); len(got) != 2 {
		t.Errorf("a refused change changed the list: %d", len(got))
	}
	// A category added later is allowed on every site.
	var gates tickets.Category
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		gates, err = tickets.AddCategory(ctx, tx, "Gates", testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []int64{site.ID, other.ID} {
		if ok, _ := tickets.Allowed(ctx, db.Read(), s, gates.ID); !ok {
			t.Errorf("site %d does not allow a new category", s)
		}
	}
}
