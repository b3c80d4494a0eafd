package limits

import (
	"encoding/json"
	"testing"

	"github.com/paceline/paceline"
)

func TestEmailPreset(t *testing.T) {
	t.Parallel()
	acc := &paceline.Account{Name: "ann-mail", Type: paceline.TypeEmail, Executor: paceline.ExecutorEmail,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, Safety: 1}
	c, err := ConfigFor(acc)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range paceline.ActionKinds {
		want := 0
		if k == paceline.KindEmail {
			want = 250
		}
		if got := c.Weekly[k.Index()]; got != want {
			t.Errorf("weekly %s = %d, want %d", k, got, want)
		}
	}
	if got := c.DailyTarget[paceline.KindEmail.Index()]; got != 50 {
		t.Errorf("daily email target = %d, want 50", got)
	}
	acc.Caps = map[paceline.ActionKind]int{paceline.KindEmail: 100}
	if c, err = ConfigFor(acc); err != nil || c.Weekly[paceline.KindEmail.Index()] != 100 {
		t.Errorf("--cap email=100 gave %d (err %v)", c.Weekly[paceline.KindEmail.Index()], err)
	}
}

func TestPresetsJSONListsOnlyLinkedInTypes(t *testing.T) {
	t.Parallel()
	b, err := MarshalPresetsJSON()
	if err != nil {
		t.Fatal(err)
	}
	var got []struct{ Type string }
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(paceline.AccountTypes) {
		t.Fatalf("presets --json lists %d types, want the %d LinkedIn types", len(got), len(paceline.AccountTypes))
	}
	for i, p := range got {
		if p.Type != string(paceline.AccountTypes[i]) {
			t.Errorf("preset %d is %q, want %q", i, p.Type, paceline.AccountTypes[i])
		}
	}
}
