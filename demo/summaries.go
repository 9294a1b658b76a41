package demo

import (
	"fmt"

	"porch/estate"
)

// The prescribed summaries of rights are the organisation's to supply,
// pasted from the regulations; the demo's are samples, marked as such, so
// that its blocks' demands can be raised and show where the wording goes.
var sampleSummaries = map[string]string{
	estate.SummaryServiceCharge: `SAMPLE WORDING FOR THE DEMO ONLY. A real organisation pastes here the summary prescribed by the Service Charges (Summary of Rights and Obligations, and Transitional Provision) (England) Regulations 2007, or the Welsh regulations of the same name, word for word.

Service Charges – Summary of tenants' rights and obligations

This summary briefly explains your rights and obligations in relation to variable service charges. It must by law accompany a demand for service charges. Unless it does, you may withhold payment of the service charge.

You may apply to the First-tier Tribunal to decide whether a service charge is reasonable and payable, by whom, to whom, how much and when.

Your landlord must consult you before carrying out works costing more than a set amount for any one tenant, or entering into long-term agreements.

You may ask your landlord for a written summary of the costs that make up the service charge, and then inspect the accounts, receipts and other documents supporting it.

This is a sample, not the prescribed text.`,
	estate.SummaryAdminCharge: `SAMPLE WORDING FOR THE DEMO ONLY. A real organisation pastes here the summary prescribed by the Administration Charges (Summary of Rights and Obligations) (England) Regulations 2007, or the Welsh regulations of the same name, word for word.

Administration Charges – Summary of tenants' rights and obligations

This summary briefly explains your rights and obligations in relation to administration charges. It must by law accompany a demand for administration charges. Unless it does, you may withhold payment of the charge.

You may apply to the First-tier Tribunal to decide whether an administration charge is reasonable and payable, by whom, to whom, how much and when.

This is a sample, not the prescribed text.`,
	estate.SummaryGroundRent: `SAMPLE WORDING FOR THE DEMO ONLY. A real organisation pastes here the notes for leaseholders of the form prescribed by the Landlord and Tenant (Notice of Rent) (England) Regulations 2004, or the Welsh regulations of 2005, word for word.

1. This notice requires you to pay the rent due under your lease. You are not liable to pay it until the date given in this notice.

2. The landlord may not take action for non-payment of rent unless the unpaid amount exceeds the sum set by regulations, or has been outstanding for longer than the period they set.

This is a sample, not the prescribed text.`,
}

// summaries supplies the sample summaries for England and for Wales.
func (s *seeder) summaries() error {
	for kind, text := range sampleSummaries {
		for _, nation := range estate.Nations {
			if _, err := estate.SetDemandSummary(s.ctx, s.tx, s.now, kind, nation, text); err != nil {
				return fmt.Errorf("demo: summary: %w", err)
			}
		}
	}
	return nil
}
