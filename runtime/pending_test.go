package runtime

import (
	"maps"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// pendingInvites keeps each lead's latest done invite until an accept, a decline, a
// withdrawn event or a done withdrawal at or after it answers it.
func TestPendingInvites(t *testing.T) {
	t.Parallel()
	at := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	act := func(h int, lead string, k paceline.ActionKind, r paceline.ActionResult) paceline.Action {
		return paceline.Action{At: at(h), Lead: lead, Kind: k, Result: r}
	}
	ev := func(h int, lead string, typ paceline.EventKind) paceline.Event {
		return paceline.Event{At: at(h), Lead: lead, Type: typ}
	}
	actions := []paceline.Action{
		act(1, "ada", paceline.KindInvite, paceline.ResultDone),    // pending
		act(1, "bea", paceline.KindInvite, paceline.ResultDone),    // accepted
		act(1, "cy", paceline.KindInvite, paceline.ResultDone),     // withdrawn by us
		act(1, "dee", paceline.KindInvite, paceline.ResultRefused), // never went out
		act(1, "eve", paceline.KindInvite, paceline.ResultDone),    // declined, then invited again
		act(2, "cy", paceline.KindWithdraw, paceline.ResultDone),
		act(3, "eve", paceline.KindInvite, paceline.ResultDone),
		act(3, "fay", paceline.KindInvite, paceline.ResultDone),  // an answer to an older invite does not count
		act(4, "gus", paceline.KindMessage, paceline.ResultDone), // not an invite
	}
	events := []paceline.Event{
		ev(2, "bea", paceline.EventAccepted),
		ev(2, "eve", paceline.EventDeclined),
		ev(2, "fay", paceline.EventWithdrawn),
		ev(5, "ada", paceline.EventReplied),
	}
	got := pendingInvites(actions, events)
	want := map[string]time.Time{"ada": at(1), "eve": at(3), "fay": at(3)}
	if !maps.Equal(got, want) {
		t.Errorf("pendingInvites = %v, want %v", got, want)
	}
}
