package personalize

import "slices"

// Template is a parsed template, safe for concurrent use by many renders.
type Template struct {
	src    string
	nodes  []node
	fields []string
}

// node is one piece of a parsed template.
type node interface{ isNode() }

// text is literal text, escapes already resolved.
type text struct{ s string }

// field inserts a lead, account or campaign field.
type field struct {
	name   string
	def    string
	hasDef bool
}

// spin is a spintax group; id numbers the groups in source order so that each group's
// choice depends only on the seed and the group, never on which branches rendered.
type spin struct {
	id      uint64
	options [][]node
}

// cond is {{if [not] fact}} then {{else}} els {{end}}.
type cond struct {
	fact string
	not  bool
	then []node
	els  []node
}

func (text) isNode()  {}
func (field) isNode() {}
func (spin) isNode()  {}
func (cond) isNode()  {}

// String returns the source the template was parsed from.
func (t *Template) String() string { return t.src }

// Fields lists the fields the template refers to, in order of first use, including
// those inside spin options and conditionals and those with a default. Facts tested by
// {{if}} are not listed: they are not text.
func (t *Template) Fields() []string { return slices.Clone(t.fields) }

// Facts lists the names tested by {{if}}, in order of first use.
func (t *Template) Facts() []string {
	var out []string
	walk(t.nodes, func(n node) {
		if c, ok := n.(cond); ok && !slices.Contains(out, c.fact) {
			out = append(out, c.fact)
		}
	})
	return out
}

// walk calls fn on every node, depth first.
func walk(nodes []node, fn func(node)) {
	for _, n := range nodes {
		fn(n)
		switch n := n.(type) {
		case spin:
			for _, o := range n.options {
				walk(o, fn)
			}
		case cond:
			walk(n.then, fn)
			walk(n.els, fn)
		}
	}
}
