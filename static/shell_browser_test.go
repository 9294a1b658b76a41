package static_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/internal/browser"
	"porch/static"
)

// shell is a page that uses every class app.css styles, the way the layout
// will: branding in a <style> after the style sheet.
func shell(mainClass string) string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Estates</title>
<link rel="stylesheet" href="` + static.URL("css/app.css") + `">
<link rel="icon" href="` + static.URL("img/favicon.svg") + `">
<style>:root { --primary: #0f766e; --on-primary: #ffffff; }</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<div class="dev-banner">Development mode: mail is written to files</div>
<header class="site-header">
  <a class="brand" href="/"><img class="brand-logo" src="` + static.URL("img/favicon.svg") + `" width="40" height="40" alt=""><span class="brand-name">Acme Estates</span></a>
  <nav class="site-nav" aria-label="Main">
    <a href="/" aria-current="page">Home</a><a href="/account">Account</a><a href="/tickets">Repairs</a><a href="/documents">Documents</a>
  </nav>
</header>
<main id="main" class="` + mainClass + `">
  <h1 class="page-title">Flat 4, Riverside Court</h1>
  <p class="lead">Your balance, payments and repairs in one place.</p>
  <div class="notice">Your service charge demand for 2025/26 is ready.</div>
  <div class="notice success">Payment received, thank you.</div>
  <div class="notice warning">Your Direct Debit is pending.</div>
  <div class="notice error">We could not take your card payment.</div>
  <div class="grid">
    <section class="card"><h2>Balance</h2><p>£1,240.00 due <span class="badge warn">Due soon</span></p>
      <a class="btn primary" href="/pay">Pay now</a> <a class="btn secondary" href="/statement">Statement</a></section>
    <section class="card"><h2>Repairs</h2><p><span class="badge ok">Fixed</span> <span class="badge bad">Overdue</span> <span class="badge">New</span></p>
      <button class="btn" disabled>Disabled</button> <span class="htmx-indicator">Loading…</span></section>
  </div>
  <div class="table-wrap"><table class="data">
    <thead><tr><th>Date</th><th>Description of the charge</th><th>Reference</th><th class="num">Amount</th><th class="num">Balance</th></tr></thead>
    <tbody><tr><td><time datetime="2025-04-01">2025-04-01</time></td><td>Service charge, first half of the year</td><td>INV-000123</td><td class="num">£620.00</td><td class="num">£1,240.00</td></tr>
    <tr><td><time datetime="2025-03-12">2025-03-12</time></td><td>Card payment</td><td>PAY-000045</td><td class="num">−£310.00</td><td class="num">£620.00</td></tr></tbody>
  </table></div>
  <dl class="details"><dt>Unit</dt><dd>Flat 4</dd><dt>Site</dt><dd>Riverside Court, 12 Long Lane, London SE1 4PG</dd></dl>
  <form class="card" method="post" action="/account">
    <div class="form-errors" role="alert"><h2>There is a problem</h2><ul><li><a href="#email">Enter an email address</a></li></ul></div>
    <div class="field"><label for="name">Name</label><input id="name" name="name" value="Jo Bloggs"><p class="hint">As on your lease.</p></div>
    <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" aria-invalid="true" aria-describedby="email-error"><p class="error-text" id="email-error">Enter an email address</p></div>
    <div class="field"><label for="pref">Contact by</label><select id="pref" name="pref"><option>Email</option><option>Post</option></select></div>
    <div class="field"><label for="msg">Message</label><textarea id="msg" name="msg"></textarea></div>
    <div class="field"><label><input type="checkbox" name="paperless"> Paperless statements</label></div>
    <button class="btn primary" type="submit">Save</button>
  </form>
  <ul class="mail-list"><li><strong>Your sign-in code</strong> <span class="muted">to jo@example.com</span></li></ul>
  <pre class="mail-body">Your code is 123456. It expires in 10 minutes. https://acme.localhost:8080/sign-in/verify?token=averyveryveryverylongtokenthatmustwrapratherthanoverflow</pre>
  <div class="error-page"><p class="error-code">404</p><p>Page not found.</p><p class="request-id">Request 01J9Z8X7Y6W5V4T3S2R1Q0P9N8</p></div>
  <div class="landing"><h1>Porch</h1><p class="lead">A resident portal for your managing agent.</p></div>
</main>
<footer class="site-footer">
  <p><strong>Acme Estates Ltd</strong></p>
  <address>1 High Street, London N1 1AA</address>
  <ul class="contact"><li><a href="tel:+442000000000">020 0000 0000</a></li><li><a href="mailto:help@acme.example">help@acme.example</a></li></ul>
  <p class="footer-meta">Registered in England and Wales, company 01234567.</p>
</footer>
</body>
</html>`
}

func shellServer(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/static/", static.Handler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, shell(r.URL.Query().Get("main")))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return "http://acme.localhost:" + port
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func TestShellOnPhone(t *testing.T) {
	base := shellServer(t)
	ctx := browser.New(t, 390, 844)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}

	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w != 390 {
		t.Errorf("page is %d px wide at 390: something overflows sideways", w)
	}
	if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector(".btn.primary")).backgroundColor`); bg != "rgb(15, 118, 110)" {
		t.Errorf("primary button background = %s, want the brand colour", bg)
	}
	if n := eval[int](t, ctx, `document.styleSheets[0].cssRules.length`); n < 50 {
		t.Errorf("app.css has %d rules: not loaded?", n)
	}
	small := eval[[]string](t, ctx, `[...document.querySelectorAll(
		".btn, button, .site-nav a, .brand, .contact a, .field input:not([type=checkbox]), .field select, .field label:has(input[type=checkbox])")]
		.filter(e => e.getBoundingClientRect().height < 44)
		.map(e => e.outerHTML.slice(0, 60))`)
	if len(small) > 0 {
		t.Errorf("tap targets under 44 px high:\n%s", strings.Join(small, "\n"))
	}
	if v := eval[string](t, ctx, `getComputedStyle(document.querySelector(".htmx-indicator")).visibility`); v != "hidden" {
		t.Errorf("idle .htmx-indicator visibility = %s", v)
	}
	if cols := eval[string](t, ctx, `getComputedStyle(document.querySelector(".grid")).gridTemplateColumns`); strings.Contains(cols, " ") {
		t.Errorf(".grid has columns %q on a phone, want one", cols)
	}
	if b := eval[float64](t, ctx, `document.querySelector(".skip-link").getBoundingClientRect().bottom`); b > 0 {
		t.Errorf("skip link is on screen before focus (bottom %v)", b)
	}
	browser.Screenshot(t, ctx, "shell-390")

	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	if top := eval[float64](t, ctx, `document.activeElement.matches(".skip-link") ? document.activeElement.getBoundingClientRect().top : -1`); top < 0 {
		t.Errorf("skip link not visible after Tab (top %v)", top)
	}
	if o := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); o != "solid" {
		t.Errorf("focused element outline = %s, want a visible ring", o)
	}
}

