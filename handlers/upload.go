package handlers

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// UploadMessages are what a person is told when an upload fails, in the
// words of the screen: the file is too large, missing, empty, or could
// not be read.
type UploadMessages struct {
	TooLarge, Missing, Empty, Unreadable string
}

// ReadUpload reads a file from a form: the uploaded file field "file", or
// the text a previous step of the same screen carried in "content" (with
// its name in "filename"). msg says why there is nothing to read.
func ReadUpload(c echo.Context, m UploadMessages) (name string, content []byte, msg string, err error) {
	req := c.Request()
	err = req.ParseMultipartForm(MaxBody * 2)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || err != nil && strings.Contains(err.Error(), "request body too large"):
		return "", nil, m.TooLarge, nil
	case errors.Is(err, http.ErrNotMultipart):
		// A form without a file: the text carried by a previous step.
	case err != nil:
		return "", nil, m.Unreadable, nil
	}
	if text := req.FormValue("content"); text != "" {
		return req.FormValue("filename"), []byte(text), "", nil
	}
	fh, ferr := c.FormFile("file")
	if ferr != nil {
		return "", nil, m.Missing, nil
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, "", err
	}
	defer f.Close()
	content, err = io.ReadAll(io.LimitReader(f, MaxBody+1))
	if err != nil {
		return "", nil, "", err
	}
	if len(bytes.TrimSpace(content)) == 0 {
		return fh.Filename, nil, m.Empty, nil
	}
	return fh.Filename, content, "", nil
}
