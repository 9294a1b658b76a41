package mail

import (
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"porch/errs"
)

// DevMessage is a message written by the file transport, decoded for the
// /_dev/mail page.
type DevMessage struct {
	Name    string // file name within the organisation's folder
	From    string
	To      string
	Subject string
	Date    time.Time
	Text    string
	HTML    string
	// Attachments are the files sent with the message, in order. Their
	// parts are never taken for the body.
	Attachments []DevAttachment
}

// DevAttachment describes one attached file of a DevMessage.
type DevAttachment struct {
	Filename    string
	ContentType string
	Size        int64 // decoded bytes
}

// SizeText is the size as people read file sizes, e.g. "14 KB".
func (a DevAttachment) SizeText() string { return sizeText(a.Size) }

// Bounds on what the dev pages read: they are for looking at a handful of
// recent messages, not an archive.
const (
	maxListed      = 200
	maxFileBytes   = 16 << 20 // a message with 5 MB of attachments is about 7 MB as written
	maxNesting     = 5
	maxDevAttached = 50 // attachments listed per message
)

// fileNameRE matches the names the file transport writes, and nothing with
// a separator or a leading dot.
var fileNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.eml$`)

// errNotMessage is the cause behind NotFound for a name that is not a
// message file of the folder.
var errNotMessage = errors.New("mail: not a message file name")

func validFileName(name string) bool {
	return fileNameRE.MatchString(name) && !strings.Contains(name, "..")
}

// ListFiles returns the messages the file transport wrote for slug under
// dir, newest first (at most the newest 200). A folder that does not exist
// yet is an empty list.
func ListFiles(dir, slug string) ([]DevMessage, error) {
	if !validSlug(slug) {
		return nil, fmt.Errorf("mail: invalid organisation %q", slug)
	}
	entries, err := os.ReadDir(filepath.Join(dir, slug))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mail: list %s: %w", slug, err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && validFileName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	// Names start with a UTC timestamp, so reverse name order is newest
	// first.
	slices.Sort(names)
	slices.Reverse(names)
	if len(names) > maxListed {
		names = names[:maxListed]
	}
	out := make([]DevMessage, 0, len(names))
	for _, name := range names {
		m, err := ReadFile(dir, slug, name)
		if errs.Is(err, errs.NotFound) {
			continue // removed since the listing
		}
		if err != nil {
			m = DevMessage{Name: name, Subject: "(unreadable: " + err.Error() + ")"}
		}
		out = append(out, m)
	}
	return out, nil
}

// ReadFile reads and decodes one message of slug's folder under dir. name
// must be a plain .eml file name of that folder; anything else, including a
// path that would leave the folder, is refused as NotFound.
func ReadFile(dir, slug, name string) (DevMessage, error) {
	notFound := errs.Wrap(errs.NotFound, "There is no such message.", errNotMessage)
	if !validSlug(slug) || !validFileName(name) {
		return DevMessage{}, notFound
	}
	// os.Root also refuses symlinks that point out of the folder.
	root, err := os.OpenRoot(filepath.Join(dir, slug))
	if errors.Is(err, fs.ErrNotExist) {
		return DevMessage{}, notFound
	}
	if err != nil {
		return DevMessage{}, fmt.Errorf("mail: read %s: %w", name, err)
	}
	defer root.Close()
	f, err := root.Open(name)
	if errors.Is(err, fs.ErrPermission) {
		return DevMessage{}, fmt.Errorf("mail: read %s: %w", name, err)
	}
	if err != nil {
		// Missing, or a link that leads out of the folder: either way
		// there is no such message here.
		return DevMessage{}, errs.Wrap(errs.NotFound, notFound.Message, err)
	}
	defer f.Close()
	m, err := ParseMessage(io.LimitReader(f, maxFileBytes))
	if err != nil {
		return DevMessage{}, fmt.Errorf("mail: read %s: %w", name, err)
	}
	m.Name = name
	return m, nil
}

// parseMessage decodes the headers, the first text/plain and text/html
// parts of a message and the names of its attachments.
func ParseMessage(r io.Reader) (DevMessage, error) {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return DevMessage{}, err
	}
	var dm DevMessage
	dm.From = addressHeader(msg.Header, "From")
	dm.To = addressHeader(msg.Header, "To")
	dm.Subject = wordHeader(msg.Header.Get("Subject"))
	dm.Date, _ = msg.Header.Date()
	if err := walkPart(msg.Header, msg.Body, &dm, 0); err != nil {
		return dm, err
	}
	return dm, nil
}

// header is what mail.Header and textproto.MIMEHeader have in common.
type header interface{ Get(key string) string }

// walkPart fills dm from one MIME entity, descending into multiparts.
func walkPart(h header, body io.Reader, dm *DevMessage, depth int) error {
	ctype := h.Get("Content-Type")
	if ctype == "" {
		ctype = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return nil // an unreadable part is skipped, not fatal
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth >= maxNesting || params["boundary"] == "" {
			return nil
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart leaves the transfer encoding to decodeBody, so
			// base64 and quoted-printable go through the same path.
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkPart(p.Header, p, dm, depth+1); err != nil {
				return err
			}
		}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	// An attachment, or a named file that is not body text (some mailers
	// send files without a disposition), is listed and never taken for
	// the body.
	if disp == "attachment" || name != "" && mt != "text/plain" && mt != "text/html" {
		if len(dm.Attachments) < maxDevAttached {
			dm.Attachments = append(dm.Attachments, DevAttachment{
				Filename:    cmp.Or(wordHeader(name), "(no name)"),
				ContentType: mt,
				Size:        decodedSize(h, body),
			})
		}
		return nil
	}
	switch {
	case mt == "text/plain" && dm.Text == "":
		s, err := decodeBody(h, body)
		dm.Text = s
		return err
	case mt == "text/html" && dm.HTML == "":
		s, err := decodeBody(h, body)
		dm.HTML = s
		return err
	}
	return nil
}

// decodeBody undoes the part's transfer encoding. Porch writes UTF-8, so
// the charset is not converted.
func decodeBody(h header, body io.Reader) (string, error) {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return "", fmt.Errorf("decode part: %w", err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

// decodedSize counts the bytes of a part once its transfer encoding is
// undone. A part that does not decode to the end counts what did.
func decodedSize(h header, body io.Reader) int64 {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	n, _ := io.Copy(io.Discard, body)
	return n
}

// addressHeader shows an address header as "Name <addr>", with encoded
// names decoded, falling back to the raw text when it does not parse.
func addressHeader(h mail.Header, key string) string {
	list, err := h.AddressList(key)
	if err != nil {
		return wordHeader(h.Get(key))
	}
	parts := make([]string, len(list))
	for i, a := range list {
		if a.Name != "" {
			parts[i] = fmt.Sprintf("%s <%s>", a.Name, a.Address)
		} else {
			parts[i] = a.Address
		}
	}
	return strings.Join(parts, ", ")
}

// wordHeader decodes RFC 2047 encoded words, such as a non-ASCII subject.
func wordHeader(s string) string {
	dec := new(mime.WordDecoder)
	if d, err := dec.DecodeHeader(s); err == nil {
		return d
	}
	return s
}
