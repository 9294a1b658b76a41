package views

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"text/template/parse"
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
	"tel": true, "url": true, "file": true, "select": true, "textarea": true, "checkbox": true, "radio": true,
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

// Choice is an option as a field shows it: chosen or not.
type Choice struct {
	Option
	Chosen bool
}

// ChoiceGroup is a run of choices under one optgroup label.
type ChoiceGroup struct {
	Label   string
	Choices []Choice
}

// Option is one choice of a select or a radio group. Hint is shown beside a
// radio's label.
type Option struct {
	Value, Label, Hint, Group string
}

// Options are the choices of a select or a radio group, in order.
type Options []Option

// NewOptions builds options, the template function options. Each argument
// is a list or one element: an Option, a string (both value and label) or
// a struct with Value and Label (and optionally Hint) fields or methods; or
// else a value followed by its label:
//
//	{{$o := options "income" "Income" "client_money" "Client money"}}
//	{{$o := options "0" "Not in this file" .Columns}}
func NewOptions(args ...any) (Options, error) {
	var out Options
	for i := 0; i < len(args); i++ {
		switch v := reflect.ValueOf(args[i]); {
		case args[i] == nil:
		case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
			for j := 0; j < v.Len(); j++ {
				o, err := optionOf(v.Index(j))
				if err != nil {
					return nil, err
				}
				out = append(out, o...)
			}
		case v.Kind() == reflect.Struct || v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct:
			o, err := optionOf(v)
			if err != nil {
				return nil, err
			}
			out = append(out, o...)
		case i+1 < len(args):
			out = append(out, Option{Value: text(args[i]), Label: text(args[i+1])})
			i++
		default:
			return nil, fmt.Errorf("options: value %v has no label", args[i])
		}
	}
	return out, nil
}

// Add is the options followed by more, given as NewOptions takes them; a
// template builds a list in a loop with it:
//
//	{{$o := options}}{{range .Sites}}{{$o = $o.Add .PublicID .Name}}{{end}}
func (o Options) Add(args ...any) (Options, error) {
	more, err := NewOptions(args...)
	if err != nil {
		return nil, err
	}
	return append(append(Options(nil), o...), more...), nil
}

// GroupOptions builds options, as NewOptions does, under one optgroup
// label: the template function group.
func GroupOptions(label string, args ...any) (Options, error) {
	o, err := NewOptions(args...)
	for i := range o {
		o[i].Group = label
	}
	return o, err
}

// optionOf is one element of a list of options as options.
func optionOf(v reflect.Value) (Options, error) {
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case Option:
		return Options{x}, nil
	case Options:
		return x, nil
	case string:
		return Options{{Value: x, Label: x}}, nil
	}
	value, okV := member(v, "Value")
	label, okL := member(v, "Label")
	if !okV || !okL {
		return nil, fmt.Errorf("options: a %s has no Value and Label", v.Type())
	}
	hint, _ := member(v, "Hint")
	return Options{{Value: value, Label: label, Hint: hint}}, nil
}

// member is the exported field or method name of v, as text.
func member(v reflect.Value, name string) (string, bool) {
	if m := v.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
		return text(m.Call(nil)[0].Interface()), true
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return "", false
	}
	if sf, ok := v.Type().FieldByName(name); ok && sf.IsExported() {
		return text(v.FieldByIndex(sf.Index).Interface()), true
	}
	return "", false
}

// Markup formats HTML for a field's hint or error: the format, written in
// a template, is trusted markup, and each argument is escaped as text
// (template.HTML arguments are kept as they are). Arguments go in text or
// quoted attributes, never as a URL from outside Porch.
//
//	"hint" (markup "Saved: <code>%s</code>. Leave blank to keep it." .KeyHint)
func Markup(format string, args ...any) template.HTML {
	esc := make([]any, len(args))
	for i, a := range args {
		if h, ok := a.(template.HTML); ok {
			esc[i] = string(h)
		} else {
			esc[i] = template.HTMLEscapeString(text(a))
		}
	}
	return template.HTML(fmt.Sprintf(format, esc...))
}

