package documents

import (
	"fmt"
	"strings"

	"porch/files"
)

// SizeLabel is the file's size for people: "240 KB", "3.2 MB".
func (v Version) SizeLabel() string {
	if v.Size < 1<<20 {
		return fmt.Sprintf("%d KB", (v.Size+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(v.Size)/(1<<20))
}

// TypeLabel is the file's type for people.
func (v Version) TypeLabel() string {
	switch v.Type {
	case files.TypePDF:
		return "PDF"
	case files.TypeDOCX, files.TypeODT:
		return "Document"
	case files.TypeXLSX, files.TypeODS:
		return "Spreadsheet"
	case files.TypePPTX:
		return "Slides"
	case files.TypeJPEG, files.TypePNG:
		return "Photo"
	}
	return "File"
}

// RoleLabel is who of a home's people a role names, for people.
func RoleLabel(role string) string {
	return map[string]string{"leaseholder": "Leaseholders", "tenant": "Tenants", "owner": "Owners (landlords)", "occupier": "Occupiers"}[role]
}

// RolesLabel lists the document's roles for people: "tenants and owners".
func (d Document) RolesLabel() string {
	words := make([]string, len(d.Roles))
	for i, r := range d.Roles {
		words[i] = strings.ToLower(strings.TrimSuffix(RoleLabel(r), " (landlords)"))
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// SeenBy says who sees a folder open to residents, owners, both or
// neither, for the audit log and the pages.
func SeenBy(residents, owners bool) string {
	switch {
	case residents && owners:
		return "residents and owners"
	case residents:
		return "residents only"
	case owners:
		return "owners only"
	}
	return "staff only"
}

// SeenBy says who sees the folder.
func (f Folder) SeenBy() string { return SeenBy(f.ResidentsSee, f.OwnersSee) }

// ReleaseWords says when a year-end pack released in the mode reaches
// residents, for the audit log.
func ReleaseWords(mode string) string {
	if mode == ReleaseAuto {
		return "when uploaded"
	}
	return "after a manager approves it"
}
