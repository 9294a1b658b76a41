package estate

import "porch/sqldb"

// Querier is sqldb.Querier; kept for handlers/ until it switches.
type Querier = sqldb.Querier

// NewPublicID is sqldb.NewPublicID; kept for handlers/ until it switches.
func NewPublicID() string { return sqldb.NewPublicID() }
