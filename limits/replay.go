package limits

import (
	"time"

	"github.com/paceline/paceline"
)

// Replay builds a Pacer from an account's ledger and events, applying them in time
// order (an acceptance must follow the invite it answers). Actions and events must each
// be sorted by time, as the stores return them.
func Replay(cfg Config, origin time.Time, actions []paceline.Action, events []paceline.Event) (*Pacer, error) {
	p, err := New(cfg, origin)
	if err != nil {
		return nil, err
	}
	i, j := 0, 0
	for i < len(actions) || j < len(events) {
		if j >= len(events) || (i < len(actions) && !events[j].At.Before(actions[i].At)) {
			p.Record(actions[i])
			i++
			continue
		}
		p.Observe(events[j])
		j++
	}
	return p, nil
}
