package staff

import "porch/estate"

// actionNotice is the confirmation shown after an action, chosen by a key
// in the redirect so no text travels in the URL.
func actionNotice(key string, p estate.Person) string {
	switch key {
	case "invited":
		return "Invitation sent to " + p.Email + ". The link works once, for 14 days."
	case "revoked":
		return p.FullName + " has been signed out of all devices."
	case "disabled":
		return "Portal access turned off. " + p.FullName + " has been signed out everywhere and any invitation withdrawn."
	case "enabled":
		return "Portal access turned on. Send an invitation, or " + p.FullName + " can sign in with their email address."
	case "added":
		return p.FullName + " has been added. Link them to their home, then invite them to the portal."
	case "saved":
		return "Details saved."
	case "saved-signed-out":
		return "Details saved. The email address changed, so " + p.FullName + " has been signed out everywhere; they sign in with the new one."
	case "unchanged":
		return "Nothing was changed."
	case "merged":
		return "The duplicate has been merged into " + p.FullName + ": its homes, payments and history are here now."
	case "archived":
		return p.FullName + " has been archived: their history is kept, and they no longer have portal access."
	case "restored":
		return p.FullName + " has been restored. Their portal access is off until you turn it on."
	}
	return ""
}
