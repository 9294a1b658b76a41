package views

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"strings"
)

// Field is what the "field" partial renders: one labelled form control with
// its hint and its error message, the control marked aria-invalid when
// there is an error and aria-describedby naming the hint and the error.
// Templates build it with the field function from key/value pairs:
//
//	{{template "field" (field "id" "email" "name" "email" "type" "email"
//		"label" "Email address" "value" .Email "error" .Errors.email)}}
//
// The keys are those of fieldKeys; start-up fails on any other.
type Field struct {
	ID, Name, Label string
	Type            string // text (the default), a type of input, select, textarea, checkbox or radio
	Value           string
	Class           string // more classes for the wrapper, after "field"
	InputClass      string // classes for the control itself
	Optional        bool   // the label says "(optional)"

	// Hint and Error are strings, escaped as text, or template.HTML made
	// by markup. HintID and ErrorID override the ids the control points
	// at, which are otherwise the field's id with "-hint" and "-error".
	Hint, Error     any
	HintID, ErrorID string

	Required, Checked bool
	Autocomplete      string
	Inputmode         string
	Placeholder       string
	Pattern           string
	Spellcheck        string
	Autocapitalize    string
	Accept            string
	Maxlength, Rows   string
	Min, Max, Step    string            // a date's Min and Max default to dateMin and dateMax
	Attrs             template.HTMLAttr // more attributes for the control, made by attrs

	// Options are a select's or a radio group's choices; Selected is the
	// value chosen. Blank is the label of a first option with no value;
	// with PreselectSole it is left out when there is only one option.
	Options       Options
	Selected      string
	Blank         string
	PreselectSole bool
	OptionClass   string // class of each radio's label

	// Inline leaves a checkbox without its wrapper, for a group of
	// checkboxes that shares one.
	Inline bool
}

// dateMin and dateMax bound every date field unless it says otherwise: the
// years Porch's books can hold.
const (
	dateMin = "2000-01-01"
	dateMax = "2099-12-31"
)

// fieldTypes are the values the "type" key takes.
var fieldTypes = map[string]bool{
	"text": true, "email": true, "number": true, "date": true, "password": true, "search": true,
	"tel": true, "url": true, "file": true, "datetime-local": true, "time": true, "select": true, "textarea": true, "checkbox": true, "radio": true,
}

// fieldKeys are the keys the field function takes, each with how it sets
// its value on the Field.
var fieldKeys = map[string]func(f *Field, v any) error{
	"id":             setText(func(f *Field) *string { return &f.ID }),
	"name":           setText(func(f *Field) *string { return &f.Name }),
	"label":          setText(func(f *Field) *string { return &f.Label }),
	"type":           setType,
	"value":          setText(func(f *Field) *string { return &f.Value }),
	"class":          setText(func(f *Field) *string { return &f.Class }),
	"inputClass":     setText(func(f *Field) *string { return &f.InputClass }),
	"optional":       setFlag(func(f *Field) *bool { return &f.Optional }),
	"hint":           func(f *Field, v any) error { f.Hint = note(v); return nil },
	"error":          func(f *Field, v any) error { f.Error = note(v); return nil },
	"hintID":         setText(func(f *Field) *string { return &f.HintID }),
	"errorID":        setText(func(f *Field) *string { return &f.ErrorID }),
	"required":       setFlag(func(f *Field) *bool { return &f.Required }),
	"checked":        setFlag(func(f *Field) *bool { return &f.Checked }),
	"autocomplete":   setText(func(f *Field) *string { return &f.Autocomplete }),
	"inputmode":      setText(func(f *Field) *string { return &f.Inputmode }),
	"placeholder":    setText(func(f *Field) *string { return &f.Placeholder }),
	"pattern":        setText(func(f *Field) *string { return &f.Pattern }),
	"spellcheck":     setText(func(f *Field) *string { return &f.Spellcheck }),
	"autocapitalize": setText(func(f *Field) *string { return &f.Autocapitalize }),
	"accept":         setText(func(f *Field) *string { return &f.Accept }),
	"maxlength":      setText(func(f *Field) *string { return &f.Maxlength }),
	"rows":           setText(func(f *Field) *string { return &f.Rows }),
	"min":            setText(func(f *Field) *string { return &f.Min }),
	"max":            setText(func(f *Field) *string { return &f.Max }),
	"step":           setText(func(f *Field) *string { return &f.Step }),
	"attrs":          setAttrs,
	"options":        setOptions,
	"selected":       setText(func(f *Field) *string { return &f.Selected }),
	"blank":          setText(func(f *Field) *string { return &f.Blank }),
	"preselectSole":  setFlag(func(f *Field) *bool { return &f.PreselectSole }),
	"optionClass":    setText(func(f *Field) *string { return &f.OptionClass }),
	"inline":         setFlag(func(f *Field) *bool { return &f.Inline }),
}

