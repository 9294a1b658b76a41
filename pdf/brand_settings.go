package pdf

import "porch/estate"

// BrandFor is the organisation's branding for its documents, from its
// settings and logo (nil for none), with its portal's address.
func BrandFor(st estate.Settings, logo []byte, logoType, portalURL string) Brand {
	return Brand{Name: st.Name, LegalName: st.LegalName, AddressLines: st.AddressLines(), Phone: st.ContactPhone,
		Email: st.ContactEmail, Colour: st.PrimaryColour, PortalURL: portalURL, Logo: logo, LogoType: logoType}
}
