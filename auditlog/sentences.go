// Package auditlog reads the organisation's audit log back to people:
// each entry as a sentence ("Priya Shah invited Amara Okafor") instead of
// an action code and public ids, filtered, paged and exported. The codes
// themselves are written by estate.Audit all over the code base; the one
// table below gives each its words, and a test fails when a code is
// written anywhere without them.
package auditlog

// phrase is how one action code reads: Label names the kind of action in
// the filter's choices; Pattern is the sentence, where {who} is the person
// who acted and {object} what they acted on, resolved to a name when it
// is a public id, and {detail} words for the detail (see detailWords).
// Group files the label in the filter's choices.
type phrase struct {
	Group, Label, Pattern string
}

// Groups of actions, in the order the filter offers them.
const (
	gSignIn    = "Sign-in and access"
	gPeople    = "People and staff"
	gEstate    = "Sites and homes"
	gTickets   = "Requests"
	gNotices   = "Notices, calendar and documents"
	gMoney     = "Accounts and banking"
	gPayments  = "Online payments"
	gSettings  = "Settings and the portal"
	groupOrder = 8
)

// groups lists the groups in order.
var groups = [groupOrder]string{gSignIn, gPeople, gEstate, gTickets, gNotices, gMoney, gPayments, gSettings}

// phrases maps every action code written to the audit log to its words.
var phrases = map[string]phrase{
	// Sign-in and access.
	"auth.code_requested":             {gSignIn, "Sign-in code requested", "Sign-in code requested by {who}"},
	"auth.code_failed":                {gSignIn, "Wrong code", "{who}: a wrong code for {object}"},
	"auth.code_locked":                {gSignIn, "Code locked", "{who}: a code for {object} locked after too many tries"},
	"auth.sign_in":                    {gSignIn, "Signed in", "{who} signed in {detail}"},
	"auth.sign_out":                   {gSignIn, "Signed out", "{who} signed out"},
	"auth.password_failed":            {gSignIn, "Wrong password", "A sign-in with a password failed for {object}"},
	"auth.password_set":               {gSignIn, "Password set", "{who} set a password"},
	"auth.password_removed":           {gSignIn, "Password removed", "{who} removed their password"},
	"auth.reauth_requested":           {gSignIn, "Identity check requested", "{who} asked for a code to confirm it is them"},
	"auth.email_change_requested":     {gSignIn, "Email change requested", "{who} asked to change their sign-in email"},
	"auth.email_changed":              {gSignIn, "Sign-in email changed", "{who} changed their sign-in email"},
	"auth.device_revoked":             {gSignIn, "Device signed out", "{who} signed out one of their devices"},
	"auth.devices_revoked_by_manager": {gSignIn, "Signed out everywhere", "{who} signed {object} out of every device"},
	"auth.invited":                    {gSignIn, "Invitation sent", "{who} invited {object}"},
	"auth.invite_accepted":            {gSignIn, "Invitation accepted", "{who} accepted their invitation"},
	"auth.invite_refused":             {gSignIn, "Invitation not accepted", "An invitation could not be accepted"},
	"auth.access_enabled":             {gSignIn, "Portal access turned on", "{who} turned on portal access for {object}"},
	"auth.access_disabled":            {gSignIn, "Portal access turned off", "{who} turned off portal access for {object}"},
	"access.denied":                   {gSignIn, "Access refused", "{who} was refused access to {object}"},

	// People and staff.
	"person.added":             {gPeople, "Person added", "{who} added {object}"},
	"person.updated":           {gPeople, "Person's details changed", "{who} changed the details of {object}"},
	"person.archived":          {gPeople, "Person archived", "{who} archived {object}"},
	"person.restored":          {gPeople, "Person restored", "{who} restored {object}"},
	"person.merged":            {gPeople, "People merged", "{who} merged a duplicate into {object}"},
	"staff.added":              {gPeople, "Added to the team", "{who} added {object} to the team"},
	"staff.role_changed":       {gPeople, "Staff role changed", "{who} changed the role of {object}"},
	"staff.removed":            {gPeople, "Removed from the team", "{who} removed {object} from the team"},
	"staff.photo_set":          {gPeople, "Staff photo changed", "{who} changed the photo of {object}"},
	"staff.photo_removed":      {gPeople, "Staff photo removed", "{who} removed the photo of {object}"},
	"contact.updated":          {gPeople, "Contact details changed", "{who} changed their contact details"},
	"contact.change_requested": {gPeople, "Contact details change asked for", "{who} asked for a change to their contact details"},
	"contact.change_withdrawn": {gPeople, "Contact details change withdrawn", "{who} withdrew a change to their contact details"},
	"person.email_preferences": {gPeople, "Email preferences changed", "{who} changed which emails they receive"},

	// Sites and homes.
	"site.created":                {gEstate, "Site created", "{who} created the site {object}"},
	"site.updated":                {gEstate, "Site changed", "{who} changed the site {object}"},
	"site.archived":               {gEstate, "Site archived", "{who} archived the site {object}"},
	"site.restored":               {gEstate, "Site restored", "{who} restored the site {object}"},
	"site.reminders":              {gEstate, "Site's reminders changed", "{who} changed the payment reminders of {object}"},
	"site.notices":                {gEstate, "Site's notices turned on or off", "{who} changed whether residents of {object} see notices"},
	"site.ticket_categories":      {gEstate, "Site's request categories changed", "{who} changed the request categories offered at {object}"},
	"unit.created":                {gEstate, "Home added", "{who} added the home {object}"},
	"units.created":               {gEstate, "Homes added", "{who} added homes to {object}"},
	"unit.updated":                {gEstate, "Home changed", "{who} changed the home {object}"},
	"unit.archived":               {gEstate, "Home archived", "{who} archived the home {object}"},
	"unit.restored":               {gEstate, "Home restored", "{who} restored the home {object}"},
	"unit.market":                 {gEstate, "Home marked as a letting or a sale", "{who} changed what the agency does for the owner of {object}"},
	"unit.staff_linked":           {gEstate, "Staff linked to a home", "{who} linked a member of staff to {object}"},
	"unit.staff_unlinked":         {gEstate, "Staff unlinked from a home", "{who} unlinked a member of staff from {object}"},
	"unit.owner_portal":           {gEstate, "Home's owner portal changed", "{who} changed what the owners of {object} see"},
	"estate.imported":             {gEstate, "Estate imported", "{who} imported sites and homes from {object}"},
	"estate.occupancy_created":    {gEstate, "Lease or tenancy added", "{who} added a lease or tenancy to {object}"},
	"estate.occupancy_terms":      {gEstate, "Lease or tenancy changed", "{who} changed a lease or tenancy"},
	"estate.occupancy_ended":      {gEstate, "Lease or tenancy ended", "{who} ended a lease or tenancy"},
	"estate.occupier_changed":     {gEstate, "Occupier changed", "{who} recorded a change of occupier"},
	"estate.party_added":          {gEstate, "Joint occupier added", "{who} added someone to a lease or tenancy"},
	"estate.party_removed":        {gEstate, "Joint occupier taken off", "{who} took someone off a lease or tenancy"},
	"apportionment.created":       {gEstate, "Apportionment created", "{who} created the apportionment {object}"},
	"apportionment.renamed":       {gEstate, "Apportionment renamed", "{who} renamed an apportionment"},
	"apportionment.archived":      {gEstate, "Apportionment archived", "{who} archived an apportionment"},
	"apportionment.restored":      {gEstate, "Apportionment restored", "{who} restored an apportionment"},
	"apportionment.shares":        {gEstate, "Apportionment shares changed", "{who} changed the shares of {object}"},
	"ticket_category.added":       {gEstate, "Request category added", "{who} added a request category"},
	"ticket_category.renamed":     {gEstate, "Request category renamed", "{who} renamed a request category"},
	"ticket_category.retired":     {gEstate, "Request category retired", "{who} retired a request category"},
	"ticket_category.restored":    {gEstate, "Request category restored", "{who} brought back a request category"},
	"sale.offer_recorded":         {gEstate, "Offer recorded", "{who} recorded an offer for {object}"},
	"sale.offer_accepted":         {gEstate, "Offer accepted", "{who} recorded that the seller accepted an offer for {object}"},
	"sale.offer_rejected":         {gEstate, "Offer rejected", "{who} recorded that the seller rejected an offer for {object}"},
	"sale.offer_withdrawn":        {gEstate, "Offer withdrawn", "{who} recorded that a buyer withdrew an offer for {object}"},
	"sale.viewing_booked":         {gEstate, "Viewing booked", "{who} booked a viewing of {object}"},
	"sale.viewing_outcome":        {gEstate, "Viewing's outcome recorded", "{who} recorded how a viewing of {object} went"},
	"documents.folder_added":      {gNotices, "Folder added", "{who} added a document folder"},
	"documents.folder_renamed":    {gNotices, "Folder renamed", "{who} renamed a document folder"},
	"documents.folder_visibility": {gNotices, "Folder's readers changed", "{who} changed who sees a document folder"},
	"documents.folder_archived":   {gNotices, "Folder archived", "{who} archived a document folder"},
	"documents.folder_restored":   {gNotices, "Folder restored", "{who} restored a document folder"},

	// Requests.
	"ticket.raised":          {gTickets, "Request raised", "{who} raised the request {object}"},
	"ticket.replied":         {gTickets, "Reply to a request", "{who} replied on {object}"},
	"ticket.noted":           {gTickets, "Internal note on a request", "{who} added an internal note to {object}"},
	"ticket.status":          {gTickets, "Request changed", "{who} changed {object}"},
	"ticket.confirmed":       {gTickets, "Fix confirmed", "{who} confirmed {object} is fixed"},
	"ticket.reopened":        {gTickets, "Request reopened", "{who} reopened {object}"},
	"ticket.quote_asked":     {gTickets, "Owner asked to approve a quote", "{who} asked the owner to approve a quote"},
	"ticket.quote_withdrawn": {gTickets, "Quote withdrawn", "{who} withdrew a quote"},
	"ticket.quote_approved":  {gTickets, "Quote approved", "{who} approved a quote"},
	"ticket.quote_rejected":  {gTickets, "Quote declined", "{who} declined a quote"},

	// Notices, calendar and documents.
	"notice.created":             {gNotices, "Notice posted", "{who} posted a notice"},
	"notice.updated":             {gNotices, "Notice changed", "{who} changed a notice"},
	"notice.withdrawn":           {gNotices, "Notice withdrawn", "{who} withdrew a notice"},
	"event.cancelled":            {gNotices, "Calendar event cancelled", "{who} cancelled a calendar event"},
	"calendar.feed_made":         {gNotices, "Calendar address made", "{who} made a new calendar address"},
	"calendar.feed_stopped":      {gNotices, "Calendar address turned off", "{who} turned off their calendar address"},
	"document.uploaded":          {gNotices, "Document uploaded", "{who} uploaded {object}"},
	"document.renamed":           {gNotices, "Document renamed", "{who} renamed a document"},
	"document.moved":             {gNotices, "Document moved", "{who} moved a document"},
	"document.replaced":          {gNotices, "New version of a document", "{who} uploaded a new version of a document"},
	"document.released":          {gNotices, "Document released", "{who} released a document"},
	"documents.year_end_release": {gNotices, "Year-end pack released", "{who} released the year-end pack of {object}"},

	// Property documents: what a home's document is to its owner, and
	// copies to owners' portals.
	"document.classified":         {gNotices, "Document filed as a certificate, inspection or agreement", "{who} changed what {object} is"},
	"document.owner_copied":       {gNotices, "Document copied to an owner's portal", "{who} copied {object} to an owner's portal"},
	"document.owner_copy_removed": {gNotices, "Document taken out of an owner's portal", "{who} took {object} out of an owner's portal"},

	// Accounts and banking.
	"ledger.demand_raised":       {gMoney, "Demand raised", "{who} raised a demand"},
	"ledger.bulk_demand":         {gMoney, "Demands raised for a site", "{who} raised demands for {object}"},
	"budget.create":              {gMoney, "Budget set", "{who} set a budget for {object}"},
	"budget.update":              {gMoney, "Budget changed", "{who} changed a budget for {object}"},
	"budget.on_account":          {gMoney, "On-account demands raised", "{who} raised on-account demands from the budget for {object}"},
	"budget.year_end":            {gMoney, "Year end posted", "{who} posted a year end for {object}"},
	"ledger.demands_posted":      {gMoney, "Demands posted", "{who} recorded demands {object} as posted"},
	"ledger.receipt_recorded":    {gMoney, "Payment recorded", "{who} recorded a payment for {object}"},
	"ledger.credit_note":         {gMoney, "Credit note", "{who} credited {object}"},
	"ledger.reversed":            {gMoney, "Entry reversed", "{who} reversed an entry for {object}"},
	"ledger.debtor_note":         {gMoney, "Arrears note", "{who} noted the arrears of {object}"},
	"plan.requested":             {gMoney, "Payment plan asked for", "{who} asked for a payment plan for {object}"},
	"plan.accepted":              {gMoney, "Payment plan accepted", "{who} accepted a payment plan for {object}"},
	"ledger.charge_type_added":   {gMoney, "Charge type added", "{who} added a charge type"},
	"ledger.charge_kind_changed": {gMoney, "Charge type changed", "{who} changed a charge type"},
	"ledger.schedule_created":    {gMoney, "Recurring demand set up", "{who} set up a recurring demand"},
	"ledger.schedule_paused":     {gMoney, "Recurring demand paused", "{who} paused a recurring demand"},
	"ledger.schedule_resumed":    {gMoney, "Recurring demand resumed", "{who} resumed a recurring demand"},
	"ledger.schedules_run":       {gMoney, "Recurring demands run", "{who} raised the recurring demands due"},
	"ledger.bank_account_added":  {gMoney, "Bank account added", "{who} added a bank account"},
	"ledger.fee_charged":         {gMoney, "Fee charged to a landlord", "{who} charged a fee to {object}"},
	"ledger.expense_recorded":    {gMoney, "Landlord's expense recorded", "{who} recorded an expense for {object}"},
	"ledger.payout":              {gMoney, "Landlord paid", "{who} paid {object}"},
	"ledger.float_set":           {gMoney, "Landlord's float set", "{who} set the float of {object}"},
	"ledger.deduction_scheduled": {gMoney, "Deduction scheduled", "{who} scheduled a deduction"},
	"ledger.deduction_cancelled": {gMoney, "Deduction cancelled", "{who} cancelled a deduction"},
	"ledger.supplier_paid":       {gMoney, "Supplier paid", "{who} paid a supplier"},
	"ledger.statement_issued":    {gMoney, "Landlord's statement issued", "{who} issued a statement to {object}"},
	"bank.statement_imported":    {gMoney, "Bank statement imported", "{who} imported a bank statement"},
	"bank.auto_matched":          {gMoney, "Bank lines matched automatically", "{who} matched bank lines automatically"},
	"bank.line_matched":          {gMoney, "Bank line matched", "{who} matched a bank line"},
	"bank.line_unmatched":        {gMoney, "Bank line unmatched", "{who} unmatched a bank line"},
	"bank.receipt_from_line":     {gMoney, "Payment from a bank line", "{who} recorded a payment for {object} from a bank line"},
	"supplier_invoice.recorded":  {gMoney, "Supplier invoice recorded", "{who} recorded {object}"},
	"supplier_invoice.approved":  {gMoney, "Supplier invoice approved", "{who} approved {object}"},
	"supplier_invoice.rejected":  {gMoney, "Supplier invoice rejected", "{who} rejected {object}"},
	"supplier_invoice.paid":      {gMoney, "Supplier invoice paid", "{who} paid {object}"},
	"bank.reconciled":            {gMoney, "Bank account reconciled", "{who} reconciled a bank account"},
	"direct_debit.set_up":        {gPayments, "Direct Debit set up", "{who} set up a Direct Debit"},
	"direct_debit.auto_pay":      {gPayments, "Automatic payments changed", "{who} changed their automatic payments"},
	"payments.event_reviewed":    {gPayments, "Provider event reviewed", "{who} reviewed an event from a payment provider"},
	"payments.refund_requested":  {gPayments, "Refund requested", "{who} asked for a card payment to be refunded"},
	"settings.payments":          {gPayments, "Payment settings changed", "{who} changed the payment settings"},
	"settings.branding":          {gSettings, "Branding changed", "{who} changed the portal's branding"},
	"settings.logo":              {gSettings, "Logo changed", "{who} changed the logo"},
	"settings.contact_rules":     {gSettings, "Contact detail rules changed", "{who} changed the rules for residents' contact details"},
	"settings.welcome_email":     {gSettings, "Welcome email changed", "{who} changed the welcome email"},
	"settings.owner_portal":      {gSettings, "Owner portal settings changed", "{who} changed what owners see in their portal"},
	"settings.demand_summaries":  {gSettings, "Demand summaries changed", "{who} changed the summaries of rights sent with demands"},
	"org.created":                {gSettings, "Portal created", "The portal was created"},
	"org.renamed":                {gSettings, "Portal address changed", "The portal's address was changed"},
	"hostname.requested":         {gSettings, "Custom address requested", "{who} asked for the address {object}"},
	"hostname.withdrawn":         {gSettings, "Custom address withdrawn", "{who} withdrew the request for {object}"},
	"hostname.activated":         {gSettings, "Custom address switched on", "The address {object} was switched on"},
	"demo.seed":                  {gSettings, "Demo created", "The demo organisation was set up"},

	// Payment plans, as managers offer and decide them.
	"plan.offered":    {gMoney, "Payment plan offered", "{who} offered a payment plan for {object}"},
	"plan.approved":   {gMoney, "Payment plan request approved", "{who} approved a payment plan request for {object}"},
	"plan.declined":   {gMoney, "Payment plan request declined", "{who} declined a payment plan request for {object}"},
	"plan.withdrawn":  {gMoney, "Payment plan offer withdrawn", "{who} withdrew a payment plan offer for {object}"},
	"plan.cancelled":  {gMoney, "Payment plan cancelled", "{who} cancelled the payment plan for {object}"},
	"plan.limits_set": {gMoney, "Payment plan limits changed", "{who} changed the payment plan limits of {object}"},
}
