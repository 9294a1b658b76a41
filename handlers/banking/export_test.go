package banking

// BodyLimit is the largest request body, for the external tests.
const BodyLimit = bodyLimit
