package demo

import (
	"fmt"
	"time"

	"porch/estate"
)

// demoPapers are the documents the demo shares, oldest first.
func demoPapers(now time.Time) []demoPaper {
	year := now.Year() - 1
	hv, lets := blockName, letsName
	return []demoPaper{
		{site: hv, folder: "Leases", title: "Specimen lease for the flats", file: "Harbour View specimen lease.pdf", daysAgo: 400,
			subtitle: "The form of lease every flat at Harbour View holds, for reference.",
			body: []string{"Term: 125 years from 24 June 2004, at a ground rent of £250 a year, reviewed every 25 years.",
				"The leaseholder pays the service charge in advance on 1 January and 1 July, on account of the year's budget, with a balancing charge after the year-end accounts.",
				"Subletting is allowed on an assured shorthold tenancy, with notice to the managing agent within one month."}},
		{site: hv, folder: "Building rules", title: "Building rules", file: "Harbour View building rules.pdf", daysAgo: 220,
			subtitle: "Agreed by the directors of Harbour View RTM Company Ltd.",
			body: []string{"Bicycles are kept in the bike store, never in the entrance hall or on the stairs.",
				"Rubbish goes in the bin store in tied bags; bulky items are collected by arrangement with the council.",
				"No barbecues on balconies. Window boxes are fixed on the inside of the railings.",
				"Quiet hours are 11 pm to 7 am."}},
		{site: hv, folder: "Insurance", title: fmt.Sprintf("Buildings insurance schedule %d–%d", year, year+1), file: "Buildings insurance schedule.pdf", daysAgo: 150,
			subtitle: "Policy HV-4471-22 with Severn Mutual, renewed on 1 October.",
			body: []string{"Sum insured: £14,200,000 reinstatement value, index-linked.",
				"Excess: £250 for each claim; £1,000 for escape of water; £2,500 for subsidence.",
				"To report a claim, raise a request in the portal and choose Leak or flood or Other: we handle it with the insurer."}},
		{site: hv, folder: "Fire safety", title: "Fire risk assessment", file: "Fire risk assessment.pdf", daysAgo: 90,
			subtitle: "Common parts of Harbour View, assessed under the Regulatory Reform (Fire Safety) Order 2005.",
			body: []string{"Overall risk: tolerable. The building runs a stay-put strategy unless told otherwise by the fire service.",
				"Actions: replace the self-closer on the third-floor riser cupboard (done); keep the bin store door shut.",
				"The fire alarm is tested every Wednesday at 10 am; emergency lighting monthly."}},
		{site: hv, folder: "Meeting minutes", title: fmt.Sprintf("Annual general meeting %d, minutes", year), file: "AGM minutes.pdf", daysAgo: 60,
			subtitle: "Harbour View RTM Company Ltd, held in the residents' lounge.",
			body: []string{"Present: 14 members in person and 6 by proxy; the meeting was quorate.",
				"The budget for the coming year was approved, with a 4% rise in the service charge for the roof reserve.",
				"Roof repairs will be tendered in the spring; residents will be consulted under section 20."}},
		{site: hv, folder: "Year-end accounts", title: fmt.Sprintf("Service charge accounts, year ended 31 December %d", year), file: "Service charge accounts.pdf", daysAgo: 3,
			subtitle: "Certified by Avon & Severn Accountants LLP; awaiting release to leaseholders.",
			body: []string{"Expenditure: £86,420 against a budget of £84,000; the reserve fund stands at £41,300.",
				"Each flat's balancing charge or credit is shown on its statement in the portal.",
				"Leaseholders may inspect the invoices behind these accounts for six months from their release."}},
		{site: lets, folder: "Building rules", title: "Living in your home: a guide for tenants", file: "Tenant guide.pdf", daysAgo: 300,
			subtitle: "What we look after, what you look after, and who to call.",
			body: []string{"Report repairs through the portal; for a gas leak call 0800 111 999 first.",
				"Test your smoke and carbon monoxide alarms monthly and tell us if one does not sound.",
				"Keep the boiler pressure between 1 and 1.5 bar; the guide inside the boiler cupboard shows how to top it up."}},
		{site: lets, folder: "Leases", title: "Management agreement: full management terms", file: "Management agreement.pdf", daysAgo: 360,
			subtitle: "The terms on which we let and manage landlords' homes.",
			body: []string{"Our fee is 12% of the rent collected, plus VAT; tenant finding is included.",
				"We hold rent as client money in a designated account and pay it out by the 5th working day of each month.",
				"Repairs over £350 are approved by the landlord first, except emergencies."}},
		{site: lets, folder: "Fire safety", title: "Smoke and carbon monoxide alarms", file: "Smoke and CO alarms.pdf", daysAgo: 180,
			subtitle: "What the Smoke and Carbon Monoxide Alarm (Amendment) Regulations 2022 ask of each home.",
			body: []string{"A smoke alarm on every storey used as living accommodation, tested on the first day of each tenancy.",
				"A carbon monoxide alarm in every room with a fixed combustion appliance, except gas cookers.",
				"Tell us at once if an alarm is missing or does not sound when tested."}},
		{site: lets, folder: "Insurance", title: "Landlord insurance: what the portfolio policy covers", file: "Portfolio insurance summary.pdf", daysAgo: 120,
			subtitle: "For landlords with homes under our full management.",
			body: []string{"Buildings and landlord's contents, loss of rent up to 12 months, and property owner's liability to £5 million.",
				"Tenants' own belongings are not covered: tenants are advised to insure them."}},
		{site: lets, folder: "Year-end accounts", title: fmt.Sprintf("Landlords' year-end statement %d", year), file: "Landlords year-end statement.pdf", daysAgo: 20,
			subtitle: "Rent received, fees and expenses for the year, ready for your tax return.",
			body: []string{"Your own figures are on your landlord statement in the portal; this pack explains each line.",
				"Our fees are shown with VAT; repairs are shown at cost with the contractor's invoice number."}},
		{persona: ResidentEmail, kind: "Lease", roles: []string{estate.RoleLeaseholder}, title: "Lease of the flat", file: "Lease.pdf", daysAgo: 380,
			subtitle: "Counterpart lease, registered at HM Land Registry.",
			body: []string{"The flat, its balcony and the parking space shown edged red on the plan.",
				"Service charge share as set out in the Fifth Schedule."}},
		{persona: OwnerEmail, kind: "Tenancy agreement", roles: []string{estate.RoleOwner, estate.RoleTenant}, title: "Assured shorthold tenancy agreement", file: "Tenancy agreement.pdf", daysAgo: 200,
			subtitle: "Signed by both parties; the deposit is protected with the Deposit Protection Service.",
			body:     []string{"Term: 12 months, then month to month.", "Rent is due on the 1st of each month by standing order or Direct Debit."}},
		{persona: OwnerEmail, kind: "Gas safety certificate", roles: []string{estate.RoleOwner, estate.RoleTenant}, title: fmt.Sprintf("Gas safety record %d", now.Year()), file: "CP12 gas safety record.pdf", daysAgo: 30,
			subtitle: "Landlord gas safety record under the Gas Safety (Installation and Use) Regulations 1998.",
			body: []string{"Boiler: Worcester Bosch Greenstar 30i, safe to use; flue checked.",
				"Hob: safe to use. Next check due within 12 months of this record.", "Engineer: K. Patel, Gas Safe registration 512884."}},
	}
}
