package main

import (
	"context"
	"strings"
	"time"
)

// The simulated LinkedIn's answers reach the demo's engine as it stores them; answers
// recorded by others on the demo's database (POST /api/v1/events, linkedin
// import-archive: the only way an accept or a reply to the assisted account's tasks
// comes in) reach it as serve's ticks read them: by each account's cursor, the latest
// event id applied, which the checkpoints store.

// demoEventKey prefixes the keys of the events the demo itself stores.
const demoEventKey = "demo:"

// demoAnswersEvery is how often, in wall time, the run reads the events others
// recorded.
const demoAnswersEvery = 200 * time.Millisecond

// observeRecorded applies to the engine every event recorded on the demo's accounts
// after their cursors, except the demo's own (applied when stored), and moves the
// cursors past them. The caller holds r.mu.
func (r *demoRun) observeRecorded(ctx context.Context) error {
	for _, name := range r.accounts {
		evs, err := r.st.EventsAfter(ctx, name, r.cursor[name])
		if err != nil {
			return err
		}
		for _, ev := range evs {
			r.cursor[name] = max(r.cursor[name], ev.ID)
			if strings.HasPrefix(ev.Key, demoEventKey) {
				continue
			}
			r.g.Observe(ev)
			r.touched(ev.Lead)
		}
	}
	r.answersRead = time.Now()
	return nil
}