// NewField builds the Field for the "field" partial from key/value pairs,
// the template function field.
func NewField(pairs ...any) (*Field, error) {
	if len(pairs)%2 != 0 {
		return nil, errors.New("field: keys and values must come in pairs")
	}
	f := &Field{Type: "text"}
	for i := 0; i < len(pairs); i += 2 {
		key, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("field: key %v is not a string", pairs[i])
		}
		set, ok := fieldKeys[key]
		if !ok {
			return nil, fmt.Errorf("field: unknown key %q", key)
		}
		if err := set(f, pairs[i+1]); err != nil {
			return nil, fmt.Errorf("field %q: %s: %w", f.ID, key, err)
		}
	}
	if f.Name == "" {
		return nil, fmt.Errorf("field %q has no name", f.ID)
	}
	if f.Type == "date" {
		f.Min = cmp.Or(f.Min, dateMin)
		f.Max = cmp.Or(f.Max, dateMax)
	}
	if f.ID == "" && (f.Type != "radio" && f.Type != "checkbox" || f.Hint != nil || f.Error != nil) {
		// The label's for, and the hint's and error's ids, hang on it.
		return nil, fmt.Errorf("field %q has no id", f.Name)
	}
	return f, nil
}

func setText(at func(*Field) *string) func(*Field, any) error {
	return func(f *Field, v any) error { *at(f) = text(v); return nil }
}

func setFlag(at func(*Field) *bool) func(*Field, any) error {
	return func(f *Field, v any) error {
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("%v is not true or false", v)
		}
		*at(f) = b
		return nil
	}
}

func setType(f *Field, v any) error {
	t := text(v)
	if !fieldTypes[t] {
		return fmt.Errorf("unknown type %q", t)
	}
	f.Type = t
	return nil
}

func setAttrs(f *Field, v any) error {
	a, ok := v.(template.HTMLAttr)
	if !ok {
		return errors.New("make the value with attrs")
	}
	f.Attrs = a
	return nil
}

func setOptions(f *Field, v any) error {
	o, err := NewOptions(v)
	f.Options = o
	return err
}

// text is a value as it goes in an attribute: nothing for nil.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// note keeps a hint or an error as it is when it is markup, so the
// template does not escape it again, and as text otherwise; nothing is nil.
func note(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case template.HTML:
		if v == "" {
			return nil
		}
		return v
	case string:
		if v == "" {
			return nil
		}
		return v
	}
	return text(v)
}

// WrapClass is the class attribute of the field's wrapper.
func (f *Field) WrapClass() string {
	if f.Class == "" {
		return "field"
	}
	return "field " + f.Class
}

// HintRef is the id of the hint.
func (f *Field) HintRef() string {
	if f.HintID != "" {
		return f.HintID
	}
	return f.ID + "-hint"
}

// ErrorRef is the id of the error message.
func (f *Field) ErrorRef() string {
	if f.ErrorID != "" {
		return f.ErrorID
	}
	return f.ID + "-error"
}

// Invalid reports whether the field has an error message.
func (f *Field) Invalid() bool { return f.Error != nil }

// DescribedBy is the control's aria-describedby: the ids of the hint and
// the error message that are shown, hint first.
func (f *Field) DescribedBy() string {
	var ids []string
	if f.Hint != nil {
		ids = append(ids, f.HintRef())
	}
	if f.Error != nil {
		ids = append(ids, f.ErrorRef())
	}
	return strings.Join(ids, " ")
}

// ShowBlank reports whether a select starts with the blank option.
func (f *Field) ShowBlank() bool {
	return f.Blank != "" && !(f.PreselectSole && len(f.Options) == 1)
}

// Choices are the options with the chosen one marked.
func (f *Field) Choices() []Choice {
	out := make([]Choice, len(f.Options))
	for i, o := range f.Options {
		out[i] = Choice{Option: o, Chosen: o.Value == f.Selected}
	}
	return out
}

// Groups are the choices in runs of the same group, for a select's
// optgroups; a run outside any group has an empty Label.
func (f *Field) Groups() []ChoiceGroup {
	var out []ChoiceGroup
	for _, c := range f.Choices() {
		if n := len(out); n == 0 || out[n-1].Label != c.Group {
			out = append(out, ChoiceGroup{Label: c.Group})
		}
		g := &out[len(out)-1]
		g.Choices = append(g.Choices, c)
	}
	return out
}
