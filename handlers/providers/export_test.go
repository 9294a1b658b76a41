package providers

// MaxWebhookBody is the largest webhook body read, for the external tests.
const MaxWebhookBody = maxWebhookBody
