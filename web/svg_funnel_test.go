package web

import (
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
)

// The messaged of a Sales Navigator campaign are mostly InMails, sent without an
// accept: the funnel says how many of the accepted were messaged and how many were
// messaged directly, not "100% of accepted" beside 30 messaged of 9 accepted (QA).
func TestFunnelMessagedLabel(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		f    api.Funnel
		want string
	}{
		{api.Funnel{Invited: 40, Accepted: 9, Messaged: 30, MessagedAccepted: 9}, "9 of 9 accepted + 21 direct"},
		{api.Funnel{Invited: 4, Accepted: 2, Messaged: 1, MessagedAccepted: 1}, "1 of 2 accepted"},
		{api.Funnel{Messaged: 3}, "3 direct, without an accept"},
		{api.Funnel{Invited: 5}, "0 of 0 accepted"},
	} {
		if got := messagedLabel(tt.f); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.f, got, tt.want)
		}
		if svg := string(funnelSVG(tt.f)); !strings.Contains(svg, ">"+tt.want+"<") {
			t.Errorf("%+v: the funnel does not show %q", tt.f, tt.want)
		}
	}
}
