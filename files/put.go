package files

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"porch/errs"
	"porch/sqldb"
	"porch/tenants"
)

// Put checks an upload by its content, makes it safe to store (a photo is
// encoded again, without its metadata, and given a thumbnail), and commits
// it to org's file store before returning its Ref. Only then should the
// caller write the row that names the Ref. Bytes already stored are kept as
// they are: Put never replaces or deletes a blob.
func (s *Store) Put(ctx context.Context, org *tenants.DB, up Upload) (Ref, error) {
	if int64(len(up.Data)) > s.cfg.MaxBytes {
		return Ref{}, tooLarge(int64(len(up.Data)), s.cfg.MaxBytes)
	}
	if len(up.Data) == 0 {
		return Ref{}, invalid(msgEmpty)
	}
	main, thumb, err := s.prepare(up)
	if err != nil {
		return Ref{}, err
	}
	fdb, err := s.open(ctx, org)
	if err != nil {
		return Ref{}, err
	}
	ref := Ref{Hash: hashOf(main.data), Type: main.ctype, Size: int64(len(main.data))}
	now := sqldb.At(s.cfg.Now())
	err = fdb.Write(ctx, func(tx *sql.Tx) error {
		var thumbHash any // NULL for a PDF
		if thumb != nil {
			ref.Thumb = ref.Hash
			if thumb != main {
				ref.Thumb = hashOf(thumb.data)
				// The thumbnail first: the photo's row names it.
				if err := insert(ctx, tx, ref.Thumb, *thumb, nil, now); err != nil {
					return err
				}
				thumbHash = ref.Thumb
			}
		}
		return insert(ctx, tx, ref.Hash, *main, thumbHash, now)
	})
	if err != nil {
		return Ref{}, fmt.Errorf("store %s: %w", up.Name, err)
	}
	if s.cfg.Stored != nil {
		if err := s.cfg.Stored(ctx, fdb); err != nil {
			return Ref{}, errs.Wrap(errs.Unavailable, "The file could not be saved just now; try again in a moment.", err)
		}
	}
	return ref, nil
}

// prepare turns an upload into what is stored: the file, and for a photo
// its thumbnail (the photo itself when it is small already).
func (s *Store) prepare(up Upload) (main, thumb *photo, err error) {
	data := up.Data
	k := sniff(data)
	switch k {
	case kindPDF:
		return &photo{data: data, ctype: TypePDF}, nil, nil
	case kindHEIC:
		return nil, nil, invalid(msgHEIC)
	case kindUnknown:
		if !up.Office {
			return nil, nil, invalid(msgUnknown)
		}
		return office(data)
	}
	img, err := s.decodePhoto(k, data)
	if err != nil {
		return nil, nil, err
	}
	if smaller, ok := thumbnail(img, s.cfg.MaxSide); ok {
		img = smaller
	}
	m, err := encode(img, k)
	if err != nil {
		return nil, nil, err
	}
	small, ok := thumbnail(img, s.cfg.ThumbSize)
	if !ok {
		return &m, &m, nil
	}
	t, err := encode(small, k)
	if err != nil {
		return nil, nil, err
	}
	return &m, &t, nil
}

// office accepts an office document, kept as it is like a PDF, or says
// why not.
func office(data []byte) (main, thumb *photo, err error) {
	if isOLE(data) {
		return nil, nil, invalid(msgOldOffice)
	}
	if !isZip(data) {
		return nil, nil, invalid(msgUnknownOffice)
	}
	ctype, problem := officeType(data)
	if problem != "" {
		return nil, nil, invalid(problem)
	}
	return &photo{data: data, ctype: ctype}, nil, nil
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// insert stores a blob unless its bytes are there already.
func insert(ctx context.Context, tx *sql.Tx, hash string, p photo, thumb any, now sqldb.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO blobs (hash, content_type, size, width, height, thumb, created_at, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
		hash, p.ctype, len(p.data), p.width, p.height, thumb, now, p.data)
	return err
}

// Get returns the stored file hash names in org's file store.
func (s *Store) Get(ctx context.Context, org *tenants.DB, hash string) (Blob, error) {
	fdb, err := s.open(ctx, org)
	if err != nil {
		return Blob{}, err
	}
	var b Blob
	var thumb sql.NullString
	err = fdb.Read().QueryRowContext(ctx, `SELECT hash, content_type, size, width, height, thumb, created_at, data
		FROM blobs WHERE hash = ?`, hash).
		Scan(&b.Hash, &b.Type, &b.Size, &b.Width, &b.Height, &thumb, sqldb.Into(&b.CreatedAt), &b.Data)
	if err == sql.ErrNoRows {
		return Blob{}, errs.E(errs.NotFound, "This file is not here.")
	}
	if err != nil {
		return Blob{}, fmt.Errorf("read file %s: %w", hash, err)
	}
	b.Thumb = thumb.String
	if b.Thumb == "" && b.IsImage() {
		b.Thumb = b.Hash
	}
	return b, nil
}

// Thumb returns the thumbnail of the photo hash names: a smaller photo, or
// the photo itself when it was small already. A PDF has none (NotFound).
func (s *Store) Thumb(ctx context.Context, org *tenants.DB, hash string) (Blob, error) {
	b, err := s.Get(ctx, org, hash)
	if err != nil {
		return Blob{}, err
	}
	if !b.IsImage() {
		return Blob{}, errs.E(errs.NotFound, "A document has no thumbnail.")
	}
	if b.Thumb == b.Hash {
		return b, nil
	}
	return s.Get(ctx, org, b.Thumb)
}
