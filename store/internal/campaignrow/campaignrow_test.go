package campaignrow

import (
	"errors"
	"fmt"
	"testing"

	"github.com/paceline/paceline"
)

// accountRows is a result set of (campaign_id, account).
type accountRows struct {
	ids      []int64
	accounts []string
	i        int
}

func (r *accountRows) Next() bool { r.i++; return r.i <= len(r.ids) }
func (r *accountRows) Err() error { return nil }
func (r *accountRows) Scan(dest ...any) error {
	*dest[0].(*int64), *dest[1].(*string) = r.ids[r.i-1], r.accounts[r.i-1]
	return nil
}

func TestAddAccounts(t *testing.T) {
	t.Parallel()
	a, b := &paceline.Campaign{ID: 1}, &paceline.Campaign{ID: 2}
	rows := &accountRows{ids: []int64{2, 3, 1, 2}, accounts: []string{"ann", "bob", "cy", "dee"}}
	if _, err := AddAccounts(rows, []*paceline.Campaign{a, b}, func(err error) error { return err }); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(a.Accounts, b.Accounts); got != "[cy] [ann dee]" {
		t.Fatalf("accounts = %s, want [cy] [ann dee]", got)
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c     paceline.Campaign
		field string
	}{
		{paceline.Campaign{Name: "q1", Sequence: "steps: []", Accounts: []string{"ann"}}, ""},
		{paceline.Campaign{Name: " ", Sequence: "steps: []", Accounts: []string{"ann"}}, "name"},
		{paceline.Campaign{Name: "q1", Accounts: []string{"ann"}}, "sequence"},
		{paceline.Campaign{Name: "q1", Sequence: "steps: []"}, "accounts"},
	}
	for _, tt := range tests {
		err := Check(&tt.c)
		var e *paceline.Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("Check(%+v) = %v, want nil", tt.c, err)
		case tt.field != "" && (!errors.As(err, &e) || e.Field != tt.field):
			t.Errorf("Check(%+v) = %v, want an error on %s", tt.c, err, tt.field)
		}
	}
}
