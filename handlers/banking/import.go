package banking

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/payments/bankstmt"
)

// Importing a statement: upload a file; an OFX file is imported at once
// (after a warning when it is for another account), a CSV goes through a
// column-mapping step first. The file is not kept on the server between
// the steps: its text travels in the mapping form, so every step is a
// plain form post that works without JavaScript and survives a restart.

// bodyLimit is the largest request the app accepts.
const bodyLimit = handlers.MaxBody

// statementTextLimit is the largest statement text the mapping step
// carries: the form posts it back with the mapping, and browsers send its
// line ends as CR LF, so it must fit in bodyLimit with room to spare.
const statementTextLimit = bodyLimit - 64<<10

// bankImportPage is the import screen in each of its steps.
type bankImportPage struct {
	bankAccountView
	Step    string // upload, map, confirm or result
	Errors  errs.Fields
	Imports []payments.BankImport
	LimitMB int

	// The file, carried from step to step.
	Filename string
	Content  string

	// The mapping step.
	Preview     *bankstmt.Preview
	Map         bankMapForm
	Roles       []bankRole
	Columns     []handlers.Choice // the file's columns, by number
	Delimiters  []handlers.Choice
	DateFormats []handlers.Choice
	Sample      []payments.BankLine // the first lines as the mapping reads them
	LineCount   int
	Problems    []bankstmt.RowError
	ProblemMore int // problems beyond those listed

	// The confirm step: why an OFX file needs a second look.
	Warning string

	Result *bankImportResult
}

// bankImportResult is what an import did.
type bankImportResult struct {
	Import       payments.BankImport
	Format       string
	Pairs        []payments.Pair
	Problems     []bankstmt.RowError
	ProblemMore  int
	Warnings     []string
	HasBalance   bool      // the file gives a closing balance:
	Balance      int64     // this,
	BalanceDate  time.Time // on this date
	ReconcileURL string    // the reconcile screen, filled in with that balance
}

// newImportPage loads the account of the URL and starts its import screen
// at the upload step.
func (s *handler) newImportPage(c echo.Context) (*bankImportPage, error) {
	v, err := s.loadBankAccount(c)
	if err != nil {
		return nil, err
	}
	p := &bankImportPage{bankAccountView: v, Step: "upload", Errors: errs.Fields{}, LimitMB: bodyLimit >> 20}
	p.Imports, err = payments.Imports(c.Request().Context(), handlers.OrgOf(c).DB.Read(), v.Account.ID, 10)
	return p, err
}

// showImport writes the import screen, or for htmx its block.
func (s *handler) showImport(c echo.Context, status int, p *bankImportPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_bank_import", Title: "Import a statement", Data: p, Wide: true, Block: "bank-import", Retarget: true})
}

func (s *handler) bankImportPage(c echo.Context) error {
	p, err := s.newImportPage(c)
	if err != nil {
		return err
	}
	return s.showImport(c, http.StatusOK, p)
}

// importUpload is the import page with the statement of the form read
// into it (see readUpload); msg says why there is none.
func (s *handler) importUpload(c echo.Context) (p *bankImportPage, content []byte, msg string, err error) {
	if p, err = s.newImportPage(c); err != nil {
		return nil, nil, "", err
	}
	name, content, msg, err := handlers.ReadUpload(c, statementUpload)
	if err != nil || msg != "" {
		return p, nil, msg, err
	}
	// The text can travel in a form and be read again unchanged.
	p.Filename, p.Content = name, bankstmt.DecodeText(content)
	return p, content, "", nil
}

// statementUpload is what the statement upload says when it fails.
var statementUpload = handlers.UploadMessages{
	TooLarge:   fmt.Sprintf("The file is larger than %d MB, the most Porch accepts in one upload. Download a shorter period from online banking (a month or a quarter) and import each part.", bodyLimit>>20),
	Missing:    "Choose the statement file to import.",
	Empty:      "The file is empty. Download the statement again.",
	Unreadable: "The upload could not be read. Choose the file again and retry.",
}

// bankImportUpload takes the uploaded file: OFX is imported, CSV goes to
// the mapping step.
func (s *handler) bankImportUpload(c echo.Context) error {
	p, content, msg, err := s.importUpload(c)
	if err != nil {
		return err
	}
	if msg != "" {
		p.Errors.Add("file", msg)
		return s.showImport(c, http.StatusUnprocessableEntity, p)
	}
	switch bankstmt.Detect(content) {
	case bankstmt.FormatOFX:
		return s.importOFX(c, p, c.FormValue("confirm") == "yes")
	case bankstmt.FormatCSV:
		if len(p.Content)+strings.Count(p.Content, "\n") > statementTextLimit {
			p.Errors.Add("file", fmt.Sprintf("The file is too large to map and import in one go (the limit is %d MB). Download a shorter period from online banking and import each part.", bodyLimit>>20))
			return s.showImport(c, http.StatusUnprocessableEntity, p)
		}
		preview, err := bankstmt.Sniff(strings.NewReader(p.Content))
		if err != nil {
			return s.uploadRefused(c, p, err)
		}
		p.Preview = preview
		p.Map = mapFormOf(preview.Mapping)
		s.fillMapping(p, preview.Mapping)
		return s.showImport(c, http.StatusOK, p)
	}
	// Neither: let the CSV reader say what the file seems to be.
	_, err = bankstmt.Sniff(bytes.NewReader(content))
	if err == nil {
		err = errs.E(errs.Invalid, "This file is not a bank statement Porch can read. Download the statement as CSV or OFX.")
	}
	return s.uploadRefused(c, p, err)
}

