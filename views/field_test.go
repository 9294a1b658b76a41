package views

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// renderField runs the "field" partial on the field built from pairs.
func renderField(t *testing.T, pairs ...any) *goquery.Document {
	t.Helper()
	f, err := NewField(pairs...)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := MustNew().pages["home"].ExecuteTemplate(&buf, "field", f); err != nil {
		t.Fatal(err)
	}
	d, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func attr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

func TestFieldInput(t *testing.T) {
	d := renderField(t, "id", "amount", "name", "amount", "label", "Amount, £", "value", "12.50",
		"inputmode", "decimal", "autocomplete", "off", "maxlength", 20, "required", true,
		"hint", "Pounds and pence.", "error", "Enter an amount <like> 1.00", "class", "wide")
	in := d.Find(".field.wide > input#amount")
	if in.Length() != 1 {
		t.Fatalf("no input: %s", d.Text())
	}
	for name, want := range map[string]string{"name": "amount", "value": "12.50", "inputmode": "decimal",
		"autocomplete": "off", "maxlength": "20", "aria-invalid": "true", "aria-describedby": "amount-hint amount-error"} {
		if got := attr(in, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, ok := in.Attr("type"); ok {
		t.Error("a text input has a type")
	}
	if _, ok := in.Attr("required"); !ok {
		t.Error("not required")
	}
	if got := d.Find(`label[for="amount"]`).Text(); got != "Amount, £" {
		t.Errorf("label %q", got)
	}
	if got := d.Find("p.hint#amount-hint").Text(); got != "Pounds and pence." {
		t.Errorf("hint %q", got)
	}
	if got := d.Find("p.error-text#amount-error").Text(); got != "Enter an amount <like> 1.00" {
		t.Errorf("error %q", got)
	}
}

func TestFieldWithoutNotes(t *testing.T) {
	d := renderField(t, "id", "email", "name", "email", "type", "email", "label", "Email", "error", "")
	in := d.Find("input#email")
	if attr(in, "type") != "email" {
		t.Errorf("type %q", attr(in, "type"))
	}
	for _, a := range []string{"aria-invalid", "aria-describedby"} {
		if _, ok := in.Attr(a); ok {
			t.Errorf("%s without an error", a)
		}
	}
	if d.Find(".hint, .error-text").Length() != 0 {
		t.Error("empty notes shown")
	}
	// An error alone is the whole description.
	d = renderField(t, "id", "email", "name", "email", "label", "Email", "error", "Enter an email address",
		"optional", true, "attrs", template.HTMLAttr(`hx-get="/x"`))
	if got := attr(d.Find("input#email"), "aria-describedby"); got != "email-error" {
		t.Errorf("aria-describedby %q", got)
	}
	if attr(d.Find("input#email"), "hx-get") != "/x" {
		t.Error("attrs not written")
	}
	if d.Find("label .muted").Text() != "(optional)" {
		t.Error("optional not shown")
	}
}

func TestFieldMarkupNotes(t *testing.T) {
	d := renderField(t, "id", "key", "name", "key", "type", "password", "label", "Key",
		"hint", Markup("Saved: <code>%s</code>.", "sk_<b>"), "hintID", "k-hint", "error", "Bad", "errorID", "k-error")
	if got := d.Find("#k-hint code").Text(); got != "sk_<b>" {
		t.Errorf("hint code %q", got)
	}
	if got := attr(d.Find("input#key"), "aria-describedby"); got != "k-hint k-error" {
		t.Errorf("aria-describedby %q", got)
	}
}

type pick struct{ Value, Label string }

func TestFieldSelect(t *testing.T) {
	groups, err := GroupOptions("Suggested", []pick{{"a", "A"}, {"b", "B"}})
	if err != nil {
		t.Fatal(err)
	}
	opts, err := NewOptions(groups, Option{Value: "7", Label: "Seven"})
	if err != nil {
		t.Fatal(err)
	}
	d := renderField(t, "id", "j", "name", "journal", "type", "select", "label", "Entry",
		"blank", "Choose an entry", "options", opts, "selected", 7)
	sel := d.Find("select#j")
	if got := sel.Find("option").Length(); got != 4 {
		t.Errorf("%d options", got)
	}
	if attr(sel.Find("option").First(), "value") != "" {
		t.Error("blank option is not first")
	}
	if sel.Find(`optgroup[label="Suggested"] option`).Length() != 2 {
		t.Error("no optgroup")
	}
	if got := attr(sel.Find("option[selected]"), "value"); got != "7" {
		t.Errorf("selected %q", got)
	}
	// A sole option needs no blank one.
	d = renderField(t, "id", "acct", "name", "account", "type", "select", "label", "Paid from",
		"blank", "Choose an account", "preselectSole", true, "options", []pick{{"x", "X"}})
	if got := d.Find("option").Length(); got != 1 {
		t.Errorf("%d options for a sole account", got)
	}
}

func TestFieldRadioAndCheckbox(t *testing.T) {
	type method struct{ Value, Label, Hint string }
	d := renderField(t, "id", "m", "name", "method", "type", "radio", "label", "How to pay",
		"options", []method{{"card", "Card", "Visa"}, {"dd", "Direct Debit", ""}}, "selected", "dd",
		"optionClass", "pay-method", "error", "Choose one")
	fs := d.Find("fieldset.field#m")
	if fs.Find("legend").Text() != "How to pay" || attr(fs.Find("input").First(), "aria-describedby") != "m-error" {
		t.Errorf("fieldset: %s", fs.Text())
	}
	if got := attr(fs.Find("input:checked, input[checked]"), "value"); got != "dd" {
		t.Errorf("checked %q", got)
	}
	if fs.Find(`label.pay-method input[aria-invalid="true"]`).Length() != 2 {
		t.Error("radios not marked invalid")
	}
	if fs.Find("label.pay-method .hint").Text() != "Visa" {
		t.Error("option hint missing")
	}

	d = renderField(t, "name", "all", "type", "checkbox", "label", "Show all", "value", "1", "checked", true, "inline", true)
	if d.Find(".field").Length() != 0 {
		t.Error("inline checkbox has a wrapper")
	}
	in := d.Find("label > input[type=checkbox]")
	if attr(in, "value") != "1" || in.AttrOr("checked", "no") == "no" || strings.TrimSpace(d.Find("label").Text()) != "Show all" {
		t.Errorf("checkbox: %v", in.Nodes)
	}
}

func TestFieldErrors(t *testing.T) {
	for _, pairs := range [][]any{
		{"id", "x"},            // no name
		{"name", "x", "label"}, // odd
		{"id", "x", "name", "x", "colour", "red"},  // unknown key
		{"id", "x", "name", "x", "type", "colour"}, // unknown type
		{"id", "x", "name", "x", "required", "yes"},
		{"name", "x", "label", "X"}, // a text field needs an id
		{"id", "x", "name", "x", "options", []int{1}},
	} {
		if _, err := NewField(pairs...); err == nil {
			t.Errorf("NewField%v: no error", pairs)
		}
	}
	if _, err := Attrs("onclick", "x"); err == nil {
		t.Error("attrs wrote an event handler")
	}
	if got, _ := Attrs("aria-controls", `a"b`); got != `aria-controls="a&#34;b"` {
		t.Errorf("attrs = %s", got)
	}
}

func TestCheckCalls(t *testing.T) {
	for _, src := range []string{
		`{{template "x" (field "id" "a" "nmae" "a")}}`,
		`{{$k := "id"}}{{field $k "a"}}`,
		`{{field "id" "a" "type" "colour"}}`,
		`{{markup .Format}}`,
		`{{attrs "onclick" "x"}}`,
		`{{if .X}}{{else}}{{with .Y}}{{range .Z}}{{field "bad" 1}}{{end}}{{end}}{{end}}`,
	} {
		tpl := template.Must(template.New("t").Funcs(funcs()).Parse(`{{define "x"}}{{end}}` + src))
		if err := checkCalls(tpl); err == nil {
			t.Errorf("%s: no error", src)
		} else if !strings.Contains(err.Error(), "t:1:") {
			t.Errorf("%s: error without a place: %v", src, err)
		}
	}
	ok := template.Must(template.New("t").Funcs(funcs()).Parse(
		`{{field "id" "a" "name" "a" "type" "date" "hint" (markup "<b>%s</b>" .X) "attrs" (attrs "hx-get" "/")}}`))
	if err := checkCalls(ok); err != nil {
		t.Error(err)
	}
}

func TestDict(t *testing.T) {
	m, err := Dict("id", "payout", "n", 2)
	if err != nil || m["id"] != "payout" || m["n"] != 2 {
		t.Errorf("Dict = %v, %v", m, err)
	}
	for _, pairs := range [][]any{{"id"}, {1, "x"}} {
		if _, err := Dict(pairs...); err == nil {
			t.Errorf("Dict%v: no error", pairs)
		}
	}
}
