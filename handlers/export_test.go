package handlers

// Names the external tests of this package read, without widening its API.
const (
	MaxWebhookBody = maxWebhookBody
)

// HeadingOf is the error pages' headings by status.
var HeadingOf = headingOf
