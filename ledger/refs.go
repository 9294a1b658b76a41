package ledger

import (
	"context"
	"database/sql"
	"errors"

	"porch/errs"
	"porch/sqldb"
)

// References between the ledger's rows and the public ids and numbers that
// pages, documents and mails show.

// JournalPublicID is the public id of the journal with the internal id:
// the name a receipt's PDF and links go by.
func JournalPublicID(ctx context.Context, q sqldb.Querier, id int64) (string, error) {
	var pub string
	err := q.QueryRowContext(ctx, `SELECT public_id FROM journals WHERE id = ?`, id).Scan(&pub)
	return pub, err
}

// InvoiceRef is the number and public id of the invoice with the internal
// id, as payments and their pages name it.
func InvoiceRef(ctx context.Context, q sqldb.Querier, id int64) (number int64, publicID string, err error) {
	err = q.QueryRowContext(ctx, `SELECT number, public_id FROM invoices WHERE id = ?`, id).Scan(&number, &publicID)
	return number, publicID, err
}

// BankAccountID is the ledger id of the bank account with the public id,
// or NotFound.
func BankAccountID(ctx context.Context, q sqldb.Querier, publicID string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM ledger_accounts WHERE public_id = ? AND purpose = 'bank'`, publicID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.E(errs.NotFound, "There is no such bank account.")
	}
	return id, err
}

// AccountLabel names the account with the internal id by code and name:
// "1210 Harbour View client account".
func AccountLabel(ctx context.Context, q sqldb.Querier, id int64) (string, error) {
	var code, name string
	err := q.QueryRowContext(ctx, `SELECT code, name FROM ledger_accounts WHERE id = ?`, id).Scan(&code, &name)
	return code + " " + name, err
}
