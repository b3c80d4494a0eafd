package enrich

import (
	"strings"
	"unicode"
)

// asciiFold maps the Latin letters with diacritics and the Latin letters of their own
// (ß, æ, ø, ł ...) to the ASCII that company mail systems use for them. Umlauts fold to
// the bare vowel here (ü -> u); the German spelling (ü -> ue) is offered as a second
// variant by localParts.
var asciiFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'ĉ': "c", 'ċ': "c", 'č': "c",
	'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ĝ': "g", 'ğ': "g", 'ġ': "g", 'ģ': "g",
	'ĥ': "h", 'ħ': "h",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i", 'ı': "i",
	'ĵ': "j", 'ķ': "k", 'ĸ': "k",
	'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ŀ': "l", 'ł': "l",
	'ñ': "n", 'ń': "n", 'ņ': "n", 'ň': "n", 'ŉ': "n", 'ŋ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ŏ': "o", 'ő': "o",
	'ŕ': "r", 'ŗ': "r", 'ř': "r",
	'ś': "s", 'ŝ': "s", 'ş': "s", 'š': "s", 'ș': "s", 'ſ': "s",
	'ţ': "t", 'ť': "t", 'ŧ': "t", 'ț': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ũ': "u", 'ū': "u", 'ŭ': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ŵ': "w", 'ý': "y", 'ÿ': "y", 'ŷ': "y",
	'ź': "z", 'ż': "z", 'ž': "z",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ĳ': "ij",
}

// germanFold is the German spelling of the umlauts, as German companies often write
// them in addresses (Müller -> mueller).
var germanFold = map[rune]string{'ä': "ae", 'ö': "oe", 'ü': "ue"}

// Transliterate writes a name part as an address's local part would: lower-case ASCII
// letters and digits, diacritics folded (é -> e, ß -> ss, ø -> o, ł -> l), spaces,
// apostrophes and dots dropped ("O'Brien" -> obrien, "de la Tour" -> delatour), inner
// hyphens kept. Letters with no ASCII form (Cyrillic, CJK ...) are dropped, so the
// result may be empty: a name that needs a real transliteration gets no guesses rather
// than wrong ones.
func Transliterate(name string) string {
	return fold(name, nil)
}

func fold(name string, extra map[rune]string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == '‐' || r == '–':
			b.WriteByte('-')
		case extra[r] != "":
			b.WriteString(extra[r])
		case asciiFold[r] != "":
			b.WriteString(asciiFold[r])
		case unicode.Is(unicode.Mn, r):
			// A combining accent written apart from its letter (e + U+0301): drop it.
		}
	}
	s := b.String()
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return strings.Trim(s, "-")
}

// localParts returns the ways a name part may be written in an address: the folded form
// and, for a name with umlauts, the German spelling after it.
func localParts(name string) []string {
	plain := fold(name, nil)
	if plain == "" {
		return nil
	}
	if german := fold(name, germanFold); german != plain {
		return []string{plain, german}
	}
	return []string{plain}
}
