package shellword

import (
	"os/exec"
	"testing"
)

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"spring":              "spring",
		"paceline-demo.db":    "paceline-demo.db",
		"spring push":         "'spring push'",
		"":                    "''",
		"it's":                `'it'\''s'`,
		"$HOME":               "'$HOME'",
		"a;rm -rf /":          "'a;rm -rf /'",
		"/tmp/my dir/x.db":    "'/tmp/my dir/x.db'",
		"ünïcode":             "'ünïcode'",
		"user@host:8080,a=b+": "user@host:8080,a=b+",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s; want %s", in, got, want)
		}
	}
}

// A quoted word reaches a real shell's command as the one argument it was.
func TestQuoteRoundTripsThroughSh(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, in := range []string{"spring push", "it's", "$HOME `x` \\ \"q\"", "a\nb", "*"} {
		out, err := exec.Command(sh, "-c", "printf %s "+Quote(in)).Output()
		if err != nil {
			t.Fatalf("sh with %s: %v", Quote(in), err)
		}
		if string(out) != in {
			t.Errorf("sh read %s as %q; want %q", Quote(in), out, in)
		}
	}
}
