package enrich

import (
	"reflect"
	"testing"
)

func TestTransliterate(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"José", "jose"},
		{"Renée", "renee"},
		{"Straße", "strasse"},
		{"Søren", "soren"},
		{"Łukasz", "lukasz"},
		{"Æsa", "aesa"},
		{"Œuvre", "oeuvre"},
		{"Þór", "thor"},
		{"Đorđe", "dorde"},
		{"Müller", "muller"},
		{"O'Brien", "obrien"},
		{"de la Tour", "delatour"},
		{"Anne-Marie", "anne-marie"},
		{"  -Jean--Luc- ", "jean-luc"},
		{"Zoe\u0308", "zoe"}, // e + combining diaeresis
		{"Иван", ""},
		{"王", ""},
		{"J.R.", "jr"},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in); got != tt.want {
			t.Errorf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGuesses(t *testing.T) {
	t.Parallel()
	locals := func(gs []guess) []string {
		var out []string
		for _, g := range gs {
			out = append(out, g.local)
		}
		return out
	}
	got := locals(guesses(DefaultPatterns, "Jane", "Doe"))
	want := []string{
		"jane.doe", "jane", "jdoe", "janedoe", "jane_doe", "j.doe", "janed", "doe",
		"doe.jane", "doej", "jane.d", "jane-doe", "doejane",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("guesses(Jane Doe) =\n%v\nwant\n%v", got, want)
	}

	// Only a first name: only the pattern that needs nothing else.
	if got := locals(guesses(DefaultPatterns, "Cher", "")); !reflect.DeepEqual(got, []string{"cher"}) {
		t.Errorf("guesses(Cher) = %v", got)
	}

	// Umlauts give the German spelling too, at half the weight.
	gs := guesses(DefaultPatterns[:1], "Jürgen", "Müller")
	wantG := []guess{
		{"jurgen.muller", "first.last", 0.40, 0.40, "", ""},
		{"jurgen.mueller", "first.last", 0.40, 0.20, "German spelling of the umlauts", ""},
		{"juergen.muller", "first.last", 0.40, 0.20, "German spelling of the umlauts", ""},
		{"juergen.mueller", "first.last", 0.40, 0.10, "German spelling of the umlauts", ""},
	}
	if !reflect.DeepEqual(gs, wantG) {
		t.Errorf("guesses(Jürgen Müller) = %v, want %v", gs, wantG)
	}

	// A hyphenated first name also tries its first half and the joined form.
	got = locals(guesses(DefaultPatterns[:1], "Anne-Marie", "Lévy"))
	if want := []string{"anne-marie.levy", "anne.levy", "annemarie.levy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("guesses(Anne-Marie Lévy) = %v, want %v", got, want)
	}
	if gs := guesses(DefaultPatterns, "Иван", "Петров"); len(gs) != 0 {
		t.Errorf("guesses(Cyrillic) = %v, want none", gs)
	}
}

func TestPatternByName(t *testing.T) {
	t.Parallel()
	p, ok := PatternByName("flast")
	if !ok || p.Address("jane", "doe") != "jdoe" {
		t.Errorf("PatternByName(flast) = %v, %v", p.Name, ok)
	}
	if _, ok := PatternByName("nope"); ok {
		t.Error("PatternByName(nope) found something")
	}
	total := 0.0
	for _, p := range DefaultPatterns {
		total += p.Prior
	}
	if total > 1 {
		t.Errorf("pattern priors add up to %v, more than 1", total)
	}
}
