package api_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// Whatever the ledger and the events hold, every rate of a funnel is a share: between
// 0 and 1. The reply rate went over 1 when leads who answered an invite or an email
// outnumbered the leads messaged, and the message rate when InMails and Open Profile
// messages (no accept needed) outnumbered the accepts. Random ledgers, from fixed seeds.
func TestFunnelRatesNeverExceedOne(t *testing.T) {
	t.Parallel()
	kinds := []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage, paceline.KindInMail,
		paceline.KindOpenProfileMessage, paceline.KindEmail, paceline.KindVisit, paceline.KindFollow, paceline.KindWithdraw}
	results := []paceline.ActionResult{paceline.ResultDone, paceline.ResultDone, paceline.ResultRefused}
	types := []paceline.EventKind{paceline.EventAccepted, paceline.EventReplied, paceline.EventReplied}
	d0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 1))
		leads := 1 + rng.IntN(12)
		lead := func() string { return fmt.Sprintf("l%d", rng.IntN(leads)) }
		at := func() time.Time { return d0.Add(time.Duration(rng.IntN(10*24)) * time.Hour) }
		var actions []paceline.Action
		for range rng.IntN(30) {
			actions = append(actions, paceline.Action{At: at(), Kind: kinds[rng.IntN(len(kinds))], Lead: lead(),
				Campaign: fmt.Sprintf("c%d", rng.IntN(2)), Result: results[rng.IntN(len(results))]})
		}
		var events []paceline.Event
		for range rng.IntN(20) {
			events = append(events, paceline.Event{At: at(), Type: types[rng.IntN(len(types))], Lead: lead()})
		}
		for _, f := range api.Funnels(actions, events) {
			for name, r := range map[string]float64{"accept": f.AcceptRate, "message": f.MessageRate, "reply": f.ReplyRate} {
				if r < 0 || r > 1 {
					t.Fatalf("seed %d: campaign %s: %s rate %g (funnel %+v)\nactions %+v\nevents %+v", seed, f.Campaign, name, r, f, actions, events)
				}
			}
			if f.Replied > 0 && f.ReplyRate == 0 {
				t.Fatalf("seed %d: campaign %s: %d replied at a reply rate of 0", seed, f.Campaign, f.Replied)
			}
		}
	}
}
