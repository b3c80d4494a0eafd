package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A step no attempt could carry to the lead (an email to a lead without an address, a
// LinkedIn visit to a lead known only by address) is skipped with the reason, instead
// of failing three times and ending the lead as failed; the steps after it go on.
func TestUnreachableStepsAreSkipped(t *testing.T) {
	t.Parallel()
	seq := parseSeq(t, `
name: mixed
steps:
  - id: look
    visit: {}
  - id: mail
    email: {subject: "Hello {{first_name}}", body: "Hi {{first_name}}"}
  - id: again
    visit: {}
`)
	w := &textWorld{}
	g := newTextEngine(t, w, 300, Options{Seed: 1}, seq)
	noMail := testLead("ada")
	mailOnly := &paceline.Lead{Email: "bob@acme.example", FirstName: "Bob", Score: 50}
	ada, err := g.Enroll("c1", noMail, t0)
	if err != nil {
		t.Fatal(err)
	}
	bob, err := g.Enroll("c1", mailOnly, t0)
	if err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(7*24*time.Hour))
	if got, want := w.kinds("ada"), []string{"visit:look", "visit:again"}; !slices.Equal(got, want) {
		t.Errorf("ada (no address) had %v, want %v", got, want)
	}
	if got, want := w.kinds("email:bob@acme.example"), []string{"email:mail"}; !slices.Equal(got, want) {
		t.Errorf("bob (address only) had %v, want %v", got, want)
	}
	for _, e := range []*Enrollment{ada, bob} {
		if e.State != Finished {
			t.Errorf("%s ended %v (%s), want finished", e.Key, e.State, e.Reason)
		}
	}
	if !strings.Contains(ada.Fallback, "step mail: the lead has no email address; step skipped") {
		t.Errorf("ada's fallback %q should say the email step was skipped for want of an address", ada.Fallback)
	}
	if !strings.Contains(bob.Fallback, "the lead has no LinkedIn profile; step skipped") {
		t.Errorf("bob's fallback %q should say a LinkedIn step was skipped", bob.Fallback)
	}
}
