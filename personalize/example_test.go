package personalize_test

import (
	"errors"
	"fmt"

	"github.com/paceline/paceline/personalize"
)

func Example() {
	t, err := personalize.Parse(`{Hi|Hello} {{first_name}}{{if company}} at {{company}}{{end}}, I {read|enjoyed} your post on {{topic | default: "growth"}}.`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Fields())
	lead := personalize.Data{Fields: map[string]string{"first_name": "Łukasz"}}
	seed := personalize.Seed("linkedin.com/in/lukasz", "connect")
	text, _ := personalize.Render(t, lead, seed)
	again, _ := personalize.Render(t, lead, seed)
	fmt.Println(text == again, personalize.RuneCount(text) <= 200)

	_, err = personalize.Render(t, personalize.Data{}, seed)
	var missing *personalize.MissingFieldError
	fmt.Println(errors.As(err, &missing), missing.Field)
	// Output:
	// [first_name company topic]
	// true true
	// true first_name
}

func ExampleParse_errors() {
	for _, src := range []string{"Hi {{first_name | upper}}", "Hi {there", "{{printf \"%s\" .Secret}}", "{{if open_profile}}Hi"} {
		_, err := personalize.Parse(src)
		fmt.Println(err)
	}
	// Output:
	// template column 4: unknown filter "upper" (the only filter is default: "text")
	// template column 4: unbalanced braces: this '{' opens a spin group that is never closed with '}' (write \{ for a literal brace)
	// template column 1: "printf" is a template function or keyword, not a field: templates can only insert lead, account and campaign fields
	// template column 1: unterminated {{if open_profile}}: close it with {{end}}
}
