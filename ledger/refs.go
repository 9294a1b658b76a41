package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"porch/errs"
	"porch/sqldb"
)

// References between the ledger's rows and the public ids and numbers that
// pages, documents and mails show.

// ReceiptRef is Porch's own reference for a receipt, from its journal's
// number: "R-000318". Receipts, statements and payment emails give it to
// the payer, in place of any payment provider's id.
func ReceiptRef(journalID int64) string { return fmt.Sprintf("R-%06d", journalID) }

// ProviderMethod reports whether money paid by the method carries a
// payment provider's id as its journal's reference (a card payment's
// checkout session, a Direct Debit's payment): an id for managers to
// trace, never shown to the payer as theirs.
func ProviderMethod(method string) bool { return method == MethodCard || method == MethodDirectDebit }

// PayerReference is the reference the payer gave with their money (a bank
// transfer's), or "" for a provider's payment.
func (r Receipt) PayerReference() string {
	if ProviderMethod(r.Method) {
		return ""
	}
	return r.Reference
}

// Ref is the receipt's own reference (ReceiptRef).
func (r Receipt) Ref() string { return ReceiptRef(r.JournalID) }

// ResidentRefs are the references a resident's statement gives an entry:
// for a receipt its own reference (receipt) and the payer's, where it is
// theirs (payer); none for a demand, whose invoice number names it
// already; else the entry's reference, as payer.
func (l StatementLine) ResidentRefs() (receipt, payer string) {
	switch l.Kind {
	case KindDemand:
		return "", ""
	case KindReceipt:
		method, _ := strings.CutPrefix(l.Description, receiptPrefix)
		r := Receipt{JournalID: l.JournalID, Method: method, Reference: l.Reference}
		return r.Ref(), r.PayerReference()
	}
	return "", l.Reference
}

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
