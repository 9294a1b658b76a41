// Package files is each organisation's file store for photos and documents.
//
// The store is a second SQLite file beside the organisation's database
// (<slug>.files.db next to <slug>.db), so an organisation's files stay
// physically apart from every other organisation's and travel in its
// backups and restores. Blobs are content-addressed: keyed by the SHA-256
// of their bytes, stored once however often they are uploaded, and never
// deleted by an upload. Callers Put a file first and only then write the
// row that names its Ref, so a restored row never points at a missing file.
//
// Uploads are judged by their content, not their name or claimed type.
// Photos are decoded and encoded again, which drops EXIF metadata and
// location, after turning them upright; each gets a thumbnail. PDFs, and
// office documents where the caller accepts them, are kept as they are.
package files

import (
	"context"
	"time"

	"porch/tenants"
)

// Config sets the store's limits and its replication hooks.
type Config struct {
	MaxBytes  int64 // largest upload accepted (default DefaultMaxBytes)
	MaxPixels int   // largest photo accepted, in pixels, checked before decoding (default DefaultMaxPixels)
	ThumbSize int   // a thumbnail's long side in pixels (default DefaultThumbSize)
	MaxSide   int   // a stored photo's longest side; larger ones are scaled down (default DefaultMaxSide)

	// OnOpen runs after an organisation's file store is opened and
	// migrated, OnClose just before it is closed; replication hooks in
	// here as it does for the organisation's database.
	OnOpen  func(*tenants.DB) error
	OnClose func(*tenants.DB)

	// Stored, when set, runs after Put commits and before it returns:
	// replication hooks in here to ship the file to the replica at once,
	// so the replica never holds a row naming a file it lacks (each
	// database is otherwise shipped on its own schedule). An error fails
	// the Put, and the caller writes no row.
	Stored func(context.Context, *tenants.DB) error

	Now func() time.Time
}

// The defaults of Config.
const (
	DefaultMaxBytes  = 10 << 20
	DefaultMaxPixels = 50_000_000 // a 50-megapixel camera; decoded, 200 MB
	DefaultThumbSize = 320
	// DefaultMaxSide keeps every detail a repair needs (a 4K screen's
	// width) while a 48-megapixel phone photo shrinks to a quarter.
	DefaultMaxSide = 4096
)

// Store stores and reads organisations' files. Safe for concurrent use.
type Store struct {
	cfg Config
}

// New returns a store with cfg's limits, defaults filled in.
func New(cfg Config) *Store {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.MaxPixels <= 0 {
		cfg.MaxPixels = DefaultMaxPixels
	}
	if cfg.ThumbSize <= 0 {
		cfg.ThumbSize = DefaultThumbSize
	}
	if cfg.MaxSide <= 0 {
		cfg.MaxSide = DefaultMaxSide
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Store{cfg: cfg}
}

// Upload is a file as a person sent it. Name is shown back to them in
// messages; it does not decide the type, nor does any type the browser
// claimed.
type Upload struct {
	Name string
	Data []byte
	// Office accepts office documents (Word, Excel and PowerPoint files,
	// OpenDocument text and spreadsheets) besides photos and PDFs: for
	// shared documents, not for a request's photos.
	Office bool
}

// Ref names a stored file: what a row that refers to it keeps.
type Ref struct {
	Hash  string // hex SHA-256 of the stored bytes
	Type  string // image/jpeg, image/png, application/pdf or an office type (office.go)
	Size  int64
	Thumb string // the thumbnail's hash; empty for a PDF, Hash itself for a photo already thumbnail-sized
}

// IsImage reports whether the file is a photo (shown inline), not a document.
func (r Ref) IsImage() bool { return r.Type == TypeJPEG || r.Type == TypePNG }

// Blob is a stored file with its bytes.
type Blob struct {
	Ref
	Width, Height int // zero for a PDF
	CreatedAt     time.Time
	Data          []byte
}

// The stored content types.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypePDF  = "application/pdf"
)

// MaxBytes is the largest upload the store accepts.
func (s *Store) MaxBytes() int64 { return s.cfg.MaxBytes }
