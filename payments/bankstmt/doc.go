// Package bankstmt reads UK bank statements (CSV exports and OFX files) into
// Lines and matches those lines to the receipts, provider payouts and
// supplier payments the ledger expects to see in the bank. It is pure Go
// with no database: the caller stores the lines, the chosen column Mapping
// and the matches.
//
// # Money and dates
//
// Amounts are int64 pence, positive for money into the account and
// negative for money out, parsed from their decimal text without ever
// passing through a float. A Line's Date is the calendar date the bank
// printed, as UTC midnight; times and time zones in the file are ignored
// because a bank's posting date is a date in the bank's own zone, and
// converting "00:30 BST" to UTC would move it to the previous day.
//
// # Fingerprints: importing the same file twice adds nothing
//
// Every Line gets a Fingerprint, a stable string the caller stores with a
// unique index on (bank account, fingerprint) and uses to skip lines it
// already holds. It is computed per imported file (see AssignFingerprints):
//
//   - When the bank gives the transaction an id (OFX FITID, or a CSV column
//     such as Monzo's "Transaction ID" mapped as FITID), the fingerprint is
//     "fitid:" and a hash of that id. Banks keep FITIDs stable across
//     downloads, so overlapping statements (1-31 March, then 15 March to
//     15 April) share the lines they have in common.
//   - Otherwise it is "line:" and a hash of the date, the amount in pence,
//     the normalised description and counterparty (upper case, runs of
//     white space collapsed), the normalised reference, and the occurrence
//     index of that exact combination within the file: the first such line
//     is occurrence 0, the next identical one occurrence 1, and so on.
//
// The occurrence index is what lets two genuine, identical payments on the
// same day (two residents paying £100 with no reference) stay two lines,
// while importing the file again yields the same two fingerprints and adds
// nothing. Identical lines cannot be told apart, so their order within the
// file does not matter. A later download that holds only one of two such
// payments yields occurrence 0 and is (correctly) treated as already held.
// An id, when present, is counted the same way, so a bank that repeats an
// id within one file does not lose a line.
//
// Two consequences the caller should know. The fingerprint depends on the
// text the bank exports, so the CSV and OFX downloads of the same account
// are fingerprinted differently (OFX uses FITIDs, most CSVs do not): an
// account should be imported in one format. And the normalisation here is
// part of the stored data: changing it would make re-imports of old files
// look new.
//
// # Matching
//
// Match pairs lines with Candidates by exact amount within a date window,
// preferring a reference found in the line's text, then the nearest date.
// It never guesses: when two lines are equally good for one candidate (or
// two candidates for one line) all of them are left for manual matching,
// with the tied candidates offered as suggestions.
package bankstmt
