package mail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"porch/sqldb"
)

// Permissions of what the file transport writes: mail holds personal data,
// so nothing is world-readable.
const (
	dirPerm  = 0o750
	filePerm = 0o640
)

// fileStamp starts every file name; it sorts in time order, so listing by
// name newest-first needs no parsing.
const fileStamp = "20060102T150405.000000000Z"

// fileTransport writes each message to <dir>/<slug>/<stamp>-<id>.eml
// instead of sending it, for development and demos.
type fileTransport struct {
	dir string
	now func() time.Time
}

// NewFileTransport returns a Transport that writes each message as an .eml
// file under dir, one folder per organisation, for the /_dev/mail page
// (see ListFiles and ReadFile) or any mail client to open.
func NewFileTransport(dir string) Transport {
	return &fileTransport{dir: dir, now: time.Now}
}

// Send writes msg to a temporary file and renames it into place, so a
// reader never lists a half-written message.
func (t *fileTransport) Send(ctx context.Context, slug string, msg *gomail.Msg) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !validSlug(slug) {
		return fmt.Errorf("mail: file transport: invalid organisation %q", slug)
	}
	folder := filepath.Join(t.dir, slug)
	if err := os.MkdirAll(folder, dirPerm); err != nil {
		return fmt.Errorf("mail: file transport: %w", err)
	}
	name := t.now().UTC().Format(fileStamp) + "-" + messageKey(msg) + ".eml"

	// The temporary name starts with a dot and lacks the .eml suffix, so
	// ListFiles skips it.
	f, err := os.CreateTemp(folder, ".tmp-*")
	if err != nil {
		return fmt.Errorf("mail: file transport: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = msg.WriteTo(f); err != nil {
		return fmt.Errorf("mail: file transport: write: %w", err)
	}
	if err = f.Chmod(filePerm); err != nil {
		return fmt.Errorf("mail: file transport: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("mail: file transport: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("mail: file transport: %w", err)
	}
	if err = os.Rename(f.Name(), filepath.Join(folder, name)); err != nil {
		return fmt.Errorf("mail: file transport: %w", err)
	}
	return nil
}

// messageKey returns the outbox public id that the sender puts before the
// "@" of the Message-ID, reduced to characters safe in a file name. A
// message from elsewhere without one gets a fresh random id.
func messageKey(msg *gomail.Msg) string {
	id := strings.Trim(msg.GetMessageID(), "<>")
	id, _, _ = strings.Cut(id, "@")
	id = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, id)
	if id == "" || len(id) > 64 {
		return sqldb.NewPublicID()
	}
	return id
}
