package webhook_test

import (
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/webhook"
)

func TestCheckEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		events []string
		ok     bool
	}{
		{nil, true},
		{[]string{"accepted", "replied"}, true},
		{[]string{"clicked"}, false},
		{[]string{"accepted", "replied", "accepted"}, false},
	}
	for _, tt := range tests {
		err := webhook.CheckEvents(tt.events)
		if (err == nil) != tt.ok {
			t.Errorf("CheckEvents(%q) = %v, want ok %v", tt.events, err, tt.ok)
		}
		if err != nil && paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("CheckEvents(%q): code %s, want %s", tt.events, paceline.ErrorCode(err), paceline.EINVALID)
		}
	}
}
