package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// walkSeq has a step for each way the engine skips one: an InMail (none from a free
// account), an if: on the score, an email (none to a lead without an address, none
// from an account without a mailbox), and an if: on connected, which only the
// campaign decides.
const walkSeq = "name: w\nsteps:\n" +
	"  - id: connect\n    invite: {note: \"Hi {{first_name}}.\"}\n    wait_for: {event: accepted, timeout: 14d}\n" +
	"  - id: thanks\n    if: connected\n    message: {body: \"Thanks {{first_name}}!\"}\n" +
	"  - id: pitch\n    inmail: {subject: \"Hi\", body: \"Hello {{first_name}} at {{company}}\"}\n" +
	"  - id: vip\n    if: connected and score >= 85\n    message: {body: \"VIP {{first_name}}\"}\n" +
	"  - id: mail\n    email: {subject: \"Hi {{first_name}}\", body: \"Hello {{first_name}}\"}\n"

// The preview walks the sequence as the engine would for the lead and the account: it
// rendered every step, an InMail from a free account, an email to a lead without an
// address and a step whose if: does not hold for the lead.
func TestPreviewSkipsWhatTheEngineSkips(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	byStep := func(p previewAnswer) map[string]int {
		m := map[string]int{}
		for i, s := range p.Steps {
			m[s.Step] = i
		}
		return m
	}
	// Linus scores 40 and has no email address; alice is a free account.
	p := preview(t, a, walkSeq, f.Leads[4].ID, `, "account": "alice"`)
	at := byStep(p)
	for step, want := range map[string]string{
		"pitch": "alice (free) has no InMail credits",
		"vip":   "if: connected and score >= 85 does not hold for this lead (score 40)",
		"mail":  "the lead has no email address",
	} {
		s := p.Steps[at[step]]
		if !strings.Contains(s.Skipped, want) || s.Body != "" || s.Problem != "" {
			t.Errorf("step %s: %+v, want skipped: %q", step, s, want)
		}
	}
	if s := p.Steps[at["vip"]]; s.If != "connected and score >= 85" {
		t.Errorf("the skipped step's condition: %q", s.If)
	}
	if s := p.Steps[at["thanks"]]; s.Skipped != "" || s.Body != "Thanks Linus!" || !strings.Contains(s.When, "connected") {
		t.Errorf("an if: connected step: %+v", s)
	}
	if s := p.Steps[at["connect"]]; s.Skipped != "" || s.Note != "Hi Linus." {
		t.Errorf("the invite: %+v", s)
	}
	// Grace scores 80 and has an address: bob (Sales Navigator) sends the InMail, but
	// has no mailbox for the email.
	p = preview(t, a, walkSeq, f.Leads[1].ID, `, "account": "bob"`)
	at = byStep(p)
	if s := p.Steps[at["pitch"]]; s.Skipped != "" || s.Body != "Hello Grace at Navy" {
		t.Errorf("an InMail from Sales Navigator: %+v", s)
	}
	if s := p.Steps[at["mail"]]; !strings.Contains(s.Skipped, "without a mailbox") {
		t.Errorf("an email from an account without a mailbox: %+v", s)
	}
	// Ada scores 90: her vip step is sent if she is connected by then.
	p = preview(t, a, walkSeq, f.Leads[0].ID, `, "account": "bob"`)
	if s := p.Steps[byStep(p)["vip"]]; s.Skipped != "" || s.Body != "VIP Ada" || !strings.Contains(s.When, "connected") {
		t.Errorf("Ada's vip step: %+v", s)
	}
}

// A step the sequence never comes to for the lead is skipped: an if: that does not
// hold jumps past it to its else:.
func TestPreviewSkipsStepsNeverReached(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	seq := "name: r\nsteps:\n" +
		"  - id: connect\n    invite: {note: \"Hi {{first_name}}.\"}\n    wait_for: {event: accepted, timeout: 14d}\n" +
		"  - id: fit\n    if: connected and score >= 50\n    else: last\n    message: {body: \"Fit {{first_name}}.\"}\n" +
		"  - id: pitch\n    if: connected\n    message: {body: \"Pitch {{first_name}}.\"}\n" +
		"  - id: last\n    if: connected\n    message: {body: \"Last {{first_name}}.\"}\n"
	// Linus scores 40: fit is skipped, to last, and pitch never comes.
	p := preview(t, a, seq, f.Leads[4].ID, `, "account": "bob"`)
	if len(p.Steps) != 4 || !strings.Contains(p.Steps[1].Skipped, "the lead goes on to step last") ||
		!strings.Contains(p.Steps[2].Skipped, "never comes to this step") || p.Steps[3].Body != "Last Linus." {
		t.Errorf("a step no path of the lead comes to: %+v", p.Steps)
	}
	// Ada scores 90: every step may come.
	p = preview(t, a, seq, f.Leads[0].ID, `, "account": "bob"`)
	for _, s := range p.Steps {
		if s.Skipped != "" {
			t.Errorf("Ada: %+v", s)
		}
	}
}

// A field no lead has is refused, naming the field and the name likely meant, as
// campaign creation refuses it: {{compnay}} was rendered as a field this lead lacks,
// to be given a default, and {{frist_name | default: "there"}} quietly as "there".
func TestPreviewRefusesUnknownFields(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	seq := "name: t\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{frist_name | default: 'there'}} at {{compnay}}.\"}\n"
	code, body := call(t, a, "POST", "/api/v1/sequences/preview", fmt.Sprintf(`{"yaml": %q, "lead_id": %d}`, seq, f.Leads[0].ID))
	if code != 400 || !strings.Contains(body, "did you mean first_name?") || !strings.Contains(body, "did you mean company?") ||
		strings.Contains(body, "give it a fallback") {
		t.Errorf("unknown fields: %d %s", code, body)
	}
}
