package views

import (
	"fmt"
	"reflect"
)

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
