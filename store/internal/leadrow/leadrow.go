// Package leadrow is how both stores write a lead into a row and read it back: the
// JSON of a score explanation and of custom fields, the kinds of lead_keys, the fill
// rule of enrichment and the suppression reasons. The SQLite and the PostgreSQL store
// hold the same columns (their migrations 0002), so they share this one encoding and
// cannot drift apart; neither store imports the other.
package leadrow

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Suppression reasons the stores write themselves: the root package's, which commands
// also write.
const (
	ReasonOptOut = paceline.ReasonOptOut
	ReasonErased = paceline.ReasonErased
)

// OutreachKinds are the action kinds that ask a lead for an answer: a lead counts in
// the ledger's outcomes once one of them was carried out.
var OutreachKinds = []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage,
	paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail}

// ExplanationJSON encodes an explanation as JSON pairs of rule and points,
// [["base",10],["seniority:vp",20]]. The sentences (Why) are not stored: they follow
// from the rule and the lead (score.Rules.Explain says them again), and stored they
// were two thirds of a lead's bytes. Encoding by hand, since an import encodes one
// explanation per lead and reflection was a tenth of its time.
func ExplanationJSON(e []paceline.ScoreContribution) (string, error) {
	if len(e) == 0 {
		return "[]", nil
	}
	b := make([]byte, 0, 28*len(e))
	b = append(b, '[')
	for i, c := range e {
		if math.IsNaN(c.Points) || math.IsInf(c.Points, 0) {
			return "", fmt.Errorf("encode score explanation: rule %s has %v points", c.Rule, c.Points)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, c.Rule)
		b = append(b, ',')
		b = appendPoints(b, c.Points)
		b = append(b, ']')
	}
	return string(append(b, ']')), nil
}

// ParseExplanation decodes ExplanationJSON's pairs; "[]" is no explanation.
func ParseExplanation(s string) ([]paceline.ScoreContribution, error) {
	if s == "[]" {
		return nil, nil
	}
	if out, ok := parsePlainPairs(s); ok {
		return out, nil
	}
	var pairs [][2]json.RawMessage
	if err := json.Unmarshal([]byte(s), &pairs); err != nil {
		return nil, err
	}
	out := make([]paceline.ScoreContribution, len(pairs))
	for i, p := range pairs {
		if err := json.Unmarshal(p[0], &out[i].Rule); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(p[1], &out[i].Points); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 is kept as it is; the
// decoder replaces it, as it would for encoding/json's output.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	// Nearly every string needs no escape: copy the run before the first that does
	// in one piece.
	plain := 0
	for plain < len(s) && s[plain] >= 0x20 && s[plain] != '"' && s[plain] != '\\' {
		plain++
	}
	b = append(b, s[:plain]...)
	for i := plain; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// CustomJSON encodes a lead's custom fields as a JSON object; none is "{}".
func CustomJSON(m map[string]string) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode custom fields: %w", err)
	}
	return string(b), nil
}

// JSONColumns encodes the JSON columns of l other than details: its score
// explanation (ExplanationJSON) and its custom fields (CustomJSON).
func JSONColumns(l *paceline.Lead) (expl, custom string, err error) {
	if expl, err = ExplanationJSON(l.Explanation); err != nil {
		return "", "", err
	}
	if custom, err = CustomJSON(l.Custom); err != nil {
		return "", "", err
	}
	return expl, custom, nil
}

// ParseCustom decodes CustomJSON's object; "{}" is no fields (a nil map).
func ParseCustom(s string) (map[string]string, error) {
	if s == "{}" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	return m, nil
}

// KeyKind maps a key type to the kind stored in lead_keys.
func KeyKind(t lead.KeyType) string { return t.String() }

// ParseKey reads one lead_keys row of lead id (its kind and value) back into a key.
func ParseKey(id int64, kind, value string) (lead.Key, error) {
	for _, t := range []lead.KeyType{lead.KeyProfile, lead.KeySales, lead.KeyEmail} {
		if t.String() == kind {
			return lead.Key{Type: t, Value: value}, nil
		}
	}
	return lead.Key{}, fmt.Errorf("lead %d has a key of unknown kind %q", id, kind)
}

// FillEmpty copies into cur the enrichable fields of l that cur lacks: a value the
// user typed or imported always wins over one found later. It reports whether cur
// gained anything, so a store writes back only the leads that changed. The names and
// the profile URL are never copied, as enrich.NotStored says (and a test checks), so
// that "leads enrich" can report what it stored: enrichment does not change who a
// lead is.
func FillEmpty(cur, l *paceline.Lead) (changed bool) {
	fill := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst, changed = v, true
		}
	}
	fill(&cur.Email, l.Email)
	fill(&cur.Company, l.Company)
	fill(&cur.CompanyKey, l.CompanyKey)
	fill(&cur.Title, l.Title)
	fill(&cur.Department, l.Department)
	fill(&cur.Location, l.Location)
	fill(&cur.TimeZone, l.TimeZone)
	fill(&cur.Industry, l.Industry)
	if cur.Seniority == "" && l.Seniority != "" {
		cur.Seniority, changed = l.Seniority, true
	}
	if cur.EmployeesMin == 0 && cur.EmployeesMax == 0 && (l.EmployeesMin != 0 || l.EmployeesMax != 0) {
		cur.EmployeesMin, cur.EmployeesMax, changed = l.EmployeesMin, l.EmployeesMax, true
	}
	for k, v := range l.Custom {
		if _, ok := cur.Custom[k]; ok || v == "" {
			continue
		}
		if cur.Custom == nil {
			cur.Custom = make(map[string]string, len(l.Custom))
		}
		cur.Custom[k], changed = v, true
	}
	return changed
}
