package limits

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestExplainCountsAgree checks that a budget's count and its noun agree: a
// premium-career account's InMail budget of one a day read "today's 1 InMails".
func TestExplainCountsAgree(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 6, 11, 26, 0, 0, time.UTC)
	tests := []struct {
		kind   paceline.ActionKind
		reason Reason
		cap    int
		want   string
	}{
		{paceline.KindInMail, ReasonSpacing, 1, "spreading today's 1 InMail over the working day"},
		{paceline.KindInMail, ReasonSpacing, 2, "spreading today's 2 InMails over the working day"},
		{paceline.KindInvite, ReasonSpacing, 20, "spreading today's 20 invites over"},
		{paceline.KindInvite, ReasonDailyBudget, 1, "today's budget of 1 invite used"},
		{paceline.KindOpenProfileMessage, ReasonDailyBudget, 1, "today's budget of 1 Open Profile message used"},
		{paceline.KindOpenProfileMessage, ReasonDailyBudget, 9, "today's budget of 9 Open Profile messages used"},
		{paceline.KindLikePost, ReasonSpacing, 1, "today's 1 post like over"},
		{paceline.KindEndorse, ReasonDailyBudget, 0, "today's budget of 0 endorsements used"},
		{paceline.KindWithdraw, ReasonSpacing, 1, "today's 1 withdrawal over"},
		{paceline.KindVisit, ReasonSpacing, 3, "today's 3 visits over"},
	}
	for _, tt := range tests {
		d := Decision{Kind: tt.kind, Reason: tt.reason, Cap: tt.cap, At: at}
		if got := d.Explain(); !strings.Contains(got, tt.want) {
			t.Errorf("%s %s cap %d: %q, want it to contain %q", tt.kind, tt.reason, tt.cap, got, tt.want)
		}
	}
}
