package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"porch/errs"
	"porch/sqldb"
)

// argon2id parameters: OWASP's minimum recommendation (19 MiB, 2 passes,
// one lane), stored with each hash so they can be raised later.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 200
)

// ValidatePassword says what is wrong with a new password.
func ValidatePassword(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return errs.Fields{"password": fmt.Sprintf("Use at least %d characters.", MinPasswordLen)}.Err()
	case n > MaxPasswordLen:
		return errs.Fields{"password": fmt.Sprintf("Use at most %d characters.", MaxPasswordLen)}.Err()
	case strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(email)):
		return errs.Fields{"password": "Do not use your email address as your password."}.Err()
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(pw string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches an encoded hash, in constant time.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, iter uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iter, &threads); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, iter, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// SetPassword validates and stores a person's password.
func SetPassword(ctx context.Context, tx *sql.Tx, now time.Time, personID int64, email, pw string) error {
	if err := ValidatePassword(pw, email); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = ?, password_set_at = ? WHERE id = ?`,
		HashPassword(pw), sqldb.At(now), personID)
	return err
}

// RemovePassword turns password sign-in off for a person.
func RemovePassword(ctx context.Context, tx *sql.Tx, personID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = '', password_set_at = NULL WHERE id = ?`, personID)
	return err
}

// HasPassword reports whether the person set a password.
func HasPassword(ctx context.Context, q sqldb.Querier, personID int64) (bool, error) {
	var h string
	err := q.QueryRowContext(ctx, `SELECT password_hash FROM people WHERE id = ?`, personID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errs.E(errs.NotFound, "No such person.")
	}
	return h != "", err
}

// dummyHash is checked against when there is no real hash, so a password
// attempt for an unknown person costs the same time as for a known one.
var dummyHash = HashPassword("not a password anyone has")

// PasswordSignIn checks a password for the person who owns the device. A
// password works only on a device already verified by a code: deviceToken
// must name a live device of the person with that email. It returns the
// person and device ids, or ok=false, taking the same time either way.
func (k *Keys) PasswordSignIn(ctx context.Context, q sqldb.Querier, email, pw, deviceToken string) (personID, deviceID int64, ok bool, err error) {
	var hash string
	var pid, did int64
	err = q.QueryRowContext(ctx, `SELECT p.id, p.password_hash, d.id FROM people p JOIN devices d ON d.person_id = p.id
		WHERE p.email = ? AND d.token_hash = ? AND d.revoked_at IS NULL AND p.portal_enabled = 1`,
		strings.TrimSpace(email), k.hash("device", deviceToken)).Scan(&pid, &hash, &did)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, err
	}
	if hash == "" {
		CheckPassword(dummyHash, pw)
		return 0, 0, false, nil
	}
	if !CheckPassword(hash, pw) {
		return 0, 0, false, nil
	}
	return pid, did, true, nil
}
