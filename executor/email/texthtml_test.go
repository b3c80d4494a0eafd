package email

import (
	"strings"
	"testing"
)

func TestTextToHTML(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Hi Ada,\n\nsaw your talk.\nWorth a chat?\n\nAnn",
			"<html><body><p>Hi Ada,</p>\n<p>saw your talk.<br>\nWorth a chat?</p>\n<p>Ann</p>\n</body></html>"},
		{"a < b & \"c\"", "<html><body><p>a &lt; b &amp; &#34;c&#34;</p>\n</body></html>"},
		{"See https://example.com/x?a=1&b=2. Thanks", `<html><body><p>See <a href="https://example.com/x?a=1&amp;b=2">https://example.com/x?a=1&amp;b=2</a>. Thanks</p>` + "\n</body></html>"},
		{"(http://a.test) and https://b.test", `<html><body><p>(<a href="http://a.test">http://a.test</a>) and <a href="https://b.test">https://b.test</a></p>` + "\n</body></html>"},
		{"\r\n\r\n", "<html><body></body></html>"},
	}
	for _, tt := range tests {
		if got := TextToHTML(tt.in); got != tt.want {
			t.Errorf("TextToHTML(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

func FuzzTextToHTML(f *testing.F) {
	for _, s := range []string{"Hi\n\nthere", "https://", "x https://a.b/<script>", "http://http://"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := TextToHTML(s)
		// Whatever the text, no tag but the ones we write may appear.
		stripped := out
		for _, tag := range []string{"<html>", "<body>", "</body>", "</html>", "<p>", "</p>", "<br>", "</a>"} {
			stripped = strings.ReplaceAll(stripped, tag, "")
		}
		for i := 0; i < len(stripped); i++ {
			if stripped[i] == '<' && !strings.HasPrefix(stripped[i:], `<a href="`) {
				t.Fatalf("unescaped < in %q", out)
			}
		}
	})
}
