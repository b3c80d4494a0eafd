package lead

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// credentials are post-nominal letters people append to their LinkedIn names. They are
// matched on the token with dots removed, upper-cased.
var credentials = map[string]bool{
	"MBA": true, "PHD": true, "CPA": true, "CFA": true, "PMP": true, "MD": true, "JD": true,
	"CISSP": true, "CISA": true, "CISM": true, "PE": true, "RN": true, "ESQ": true, "MSC": true,
	"MS": true, "MA": true, "BSC": true, "BA": true, "BS": true, "MPH": true, "DDS": true,
	"DVM": true, "CFP": true, "SHRM-CP": true, "SHRM-SCP": true, "SPHR": true, "PHR": true,
	"CSM": true, "CSPO": true, "ACCA": true, "ACA": true, "FCA": true, "CIMA": true, "LLM": true,
	"LLB": true, "MSW": true, "EDD": true, "DBA": true, "MENG": true, "PENG": true, "FRM": true,
	"CAIA": true, "CEBS": true, "CHRP": true, "CCP": true, "ITIL": true, "PSM": true,
}

// honorifics are forms of address written before a name.
var honorifics = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "prof": true,
	"sir": true, "dame": true, "herr": true, "frau": true, "mme": true, "mlle": true, "m": true,
	"dott": true, "ing": true, "sr": true, "sra": true, "srta": true, "rev": true,
}

// CleanName tidies one name part as people type it on LinkedIn: emoji, pictographs and
// invisible joiners go, so do bracketed asides ("(she/her)"), post-nominal credentials
// (", MBA", "PhD, CPA") and leading honorifics ("Dr.", "Prof."); diacritics stay. A name
// written all in capitals or all in small letters is put in title case.
func CleanName(s string) string {
	if isSimpleName(s) {
		return fixCase(s)
	}
	s = stripSymbols(s)
	s = dropBracketed(s)
	if i := strings.IndexByte(s, ','); i >= 0 {
		var kept []string
		kept = append(kept, s[:i])
		for _, part := range strings.Split(s[i+1:], ",") {
			if !allCredentials(part) {
				kept = append(kept, part)
			}
		}
		s = strings.Join(kept, " ")
	}
	tokens := strings.Fields(s)
	for len(tokens) > 1 && isCredential(tokens[len(tokens)-1]) {
		tokens = tokens[:len(tokens)-1]
	}
	for len(tokens) > 1 && honorifics[strings.ToLower(strings.TrimSuffix(tokens[0], "."))] {
		tokens = tokens[1:]
	}
	s = strings.Join(tokens, " ")
	return fixCase(s)
}

// isSimpleName reports whether s is one plain word of letters (with hyphens and
// apostrophes), which needs no cleaning beyond its case: the common case, kept free
// of allocations.
func isSimpleName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !(c|0x20 >= 'a' && c|0x20 <= 'z' || c == '-' || c == '\'') {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			return false
		}
		i += n
	}
	return true
}

// SplitName splits a full name into first and last name: the first word is the first
// name and the rest the last name ("Anne-Marie de La Tour" -> "Anne-Marie",
// "de La Tour"). It is a guess; a source with separate columns is always preferred.
func SplitName(full string) (first, last string) {
	full = strings.TrimSpace(full)
	i := strings.IndexByte(full, ' ')
	if i < 0 {
		return full, ""
	}
	return full[:i], strings.TrimSpace(full[i+1:])
}

func isCredential(tok string) bool {
	t := strings.ToUpper(strings.ReplaceAll(strings.Trim(tok, ".,;"), ".", ""))
	return credentials[t]
}

func allCredentials(part string) bool {
	toks := strings.Fields(part)
	if len(toks) == 0 {
		return true
	}
	for _, t := range toks {
		if !isCredential(t) {
			return false
		}
	}
	return true
}

// stripSymbols removes emoji, pictographs, symbols, format characters (zero-width
// joiners, variation selectors) and private-use code points.
func stripSymbols(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < 0x20 || c == '|' || c == '*' {
			plain = false
			break
		}
	}
	if plain {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r == '|', r == '*', r < 0x20:
			b.WriteByte(' ')
		case unicode.In(r, unicode.So, unicode.Sk, unicode.Cf, unicode.Co, unicode.Cs, unicode.Sm) && r != '+':
			b.WriteByte(' ')
		case unicode.Is(unicode.Variation_Selector, r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// dropBracketed removes "(...)" and "[...]" asides such as pronouns or nicknames.
func dropBracketed(s string) string {
	if strings.IndexAny(s, "([") < 0 {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// fixCase title-cases a name that has no lower-case or no upper-case letter at all.
func fixCase(s string) string {
	hasUpper, hasLower, letters := false, false, 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			hasUpper = true
		} else if unicode.IsLower(r) {
			hasLower = true
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 2 || hasUpper == hasLower {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		if start {
			b.WriteRune(unicode.ToTitle(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = r == ' ' || r == '-' || r == '\''
	}
	return b.String()
}
