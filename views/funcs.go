package views

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"porch/estate"
	"porch/static"
)

func funcs() template.FuncMap {
	return template.FuncMap{
		"asset":      static.URL,
		"money":      Money,
		"date":       Date,
		"dateShort":  DateShort,
		"dateTable":  DateTable,
		"datetime":   DateTime,
		"paragraphs": Paragraphs,
		"telHref":    TelHref,
		"hasPrefix":  strings.HasPrefix,
		"field":      NewField,
		"options":    NewOptions,
		"group":      GroupOptions,
		"markup":     Markup,
		"attrs":      Attrs,
		"dict":       Dict,
	}
}

// Dict makes a map from key/value pairs, for passing several values to a
// shared template: {{template "x" (dict "id" "payout" "form" .Payout)}}.
func Dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict: keys and values must come in pairs")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", pairs[i])
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

var currencySymbols = map[string]string{"GBP": "£", "EUR": "€", "USD": "$"}

// Money formats an amount in minor units the en-GB way: "£1,234.56",
// "-£12.00". Currencies without a symbol here are prefixed with their code.
// A statement formats a few amounts per line, so it builds the text in one
// stack buffer: the string is its only allocation.
func Money(minor int64, currency string) string {
	if currency == "" {
		currency = "GBP"
	}
	var buf [64]byte
	b := buf[:0]
	u := uint64(minor)
	if minor < 0 {
		b = append(b, '-')
		u = uint64(-(minor + 1)) + 1 // safe for math.MinInt64
	}
	if sym, ok := currencySymbols[currency]; ok {
		b = append(b, sym...)
	} else {
		b = append(b, currency...)
		b = append(b, ' ')
	}
	whole, pence := u/100, u%100
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], whole, 10)
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	b = append(b, '.', byte('0'+pence/10), byte('0'+pence%10))
	return string(b)
}

// Date formats a calendar date as "5 March 2026".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// DateShort formats a calendar date as "05/03/2026".
func DateShort(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	var buf [16]byte
	return string(t.AppendFormat(buf[:0], "02/01/2006"))
}

// DateTable formats a calendar date as a resident's tables show it:
// "5 Mar 2026". Their prose spells the month out (Date).
func DateTable(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	var buf [16]byte
	return string(t.AppendFormat(buf[:0], "2 Jan 2006"))
}

// DateRange formats a period of calendar dates shortly: "1 Jan – 31 Mar
// 2026", the year once when both ends share it, else "1 Dec 2025 –
// 28 Feb 2026".
func DateRange(from, to time.Time) string {
	if from.Year() == to.Year() {
		return from.Format("2 Jan") + " – " + DateTable(to)
	}
	return DateTable(from) + " – " + DateTable(to)
}

// DateTime formats an instant in UK time as "5 Mar 2026, 14:05".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(estate.UK).Format("2 Jan 2006, 15:04")
}

// Paragraphs splits text at blank lines, for showing free text a manager
// typed without trusting it as HTML.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// TelHref turns a displayed phone number into a tel: URL, keeping only
// digits and a leading plus.
func TelHref(phone string) template.URL {
	// "+44 (0)20 ..." shows the trunk 0 for domestic callers; it must not
	// be dialled after the country code.
	phone = strings.ReplaceAll(strings.TrimSpace(phone), "(0)", "")
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}
