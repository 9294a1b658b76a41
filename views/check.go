package views

import (
	"errors"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"text/template/parse"
)

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
