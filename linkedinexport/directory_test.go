package linkedinexport

import (
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

func TestNewLeadMap(t *testing.T) {
	t.Parallel()
	m := NewLeadMap([]paceline.Lead{
		{ID: 1, ProfileKey: "ann-lee", SalesKey: "ACwAAAann"},
		{ID: 2, SalesKey: "ACwAAAbob"},
		{ID: 3, Email: "cy@example.com"},
	}, func(l *paceline.Lead) string { return "lead-" + itoa(int(l.ID)) })
	for k, want := range map[lead.Key]string{
		{Type: lead.KeyProfile, Value: "ann-lee"}:   "lead-1",
		{Type: lead.KeySales, Value: "ACwAAAann"}:   "lead-1",
		{Type: lead.KeySales, Value: "ACwAAAbob"}:   "lead-2",
		{Type: lead.KeyProfile, Value: "ACwAAAbob"}: "",
	} {
		got, ok := m.Lookup(k)
		if ok != (want != "") || got.ID != want {
			t.Errorf("Lookup(%s) = %q, %v; want %q", k, got.ID, ok, want)
		}
	}
	if len(m) != 3 {
		t.Errorf("%d keys, want 3 (an email is no profile key)", len(m))
	}
}

func TestMatchWantsAccount(t *testing.T) {
	t.Parallel()
	_, err := Match(&Rows{}, Options{})
	if paceline.ErrorCode(err) != paceline.EINVALID || err.Error() != "account: is missing; name the account the archive belongs to" {
		t.Errorf("Match without an account: %v", err)
	}
}
