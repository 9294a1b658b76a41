package handlers

// HeadingOf is the error pages' headings by status.
var HeadingOf = headingOf

// NewCookieJar builds a cookie jar on the given keys.
var NewCookieJar = newCookieJar

// Compress is the middleware that gzips responses.
var Compress = compress
