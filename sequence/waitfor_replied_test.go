package sequence

import (
	"strings"
	"testing"
)

// wait_for: replied is refused with what to write instead: no wait_for, and a delay on
// the step the lead goes to when the wait times out (on_timeout: STEP, next:), with
// next: when dropping the wait_for would send the lead elsewhere. It was refused with
// only "would never continue", then named the next step in the file whatever
// on_timeout said.
func TestWaitForRepliedSaysWhatToDo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"a next step, a timeout", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    wait_for: {event: replied, timeout: 4d}\n  - id: nudge\n    message: {body: \"Any news?\"}\n",
			[]string{"drop the wait_for", "delay: 4d on step nudge", "stopped"}},
		{"a next step, no timeout", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    wait_for: {event: replied}\n  - id: nudge\n    message: {body: \"Any news?\"}\n",
			[]string{"drop the wait_for", "delay: 5d on step nudge"}},
		// The step a lead goes to when the wait times out, not the next in the file.
		{"on_timeout a later step", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    wait_for: {event: replied, timeout: 4d, on_timeout: last}\n  - id: nudge\n    message: {body: \"Any news?\"}\n  - id: last\n    message: {body: \"Last try\"}\n",
			[]string{"drop the wait_for, write next: last on this step and put a delay on step last (delay: 4d on step last)", "the others get step last"}},
		{"next: a later step", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    next: last\n    wait_for: {event: replied, timeout: 4d}\n  - id: nudge\n    message: {body: \"Any news?\"}\n  - id: last\n    message: {body: \"Last try\"}\n",
			[]string{"drop the wait_for and put a delay on step last (delay: 4d on step last)", "the others get step last"}},
		{"on_timeout: stop", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    wait_for: {event: replied, timeout: 4d, on_timeout: stop}\n  - id: nudge\n    message: {body: \"Any news?\"}\n",
			[]string{"drop the wait_for and end the sequence at this step", "would go on to step nudge"}},
		{"on_timeout an unknown step", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    wait_for: {event: replied, timeout: 4d, on_timeout: nowhere}\n  - id: nudge\n    message: {body: \"Any news?\"}\n",
			[]string{"write next: nowhere on this step and put a delay on step nowhere"}},
		{"the last step", "name: r\nsteps:\n  - id: hello\n    message: {body: \"Hi\"}\n    wait_for: {event: replied, timeout: 4d}\n",
			[]string{"drop the wait_for", "the sequence ends after this step"}},
	} {
		_, err := Parse([]byte(tc.yaml))
		if err == nil {
			t.Errorf("%s: wait_for replied accepted", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tc.name, err, w)
			}
		}
	}
}
