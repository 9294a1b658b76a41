package tickets

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// photoField is the photos field of a request or a reply: the photos
// already taken, each carried as a signed token until the form is saved,
// and what was wrong with those refused.
type photoField struct {
	Kept  []handlers.KeptFile
	Error string
}

// Room is how many more photos the field takes.
func (p photoField) Room() int { return max(tickets.MaxPhotos-len(p.Kept), 0) }

// Max is the most photos a request or a reply takes.
func (p photoField) Max() int { return tickets.MaxPhotos }

// photos are the kept files as the tickets domain records them.
func (p photoField) photos() []tickets.Photo {
	out := make([]tickets.Photo, len(p.Kept))
	for i, k := range p.Kept {
		out[i] = tickets.Photo{Ref: k.Ref, Name: k.Name}
	}
	return out
}

// keptPhotos are the photos a form carried back from before, less those
// the person ticked to remove, each once.
func (s *handler) keptPhotos(c echo.Context) []handlers.KeptFile {
	drop := c.Request().Form["remove_photos"]
	var out []handlers.KeptFile
	for _, k := range s.KeptFiles(c, "kept_photos") {
		if slices.Contains(drop, k.Hash) || slices.ContainsFunc(out, func(o handlers.KeptFile) bool { return o.Hash == k.Hash }) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// takePhotos stores the photos of a post (read by ReadMultipart) after
// those it kept from before, up to tickets.MaxPhotos in all. A file that
// is not a photo, too large, or one too many is left out and named in the
// field's Error; the others are kept.
func (s *handler) takePhotos(c echo.Context, mp handlers.Multipart) (photoField, error) {
	f := photoField{Kept: s.keptPhotos(c), Error: mp.Problem}
	ups := mp.Files
	if room := f.Room(); len(ups) > room {
		ups = ups[:room]
		if f.Error == "" {
			f.Error = fmt.Sprintf("Add up to %d photos in all. Remove one to add another.", tickets.MaxPhotos)
		}
	}
	stored, problem, err := s.StoreUploads(c, ups)
	if err != nil {
		return f, err
	}
	for _, k := range stored {
		switch {
		case !k.IsImage():
			if problem == "" {
				problem = fmt.Sprintf("%q is not a photo: choose a JPEG, PNG or WebP picture.", k.Name)
			}
		case !slices.ContainsFunc(f.Kept, func(o handlers.KeptFile) bool { return o.Hash == k.Hash }):
			f.Kept = append(f.Kept, k)
		}
	}
	if f.Error == "" {
		f.Error = problem
	}
	return f, nil
}

// uploadPhotos takes the photos chosen in a request's or a reply's form as
// soon as they are chosen (htmx), and answers with the photos field again:
// every photo taken so far as a thumbnail with its token, and a message
// for any refused. The form's own post then carries the tokens. Without
// JavaScript the photos travel with the form instead, so a plain post
// here only goes back to the form.
func (s *handler) uploadPhotos(c echo.Context) error {
	mp, err := s.ReadMultipart(c, "photos", tickets.MaxPhotos)
	if err != nil {
		return err
	}
	if !handlers.HX(c).Request {
		return handlers.Redirect(c, requestsURL+"/new")
	}
	f, err := s.takePhotos(c, mp)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if f.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	return s.Render(c, status, handlers.View{Page: "requests_new", Title: "Photos", Data: photosOnly{Photos: f},
		Block: "photos-field"})
}

// photosOnly is the data of the photos field rendered on its own.
type photosOnly struct{ Photos photoField }

// keptPhoto sends the thumbnail of a photo a form is carrying, from its
// signed token: only the person it was signed for sees it.
func (s *handler) keptPhoto(c echo.Context) error {
	k, ok := s.KeptFile(c, c.QueryParam("f"))
	if !ok || !k.IsImage() {
		s.Deny(c, "kept photo with a token not signed for the person")
		return errs.E(errs.NotFound, "There is no photo at this address.")
	}
	b, err := s.Files.Thumb(c.Request().Context(), handlers.OrgOf(c).DB, k.Hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, k.Name)
}

// requestPhoto sends a photo of one of the person's own requests, or its
// thumbnail: never one on a staff note, nor anyone else's.
func (s *handler) requestPhoto(c echo.Context) error {
	t, err := s.ownTicket(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := tickets.GetPhoto(ctx, handlers.OrgOf(c).DB.Read(), t.ID, c.Param("photo"), false)
	if errs.Is(err, errs.NotFound) {
		s.Deny(c, "request photo that is not the person's to see")
	}
	if err != nil {
		return err
	}
	get := s.Files.Get
	if strings.HasSuffix(c.Path(), "/thumb") {
		get = s.Files.Thumb
	}
	b, err := get(ctx, handlers.OrgOf(c).DB, p.Hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, p.Name)
}

// PhotoField is the field rendered on its own.
func (p photosOnly) PhotoField() photoField { return p.Photos }
