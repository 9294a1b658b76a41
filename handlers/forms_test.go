package handlers_test

import (
	"testing"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
)

func TestBankField(t *testing.T) {
	t.Parallel()
	banks := map[string]ledger.Account{"b1": {ID: 7, Name: "Client account"}}
	tests := []struct {
		name, pick string
		banks      map[string]ledger.Account
		want       string // the message, "" for none
		id         int64
	}{
		{"chosen", "b1", banks, "", 7},
		{"not one of them", "b2", banks, "Choose the account.", 0},
		{"none yet", "b1", nil, "There is no bank account yet. A manager can add one under Bank accounts.", 0},
	}
	for _, tt := range tests {
		f := errs.Fields{}
		got := handlers.BankField(f, "account", tt.pick, tt.banks, "Choose the account.")
		if f["account"] != tt.want || got.ID != tt.id {
			t.Errorf("%s: message %q, account %d; want %q, %d", tt.name, f["account"], got.ID, tt.want, tt.id)
		}
	}
}
