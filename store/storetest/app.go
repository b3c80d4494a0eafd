package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
)

// appLists is what serve's dashboard lists besides the accounts: the users (a first
// start makes one when there is none) and the stored campaigns.
type appLists interface {
	paceline.UserStore
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
	SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
}

// testAppLists checks the lists of users and of campaigns: empty at first, then in name
// order with what each was stored with.
func testAppLists(t *testing.T, st Store) {
	s, ok := st.(appLists)
	if !ok {
		t.Fatalf("%T does not list users and campaigns", st)
	}
	ctx := context.Background()
	if users, err := s.Users(ctx); err != nil || len(users) != 0 {
		t.Fatalf("Users of an empty store: %v %v", users, err)
	}
	for _, name := range []string{"zoe", "admin"} {
		if _, err := s.CreateUser(ctx, name, "hash-"+name); err != nil {
			t.Fatal(err)
		}
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 {
		t.Fatalf("Users: %v %v", users, err)
	}
	for i, want := range []string{"admin", "zoe"} {
		u := users[i]
		if u.Name != want || u.ID == 0 || !u.CreatedAt.Truncate(Precision).Equal(Clock.Truncate(Precision)) {
			t.Errorf("user %d = %+v, want %s created at %v", i, u, want, Clock)
		}
	}

	if list, err := s.Campaigns(ctx); err != nil || len(list) != 0 {
		t.Fatalf("Campaigns of an empty store: %v %v", list, err)
	}
	withAccounts(t, st, "alice", "bob")
	for _, c := range []*paceline.Campaign{
		{Name: "q2", List: "late", Sequence: "name: b", Accounts: []string{"bob"}},
		{Name: "q1", List: "founders", Sequence: "name: a", Priority: 3, Accounts: []string{"bob", "alice"}},
	} {
		if err := s.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetCampaignState(ctx, "q2", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	list, err := s.Campaigns(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("Campaigns: %v %v", list, err)
	}
	q1, q2 := list[0], list[1]
	if q1.Name != "q1" || q1.List != "founders" || q1.Sequence != "name: a" || q1.Priority != 3 ||
		q1.State != paceline.CampaignDraft || len(q1.Accounts) != 2 || q1.Accounts[0] != "alice" || q1.Accounts[1] != "bob" {
		t.Errorf("first campaign = %+v, want q1 (draft, alice and bob)", q1)
	}
	if q2.Name != "q2" || q2.State != paceline.CampaignActive || len(q2.Accounts) != 1 || q2.Accounts[0] != "bob" {
		t.Errorf("second campaign = %+v, want q2 (active, bob)", q2)
	}
}
