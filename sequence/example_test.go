package sequence_test

import (
	"fmt"

	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// Walking a sequence the way the engine does: a lead who is connected and has an email
// address gets every step; texts render with a seed derived from the lead and the step.
func Example() {
	seq, err := sequence.Parse([]byte(`
name: demo
steps:
  - id: connect
    invite: {note: "{Hi|Hello} {{first_name}}, glad to connect?"}
    wait_for: {event: accepted, timeout: 14d, on_timeout: stop}
  - id: hello
    delay: 1d..2d
    message: "Thanks, {{first_name}}!"
  - id: mail
    delay: {for: 3d, in: working}
    if: has_email and score >= 50
    email: {subject: "Hello {{first_name}}", body: "..."}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	facts := sequence.Facts{Connected: true, HasEmail: true, Score: 70}
	data := personalize.Data{Fields: map[string]string{"first_name": "Zoë"}, Facts: facts.TemplateFacts()}
	for i := 0; i >= 0; {
		st := &seq.Steps[i]
		if !st.If.Eval(facts) {
			i = seq.Skip(i)
			continue
		}
		seed := personalize.Seed("linkedin.com/in/zoe", st.ID)
		note, _ := sequence.RenderNote(st, data, seed, 200)
		subject, body, _ := sequence.RenderText(st, data, seed)
		fmt.Printf("%s %s after %s: %q %q %q\n", st.ID, st.Kind, st.Delay, note, subject, body)
		i = seq.Next(i)
	}
	// Output:
	// connect invite after 0: "Hi Zoë, glad to connect?" "" ""
	// hello message after 1d..2d: "" "" "Thanks, Zoë!"
	// mail email after 3d in working: "" "Hello Zoë" "..."
}

// Parse reports every problem at once, each with its line and step.
func ExampleParse_errors() {
	_, err := sequence.Parse([]byte(`name: broken
steps:
  - id: connect
    invite: {note: "Hi {{first_name}", fallback: later}
  - id: hello
    delay: 1d..
    message: "Thanks!"
    next: nowhere
`))
	fmt.Println(err)
	// Output:
	// line 4, step connect: note: template column 4: unbalanced braces: '{{' is never closed with '}}'
	// line 4, step connect: unknown fallback "later" (want plain, wait or skip)
	// line 6, step hello: delay: empty span (write one like 4d, 2h, 30m, 1d12h or 1d..2d)
	// line 7, step hello: a lead may reach this message without being connected; guard it with if: connected (or send an inmail or open_profile_message)
	// line 8, step hello: next: there is no step "nowhere"
}
