package sequence

import (
	"strings"
	"testing"
)

// wait_for: replied is refused with what to write instead: no wait_for, and a delay on
// the next step. It was refused with only "would never continue".
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