// uploadRefused shows the upload form again with the reader's reason
// next to the file field.
func (s *handler) uploadRefused(c echo.Context, p *bankImportPage, err error) error {
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		return err
	}
	p.Step, p.Content = "upload", ""
	p.Errors.Add("file", e.Message)
	return s.showImport(c, http.StatusUnprocessableEntity, p)
}

// importOFX imports the OFX statement for this account. A file for another
// account number is not imported until the manager confirms it.
func (s *handler) importOFX(c echo.Context, p *bankImportPage, confirmed bool) error {
	stmts, err := bankstmt.ParseOFX(strings.NewReader(p.Content))
	if err != nil {
		return s.uploadRefused(c, p, err)
	}
	st, warning, refusal := pickStatement(stmts, p.Account)
	if refusal != "" {
		return s.uploadRefused(c, p, errs.E(errs.Invalid, refusal))
	}
	if warning != "" && !confirmed {
		p.Step, p.Warning = "confirm", warning
		return s.showImport(c, http.StatusOK, p)
	}
	var warnings []string
	if warning != "" {
		warnings = append(warnings, warning+" It was imported as you confirmed.")
	}
	if cur := handlers.OrgCurrency(c); st.Currency != "" && !strings.EqualFold(st.Currency, cur) {
		warnings = append(warnings, fmt.Sprintf("The statement is in %s, but the organisation's accounts are in %s.", st.Currency, cur))
	}
	res := &bankImportResult{Format: "OFX", Warnings: warnings}
	if st.LedgerBalance != nil && !st.LedgerBalanceDate.IsZero() {
		res.HasBalance, res.Balance, res.BalanceDate = true, *st.LedgerBalance, st.LedgerBalanceDate
	}
	return s.finishImport(c, p, bankstmt.FormatOFX, st.Lines, res)
}

// pickStatement chooses the statement in an OFX file that is for acct:
// the one whose account id is the account number (possibly after the sort
// code). A file with one statement for another number comes back with a
// warning to confirm; several, none of them this account, are refused.
func pickStatement(stmts []bankstmt.Statement, acct ledger.Account) (st bankstmt.Statement, warning, refusal string) {
	number := digitsOf(acct.AccountNumber)
	var others []string
	for _, s := range stmts {
		id := digitsOf(s.AccountID)
		if number != "" && (id == number || len(id) > len(number) && strings.HasSuffix(id, number)) {
			return s, "", ""
		}
		if id != "" {
			others = append(others, s.AccountID)
		}
	}
	if len(stmts) == 1 {
		if len(others) == 0 {
			return stmts[0], "", ""
		}
		return stmts[0], fmt.Sprintf("This statement is for account %s, not this account's number %s.", others[0], acct.AccountNumber), ""
	}
	return st, "", fmt.Sprintf("The file holds statements for %d accounts (%s), none of them this account's number %s. Download this account's statement on its own.",
		len(stmts), strings.Join(others, ", "), acct.AccountNumber)
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// finishImport stores the lines, matches what it can and shows the result.
func (s *handler) finishImport(c echo.Context, p *bankImportPage, format bankstmt.Format, lines []bankstmt.Line, res *bankImportResult) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	var r payments.ImportResult
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		by := handlers.IdentityOf(c).Person.ID
		if r, err = payments.Import(ctx, tx, s.Now(), p.Account.ID, p.Filename, format, lines, by); err != nil {
			return err
		}
		if res.Pairs, err = payments.AutoMatch(ctx, tx, s.Now(), p.Account.ID, by); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "bank.statement_imported", r.PublicID, fmt.Sprintf("%s (%s) into %s %s: %d new lines, %d already imported, %d matched automatically",
			clipText(p.Filename, 80), strings.ToUpper(string(format)), p.Account.Code, p.Account.Name, r.New, r.Duplicates, len(res.Pairs)))
	})
	if err != nil {
		return err
	}
	if res.Import, err = payments.GetImport(ctx, o.DB.Read(), p.Account.ID, r.PublicID); err != nil {
		return err
	}
	if res.HasBalance {
		res.ReconcileURL = fmt.Sprintf("%s/to-date?to=%s&balance=%s", p.URL, res.BalanceDate.Format(time.DateOnly), formatSigned(res.Balance))
	}
	if imports, err := payments.Imports(ctx, o.DB.Read(), p.Account.ID, 10); err == nil {
		p.Imports = imports
	}
	p.Step, p.Result, p.Content = "result", res, ""
	return s.showImport(c, http.StatusOK, p)
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
