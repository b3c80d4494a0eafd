package sequence

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWarnings checks the warnings of sequences that are valid but likely not what
// their author meant, each on its line and step, and that the sequences written as
// they should be get none.
func TestWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, steps string
		want        []string // one substring per warning, in order
	}{
		{"connected right after an invite", `
  - id: connect
    invite: {}
  - id: hello
    delay: 1d
    if: connected
    message: "Thanks for connecting"`,
			[]string{"line 7, step hello: if: connected is tested when this step comes due, and nothing waits for the invite of step connect (line 3) to be accepted first: only the leads who accepted by then get this step, the others skip it; add wait_for: {event: accepted, timeout: 21d} to the invite"}},
		{"through a visit and an else", `
  - id: connect
    invite: {}
  - id: look
    visit: {}
  - id: mail
    if: has_email
    else: hello
    email: {subject: Hi, body: Hello}
  - id: hello
    if: connected and score >= 50
    message: Hi`,
			[]string{"line 12, step hello: if: connected"}},
		{"waited for on the invite", `
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 14d}
  - id: hello
    delay: 1d
    if: connected
    message: Hi`, nil},
		{"waited for on a wait step", `
  - id: connect
    invite: {}
  - id: wait
    wait_for: accepted
  - id: hello
    if: connected
    message: Hi`, nil},
		{"withdrawn before", `
  - id: connect
    invite: {}
  - id: drop
    delay: 7d
    withdraw: {}
  - id: hello
    if: connected
    message: Hi`, nil},
		{"no invite at all", `
  - id: hello
    if: connected
    message: Hi`, nil},
		{"a condition connected does not decide", `
  - id: connect
    invite: {}
  - id: mail
    if: connected or has_email
    email: {subject: Hi, body: Hello}`, nil},
		{"weeks in working time", `
  - id: look
    visit: {}
  - id: nudge
    delay: {for: 1w, in: working}
    visit: {}
  - id: later
    delay: {in: working, for: 1w..2w}
    visit: {}`,
			[]string{
				"line 6, step nudge: delay {for: 1w, in: working} lasts 7d of working time: w is 7 days here too, so 1w is 7 working days, about a week and a half on a Monday-to-Friday schedule; for working weeks of five days write {for: 5d, in: working}, or drop in: working to wait 7d on the calendar",
				"line 9, step later: delay {for: 1w..2w, in: working} lasts 7d..14d of working time",
			}},
		{"weeks on the calendar, days in working time", `
  - id: look
    delay: 1w
    visit: {}
  - id: nudge
    delay: {for: 5d, in: working}
    visit: {}
  - id: later
    delay: {for: 2w, in: calendar}
    visit: {}`, nil},
	}
	for _, tt := range tests {
		seq, err := Parse([]byte("name: s\nsteps:" + tt.steps + "\n"))
		if err != nil {
			t.Errorf("%s: Parse: %v", tt.name, err)
			continue
		}
		got := Warnings(seq, Options{})
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d warnings, want %d:\n%v", tt.name, len(got), len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(got[i].Error(), w) {
				t.Errorf("%s: warning %d = %q, want it to contain %q", tt.name, i, got[i].Error(), w)
			}
		}
		if note := NoteWarnings(seq, Options{NoteMaxChars: MaxNoteChars}); len(note) != len(got) {
			t.Errorf("%s: NoteWarnings, which campaign creation shows, has %d warnings, want Warnings' %d", tt.name, len(note), len(got))
		}
	}
}

// TestShippedSequencesHaveNoWarnings checks that the default sequence and the valid
// sequences of testdata, which the docs copy from, draw none of Warnings' flow warnings.
func TestShippedSequencesHaveNoWarnings(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	srcs := map[string][]byte{"default.yaml": defaultYAML}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		srcs[path] = src
	}
	for path, src := range srcs {
		seq, err := Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if ws := Warnings(seq, Options{}); len(ws) > 0 {
			t.Errorf("%s: %v", path, ws)
		}
	}
}
