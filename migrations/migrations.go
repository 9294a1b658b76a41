// Package migrations holds the embedded goose SQL migrations: the files in
// this folder build an organisation's database, those in catalog/ build the
// catalog database shared by all organisations.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed *.sql catalog/*.sql
var files embed.FS

// Org returns the migrations of an organisation's database. Goose reads only
// the top level, so the catalog folder is not mixed in.
func Org() fs.FS { return files }

// Catalog returns the migrations of the catalog database.
func Catalog() fs.FS {
	sub, err := fs.Sub(files, "catalog")
	if err != nil {
		panic(err)
	}
	return sub
}
