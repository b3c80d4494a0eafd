package score

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// Contribution is one line of a score's explanation.
type Contribution = paceline.ScoreContribution

// Score returns the lead's score, its base plus the points of every rule that fires,
// rounded and clamped to 0-100, with one Contribution per rule that gave points (the
// base first, a final "clamp" line when the sum fell outside the scale).
func (r *Rules) Score(l *paceline.Lead) (int, []Contribution) {
	return r.explain(l, nil)
}

// Apply sets the lead's Score and Explanation.
func (r *Rules) Apply(l *paceline.Lead) {
	l.Score, l.Explanation = r.explain(l, l.Explanation[:0])
}

func (r *Rules) explain(l *paceline.Lead, out []Contribution) (int, []Contribution) {
	// Collect in a fixed array on the stack and copy once, so a typical explanation
	// costs one allocation of its exact size.
	var buf [16]Contribution
	var extra []Contribution
	n := 0
	add := func(c Contribution) {
		if n < len(buf) {
			buf[n] = c
			n++
			return
		}
		extra = append(extra, c)
	}
	sum := r.Base
	if r.Base != 0 {
		add(Contribution{Rule: "base", Points: r.Base, Why: "every lead starts here"})
	}
	r.walk(l, func(_ *float64, rule string, pts float64, why string) {
		if pts != 0 {
			sum += pts
			add(Contribution{Rule: rule, Points: pts, Why: why})
		}
	})
	score := math.Round(sum)
	switch {
	case score > 100:
		add(Contribution{Rule: "clamp", Points: 100 - score, Why: "the score is capped at 100"})
		score = 100
	case score < 0:
		add(Contribution{Rule: "clamp", Points: -score, Why: "the score does not go below 0"})
		score = 0
	}
	out = append(out[:0], buf[:n]...)
	return int(score), append(out, extra...)
}

// walk calls fire for every rule that matches the lead, with a pointer to the weight
// that learning adjusts, the rule's name, the points it gives and why.
func (r *Rules) walk(l *paceline.Lead, fire func(weight *float64, rule string, pts float64, why string)) {
	if l.Seniority != "" {
		for i := range r.Seniority {
			w := &r.Seniority[i]
			if w.Match == string(l.Seniority) {
				fire(&w.Points, w.name, w.Points, w.why)
				break
			}
		}
	}
	if l.Department != "" {
		for i := range r.Department {
			w := &r.Department[i]
			if w.Match == l.Department {
				fire(&w.Points, w.name, w.Points, w.why)
				break
			}
		}
	}
	var buf [256]byte
	if l.Title != "" && len(r.TitleKeywords) > 0 {
		title := lowerInto(buf[:0], l.Title)
		for i := range r.TitleKeywords {
			w := &r.TitleKeywords[i]
			if bytes.Contains(title, w.lowerBytes) {
				fire(&w.Points, w.name, w.Points, w.why)
			}
		}
	}
	if l.Industry != "" && len(r.Industry) > 0 {
		industry := lowerInto(buf[:0], l.Industry)
		for i := range r.Industry {
			w := &r.Industry[i]
			if bytes.Contains(industry, w.lowerBytes) {
				fire(&w.Points, w.name, w.Points, w.why)
				break
			}
		}
	}
	if n, ok := headCount(l); ok {
		for i := range r.CompanySize {
			s := &r.CompanySize[i]
			if n >= s.Min && (s.Max == 0 || n <= s.Max) {
				fire(&s.Points, s.name, s.Points, s.why)
				break
			}
		}
	}
	if (l.Location != "" || l.TimeZone != "") && len(r.Location) > 0 {
		location := lowerInto(buf[:0], l.Location)
		for i := range r.Location {
			w := &r.Location[i]
			var hit bool
			if strings.Contains(w.Match, "/") {
				hit = len(l.TimeZone) >= len(w.Match) && strings.EqualFold(l.TimeZone[:len(w.Match)], w.Match)
			} else {
				hit = bytes.Contains(location, w.lowerBytes)
			}
			if hit {
				fire(&w.Points, w.name, w.Points, w.why)
				break
			}
		}
	}
	for i := range r.Custom {
		c := &r.Custom[i]
		v := l.Custom[c.Field]
		if v == "" && c.key != c.Field {
			v = l.Custom[c.key]
		}
		if v == "" {
			continue
		}
		for j := range c.Values {
			w := &c.Values[j]
			if bytes.Contains(lowerInto(buf[:0], v), w.lowerBytes) {
				fire(&w.Points, w.name, w.Points, w.why)
				break
			}
		}
	}
	s := &r.Signals
	if l.MutualConnections > 0 && (s.MutualPer != 0 || s.MutualMax != 0) {
		pts := float64(l.MutualConnections) * s.MutualPer
		if s.MutualMax != 0 && math.Abs(pts) > math.Abs(s.MutualMax) {
			pts = s.MutualMax
		}
		fire(&s.MutualMax, "signals:mutual_connections", pts, mutualWhy(l.MutualConnections))
	}
	if l.OpenProfile {
		fire(&s.OpenProfile, "signals:open_profile", s.OpenProfile, "Open Profile: messages cost no InMail credit")
	}
	if l.Premium {
		fire(&s.Premium, "signals:premium", s.Premium, "Premium member")
	}
	if l.Email != "" {
		fire(&s.HasEmail, "signals:has_email", s.HasEmail, "has an email address for a second channel")
	}
}

// headCount estimates a company's head count from the lead's range: its middle, or its
// floor when the range is open.
func headCount(l *paceline.Lead) (int, bool) {
	switch {
	case l.EmployeesMin == 0 && l.EmployeesMax == 0:
		return 0, false
	case l.EmployeesMax == 0:
		return l.EmployeesMin, true
	default:
		return (l.EmployeesMin + l.EmployeesMax) / 2, true
	}
}

// lowerInto appends s lower-cased to buf, which callers size so that an ordinary
// title or location needs no allocation.
func lowerInto(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// mutualWhys holds the common mutual-connection sentences, built once.
var mutualWhys = func() []string {
	w := make([]string, 100)
	for i := range w {
		w[i] = strconv.Itoa(i) + " mutual connections"
	}
	return w
}()

func mutualWhy(n int) string {
	if n < len(mutualWhys) {
		return mutualWhys[n]
	}
	return strconv.Itoa(n) + " mutual connections"
}
