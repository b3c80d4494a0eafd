package sequence

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// editBase is a running campaign's sequence with every setting TextsOnly compares.
const editBase = `name: q1
min_after_accept: 2h
stop_on: [replied, opted_out, bounced]
steps:
  - id: look
    visit: {}
  - id: connect
    invite:
      note: "Hi {{first_name}}, glad to connect."
      fallback: wait
    wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}
  - id: hello
    delay: 1d..2d
    if: connected
    else: mail
    message:
      variants:
        - {id: a, body: "Thanks, {{first_name}}!"}
        - {id: b, body: "Good to meet you, {{first_name}}."}
  - id: praise
    endorse: {skill: "Go"}
  - id: ask
    delay: 3d
    message: "Would a call help, {{first_name}}?"
    ai: {prompt: "A short follow-up.", fields: [first_name, company]}
    next: mail
  - id: mail
    delay: 5d
    if: has_email
    email:
      subject: "A note, {{first_name}}"
      body: "Hi {{first_name}}, about {{company}}."
`

func TestTextsOnly(t *testing.T) {
	t.Parallel()
	old, err := Parse([]byte(editBase))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		from, to string // replaced once in editBase; several pairs joined by "\x00"
		texts    string // the changes, for an edit TextsOnly accepts
		refused  string // the step (with its line) and the change, for one it refuses
	}{
		{name: "nothing", texts: ""},
		{name: "description only", from: "name: q1\n", to: "name: q1\ndescription: now with words\n", texts: ""},
		{name: "note gets a default", from: "Hi {{first_name}}, glad", to: `Hi {{first_name | default: \"there\"}}, glad`, texts: "connect (line 7): note"},
		{name: "variant body", from: "Good to meet you", to: "Great to meet you", texts: "hello (line 12): variant b body"},
		{name: "message body", from: "Would a call help", to: "Would a short call help", texts: "ask (line 22): body"},
		{name: "email subject and body", from: "A note, \x00body: \"Hi {{first_name}}, about {{company}}.\"", to: "One note, \x00body: 'Hi {{first_name}}, about {{company | default: \"your team\"}}.'",
			texts: "mail (line 27): subject, body"},
		{name: "two steps", from: "glad to connect\x00Would a call", to: "happy to connect\x00Could a call",
			texts: "connect (line 7): note; ask (line 22): body"},

		{name: "step added", from: "  - id: praise\n", to: "  - id: wave\n    follow: {}\n  - id: praise\n",
			refused: "line 20, step wave: the step is new"},
		{name: "step removed", from: "  - id: look\n    visit: {}\n", to: "",
			refused: "step look: the step (line 5 of the campaign's sequence) is gone"},
		{name: "steps reordered", from: "  - id: praise\n    endorse: {skill: \"Go\"}\n\x00about {{company}}.\"\n",
			to:      "\x00about {{company}}.\"\n  - id: praise\n    endorse: {skill: \"Go\"}\n",
			refused: "line 31, step praise: the step moved from position 4 to 6"},
		{name: "id renamed", from: "id: praise", to: "id: endorse",
			refused: "line 20, step endorse: the step is new"},
		{name: "kind", from: "endorse: {skill: \"Go\"}", to: "follow: {}",
			refused: "line 21, step praise: the step's kind changed from endorse to follow"},
		{name: "delay", from: "delay: 3d", to: "delay: 4d", refused: "line 23, step ask: delay changed from 3d to 4d"},
		{name: "delay basis", from: "delay: 3d", to: "delay: {for: 3d, in: working}", refused: "step ask: delay changed from 3d to 3d in working"},
		{name: "wait_for", from: "timeout: 21d", to: "timeout: 14d", refused: "line 11, step connect: wait_for changed"},
		{name: "if", from: "if: has_email", to: "if: has_email and connected", refused: "line 29, step mail: if changed from has_email"},
		{name: "else", from: "else: mail\x00    message: \"Would", to: "else: praise\x00    if: connected\n    message: \"Would", refused: "line 15, step hello: else changed from mail to praise"},
		{name: "next", from: "    next: mail\n", to: "", refused: "step ask: next changed from mail to none"},
		{name: "stop_on", from: "stop_on: [replied, opted_out, bounced]", to: "stop_on: [replied, opted_out]",
			refused: "line 3: stop_on: changed from [bounced, opted_out, replied] to [opted_out, replied]"},
		{name: "stop_on order is no change", from: "stop_on: [replied, opted_out, bounced]", to: "stop_on: [bounced, replied, opted_out]", texts: ""},
		{name: "min_after_accept", from: "min_after_accept: 2h", to: "min_after_accept: 3h", refused: "line 2: min_after_accept: changed from 2h to 3h"},
		{name: "sequence name", from: "name: q1", to: "name: q2", refused: `line 1: name: changed from "q1" to "q2"`},
		{name: "variant renamed", from: "{id: b, body", to: "{id: c, body", refused: "step hello: the variants changed from a, b to a, c"},
		{name: "variant added", from: "        - {id: b, body: \"Good to meet you, {{first_name}}.\"}\n",
			to:      "        - {id: b, body: \"Good to meet you, {{first_name}}.\"}\n        - {id: c, body: \"Hello.\"}\n",
			refused: "step hello: the variants changed from a, b to a, b, c"},
		{name: "freeze", from: "      variants:\n", to: "      freeze: b\n      variants:\n", refused: "line 17, step hello: freeze changed from none to b"},
		{name: "fallback", from: "fallback: wait", to: "fallback: skip", refused: "line 10, step connect: fallback changed from wait to skip"},
		{name: "skill", from: `skill: "Go"`, to: `skill: "Rust"`, refused: "line 21, step praise: skill changed from Go to Rust"},
		{name: "ai prompt", from: "A short follow-up.", to: "A warm follow-up.", refused: "line 25, step ask: ai changed"},
		{name: "ai removed", from: "    ai: {prompt: \"A short follow-up.\", fields: [first_name, company]}\n", to: "",
			refused: "step ask: ai changed from {prompt"},
		{name: "note removed", from: "invite:\n      note: \"Hi {{first_name}}, glad to connect.\"\n      fallback: wait\n", to: "invite: {}\n",
			refused: "line 8, step connect: removes the invite's note"},
		{name: "several at once", from: "delay: 3d\x00fallback: wait", to: "delay: 4d\x00fallback: skip",
			refused: "line 10, step connect: fallback changed from wait to skip\n  line 23, step ask: delay changed from 3d to 4d\nchange only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := editBase
			if tt.from != "" {
				froms, tos := strings.Split(tt.from, "\x00"), strings.Split(tt.to, "\x00")
				for i := range froms {
					if !strings.Contains(src, froms[i]) {
						t.Fatalf("%q is not in the base sequence", froms[i])
					}
					src = strings.Replace(src, froms[i], tos[i], 1)
				}
			}
			new, err := Parse([]byte(src))
			if err != nil {
				t.Fatalf("the edited sequence does not parse: %v\n%s", err, src)
			}
			changes, err := TextsOnly(old, new)
			if tt.refused != "" {
				var se *StructureError
				if !errors.As(err, &se) {
					t.Fatalf("TextsOnly accepted %v; want it refused with %q", changes, tt.refused)
				}
				if !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("error:\n%v\nwant it to say %q", err, tt.refused)
				}
				if paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(err.Error(), "create a new campaign") || !strings.Contains(err.Error(), "paceline campaigns stop") {
					t.Fatalf("error (code %s) should be a conflict that says to create a new campaign and stop this one:\n%v", paceline.ErrorCode(err), err)
				}
				return
			}
			if err != nil {
				t.Fatalf("TextsOnly refused a change of texts: %v", err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, fmt.Sprintf("%s (line %d): %s", c.Step, c.Line, strings.Join(c.Texts, ", ")))
			}
			if s := strings.Join(got, "; "); s != tt.texts {
				t.Fatalf("changes = %q, want %q", s, tt.texts)
			}
		})
	}
}

// TestTextsOnlyNote checks that a note added to a plain invite is refused (it spends
// the note quota) and that fallback: plain written out is no change.
func TestTextsOnlyNote(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"name: n\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}\"}\n",
		"name: n\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}\", fallback: plain}\n",
	} {
		new, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		from := "name: n\nsteps:\n  - id: connect\n    invite: {}\n"
		if strings.Contains(src, "fallback") {
			from = "name: n\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}\"}\n"
		}
		old, err := Parse([]byte(from))
		if err != nil {
			t.Fatal(err)
		}
		changes, err := TextsOnly(old, new)
		if !strings.Contains(src, "fallback") {
			if err == nil || !strings.Contains(err.Error(), "line 4, step connect: adds a note to the plain invite") {
				t.Errorf("a note added: %v, %v; want it refused", changes, err)
			}
			continue
		}
		// fallback: plain is what the invite did without it.
		if err != nil || len(changes) != 0 {
			t.Errorf("fallback: plain written out: %v, %v; want no change", changes, err)
		}
	}
}
