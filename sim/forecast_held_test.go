package sim

import (
	"context"
	"testing"

	"github.com/paceline/paceline/sequence"
)

// A sequence signed with {{sender_first_name}} holds every message of a seat without
// a sender name, and the forecast says so with the field; the seat's sender name
// (Seat.SenderName, as a stored account's) signs them and nothing is held.
func TestForecastSaysHeldAndSignsWithSenderName(t *testing.T) {
	t.Parallel()
	seq, err := sequence.Parse([]byte(`
name: signed
steps:
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 14d}
  - id: hello
    if: connected
    delay: 1d
    message: "Thanks for connecting, {{first_name}}. {{sender_first_name}}"
`))
	if err != nil {
		t.Fatal(err)
	}
	forecast := func(sender string) *Forecast {
		t.Helper()
		cfg := forecastConfig(t, 3, 1)
		cfg.Sequence = seq
		for i := range cfg.Accounts {
			cfg.Accounts[i].SenderName = sender
		}
		f, err := RunForecast(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	unsigned := forecast("")
	if unsigned.HeldRuns != 3 || len(unsigned.HeldFor) == 0 || unsigned.HeldFor[0].Field != "sender_first_name" || unsigned.HeldFor[0].Leads == 0 {
		t.Errorf("without a sender name: %d held runs, %+v; want 3 runs holding leads for sender_first_name", unsigned.HeldRuns, unsigned.HeldFor)
	}
	signed := forecast("Ann")
	if signed.HeldRuns != 0 || signed.HeldFor != nil {
		t.Errorf("signed as Ann: %d held runs, %+v; want none", signed.HeldRuns, signed.HeldFor)
	}
	if m := signed.Actions["message"].P50; m == nil || *m == 0 {
		t.Errorf("signed as Ann: median messages %v, want some", m)
	}
}
