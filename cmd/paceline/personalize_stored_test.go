package main

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// personalize preview shows a stored AI text only for the campaign given, matched on
// campaign, lead and step: another campaign's text for a step of the same id was shown,
// and the model was then not asked for this sequence's text.
func TestStoredAIMatchesTheCampaign(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := &paceline.Lead{FirstName: "Zoë", Email: "zoe@acme.test"}
	st := aiwrite.NewMemoryCache()
	if err := st.Put(ctx, aiwrite.Entry{LeadKey: engine.LeadKey(l), Campaign: "old", StepID: "connect",
		Text: "Hi Zoë, about last year's offer.", Status: aiwrite.StatusReady}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		campaign string
		shown    bool
	}{{"old", true}, {"new", false}, {"", false}} {
		texts := []previewText{{Step: "connect", Kind: "invite", Note: "Hi Zoë."}}
		noted, err := storedAI(ctx, st, l, tc.campaign, texts)
		if err != nil {
			t.Fatal(err)
		}
		if shown := texts[0].AI != ""; shown != tc.shown || noted["connect"] != tc.shown {
			t.Errorf("--campaign %q: text %q, noted %v; want shown %v (and the model asked when not)", tc.campaign, texts[0].AI, noted, tc.shown)
		}
	}
}
