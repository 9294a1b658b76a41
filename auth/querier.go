package auth

import "porch/estate"

// Querier is a read handle: the read pool or a transaction.
type Querier = estate.Querier