// Attrs builds a field control's extra attributes from name/value pairs:
// aria-, hx- and data- attributes only, each value escaped.
//
//	"attrs" (attrs "aria-controls" "people-rows" "hx-get" "/admin/people")
func Attrs(pairs ...any) (template.HTMLAttr, error) {
	if len(pairs)%2 != 0 {
		return "", errors.New("attrs: names and values must come in pairs")
	}
	var b strings.Builder
	for i := 0; i < len(pairs); i += 2 {
		name, ok := pairs[i].(string)
		if !ok || !attrName(name) {
			return "", fmt.Errorf("attrs: %v is not an aria-, hx- or data- attribute", pairs[i])
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, `%s="%s"`, name, template.HTMLEscapeString(text(pairs[i+1])))
	}
	return template.HTMLAttr(b.String()), nil
}

// attrName reports whether attrs may write an attribute of this name.
func attrName(name string) bool {
	if !strings.HasPrefix(name, "aria-") && !strings.HasPrefix(name, "hx-") && !strings.HasPrefix(name, "data-") {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// checkCalls walks every template of t for calls of field, attrs and
// markup, and reports one whose keys, attribute names, type or format are
// not literal strings the function accepts: a mistyped key then stops
// start-up instead of one page.
func checkCalls(t *template.Template) error {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		tree := tt.Tree
		err := walkCalls(tree.Root, func(cmd *parse.CommandNode) error {
			if err := checkCall(cmd); err != nil {
				at, _ := tree.ErrorContext(cmd)
				return fmt.Errorf("%s: %w", at, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkCall checks one command; see checkCalls.
func checkCall(cmd *parse.CommandNode) error {
	fn, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	args := cmd.Args[1:]
	switch fn.Ident {
	case "field":
		if len(args)%2 != 0 {
			return errors.New("field takes key/value pairs")
		}
		for i := 0; i < len(args); i += 2 {
			key, ok := args[i].(*parse.StringNode)
			if !ok {
				return fmt.Errorf("field key %s is not a literal string", args[i])
			}
			if _, ok := fieldKeys[key.Text]; !ok {
				return fmt.Errorf("field has no key %q (keys: %s)", key.Text, strings.Join(keyNames(), ", "))
			}
			if t, ok := args[i+1].(*parse.StringNode); ok && key.Text == "type" && !fieldTypes[t.Text] {
				return fmt.Errorf("field has no type %q", t.Text)
			}
		}
	case "attrs":
		if len(args)%2 != 0 {
			return errors.New("attrs takes name/value pairs")
		}
		for i := 0; i < len(args); i += 2 {
			if name, ok := args[i].(*parse.StringNode); !ok || !attrName(name.Text) {
				return fmt.Errorf("attrs name %s is not a literal aria-, hx- or data- attribute", args[i])
			}
		}
	case "markup":
		if len(args) == 0 {
			return errors.New("markup needs a format")
		}
		if _, ok := args[0].(*parse.StringNode); !ok {
			return errors.New("the format of markup must be a literal string")
		}
	}
	return nil
}

// keyNames are the field keys in order, for an error message.
func keyNames() []string {
	names := make([]string, 0, len(fieldKeys))
	for k := range fieldKeys {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// walkCalls calls check on every command under n.
func walkCalls(n parse.Node, check func(*parse.CommandNode) error) error {
	var kids []parse.Node
	switch n := n.(type) {
	case nil:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		kids = n.Nodes
	case *parse.ActionNode:
		kids = []parse.Node{n.Pipe}
	case *parse.IfNode:
		kids = []parse.Node{n.Pipe, n.List, n.ElseList}
	case *parse.RangeNode:
		kids = []parse.Node{n.Pipe, n.List, n.ElseList}
	case *parse.WithNode:
		kids = []parse.Node{n.Pipe, n.List, n.ElseList}
	case *parse.TemplateNode:
		kids = []parse.Node{n.Pipe}
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			kids = append(kids, c)
		}
	case *parse.ChainNode:
		kids = []parse.Node{n.Node}
	case *parse.CommandNode:
		if err := check(n); err != nil {
			return err
		}
		kids = n.Args
	}
	for _, k := range kids {
		if err := walkCalls(k, check); err != nil {
			return err
		}
	}
	return nil
}
