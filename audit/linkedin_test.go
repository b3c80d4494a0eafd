package audit_test

import (
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
)

// TestLinkedInMatchesPresets holds the auditor's own copy of LinkedIn's limits to the
// figures of the Pacer's presets that limits.Preset.LinkedInLimit calls LinkedIn's:
// the copy keeps a wrong preset from hiding from the audit, and this test keeps the two
// from drifting apart unseen.
func TestLinkedInMatchesPresets(t *testing.T) {
	t.Parallel()
	for _, typ := range paceline.AccountTypes {
		p, err := limits.PresetFor(typ)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := audit.LinkedIn(typ)
		if !ok {
			t.Errorf("%s: the audit knows no LinkedIn limits", typ)
			continue
		}
		want := map[string]int{}
		for _, name := range []string{string(paceline.KindInvite), string(paceline.KindMessage),
			paceline.LimitInMailMonthly, paceline.LimitInMailRolloverCap, paceline.LimitNoteQuotaMonthly} {
			if lim, ok := p.LinkedInLimit(name); ok {
				want[name] = lim.Value
			}
		}
		have := map[string]int{
			string(paceline.KindInvite):     got.Weekly[paceline.KindInvite],
			string(paceline.KindMessage):    got.Weekly[paceline.KindMessage],
			paceline.LimitInMailMonthly:     got.InMail.Monthly,
			paceline.LimitInMailRolloverCap: got.InMail.RolloverCap,
		}
		if got.NoteQuotaMonthly >= 0 {
			have[paceline.LimitNoteQuotaMonthly] = got.NoteQuotaMonthly
		}
		if len(got.Weekly) != 2 || len(have) != len(want) {
			t.Errorf("%s: the audit holds %v, the preset's LinkedIn limits are %v", typ, have, want)
			continue
		}
		for name, n := range want {
			if have[name] != n {
				t.Errorf("%s %s: the audit holds %d, the preset %d", typ, name, have[name], n)
			}
		}
	}
	if _, ok := audit.LinkedIn(paceline.TypeEmail); ok {
		t.Error("a mailbox has LinkedIn limits")
	}
}
