package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"time"

	"porch/sqldb"
)

// Code rules.
const (
	CodeTTL         = 10 * time.Minute
	MaxCodeAttempts = 5
)

// Purposes of a code.
const (
	PurposeSignIn      = "sign_in"
	PurposeEmailChange = "email_change"
	// PurposeReauth confirms, by a code to the person's current address,
	// that a signed-in browser is still theirs before a sensitive change.
	PurposeReauth = "reauth"
)

// newCode returns six digits, uniformly from crypto/rand.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// CodeRequest asks for a code. PersonID is nil when the email matches no
// one who may sign in: a row is still written, so that the response and its
// timing do not reveal which addresses are known, but no code can match it.
type CodeRequest struct {
	Purpose      string
	Email        string
	PersonID     *int64
	BrowserToken string // the pending-sign-in cookie of the asking browser
}

// IssueCode writes a new code and returns it for sending. Earlier live codes
// of the same browser and purpose stop working: only the newest counts.
func (k *Keys) IssueCode(ctx context.Context, tx *sql.Tx, now time.Time, r CodeRequest) (string, error) {
	browser := k.hash("browser", r.BrowserToken)
	if _, err := tx.ExecContext(ctx, `UPDATE auth_codes SET expires_at = ? WHERE browser_hash = ? AND purpose = ?
		AND used_at IS NULL AND expires_at > ?`, sqldb.At(now), browser, r.Purpose, sqldb.At(now)); err != nil {
		return "", err
	}
	code := newCode()
	_, err := tx.ExecContext(ctx, `INSERT INTO auth_codes (purpose, email, person_id, browser_hash, code_hash, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.Purpose, r.Email, r.PersonID, browser,
		k.hash("code", browser, code), sqldb.At(now), sqldb.At(now.Add(CodeTTL)))
	if err != nil {
		return "", fmt.Errorf("store code: %w", err)
	}
	return code, nil
}

// CodeOutcome is the result of checking a code.
type CodeOutcome int

// The outcomes. Only CodeOK signs anyone in.
const (
	CodeOK      CodeOutcome = iota
	CodeWrong               // wrong digits; tries remain
	CodeLocked              // the fifth wrong try: the code is void
	CodeExpired             // no live code for this browser: expired, used, voided or never asked
)

// CodeResult says who a correct code was for.
type CodeResult struct {
	Outcome   CodeOutcome
	PersonID  int64
	Email     string
	TriesLeft int
}

// CheckCode checks code against the newest live code of the browser. Wrong
// tries are counted in tx, so the caller must commit tx whatever the
// outcome; only internal failures are returned as errors.
func (k *Keys) CheckCode(ctx context.Context, tx *sql.Tx, now time.Time, purpose, browserToken, code string) (CodeResult, error) {
	browser := k.hash("browser", browserToken)
	var (
		id       int64
		email    string
		personID sql.NullInt64
		stored   string
		attempts int
	)
	err := tx.QueryRowContext(ctx, `SELECT id, email, person_id, code_hash, attempts FROM auth_codes
		WHERE browser_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
		ORDER BY id DESC LIMIT 1`, browser, purpose, sqldb.At(now)).Scan(&id, &email, &personID, &stored, &attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return CodeResult{Outcome: CodeExpired}, nil
	}
	if err != nil {
		return CodeResult{}, err
	}
	if attempts >= MaxCodeAttempts {
		return CodeResult{Outcome: CodeLocked}, nil
	}
	given := k.hash("code", browser, code)
	if personID.Valid && hmac.Equal([]byte(given), []byte(stored)) {
		_, err := tx.ExecContext(ctx, `UPDATE auth_codes SET used_at = ?, attempts = attempts + 1 WHERE id = ?`, sqldb.At(now), id)
		return CodeResult{Outcome: CodeOK, PersonID: personID.Int64, Email: email}, err
	}
	attempts++
	if _, err := tx.ExecContext(ctx, `UPDATE auth_codes SET attempts = ? WHERE id = ?`, attempts, id); err != nil {
		return CodeResult{}, err
	}
	if attempts >= MaxCodeAttempts {
		return CodeResult{Outcome: CodeLocked, Email: email, PersonID: personID.Int64}, nil
	}
	return CodeResult{Outcome: CodeWrong, Email: email, PersonID: personID.Int64, TriesLeft: MaxCodeAttempts - attempts}, nil
}

// PendingEmail returns the address the browser's live code was sent to, for
// the code form to show. ok is false when there is no live code.
func (k *Keys) PendingEmail(ctx context.Context, q sqldb.Querier, now time.Time, purpose, browserToken string) (string, bool, error) {
	var email string
	err := q.QueryRowContext(ctx, `SELECT email FROM auth_codes WHERE browser_hash = ? AND purpose = ?
		AND used_at IS NULL AND expires_at > ? AND attempts < ? ORDER BY id DESC LIMIT 1`,
		k.hash("browser", browserToken), purpose, sqldb.At(now), MaxCodeAttempts).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return email, err == nil, err
}
