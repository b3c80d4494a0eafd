// Package plural writes counted nouns as a user reads them: "1 lead", "0 leads",
// "2 key hashes". The CLI, the API and the dashboard all use it, so that no message
// says "1 leads" and no package keeps its own copy of the rule.
package plural

import (
	"strconv"
	"strings"
)

// Count returns n and the noun, the noun in the plural unless n is 1 or -1:
// Count(1, "lead") is "1 lead", Count(3, "reply") is "3 replies".
func Count(n int, noun string) string {
	return strconv.Itoa(n) + " " + Noun(n, noun)
}

// Noun returns the noun as it follows the number n: singular for 1 and -1, plural
// otherwise (English says "0 leads").
func Noun(n int, noun string) string {
	if n == 1 || n == -1 {
		return noun
	}
	return Of(noun)
}

// Verb returns one when n is 1 or -1, else many: Verb(n, "was", "were") for the verb
// that agrees with a counted subject.
func Verb(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// Of returns the plural of an English noun (of the last word of a phrase), for the
// regular nouns paceline's messages count: "hash" -> "hashes", "reply" -> "replies",
// "day" -> "days", "lead" -> "leads". Irregular nouns are not among them.
func Of(noun string) string {
	switch {
	case noun == "":
		return noun
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "z"),
		strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}
