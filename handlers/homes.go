package handlers

import "porch/auth"

// HomesOf are the sites and the units of a person's current homes, each
// once, for the lists of what is going on where they live.
func HomesOf(sc auth.Scope) (siteIDs, unitIDs []int64) {
	seen := map[int64]bool{}
	for _, u := range sc.Units() {
		unitIDs = append(unitIDs, u.UnitID)
		if !seen[u.SiteID] {
			seen[u.SiteID] = true
			siteIDs = append(siteIDs, u.SiteID)
		}
	}
	return siteIDs, unitIDs
}
