package webtest

import (
	"net/url"

	"github.com/PuerkitoBio/goquery"
)

// MappingForm reads the mapping step's form as the browser would send it.
func MappingForm(d *goquery.Document) url.Values {
	form := url.Values{}
	d.Find(`form[action$="/import/csv"] input[type="hidden"], form[action$="/import/csv"] input[name="skip_rows"]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Attr("value")
		form.Set(n, v)
	})
	d.Find(`form[action$="/import/csv"] input[type="checkbox"][checked]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		form.Set(n, "yes")
	})
	d.Find(`form[action$="/import/csv"] select`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Find("option[selected]").Attr("value")
		form.Set(n, v)
	})
	return form
}
