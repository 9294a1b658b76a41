// Package documents serves shared documents: the manager keeps each site's
// folders, chooses who sees each, uploads, renames, moves, replaces and
// removes documents, releases the year-end pack, shares a home's own
// documents with its people, files a home's certificates, inspections and
// tenancy agreements for its owner, and copies documents to owners'
// portals; residents and owners read and download what is theirs, and are
// emailed once for each new one.
package documents

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

const adminURL = "/admin/documents"

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_doc_site", "doc-folders")
	k.Blocks("admin_doc_shelf", "doc-shelf", "doc-class")
	k.Blocks("admin_doc_tenancy", "doc-tenancy")
	s.adminRoutes(e)
	r := s.Person(e, "/documents")
	r.GET("", s.residentPage)
	r.GET("/:id", s.residentDownload)
}

// adminRoutes: all staff see the documents and their versions; changing
// anything needs ShareDocuments.
func (s *handler) adminRoutes(e *echo.Echo) {
	g := s.Admin(e, "/documents", auth.SeePeople)
	g.GET("", s.indexPage)
	g.GET("/sites/:site", s.sitePage)
	g.GET("/folders/:folder", s.folderPage)
	g.GET("/units/:unit", s.unitPage)
	g.GET("/units/:unit/class-fields", s.classFields)
	g.GET("/certificates", s.certificatesDue)
	g.GET("/tenancies/:occ", s.tenancyPage)
	g.GET("/files/:id/versions/:n", s.staffDownload)
	m := g.Needing(auth.ShareDocuments)
	m.POST("/sites/:site/folders", s.addFolder)
	m.POST("/folders/:folder", s.renameFolder)
	m.POST("/folders/:folder/archive", s.archiveFolder)
	m.POST("/folders/:folder/upload", s.uploadToFolder)
	m.POST("/units/:unit/upload", s.uploadToUnit)
	m.POST("/files/:id/rename", s.rename)
	m.POST("/files/:id/move", s.move)
	m.POST("/files/:id/replace", s.replace)
	m.POST("/files/:id/remove", s.remove)
	m.POST("/files/:id/release", s.release)
	m.POST("/files/:id/classify", s.classify)
	m.POST("/files/:id/copy", s.copyToOwner)
	m.POST("/files/:id/uncopy", s.removeOwnerCopy)
	m.POST("/tenancies/:occ/agreement", s.fileAgreement)
	s.AllowUploads(adminURL+"/folders/:folder/upload", adminURL+"/units/:unit/upload", adminURL+"/files/:id/replace",
		adminURL+"/tenancies/:occ/agreement")
}
