package estate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // logo formats accepted by CheckLogo
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"time"

	_ "golang.org/x/image/webp" // WebP logos, decoded to check them

	"porch/errs"
	"porch/sqldb"
)

// MaxLogoBytes bounds an uploaded logo.
const MaxLogoBytes = 512 << 10

// maxLogoSide bounds a raster logo's width and height in pixels.
const maxLogoSide = 4000

// SVGType is the MIME type of an SVG logo.
const SVGType = "image/svg+xml"

// errLogoFormat refuses a file that is no image this portal shows.
var errLogoFormat = errs.Fields{"logo": "The logo must be a PNG, JPEG, GIF, WebP or SVG image."}.Err()

// CheckLogo judges an uploaded logo by its content, never its name: a
// PNG, JPEG, GIF or WebP image of sensible size is kept as it is; an SVG
// is kept as SanitizeSVG rebuilds it. It returns the bytes to store and
// their MIME type, or a field message for "logo".
func CheckLogo(data []byte) ([]byte, string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "", errs.Fields{"logo": "Choose an image file: that one is empty."}.Err()
	}
	if len(data) > MaxLogoBytes {
		return nil, "", errs.Fields{"logo": "The logo must be 512 KB or smaller."}.Err()
	}
	ctype := http.DetectContentType(data)
	switch ctype {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
	default:
		clean, err := SanitizeSVG(data)
		if errors.Is(err, errNotSVG) {
			return nil, "", errLogoFormat
		}
		if err != nil {
			return nil, "", err
		}
		return clean, SVGType, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", errs.Fields{"logo": "That image file could not be read; try saving it again as PNG."}.Err()
	}
	if cfg.Width > maxLogoSide || cfg.Height > maxLogoSide {
		return nil, "", errs.Fields{"logo": "The logo must be at most 4000 pixels wide and high."}.Err()
	}
	return data, ctype, nil
}

// SetLogo checks data with CheckLogo and stores what it keeps as the
// logo.
func SetLogo(ctx context.Context, tx *sql.Tx, data []byte, now time.Time) error {
	data, ctype, err := CheckLogo(data)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	sqldb.Changed(tx, SettingsChange)
	sqldb.Changed(tx, LogoChange)
	_, err = tx.ExecContext(ctx, `UPDATE settings SET logo = ?, logo_type = ?, logo_hash = ?, updated_at = ? WHERE id = 1`,
		data, ctype, hex.EncodeToString(sum[:])[:12], sqldb.At(now))
	return err
}

// RemoveLogo forgets the logo: pages and emails show the name alone.
func RemoveLogo(ctx context.Context, tx *sql.Tx, now time.Time) error {
	sqldb.Changed(tx, SettingsChange)
	sqldb.Changed(tx, LogoChange)
	_, err := tx.ExecContext(ctx, `UPDATE settings SET logo = NULL, logo_type = '', logo_hash = '', updated_at = ? WHERE id = 1`,
		sqldb.At(now))
	return err
}

// GetLogo returns the logo image and its MIME type, or NotFound.
func GetLogo(ctx context.Context, q sqldb.Querier) ([]byte, string, error) {
	var data []byte
	var ctype string
	err := q.QueryRowContext(ctx, `SELECT logo, logo_type FROM settings WHERE id = 1`).Scan(&data, &ctype)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("read logo: %w", err)
	}
	if len(data) == 0 || ctype == "" {
		return nil, "", errs.E(errs.NotFound, "This organisation has no logo.")
	}
	return data, ctype, nil
}
