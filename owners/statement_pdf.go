package owners

import (
	"bytes"
	"strings"
	"time"

	"porch/estate"
	"porch/ledger"
	"porch/pdf"
)

// StatementPDF renders a landlord's statement as the organisation's
// branded PDF, the same whether the agency issues it or the landlord
// downloads it; properties names what it covers.
func StatementPDF(brand pdf.Brand, currency string, st ledger.LandlordStatement, owner estate.Person, properties []string, now time.Time) ([]byte, error) {
	var address []string
	for _, l := range strings.Split(owner.CorrespondenceAddress, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			address = append(address, l)
		}
	}
	doc := pdf.OwnerDoc{Brand: brand, Currency: currency, Properties: properties,
		Owner: pdf.Party{Name: owner.DisplayName(), AddressLines: address},
		From:  st.From, To: st.To, Opening: st.Opening, Income: st.Income, Expenses: st.Expenses, Fees: st.Fees,
		Payouts: st.Payouts, Other: st.Other, Closing: st.Closing, Float: st.Float, Due: st.Due, RentUnpaid: st.RentUnpaid,
		Generated: now}
	for _, l := range st.Lines {
		doc.Lines = append(doc.Lines, pdf.OwnerLine{Date: l.Date, Property: l.Unit, Description: l.Text(),
			In: max(l.Amount, 0), Out: max(-l.Amount, 0), Balance: l.Balance})
	}
	var buf bytes.Buffer
	if err := pdf.OwnerStatement(&buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
