package bankstmt

import (
	"html"
	"strings"

	"porch/errs"
)

// OFX 1.x is SGML: elements that hold a value have no end tag
// (<TRNAMT>-12.50<FITID>123), aggregates do (<STMTTRN>...</STMTTRN>).
// OFX 2.x is XML, where every element is closed. One tolerant reader
// builds the same tree from both: an element that has text and is not a
// known aggregate ends at the next tag unless that tag closes it, and an
// end tag closes everything opened since its start tag, and a start tag
// closes an open element of the same name.

// ofxNode is one element of an OFX document.
type ofxNode struct {
	name     string
	text     string
	hasText  bool
	children []*ofxNode
}

// maxOFXDepth bounds nesting; real files stay under ten levels.
const maxOFXDepth = 64

// maxOFXValue bounds one element's text; OFX values are short (NAME is 32
// characters in 1.x, MEMO 255), and the rest of a longer one is dropped.
const maxOFXValue = 1024

// ofxLeaves are elements that always hold a value, so that an empty one
// in SGML (<MEMO> followed straight by <NAME>) does not swallow the next.
var ofxLeaves = setOf(
	"TRNTYPE", "DTPOSTED", "DTUSER", "DTAVAIL", "TRNAMT", "FITID", "CORRECTFITID",
	"CORRECTACTION", "SRVRTID", "CHECKNUM", "REFNUM", "SIC", "PAYEEID", "NAME",
	"EXTDNAME", "MEMO", "CURDEF", "CURRATE", "CURSYM", "BANKID", "BRANCHID", "ACCTID",
	"ACCTTYPE", "ACCTKEY", "BALAMT", "DTASOF", "DTSTART", "DTEND", "CODE", "SEVERITY",
	"MESSAGE", "DTSERVER", "LANGUAGE", "DTPROFUP", "DTACCTUP", "ORG", "FID", "TRNUID",
	"ADDR1", "ADDR2", "ADDR3", "CITY", "STATE", "POSTALCODE", "COUNTRY", "PHONE",
	"MKTGINFO", "INTU.BID", "INTU.USERID",
)

// ofxAggregates are elements that contain others; stray text in them is
// ignored rather than taken as a value.
var ofxAggregates = setOf(
	"OFX", "SIGNONMSGSRSV1", "SONRS", "STATUS", "FI", "BANKMSGSRSV1", "STMTTRNRS",
	"STMTRS", "BANKACCTFROM", "BANKTRANLIST", "STMTTRN", "PAYEE", "BANKACCTTO",
	"CCACCTTO", "CURRENCY", "ORIGCURRENCY", "LEDGERBAL", "AVAILBAL", "BALLIST", "BAL",
	"CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS", "CCACCTFROM",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// parseOFXTree reads the document from its <OFX> tag to the end.
func parseOFXTree(s string) (*ofxNode, error) {
	root := &ofxNode{}
	stack := []*ofxNode{root}
	top := func() *ofxNode { return stack[len(stack)-1] }
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			addText(stack, html.UnescapeString(strings.TrimSpace(s[i:i+j])))
			i += j
			continue
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				return root, nil
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(rest[9:], "]]>")
			if end < 0 {
				return nil, errs.E(errs.Invalid, "The OFX file ends inside a CDATA section; it may be cut short. Download it again.")
			}
			addText(stack, strings.TrimSpace(rest[9:9+end]))
			i += 9 + end + 3
			continue
		}
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			return nil, errs.E(errs.Invalid, "The OFX file ends in the middle of a tag; it may be cut short. Download it again.")
		}
		tag := strings.TrimSpace(rest[1:end])
		i += end + 1
		if strings.HasPrefix(tag, "?") || strings.HasPrefix(tag, "!") {
			continue // processing instructions and declarations
		}
		closing := strings.HasPrefix(tag, "/")
		tag = strings.TrimPrefix(tag, "/")
		selfClosing := strings.HasSuffix(tag, "/")
		tag = strings.TrimSuffix(tag, "/")
		fields := strings.Fields(tag)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToUpper(fields[0])
		if closing {
			for k := len(stack) - 1; k > 0; k-- {
				if stack[k].name == name {
					stack = stack[:k]
					break
				}
			}
			continue
		}
		// A start tag ends an SGML element left open with its value.
		if t := top(); len(stack) > 1 && len(t.children) == 0 && (ofxLeaves[t.name] || (t.hasText && !ofxAggregates[t.name])) {
			stack = stack[:len(stack)-1]
		}
		// No OFX element contains its own kind, so a second <STMTTRN>
		// while one is open means the first lacked its end tag.
		for k := len(stack) - 1; k > 0; k-- {
			if stack[k].name == name {
				stack = stack[:k]
				break
			}
		}
		n := &ofxNode{name: name}
		p := top()
		p.children = append(p.children, n)
		if !selfClosing {
			if len(stack) > maxOFXDepth {
				return nil, errs.E(errs.Invalid, "The OFX file is nested too deeply to be a bank statement.")
			}
			stack = append(stack, n)
		}
	}
	return root, nil
}

// addText gives text to the open element, unless it is an aggregate or
// already has children.
func addText(stack []*ofxNode, text string) {
	if text == "" || len(stack) < 2 {
		return
	}
	t := stack[len(stack)-1]
	if len(t.children) > 0 || ofxAggregates[t.name] {
		return
	}
	if len(t.text) < maxOFXValue {
		t.text += text
		if len(t.text) > maxOFXValue {
			t.text = t.text[:maxOFXValue]
		}
	}
	t.hasText = true
}

// findDepth is how far below an element child looks: far enough for
// PAYEE/NAME, not so far that each lookup walks a whole malformed file.
const findDepth = 3

// child returns the first child named name, or failing that the first
// such descendant a few levels down (PAYEE/NAME for NAME), or nil. It
// does not look inside elements named like n itself, so a transaction
// nested in another by a missing end tag keeps its values to itself.
func (n *ofxNode) child(name string) *ofxNode {
	if n == nil {
		return nil
	}
	return n.find(name, n.name, findDepth)
}

func (n *ofxNode) find(name, skip string, depth int) *ofxNode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	if depth <= 1 {
		return nil
	}
	for _, c := range n.children {
		if c.name == skip {
			continue
		}
		if d := c.find(name, skip, depth-1); d != nil {
			return d
		}
	}
	return nil
}

// value is the trimmed text of child(name), or "".
func (n *ofxNode) value(name string) string {
	if c := n.child(name); c != nil {
		return strings.TrimSpace(c.text)
	}
	return ""
}

// all returns the descendants whose name is in names, in document order.
// It looks inside those it finds (an SGML file that forgets </STMTTRN>
// nests each transaction in the one before) but not inside elements named
// in stop, which belong to someone else.
func (n *ofxNode) all(names, stop map[string]bool) []*ofxNode {
	var out []*ofxNode
	var walk func(*ofxNode)
	walk = func(x *ofxNode) {
		for _, c := range x.children {
			if names[c.name] {
				out = append(out, c)
			}
			if !stop[c.name] {
				walk(c)
			}
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}
