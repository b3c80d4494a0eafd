package email

import (
	"html"
	"strings"
)

// TextToHTML renders a plain-text body as the simple HTML a person's mail program would
// write: blank lines make paragraphs, line breaks stay, and links are clickable. It is
// the HTML alternative of emails whose step wrote only text.
func TextToHTML(text string) string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	var b strings.Builder
	b.WriteString("<html><body>")
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.Trim(para, "\n")
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			writeLinked(&b, line)
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// writeLinked escapes a line and turns http(s) URLs in it into links.
func writeLinked(b *strings.Builder, line string) {
	for line != "" {
		i := strings.Index(line, "https://")
		if j := strings.Index(line, "http://"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			b.WriteString(html.EscapeString(line))
			return
		}
		b.WriteString(html.EscapeString(line[:i]))
		end := i + strings.IndexAny(line[i:]+" ", " \t<>\"")
		url := strings.TrimRight(line[i:end], ".,;:!?)")
		end = i + len(url)
		e := html.EscapeString(url)
		b.WriteString(`<a href="` + e + `">` + e + `</a>`)
		line = line[end:]
	}
}
