package handlers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"porch/errs"
	"porch/ledger"
)

// MaxAmount is the largest amount one form accepts: £100 million, in pence.
const MaxAmount = ledger.MaxAmount

// ParseMoney reads an amount typed in pounds into pence; see
// ledger.ParseAmount.
func ParseMoney(s string) (int64, error) { return ledger.ParseAmount(s) }

// FormatPounds writes pence as the form shows an amount: "1234.50".
func FormatPounds(pence int64) string {
	return strconv.FormatInt(pence/100, 10) + "." + strconv.FormatInt(pence%100/10, 10) + strconv.FormatInt(pence%10, 10)
}

// Dates outside these years are taken as typing mistakes.
var (
	earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latestDate   = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)
)

// ParseFormDate reads a date from an input of type date (YYYY-MM-DD) and
// returns a message for the field when it is missing, malformed or outside
// 2000 to 2099.
func ParseFormDate(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "Enter the date."
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, "Enter a real date as year, month and day, for example 2026-03-31."
	}
	if t.Before(earliestDate) || t.After(latestDate) {
		return time.Time{}, "Enter a date between 2000 and 2099."
	}
	return t, ""
}

// AmountField parses a money field into f, requiring more than zero.
func AmountField(f errs.Fields, field, value string) int64 {
	n, err := ParseMoney(value)
	if err != nil {
		e, _ := errs.As(err)
		f.Add(field, e.Message)
		return 0
	}
	if n == 0 {
		f.Add(field, "Enter an amount greater than zero.")
	}
	return n
}

// DateField parses a date field into f.
func DateField(f errs.Fields, field, value string) time.Time {
	t, msg := ParseFormDate(value)
	if msg != "" {
		f.Add(field, msg)
	}
	return t
}

// FilterDates parses the optional from and to dates of a filter form into
// f, refusing a to before the from with backwards.
func FilterDates(f errs.Fields, fromS, toS, backwards string) (from, to time.Time) {
	if fromS != "" {
		from = DateField(f, "from", fromS)
	}
	if toS != "" {
		to = DateField(f, "to", toS)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		f.Add("to", backwards)
	}
	return from, to
}

// FieldsOf returns the field messages of a refusal (errs.Invalid); ok is
// false for any other error, which the caller passes on. A refusal without
// field messages is filed under "form".
func FieldsOf(err error) (errs.Fields, bool) {
	de, ok := errs.As(err)
	if !ok || de.Code != errs.Invalid {
		return nil, false
	}
	f := errs.Fields{}
	for k, v := range de.Fields {
		f[k] = v
	}
	if len(f) == 0 {
		f["form"] = de.Message
	}
	return f, true
}

// AddChecks adds to f the field messages of a domain check's refusal that
// f has no message for yet, so a form refused for reasons of its own (a
// date that does not parse, a file too large) shows every message at once.
func AddChecks(f errs.Fields, err error) {
	more, _ := FieldsOf(err)
	for k, v := range more {
		f.Add(k, v)
	}
}

// MapFields files the ledger's field messages that have no field on the
// form under the form's own message.
func MapFields(f errs.Fields, onForm func(string) bool) errs.Fields {
	out := errs.Fields{}
	for k, v := range f {
		if !onForm(k) {
			k = "form"
		}
		out.Add(k, v)
	}
	return out
}

func FormKeys(names ...string) func(string) bool {
	return func(k string) bool { return slices.Contains(names, k) }
}

// TextField trims a text field and limits its length; required is the
// message for a blank one, or "" when it may be blank.
func TextField(f errs.Fields, field, value string, limit int, required string) string {
	value = strings.Join(strings.Fields(value), " ")
	switch {
	case value == "" && required != "":
		f.Add(field, required)
	case len(value) > limit:
		f.Add(field, fmt.Sprintf("Keep this to %d characters or fewer.", limit))
	}
	return value
}

func Abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Choice is one option of a select.
type Choice struct {
	Value, Label string
}

// MaxSearch bounds the search text.
const MaxSearch = 100

// Refuse is an action a manager may not take, with the reason.
func Refuse(msg string) error { return errs.E(errs.Invalid, msg) }

// BankField reads the bank account a movement of money is recorded
// against: one of banks by public id. With no bank account at all the
// message says none exists yet (where to add one); otherwise choose says
// which account to pick.
func BankField(f errs.Fields, field, publicID string, banks map[string]ledger.Account, choose string) ledger.Account {
	bank, ok := banks[publicID]
	switch {
	case len(banks) == 0:
		f.Add(field, "There is no bank account yet. A manager can add one under Bank accounts.")
	case !ok:
		f.Add(field, choose)
	}
	return bank
}
