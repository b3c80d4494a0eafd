package sequence

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Facts are what an `if:` can test about a lead when its step comes due.
type Facts struct {
	Connected   bool // a 1st-degree connection of the sending account
	OpenProfile bool // has Open Profile: messages without InMail credits
	HasEmail    bool // an email address is known
	Premium     bool // the lead has a Premium subscription
	Score       int  // the lead's ICP score, 0-100
}

// Condition is a parsed `if:` expression: facts (connected, open_profile, has_email,
// premium), comparisons of the score (score >= 60), combined with not, and, or and
// parentheses. not binds tighter than and, and tighter than or.
type Condition struct {
	op    condOp
	fact  string // for opFact
	cmp   string // for opScore: one of >= > <= < == !=
	n     int    // for opScore
	left  *Condition
	right *Condition // nil for opNot
	src   string
}

type condOp uint8

const (
	opFact condOp = iota
	opScore
	opNot
	opAnd
	opOr
)

// factNames are the facts a condition can name, in the order messages list them.
var factNames = []string{"connected", "open_profile", "has_email", "premium"}

// ParseCondition reads a condition such as "has_email and not connected" or
// "open_profile or score >= 70".
func ParseCondition(s string) (*Condition, error) {
	toks, err := lexCondition(s)
	if err != nil {
		return nil, err
	}
	p := &condParser{toks: toks}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q in condition %q (join facts with and / or)", p.toks[p.i], s)
	}
	c.src = strings.Join(strings.Fields(s), " ")
	return c, nil
}

func lexCondition(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')':
			toks = append(toks, s[i:i+1])
			i++
		case strings.IndexByte("<>=!", c) >= 0:
			j := i + 1
			if j < len(s) && s[j] == '=' {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			j := i + 1
			for j < len(s) && (s[j] == '_' || '0' <= s[j] && s[j] <= '9' || 'a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q in condition %q (write facts with and, or, not and score >= N)", c, s)
		}
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty condition (name a fact: %s, or score >= N)", strings.Join(factNames, ", "))
	}
	return toks, nil
}

type condParser struct {
	toks []string
	i    int
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *condParser) or() (*Condition, error) {
	left, err := p.and()
	for err == nil && p.peek() == "or" {
		p.i++
		var right *Condition
		if right, err = p.and(); err == nil {
			left = &Condition{op: opOr, left: left, right: right}
		}
	}
	return left, err
}

func (p *condParser) and() (*Condition, error) {
	left, err := p.unary()
	for err == nil && p.peek() == "and" {
		p.i++
		var right *Condition
		if right, err = p.unary(); err == nil {
			left = &Condition{op: opAnd, left: left, right: right}
		}
	}
	return left, err
}

func (p *condParser) unary() (*Condition, error) {
	switch tok := p.peek(); tok {
	case "not":
		p.i++
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Condition{op: opNot, left: c}, nil
	case "(":
		p.i++
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("'(' is not closed with ')'")
		}
		p.i++
		return c, nil
	case "":
		return nil, fmt.Errorf("condition ends where a fact was expected")
	case "score":
		p.i++
		cmp := p.peek()
		switch cmp {
		case ">=", ">", "<=", "<", "==", "!=":
		case "=":
			cmp = "=="
		default:
			return nil, fmt.Errorf("score needs a comparison, such as score >= 60")
		}
		p.i++
		n, err := strconv.Atoi(p.peek())
		if err != nil {
			return nil, fmt.Errorf("score %s needs a whole number, not %q", cmp, p.peek())
		}
		p.i++
		return &Condition{op: opScore, cmp: cmp, n: n}, nil
	default:
		for _, f := range factNames {
			if tok == f {
				p.i++
				return &Condition{op: opFact, fact: tok}, nil
			}
		}
		return nil, fmt.Errorf("unknown fact %q (want %s, or score >= N, joined with and, or, not)", tok, strings.Join(factNames, ", "))
	}
}

// MinScore and MaxScore bound a lead's ICP score.
const (
	MinScore = 0
	MaxScore = 100
)

