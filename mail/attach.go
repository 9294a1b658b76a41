package mail

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"porch/errs"
	"porch/sqldb"
)

// Attachment is a file sent with a message, such as a receipt's PDF.
type Attachment struct {
	Filename    string // the name the recipient sees, e.g. receipt-R-0042.pdf; no folders
	ContentType string // a media type, e.g. application/pdf
	Data        []byte
}

// Limits on attachments. The total is of the files themselves; on the wire
// base64 makes them about a third larger, still well inside what mail
// servers accept.
const (
	maxAttachments     = 5
	maxAttachmentBytes = 5 << 20
	maxFilename        = 100
)

// filenameForbidden are the characters refused in attachment names besides
// control characters: the path separators, and those that mail clients or
// file systems treat specially (go-mail would replace them with "_", so the
// recipient would not get the name that was asked for).
const filenameForbidden = `/\"*:<>?|`

// validateAttachments checks the attachments of a message, trimming space
// around their names and putting their content types in canonical form in
// place. The errors are Invalid, on the field "attachments".
func validateAttachments(atts []Attachment) error {
	bad := func(format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		return &errs.Error{Code: errs.Invalid, Message: msg, Fields: map[string]string{"attachments": msg}}
	}
	if len(atts) > maxAttachments {
		return bad("The message has %d attachments; at most %d are allowed.", len(atts), maxAttachments)
	}
	total := 0
	for i := range atts {
		a := &atts[i]
		a.Filename = strings.TrimSpace(a.Filename)
		if err := checkFilename(a.Filename); err != "" {
			// The name is quoted back only when it is fit to show.
			if a.Filename == "" || !utf8.ValidString(a.Filename) || utf8.RuneCountInString(a.Filename) > maxFilename ||
				strings.ContainsFunc(a.Filename, unicode.IsControl) {
				return bad("Attachment %d %s", i+1, err)
			}
			return bad("The attachment name %q %s", a.Filename, err)
		}
		ct, err := canonicalType(a.ContentType)
		if err != "" {
			return bad("The content type of %q %s", a.Filename, err)
		}
		a.ContentType = ct
		if len(a.Data) == 0 {
			return bad("The attachment %q is empty.", a.Filename)
		}
		total += len(a.Data)
	}
	if total > maxAttachmentBytes {
		// Rounded up, so a total just over the limit does not read as
		// equal to it.
		mb := math.Ceil(float64(total)*10/(1<<20)) / 10
		return bad("The attachments come to %.1f MB; at most %s in all is allowed.", mb, sizeText(maxAttachmentBytes))
	}
	return nil
}

// checkFilename returns what is wrong with name as the rest of a sentence,
// or "" when it is fine.
func checkFilename(name string) string {
	switch {
	case name == "":
		return "has no file name."
	case !utf8.ValidString(name):
		return "has a file name that is not valid UTF-8."
	case utf8.RuneCountInString(name) > maxFilename:
		return fmt.Sprintf("is too long: keep it to %d characters.", maxFilename)
	case name == "." || name == "..":
		return "is not a file name."
	case strings.ContainsAny(name, `/\`):
		return "must not contain / or \\: it is a file name, not a path."
	case strings.ContainsFunc(name, unicode.IsControl):
		return "must not contain control characters or line breaks."
	case strings.ContainsAny(name, filenameForbidden):
		return "must not contain any of " + strings.Join(strings.Split(filenameForbidden[2:], ""), " ") + "."
	}
	return ""
}

// canonicalType parses ct as a media type and returns it in canonical form
// (lower case, parameters quoted as needed), or what is wrong with it as
// the rest of a sentence. A name parameter is dropped: the file name is
// the attachment's own. Multipart and message types are refused, as they
// cannot be sent base64-encoded as a single file.
func canonicalType(ct string) (string, string) {
	ct = strings.TrimSpace(ct)
	if ct == "" {
		return "", "is missing: give a media type like application/pdf."
	}
	invalid := fmt.Sprintf("%q is not a valid media type like application/pdf.", ct)
	if strings.ContainsFunc(ct, unicode.IsControl) {
		return "", "is not a valid media type like application/pdf."
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", invalid
	}
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || typ == "" || sub == "" || typ == "*" || sub == "*" {
		return "", invalid
	}
	if typ == "multipart" || typ == "message" {
		return "", fmt.Sprintf("%q cannot be attached as a file.", mt)
	}
	delete(params, "name")
	out := mime.FormatMediaType(mt, params)
	if out == "" {
		return "", invalid
	}
	return out, ""
}

// sizeText shows a byte count as people read file sizes.
func sizeText(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	default:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	}
}

// storeAttachments writes the attachments of outbox row id inside tx.
func storeAttachments(ctx context.Context, tx *sql.Tx, id int64, atts []Attachment) error {
	for i, a := range atts {
		_, err := tx.ExecContext(ctx, `INSERT INTO mail_attachments (outbox_id, position, filename, content_type, data)
			VALUES (?, ?, ?, ?, ?)`, id, i, a.Filename, a.ContentType, a.Data)
		if err != nil {
			return err
		}
	}
	return nil
}

// loadAttachments reads the attachments of outbox row id, in the order
// they were given.
func loadAttachments(ctx context.Context, q sqldb.Querier, id int64) ([]Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT filename, content_type, data FROM mail_attachments
		WHERE outbox_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.Filename, &a.ContentType, &a.Data); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// attach adds atts to m as attachments: base64 parts with
// Content-Disposition attachment, the file name and the content type.
func attach(m *gomail.Msg, atts []Attachment) {
	for _, a := range atts {
		m.AttachReadSeeker(a.Filename, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(a.ContentType)),
			gomail.WithFileEncoding(gomail.EncodingB64))
	}
}
