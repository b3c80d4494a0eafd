// Package score ranks leads against an ideal customer profile (ICP): rules written in
// YAML give points for seniority, department, title keywords, industry, company size,
// location, custom fields and signals, and a lead's score is the clamped sum with a
// line of explanation per rule that fired. Outcomes (accepted, replied) re-weight the
// rules; see Learn. The package is pure: no I/O, no clock.
package score

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/paceline/paceline"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the text of the default ruleset, a starting point to edit.
func DefaultYAML() []byte { return slices.Clone(defaultYAML) }

// Default returns the default ruleset (default.yaml, documented in place).
func Default() *Rules {
	r, err := Parse(defaultYAML)
	if err != nil {
		panic("score: default.yaml is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return r
}

// maxPoints bounds one rule's points: a single rule worth more than the whole scale
// is a typo.
const maxPoints = 100

// Weight gives Points when Match matches; Line is where the rule sits in its YAML file.
type Weight struct {
	Match  string
	Points float64
	Line   int

	lowerBytes []byte // Match, lower-cased, for case-insensitive matching
	name       string // "section:match", the rule's name in explanations
	why        string // the explanation sentence, built once
}

// SizeWeight gives Points when a company's head count lies in [Min, Max]; Max 0 means
// no upper bound.
type SizeWeight struct {
	Label    string // as written: "51-200", "5001+"
	Min, Max int
	Points   float64
	Line     int
	name     string
	why      string
}

// CustomWeights scores one custom column by the words its value contains. Field names
// the column as the lead keeps it (notiz) or as the file heads it (Notiz): the import
// keeps a column under its header in snake_case (customKey), which is also how a
// template names it, so a rule that copied the header still reads the column.
type CustomWeights struct {
	Field  string
	Values []Weight
	Line   int // where Field sits in the YAML file

	key string // customKey(Field): the stored name when Field is not one
}

// Signals weights the engagement signals of a profile.
type Signals struct {
	MutualPer   float64 // points per mutual connection
	MutualMax   float64 // cap on the mutual-connection points
	OpenProfile float64
	Premium     float64
	HasEmail    float64
}

// Rules is a parsed ICP ruleset. Slices keep the file's order, which is the order of
// the explanation and of "first match counts".
type Rules struct {
	Base          float64
	Seniority     []Weight
	Department    []Weight
	TitleKeywords []Weight
	Industry      []Weight
	CompanySize   []SizeWeight
	Location      []Weight
	Custom        []CustomWeights
	Signals       Signals
}

var sections = []string{"base", "seniority", "department", "title_keywords", "industry", "company_size", "location", "custom", "signals"}

// Parse reads a ruleset from YAML. Errors are *paceline.Error values that name the
// line of the offending rule.
func Parse(data []byte) (*Rules, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, paceline.FieldErrorf("rules", "%s (check the indentation and the colons)", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	r := &Rules{}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, paceline.FieldErrorf("rules", "the file is empty; start from `paceline leads score --print-default`")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, lineError(root, "the rules must be a mapping of sections (%s)", strings.Join(sections, ", "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, lineError(k, "section %q appears twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "base":
			r.Base, err = points(v)
		case "seniority":
			r.Seniority, err = weights(v, k.Value, checkSeniority)
		case "department":
			r.Department, err = weights(v, k.Value, checkDepartment)
		case "title_keywords":
			r.TitleKeywords, err = weights(v, k.Value, nil)
		case "industry":
			r.Industry, err = weights(v, k.Value, nil)
		case "location":
			r.Location, err = weights(v, k.Value, nil)
		case "company_size":
			r.CompanySize, err = sizeWeights(v)
		case "custom":
			r.Custom, err = customWeights(v)
		case "signals":
			r.Signals, err = signals(v)
		default:
			err = lineError(k, "unknown section %q (want one of %s)", k.Value, strings.Join(sections, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	r.prepare()
	return r, nil
}

func lineError(n *yaml.Node, format string, args ...any) error {
	return paceline.FieldErrorf("rules", "line %d: %s", n.Line, fmt.Sprintf(format, args...))
}

func points(n *yaml.Node) (float64, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, lineError(n, "want a number of points")
	}
	p, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || math.IsNaN(p) || math.IsInf(p, 0) {
		return 0, lineError(n, "%q is not a number of points", n.Value)
	}
	if math.Abs(p) > maxPoints {
		return 0, lineError(n, "%g points is outside -100..100", p)
	}
	return p, nil
}

func weights(n *yaml.Node, section string, check func(string) error) ([]Weight, error) {
	if n.Kind != yaml.MappingNode {
		return nil, lineError(n, "%s wants a mapping of name: points", section)
	}
	var out []Weight
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := strings.TrimSpace(k.Value)
		if name == "" {
			return nil, lineError(k, "%s has an empty name", section)
		}
		if check != nil {
			if err := check(name); err != nil {
				return nil, lineError(k, "%s: %v", section, err)
			}
		}
		for _, w := range out {
			if strings.EqualFold(w.Match, name) {
				return nil, lineError(k, "%s %q appears twice", section, name)
			}
		}
		p, err := points(v)
		if err != nil {
			return nil, err
		}
		out = append(out, Weight{Match: name, Points: p, Line: k.Line})
	}
	return out, nil
}

func checkSeniority(s string) error {
	if slices.Contains(paceline.Seniorities, paceline.Seniority(s)) {
		return nil
	}
	names := make([]string, len(paceline.Seniorities))
	for i, v := range paceline.Seniorities {
		names[i] = string(v)
	}
	return fmt.Errorf("%q is not a seniority (want one of %s)", s, strings.Join(names, ", "))
}

func checkDepartment(s string) error {
	if slices.Contains(paceline.Departments, s) {
		return nil
	}
	return fmt.Errorf("%q is not a department (want one of %s)", s, strings.Join(paceline.Departments, ", "))
}

func sizeWeights(n *yaml.Node) ([]SizeWeight, error) {
	if n.Kind != yaml.MappingNode {
		return nil, lineError(n, "company_size wants a mapping of \"MIN-MAX\": points")
	}
	var out []SizeWeight
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		lo, hi, err := parseRange(k.Value)
		if err != nil {
			return nil, lineError(k, "company_size %q: %v", k.Value, err)
		}
		p, err := points(v)
		if err != nil {
			return nil, err
		}
		out = append(out, SizeWeight{Label: k.Value, Min: lo, Max: hi, Points: p, Line: k.Line})
	}
	return out, nil
}

// parseRange reads "11-50", "5001+" or "200".
func parseRange(s string) (lo, hi int, err error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if t, ok := strings.CutSuffix(s, "+"); ok {
		lo, err = strconv.Atoi(strings.TrimSpace(t))
		if err != nil || lo < 0 {
			return 0, 0, fmt.Errorf("want MIN-MAX or MIN+ with whole numbers")
		}
		return lo, 0, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || lo < 0 || hi < lo || hi == 0 {
		return 0, 0, fmt.Errorf("want MIN-MAX (MIN <= MAX) or MIN+ with whole numbers")
	}
	return lo, hi, nil
}

func customWeights(n *yaml.Node) ([]CustomWeights, error) {
	if n.Kind != yaml.MappingNode {
		return nil, lineError(n, "custom wants a mapping of column: {word: points}")
	}
	var out []CustomWeights
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ws, err := weights(v, "custom."+k.Value, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, CustomWeights{Field: k.Value, Values: ws, Line: k.Line})
	}
	return out, nil
}

func signals(n *yaml.Node) (Signals, error) {
	var s Signals
	if n.Kind != yaml.MappingNode {
		return s, lineError(n, "signals wants a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		switch k.Value {
		case "open_profile":
			s.OpenProfile, err = points(v)
		case "premium":
			s.Premium, err = points(v)
		case "has_email":
			s.HasEmail, err = points(v)
		case "mutual_connections":
			if v.Kind != yaml.MappingNode {
				return s, lineError(v, "mutual_connections wants {per: POINTS, max: POINTS}")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				kk, vv := v.Content[j], v.Content[j+1]
				switch kk.Value {
				case "per":
					s.MutualPer, err = points(vv)
				case "max":
					s.MutualMax, err = points(vv)
				default:
					err = lineError(kk, "mutual_connections has no %q (want per and max)", kk.Value)
				}
				if err != nil {
					return s, err
				}
			}
		default:
			err = lineError(k, "unknown signal %q (want mutual_connections, open_profile, premium, has_email)", k.Value)
		}
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

// prepare fills the lower-cased match forms, the rule names and the explanation
// sentences, so that scoring a lead allocates only its explanation.
func (r *Rules) prepare() {
	set := func(ws []Weight, section string, why func(m string) string) {
		for i := range ws {
			ws[i].lowerBytes = []byte(strings.ToLower(ws[i].Match))
			ws[i].name = section + ":" + ws[i].Match
			ws[i].why = why(ws[i].Match)
		}
	}
	set(r.Seniority, "seniority", func(m string) string { return "seniority is " + m })
	set(r.Department, "department", func(m string) string { return "department is " + m })
	set(r.TitleKeywords, "title_keywords", func(m string) string { return "title mentions " + strconv.Quote(m) })
	set(r.Industry, "industry", func(m string) string { return "industry mentions " + strconv.Quote(m) })
	set(r.Location, "location", func(m string) string {
		if strings.Contains(m, "/") {
			return "time zone is in " + m
		}
		return "location mentions " + strconv.Quote(m)
	})
	for i := range r.CompanySize {
		r.CompanySize[i].name = "company_size:" + r.CompanySize[i].Label
		r.CompanySize[i].why = "company has " + r.CompanySize[i].Label + " employees"
	}
	for i := range r.Custom {
		f := r.Custom[i].Field
		r.Custom[i].key = customKey(f)
		set(r.Custom[i].Values, "custom."+f, func(m string) string { return f + " mentions " + strconv.Quote(m) })
	}
}

// Marshal writes the ruleset back as YAML, in its order, for instance after Learn.
func (r *Rules) Marshal() ([]byte, error) {
	num := func(p float64) *yaml.Node {
		p = math.Round(p*100) / 100
		tag := "!!float"
		if p == math.Trunc(p) {
			tag = "!!int"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: strconv.FormatFloat(p, 'f', -1, 64)}
	}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	mapping := func(ws []Weight) *yaml.Node {
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, w := range ws {
			m.Content = append(m.Content, str(w.Match), num(w.Points))
		}
		return m
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(name string, v *yaml.Node) { root.Content = append(root.Content, str(name), v) }
	add("base", num(r.Base))
	add("seniority", mapping(r.Seniority))
	add("department", mapping(r.Department))
	add("title_keywords", mapping(r.TitleKeywords))
	add("industry", mapping(r.Industry))
	sizes := &yaml.Node{Kind: yaml.MappingNode}
	for _, s := range r.CompanySize {
		sizes.Content = append(sizes.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: s.Label}, num(s.Points))
	}
	add("company_size", sizes)
	add("location", mapping(r.Location))
	custom := &yaml.Node{Kind: yaml.MappingNode}
	for _, c := range r.Custom {
		custom.Content = append(custom.Content, str(c.Field), mapping(c.Values))
	}
	add("custom", custom)
	sig := &yaml.Node{Kind: yaml.MappingNode}
	mutual := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	mutual.Content = append(mutual.Content, str("per"), num(r.Signals.MutualPer), str("max"), num(r.Signals.MutualMax))
	sig.Content = append(sig.Content, str("mutual_connections"), mutual,
		str("open_profile"), num(r.Signals.OpenProfile), str("premium"), num(r.Signals.Premium),
		str("has_email"), num(r.Signals.HasEmail))
	add("signals", sig)
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
	if err != nil {
		return nil, fmt.Errorf("marshal rules: %w", err)
	}
	return out, nil
}
