package handlers

// HeadingOf is the error pages' headings by status.
var HeadingOf = headingOf
