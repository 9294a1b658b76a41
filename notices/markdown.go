package notices

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// A notice's body is Markdown, written by the organisation's staff and
// read by residents. It is rendered with raw HTML left out (goldmark's
// default) and then sanitised with a user-content policy, so neither a
// <script>, an onclick nor a javascript: link survives whatever is typed.
var (
	md = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))

	policyOnce sync.Once
	policy     *bluemonday.Policy
)

func sanitiser() *bluemonday.Policy {
	policyOnce.Do(func() {
		policy = bluemonday.UGCPolicy()
		policy.RequireNoFollowOnLinks(true)
		policy.RequireNoReferrerOnLinks(true)
		policy.AddTargetBlankToFullyQualifiedLinks(true)
		policy.AllowURLSchemes("http", "https", "mailto", "tel")
	})
	return policy
}

// Render turns a notice's Markdown into safe HTML for a page or an email.
func Render(body string) template.HTML {
	var b bytes.Buffer
	if err := md.Convert([]byte(body), &b); err != nil {
		// goldmark writes to a bytes.Buffer, which does not fail; keep the
		// text readable all the same.
		return template.HTML(template.HTMLEscapeString(body))
	}
	return template.HTML(sanitiser().SanitizeBytes(b.Bytes()))
}
