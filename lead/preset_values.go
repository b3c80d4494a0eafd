package lead

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
)

// A hand-made file's identity column can have a name no preset knows ("Profil",
// "Contact", "Lien"): the header alone then finds no way to identify a lead, and the
// import refused the file though one column held nothing but LinkedIn URLs. Its
// values say what it is: the Reader, having sampled the first records, reads such a
// column as its field (applyIdentityGuesses) and, when none is clear enough, names
// the likely ones in its error (identityHint).

// minGuessValues is how many non-empty sampled values a column needs before its
// values may decide what it holds: one URL in a notes column proves nothing.
const minGuessValues = 3

// identityGuess is a column whose values show it identifies leads though its name
// does not: matches of its values non-empty sampled values read as field.
type identityGuess struct {
	column  int    // index in the header
	header  string // as the file wrote it
	field   Field  // FieldProfileURL or FieldEmail
	matches int
	values  int
}

// sure reports whether the column can be read as its field without being told: more
// than half of at least minGuessValues values.
func (g identityGuess) sure() bool {
	return g.values >= minGuessValues && 2*g.matches > g.values
}

// mapFlag returns the --map flag that names the column for its field, quoted for a
// shell: --map 'Profil=linkedin_url'.
func (g identityGuess) mapFlag() string {
	field := "linkedin_url"
	if g.field == FieldEmail {
		field = "email"
	}
	return "--map " + shellword.Quote(g.header+"="+field)
}

// valueKind is what a sampled value reads as: FieldProfileURL, FieldEmail,
// FieldIgnore for an empty value and FieldCustom for anything else.
func valueKind(v string) Field {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return FieldIgnore
	case strings.Contains(strings.ToLower(v), "linkedin.com/"):
		if _, err := CanonicalProfileKey(v); err == nil {
			return FieldProfileURL
		}
	case strings.Contains(v, "@"):
		if _, err := CanonicalEmail(v); err == nil {
			return FieldEmail
		}
	}
	return FieldCustom
}

// guessIdentity returns, most matching first, the custom columns of which some
// sampled values (records as the header orders them) read as LinkedIn profile URLs
// or email addresses, each with the field most of its matching values read as.
func guessIdentity(cols []Column, sample [][]string) []identityGuess {
	var guesses []identityGuess
	for i, c := range cols {
		if c.Field != FieldCustom {
			continue
		}
		var values, urls, emails int
		for _, rec := range sample {
			if i >= len(rec) {
				continue
			}
			switch valueKind(rec[i]) {
			case FieldIgnore:
				continue
			case FieldProfileURL:
				urls++
			case FieldEmail:
				emails++
			}
			values++
		}
		g := identityGuess{column: i, header: c.Header, field: FieldProfileURL, matches: urls, values: values}
		if emails > urls {
			g.field, g.matches = FieldEmail, emails
		}
		if g.matches == 0 {
			continue
		}
		at := len(guesses)
		for at > 0 && g.matches*guesses[at-1].values > guesses[at-1].matches*g.values {
			at--
		}
		guesses = append(guesses[:at], append([]identityGuess{g}, guesses[at:]...)...)
	}
	return guesses
}

// applyIdentityGuesses reads as an identity column each custom column whose sampled
// values are mostly LinkedIn URLs or email addresses (identityGuess.sure), unless
// --map named it (mapped holds the folded headers --map names: "--map Profil=custom"
// keeps it custom). It returns the columns it changed, for the caller to say so, and
// the other guesses, for identityHint.
func applyIdentityGuesses(cols []Column, sample [][]string, mapped map[string]bool) (applied, hints []identityGuess) {
	for _, g := range guessIdentity(cols, sample) {
		if mapped[foldHeader(g.header)] || !g.sure() {
			hints = append(hints, g)
			continue
		}
		cols[g.column].Field, cols[g.column].Custom = g.field, ""
		applied = append(applied, g)
	}
	return applied, hints
}

// identityHint is what the error of a file with no identity column tells the user to
// do: the --map of the columns some of whose values look like identities, else to name
// one.
func identityHint(hints []identityGuess) string {
	if len(hints) == 0 {
		return "name one with --map COLUMN=linkedin_url or --map COLUMN=email"
	}
	flags := make([]string, len(hints))
	for i, g := range hints {
		flags[i] = fmt.Sprintf("%s (%d of its %s %s like one)", g.mapFlag(), g.matches,
			plural.Count(g.values, "value"), plural.Verb(g.matches, "looks", "look"))
	}
	return "if a column holds them, name it: " + strings.Join(flags, ", or ")
}
