package score

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline/spell"
)

// maxListedFields bounds how many custom fields a warning lists when it cannot tell
// which one was meant.
const maxListedFields = 8

// sectionOf names the section that scores a lead field a custom rule may name by
// mistake: such a rule reads a custom column of that name, which an import rarely
// keeps, since it reads the column into the lead field.
var sectionOf = map[string]string{
	"title": "title_keywords", "job_title": "title_keywords", "position": "title_keywords",
	"industry": "industry", "location": "location", "city": "location", "country": "location",
	"state": "location", "seniority": "seniority", "department": "department",
	"company_size": "company_size", "employees": "company_size",
}

// CustomFieldWarnings returns, in the file's order, a sentence for each custom rule
// that can never give points because no stored lead carries its column (known lists
// the custom fields the stored leads carry, as the stores' CustomFieldNames gives
// them), with the field most likely meant, and one for two rules that read the same
// column (Notiz and notiz), whose points would add up. Parse cannot tell: the columns
// are only known from the stored leads.
func (r *Rules) CustomFieldWarnings(known []string) []string {
	var out []string
	reads := map[string]string{} // stored name -> the first rule reading it
	for _, c := range r.Custom {
		name := c.key
		if slices.Contains(known, c.Field) {
			name = c.Field
		}
		if first, ok := reads[name]; ok {
			out = append(out, fmt.Sprintf("custom.%s (line %d) reads the same column as custom.%s (%s): a lead's points from both add up; keep one of them",
				c.Field, c.Line, first, name))
			continue
		}
		reads[name] = c.Field
		if slices.Contains(known, name) {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "custom.%s (line %d) gives no lead points: no stored lead has a custom field %s", c.Field, c.Line, c.key)
		switch s := suggestField(c.key, known); {
		case s != "":
			fmt.Fprintf(&b, " (did you mean %s?)", s)
		case sectionOf[c.key] != "":
			fmt.Fprintf(&b, "; %s is a lead field, which the %s section scores", c.key, sectionOf[c.key])
		case len(known) == 0:
			b.WriteString(" (no stored lead has any custom field)")
		case len(known) <= maxListedFields:
			fmt.Fprintf(&b, " (the leads' custom fields: %s)", strings.Join(known, ", "))
		default:
			fmt.Fprintf(&b, " (the leads' custom fields: %s and %d more; paceline leads list --json shows them)",
				strings.Join(known[:maxListedFields], ", "), len(known)-maxListedFields)
		}
		b.WriteString(": name a column as the leads keep it, or import leads with that column first")
		out = append(out, b.String())
	}
	return out
}

// suggestField returns the known field nearest to name when it is close enough to be
// a likely typo: at most two edits, and at most one in three characters, as a
// template's unknown field is answered (package sequence); ignoring case and the
// underscores snake_case puts between words.
func suggestField(name string, known []string) string {
	squash := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "") }
	name = squash(name)
	limit := max(1, min(2, utf8.RuneCountInString(name)/3))
	best, bestDist := "", limit+1
	for _, k := range known {
		if d := spell.Distance(name, squash(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// customPrefix heads a column the import keeps under the name after it, as written
// (lead.CustomPrefix: paceline's export heads custom fields so).
const customPrefix = "custom."

// customKey returns the custom field the lead importer keeps a column headed h under
// (lead's mapColumns): the name after customPrefix as written, else h in snake_case
// ("Favourite Tool" -> favourite_tool). Package lead's tests import this package, so
// it cannot import lead; TestCustomKeyIsTheImporters holds the two together.
func customKey(h string) string {
	h = strings.TrimSpace(h)
	if len(h) > len(customPrefix) && strings.EqualFold(h[:len(customPrefix)], customPrefix) {
		if key := strings.TrimSpace(h[len(customPrefix):]); key != "" {
			return key
		}
	}
	var b strings.Builder
	b.Grow(len(h))
	pending := false
	for _, r := range h {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		pending = true
	}
	if b.Len() == 0 {
		return "column"
	}
	return b.String()
}
