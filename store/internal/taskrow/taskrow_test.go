package taskrow

import (
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestStates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    paceline.TaskFilter
		want string
	}{
		{paceline.TaskFilter{}, "[planned offered leased]"},
		{paceline.TaskFilter{States: []paceline.TaskState{paceline.TaskLeased}}, "[leased]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(States(tt.f)); got != tt.want {
			t.Errorf("States(%v) = %s, want %s", tt.f.States, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	ok := paceline.Task{Account: "a", Key: "k", Kind: paceline.KindInvite, State: paceline.TaskPlanned, Due: time.Unix(1, 0)}
	tests := []struct {
		name   string
		change func(*paceline.Task)
		field  string
	}{
		{"ok", func(*paceline.Task) {}, ""},
		{"no account", func(t *paceline.Task) { t.Account = "" }, "account"},
		{"bad kind", func(t *paceline.Task) { t.Kind = "wave" }, "kind"},
		{"bad state", func(t *paceline.Task) { t.State = "lost" }, "state"},
		{"no slot", func(t *paceline.Task) { t.Due = time.Time{} }, "due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			task := ok
			tt.change(&task)
			err := Check(&task)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if e, isErr := err.(*paceline.Error); !isErr || e.Field != tt.field {
				t.Fatalf("err = %#v, want one on %s", err, tt.field)
			}
		})
	}
}