// scoreRangeErrors returns an error for every comparison of the score in c that holds
// for every score from MinScore to MaxScore, or for none: score >= 500 would skip the
// step for every lead and score <= 500 guard nothing, both most likely a slip for a
// number in range.
func (c *Condition) scoreRangeErrors() []error {
	if c == nil {
		return nil
	}
	if c.op == opScore {
		if err := c.checkScoreRange(); err != nil {
			return []error{err}
		}
		return nil
	}
	return append(c.left.scoreRangeErrors(), c.right.scoreRangeErrors()...)
}

func (c *Condition) checkScoreRange() error {
	holds := 0
	for s := MinScore; s <= MaxScore; s++ {
		if c.Eval(Facts{Score: s}) {
			holds++
		}
	}
	switch holds {
	case 0:
		return fmt.Errorf("score %s %d never holds: scores go from %d to %d, so every lead would skip the step (compare with a number from %d to %d, such as score >= 60)", c.cmp, c.n, MinScore, MaxScore, MinScore, MaxScore)
	case MaxScore - MinScore + 1:
		return fmt.Errorf("score %s %d always holds: scores go from %d to %d, so it guards nothing (compare with a number that splits %d to %d, such as score >= 60, or leave the score test out)", c.cmp, c.n, MinScore, MaxScore, MinScore, MaxScore)
	}
	return nil
}

// Eval reports whether the condition holds for a lead with facts f. A nil condition
// always holds.
func (c *Condition) Eval(f Facts) bool {
	if c == nil {
		return true
	}
	switch c.op {
	case opFact:
		switch c.fact {
		case "connected":
			return f.Connected
		case "open_profile":
			return f.OpenProfile
		case "has_email":
			return f.HasEmail
		case "premium":
			return f.Premium
		}
		return false
	case opScore:
		switch c.cmp {
		case ">=":
			return f.Score >= c.n
		case ">":
			return f.Score > c.n
		case "<=":
			return f.Score <= c.n
		case "<":
			return f.Score < c.n
		case "==":
			return f.Score == c.n
		default:
			return f.Score != c.n
		}
	case opNot:
		return !c.left.Eval(f)
	case opAnd:
		return c.left.Eval(f) && c.right.Eval(f)
	default:
		return c.left.Eval(f) || c.right.Eval(f)
	}
}

// String returns the condition as written, with spacing normalised.
func (c *Condition) String() string {
	if c == nil {
		return ""
	}
	if c.src != "" {
		return c.src
	}
	switch c.op {
	case opFact:
		return c.fact
	case opScore:
		return fmt.Sprintf("score %s %d", c.cmp, c.n)
	case opNot:
		return "not (" + c.left.String() + ")"
	case opAnd:
		return "(" + c.left.String() + " and " + c.right.String() + ")"
	default:
		return "(" + c.left.String() + " or " + c.right.String() + ")"
	}
}

// requires reports whether the condition can only hold when the named fact is true,
// by trying every combination of the other facts and every score that matters.
func (c *Condition) requires(fact string) bool {
	if c == nil {
		return false
	}
	scores := []int{math.MinInt, 0, 100, math.MaxInt}
	var collect func(*Condition)
	collect = func(c *Condition) {
		if c == nil {
			return
		}
		if c.op == opScore {
			scores = append(scores, c.n-1, c.n, c.n+1)
		}
		collect(c.left)
		collect(c.right)
	}
	collect(c)
	for bits := range 16 {
		f := Facts{Connected: bits&1 != 0, OpenProfile: bits&2 != 0, HasEmail: bits&4 != 0, Premium: bits&8 != 0}
		if f.TemplateFacts()[fact] {
			continue
		}
		for _, s := range scores {
			f.Score = s
			if c.Eval(f) {
				return false
			}
		}
	}
	return true
}

// TemplateFacts returns the facts under the names templates test them by, so that
// {{if open_profile}} in a text and `if: open_profile` on a step agree.
func (f Facts) TemplateFacts() map[string]bool {
	return map[string]bool{
		"connected":    f.Connected,
		"open_profile": f.OpenProfile,
		"has_email":    f.HasEmail,
		"premium":      f.Premium,
	}
}
