package handlers

// Badge is a state as a badge shows it: the words, and the colour class
// ("ok", "warn", "bad", or "" for a settled state that needs no colour).
// Pages write every badge with the "badge" partial.
type Badge struct {
	Label string
	Class string
}

// Badges names the states of one kind of thing.
type Badges map[string]Badge

// Of is the badge of state; a state without one shows as itself, uncoloured.
func (b Badges) Of(state string) Badge {
	if v, ok := b[state]; ok {
		return v
	}
	return Badge{Label: state}
}
