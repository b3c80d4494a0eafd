package limits

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestApplyOverridesAgreesWithConfigFor: a preset with an account's caps and limits
// applied by ApplyOverrides (as the simulator paces a seat) has the caps ConfigFor
// gives the stored account (as serve paces it).
func TestApplyOverridesAgreesWithConfigFor(t *testing.T) {
	t.Parallel()
	acct := &paceline.Account{Name: "ann", Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: paceline.WorkingDays(0x7f), Safety: 1,
		Caps: map[paceline.ActionKind]int{paceline.KindInvite: 5, paceline.KindMessage: 30},
		Limits: map[string]int{
			paceline.LimitInMailMonthly: 10, paceline.LimitInMailRolloverCap: 20,
			paceline.LimitNoteQuotaMonthly: 3, paceline.LimitNoteMaxChars: 150,
			paceline.LimitDailyPrefix + string(paceline.KindInvite): 2,
		}}
	want, err := ConfigFor(acct)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewConfig(acct.Type, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	preset := got
	got.ApplyOverrides(acct.Caps, acct.Limits)
	if got.Weekly != want.Weekly || got.Daily != want.Daily {
		t.Errorf("caps weekly %v daily %v, ConfigFor's %v %v", got.Weekly, got.Daily, want.Weekly, want.Daily)
	}
	if got.InMailMonthly != want.InMailMonthly || got.InMailRolloverCap != want.InMailRolloverCap ||
		got.NoteQuotaMonthly != want.NoteQuotaMonthly || got.NoteMaxChars != want.NoteMaxChars {
		t.Errorf("limits %d %d %d %d, ConfigFor's %d %d %d %d",
			got.InMailMonthly, got.InMailRolloverCap, got.NoteQuotaMonthly, got.NoteMaxChars,
			want.InMailMonthly, want.InMailRolloverCap, want.NoteQuotaMonthly, want.NoteMaxChars)
	}
	if got.Weekly == preset.Weekly || got.Daily == preset.Daily {
		t.Error("the overrides changed no cap")
	}
	none := preset
	none.ApplyOverrides(nil, nil)
	if none.Weekly != preset.Weekly || none.Daily != preset.Daily || none.NoteMaxChars != preset.NoteMaxChars {
		t.Error("no overrides changed the preset")
	}
}