func TestShellWideOnDesktop(t *testing.T) {
	base := shellServer(t)
	ctx := browser.New(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/?main=wide")); err != nil {
		t.Fatal(err)
	}
	if w := eval[float64](t, ctx, `document.querySelector("main").getBoundingClientRect().width`); w != 72*16 {
		t.Errorf("main.wide is %v px wide, want %v", w, 72*16)
	}
	if n := eval[int](t, ctx, `getComputedStyle(document.querySelector(".grid")).gridTemplateColumns.split(" ").length`); n != 2 {
		t.Errorf(".grid has %d columns on a desktop, want 2", n)
	}
	alignedJS := `Math.abs(document.querySelector(".brand").getBoundingClientRect().left - document.querySelector(".page-title").getBoundingClientRect().left) < 1`
	if !eval[bool](t, ctx, alignedJS) {
		t.Error("brand and page title do not line up in the wide layout")
	}
	browser.Screenshot(t, ctx, "shell-1280-wide")

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	if w := eval[float64](t, ctx, `document.querySelector("main").getBoundingClientRect().width`); w != 44*16 {
		t.Errorf("main is %v px wide, want %v", w, 44*16)
	}
	if !eval[bool](t, ctx, alignedJS) {
		t.Error("brand and page title do not line up")
	}
	browser.Screenshot(t, ctx, "shell-1280")
}
