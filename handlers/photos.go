package handlers

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/files"
)

// KeptFile is a file already in the organisation's file store, named as
// it was uploaded. A form refused for another reason carries its files
// back as Token values (hidden fields), so the person need not choose
// them again: the token is signed for the organisation and the person, so
// no one can attach a stored file by guessing or copying its hash.
type KeptFile struct {
	files.Ref
	Name string
	sig  string
}

// keptPurpose names the signatures of kept files.
const keptPurpose = "kept file"

func keptParts(slug string, personID int64, r files.Ref, name string) []string {
	return []string{slug, strconv.FormatInt(personID, 10), r.Hash, r.Type, strconv.FormatInt(r.Size, 10), r.Thumb, name}
}

// Token is the file as a form carries it.
func (k KeptFile) Token() string {
	return url.Values{"h": {k.Hash}, "t": {k.Type}, "s": {strconv.FormatInt(k.Size, 10)}, "th": {k.Thumb},
		"n": {k.Name}, "sig": {k.sig}}.Encode()
}

// StoreUploads puts each upload in the organisation's file store, checked
// by its content, and returns them as kept files for the signed-in person.
// A file the store refuses (not a photo, unreadable, too large) is left
// out and named in problem, for the message next to the field; the rest
// are stored.
func (s *Kit) StoreUploads(c echo.Context, ups []files.Upload) (kept []KeptFile, problem string, err error) {
	o, id := OrgOf(c), IdentityOf(c)
	for _, up := range ups {
		ref, err := s.Files.Put(c.Request().Context(), o.DB, up)
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			if problem == "" {
				problem = fmt.Sprintf("%q: %s", up.Name, e.Message)
			}
			continue
		}
		if err != nil {
			return nil, "", err
		}
		kept = append(kept, s.keep(o.Slug, id.Person.ID, ref, up.Name))
	}
	return kept, problem, nil
}

func (s *Kit) keep(slug string, personID int64, ref files.Ref, name string) KeptFile {
	return KeptFile{Ref: ref, Name: name, sig: s.Keys.Sign(keptPurpose, keptParts(slug, personID, ref, name)...)}
}

// KeptFiles reads back the files a refused form carried in its hidden
// fields named field; any whose signature does not match the organisation
// and the signed-in person is dropped.
func (s *Kit) KeptFiles(c echo.Context, field string) []KeptFile {
	var out []KeptFile
	for _, tok := range c.Request().Form[field] {
		if k, ok := s.KeptFile(c, tok); ok {
			out = append(out, k)
		}
	}
	return out
}

// KeptFile reads one kept file's token, as a page showing its thumbnail
// sends it back; ok is false unless it was signed for the organisation and
// the signed-in person.
func (s *Kit) KeptFile(c echo.Context, tok string) (KeptFile, bool) {
	o, id := OrgOf(c), IdentityOf(c)
	if o == nil || id == nil {
		return KeptFile{}, false
	}
	v, err := url.ParseQuery(tok)
	if err != nil {
		return KeptFile{}, false
	}
	size, _ := strconv.ParseInt(v.Get("s"), 10, 64)
	ref := files.Ref{Hash: v.Get("h"), Type: v.Get("t"), Size: size, Thumb: v.Get("th")}
	if !s.Keys.Verify(v.Get("sig"), keptPurpose, keptParts(o.Slug, id.Person.ID, ref, v.Get("n"))...) {
		return KeptFile{}, false
	}
	return KeptFile{Ref: ref, Name: v.Get("n"), sig: v.Get("sig")}, true
}
