package handlers

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/files"
)

// AllowUploads lets posts to these route paths (as registered, such as
// "/requests/new") carry up to MaxUploadBody, for the photos they take.
// Call it when registering the routes; read the post with ReadMultipart.
func (s *Kit) AllowUploads(paths ...string) {
	for _, p := range paths {
		s.uploads[p] = true
	}
}

// maxTextPart bounds one text field of a multipart form.
const maxTextPart = 64 << 10

// Multipart is a form posted with files, as ReadMultipart read it.
type Multipart struct {
	Files []files.Upload
	// Problem is what was wrong with the files, for a message on their
	// field: too many, one too large, or too much sent at once. The files
	// read before it are still in Files; the text fields are all read.
	Problem string
}

// ReadMultipart reads a posted form as it streams in: its text fields into
// the request's form (so c.FormValue reads them as usual) and at most
// maxFiles files from the file field named field, each up to the file
// store's limit. A file too large, or one too many, is skipped without
// being held in memory and named in Problem, so the page can say so next
// to the field and keep everything else that was typed. A form posted
// without files (no JavaScript and no photo chosen, or a plain form) is
// read as it is.
func (s *Kit) ReadMultipart(c echo.Context, field string, maxFiles int) (Multipart, error) {
	req := c.Request()
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		if err := req.ParseForm(); err != nil {
			return Multipart{}, err
		}
		return Multipart{}, nil
	}
	mr, err := req.MultipartReader()
	if err != nil {
		return Multipart{}, echo.NewHTTPError(http.StatusBadRequest)
	}
	maxBytes := s.Files.MaxBytes()
	values := url.Values{}
	var out Multipart
	problem := func(msg string) {
		if out.Problem == "" {
			out.Problem = msg
		}
	}
	defer func() { req.Form, req.PostForm = values, values }()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				problem(fmt.Sprintf("That was more than we can take at once. Send up to %d photos, each under %s.", maxFiles, files.SizeLabel(maxBytes)))
				break
			}
			return out, echo.NewHTTPError(http.StatusBadRequest)
		}
		name := part.FormName()
		if name != field {
			b, err := io.ReadAll(io.LimitReader(part, maxTextPart+1))
			if err != nil || len(b) > maxTextPart {
				return out, s.readProblem(err)
			}
			values.Add(name, string(b))
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxBytes+1))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				problem(fmt.Sprintf("That was more than we can take at once. Send up to %d photos, each under %s.", maxFiles, files.SizeLabel(maxBytes)))
				break
			}
			return out, echo.NewHTTPError(http.StatusBadRequest)
		}
		fname := strings.TrimSpace(part.FileName())
		switch {
		case len(data) == 0 && fname == "":
			// An empty file input.
		case int64(len(data)) > maxBytes:
			problem(fmt.Sprintf("%q is larger than %s. Choose a smaller photo, or take it again at a lower resolution.", fname, files.SizeLabel(maxBytes)))
			io.Copy(io.Discard, part)
		case len(out.Files) >= maxFiles:
			problem(fmt.Sprintf("Add up to %d photos.", maxFiles))
		default:
			out.Files = append(out.Files, files.Upload{Name: fname, Data: data})
		}
	}
	return out, nil
}

// readProblem is the error for a text field that could not be read.
func (s *Kit) readProblem(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return mbe
	}
	return echo.NewHTTPError(http.StatusBadRequest)
}
