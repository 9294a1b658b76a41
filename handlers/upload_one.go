package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// ReadOneFile reads the one file of a posted form (the field "file") into
// the file store, checked by its content, with any file kept from a
// refused post of the same form (the hidden fields "kept_file"); the
// newest wins. problem is the message for the file field: tooLarge when
// what was sent is over the store's limit, else why it was refused.
// office accepts office documents besides photos and PDFs.
func (s *Kit) ReadOneFile(c echo.Context, office bool, tooLarge string) (kept *KeptFile, problem string, err error) {
	up, err := s.ReadMultipart(c, "file", 1)
	if err != nil {
		return nil, "", err
	}
	if problem = up.Problem; strings.Contains(problem, "larger than") || strings.Contains(problem, "at once") {
		problem = tooLarge
	}
	for i := range up.Files {
		up.Files[i].Office = office
	}
	stored, storeProblem, err := s.StoreUploads(c, up.Files)
	if err != nil {
		return nil, "", err
	}
	if problem == "" {
		problem = storeProblem
	}
	all := append(s.KeptFiles(c, "kept_file"), stored...)
	if len(all) > 0 {
		kept = &all[len(all)-1]
	}
	return kept, problem, nil
}
