package personalize

import "testing"

// BenchmarkRender measures one note render (spintax, a conditional, fields and the
// whitespace tidy-up), the work done per invite or message sent.
func BenchmarkRender(b *testing.B) {
	tmpl, err := Parse(`{Hi|Hello} {{first_name}}, {{if company}}I came across your work at {{company}} and {{else}}I came across your profile and {{end}}would {be glad|love} to connect. {{sender_first_name | default: ""}}`)
	if err != nil {
		b.Fatal(err)
	}
	d := Data{Fields: map[string]string{"first_name": "Zoë", "company": "Müller & Söhne", "sender_first_name": "Ana"}}
	b.ReportAllocs()
	var n uint64
	for b.Loop() {
		if _, err := Render(tmpl, d, n); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "renders/s")
}

// BenchmarkParse measures compiling the same note.
func BenchmarkParse(b *testing.B) {
	src := `{Hi|Hello} {{first_name}}, {{if company}}I came across your work at {{company}} and {{else}}I came across your profile and {{end}}would {be glad|love} to connect. {{sender_first_name | default: ""}}`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}
