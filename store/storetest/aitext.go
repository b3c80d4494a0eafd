package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// aiStore is what a store offers AI writing: the durable cache, review list and spend.
type aiStore interface {
	AIWriting() aiwrite.Store
}

// testAIWriting checks the AI text cache (round trip of every field, one entry per
// lead, campaign and step, replaced by Put), the review list (filters, oldest first,
// MarkSent), and the daily spend (zero before the first call, concurrent adds add up).
// The in-memory cache runs the same checks, so the stores and it agree.
func testAIWriting(t *testing.T, s Store) {
	as, ok := s.(aiStore)
	if !ok {
		t.Fatalf("%T does not keep AI texts", s)
	}
	for name, st := range map[string]aiwrite.Store{"store": as.AIWriting(), "memory": aiwrite.NewMemoryCache()} {
		t.Run(name, func(t *testing.T) { checkAIStore(t, st) })
	}
}

func checkAIStore(t *testing.T, st aiwrite.Store) {
	ctx := context.Background()
	at := Clock.Truncate(Precision)
	held := aiwrite.Entry{LeadKey: "zoe", Campaign: "q1", StepID: "connect", Text: "Hi Zoë, glad to connect.",
		Status: aiwrite.StatusNeedsReview, Tokens: 150, Cost: 0.00075, CreatedAt: at, Payload: `{"key":"q1/zoe/connect"}`}
	fell := aiwrite.Entry{LeadKey: "zoe", Campaign: "q2", StepID: "connect", Status: aiwrite.StatusReady,
		Fallback: &aiwrite.Fallback{Cause: aiwrite.CauseTimeout, Reason: "step connect: AI writing fell back to the template: the provider did not answer within 2s"},
		Tokens:   0, CreatedAt: at.Add(time.Second)}
	ready := aiwrite.Entry{LeadKey: "li", Campaign: "q1", StepID: "connect", Text: "Hi Li.", Status: aiwrite.StatusReady,
		Tokens: 90, CreatedAt: at.Add(-time.Minute)}
	for _, e := range []aiwrite.Entry{held, fell, ready} {
		if err := st.Put(ctx, e); err != nil {
			t.Fatalf("Put(%s): %v", e.Key(), err)
		}
	}
	got, found, err := st.Get(ctx, held.Key())
	if err != nil || !found || !entryEqual(got, held) {
		t.Fatalf("Get = %+v, %v, %v; want %+v", got, found, err, held)
	}
	if got, _, _ := st.Get(ctx, fell.Key()); !entryEqual(got, fell) {
		t.Errorf("Get(fallback) = %+v, want %+v", got, fell)
	}
	if _, found, err := st.Get(ctx, aiwrite.Key{Lead: "zoe", Campaign: "q3", Step: "connect"}); found || err != nil {
		t.Errorf("Get(another campaign) = found %v, %v; want not found", found, err)
	}

	all, err := st.Entries(ctx, aiwrite.EntryFilter{})
	if err != nil || len(all) != 3 || all[0].LeadKey != "li" || all[2].Campaign != "q2" {
		t.Errorf("Entries() = %+v, %v; want li, zoe q1, zoe q2 (oldest first)", all, err)
	}
	pending, err := st.Entries(ctx, aiwrite.EntryFilter{Statuses: []aiwrite.Status{aiwrite.StatusNeedsReview}})
	if err != nil || len(pending) != 1 || pending[0].Key() != held.Key() {
		t.Errorf("Entries(needs_review) = %+v, %v", pending, err)
	}
	if none, err := st.Entries(ctx, aiwrite.EntryFilter{Statuses: []aiwrite.Status{}}); err != nil || len(none) != 0 {
		t.Errorf("Entries(no status) = %+v, %v; want none", none, err)
	}

	held.Status, held.Text = aiwrite.StatusApproved, "Hi Zoë, edited."
	if err := st.Put(ctx, held); err != nil {
		t.Fatal(err)
	}
	unsent, err := st.Entries(ctx, aiwrite.EntryFilter{Unsent: true})
	if err != nil || len(unsent) != 1 || unsent[0].Text != "Hi Zoë, edited." || unsent[0].Status != aiwrite.StatusApproved {
		t.Fatalf("Entries(unsent) after approval = %+v, %v", unsent, err)
	}
	if err := st.MarkSent(ctx, held.Key(), at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if unsent, _ := st.Entries(ctx, aiwrite.EntryFilter{Unsent: true}); len(unsent) != 0 {
		t.Errorf("Entries(unsent) after MarkSent = %+v", unsent)
	}
	if got, _, _ := st.Get(ctx, held.Key()); !got.SentAt.Equal(at.Add(time.Hour)) {
		t.Errorf("SentAt = %v, want %v", got.SentAt, at.Add(time.Hour))
	}
	if err := st.MarkSent(ctx, aiwrite.Key{Lead: "nobody", Step: "x"}, at); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("MarkSent(unknown) = %v, want not found", err)
	}

	if sp, err := st.DaySpend(ctx, "2026-03-02"); err != nil || sp != (aiwrite.Spend{}) {
		t.Errorf("DaySpend before any call = %+v, %v", sp, err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := st.AddSpend(ctx, "2026-03-02", aiwrite.Spend{Tokens: 100, Cost: 0.25}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if sp, err := st.DaySpend(ctx, "2026-03-02"); err != nil || sp.Tokens != 800 || sp.Cost != 2 {
		t.Errorf("DaySpend after 8 adds = %+v, %v; want 800 tokens, 2.00", sp, err)
	}
	if sp, _ := st.DaySpend(ctx, "2026-03-03"); sp != (aiwrite.Spend{}) {
		t.Errorf("the next day's spend = %+v, want none", sp)
	}
}

// entryEqual compares entries with instants at the store's precision.
func entryEqual(a, b aiwrite.Entry) bool {
	if !a.CreatedAt.Truncate(Precision).Equal(b.CreatedAt.Truncate(Precision)) || !a.SentAt.Equal(b.SentAt) {
		return false
	}
	if (a.Fallback == nil) != (b.Fallback == nil) || a.Fallback != nil && *a.Fallback != *b.Fallback {
		return false
	}
	a.CreatedAt, b.CreatedAt, a.SentAt, b.SentAt, a.Fallback, b.Fallback = time.Time{}, time.Time{}, time.Time{}, time.Time{}, nil, nil
	return a == b
}
