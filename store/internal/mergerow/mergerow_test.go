package mergerow

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/engine"
)

func TestKeeper(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	early := Running{ID: 7, Campaign: "cb", Started: t0}
	late := Running{ID: 3, Campaign: "ca", Started: t0.Add(time.Hour)}
	tests := []struct {
		name string
		runs []Running
		want int64
	}{
		{"the one started first", []Running{late, early}, 7},
		{"the one that contacted the person, though started later", []Running{early, withContact(late)}, 3},
		{"both contacted: the one started first", []Running{withContact(late), withContact(early)}, 7},
		{"a tie on the start: the lowest id", []Running{{ID: 9, Started: t0}, {ID: 4, Started: t0}}, 4},
		{"alone", []Running{late}, 3},
	}
	for _, tt := range tests {
		if got := tt.runs[Keeper(tt.runs)].ID; got != tt.want {
			t.Errorf("%s: kept enrollment %d, want %d", tt.name, got, tt.want)
		}
	}
}

func withContact(r Running) Running {
	r.Contacted = true
	return r
}

func TestStoppedEndsTheSnapshot(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	at := t0.Add(2 * time.Hour)
	for _, snap := range []string{"", `{"step":1,"state":1,"due":"2026-01-05T11:00:00Z","started":"2026-01-05T08:00:00Z","variants":[{"step":"connect","variant":"b"}]}`} {
		got, err := Stopped(Running{ID: 2, Started: t0, Snapshot: snap}, at, "merged")
		if err != nil {
			t.Fatal(err)
		}
		var s engine.Snapshot
		if err := json.Unmarshal([]byte(got), &s); err != nil {
			t.Fatal(err)
		}
		if s.State != engine.Stopped || s.Step != -1 || !s.Due.IsZero() || !s.Ended.Equal(at) || s.Reason != "merged" || s.Started.IsZero() {
			t.Errorf("from %q: %s, want stopped at %s with no step nor due", snap, got, at)
		}
		if snap != "" && (len(s.Variants) != 1 || !s.Started.Equal(t0.Add(-time.Hour))) {
			t.Errorf("from %q: %s lost what the snapshot held", snap, got)
		}
	}
	if _, err := Stopped(Running{ID: 2, Snapshot: "{"}, at, "merged"); err == nil || !strings.Contains(err.Error(), "enrollment 2") {
		t.Errorf("a broken snapshot: %v, want an error naming the enrollment", err)
	}
}

func TestReasonNamesTheKeeper(t *testing.T) {
	t.Parallel()
	got := Reason(12, Running{ID: 3, Campaign: "ca", Account: "alice"})
	for _, want := range []string{"lead 12", "campaign ca", "alice"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q does not say %q", got, want)
		}
	}
}

// Competing keeps only the leads two enrollments run under, and Stops stops all but the
// keeper of each, lead by lead in id order.
func TestCompetingStops(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	owners := map[string]int64{"ann": 2, "sales:A1": 2, "bo": 1, "email:bo@x.com": 1, "cy": 3}
	runs := []Running{
		{ID: 10, Campaign: "ca", Account: "alice", Lead: "ann", Started: t0},
		{ID: 11, Campaign: "cb", Account: "bob", Lead: "sales:A1", Started: t0.Add(time.Minute)},
		{ID: 12, Campaign: "ca", Account: "alice", Lead: "email:bo@x.com", Started: t0.Add(time.Hour)},
		{ID: 13, Campaign: "cb", Account: "bob", Lead: "bo", Started: t0.Add(2 * time.Hour), Contacted: true},
		{ID: 14, Campaign: "ca", Account: "alice", Lead: "cy", Started: t0},
	}
	byLead := Competing(owners, runs)
	if len(byLead) != 2 || len(byLead[1]) != 2 || len(byLead[2]) != 2 {
		t.Fatalf("competing: %+v, want leads 1 and 2 with two enrollments each, not lead 3", byLead)
	}
	stops, err := Stops(byLead, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(stops) != 2 || stops[0].Lead != 1 || stops[0].ID != 12 || stops[1].Lead != 2 || stops[1].ID != 11 {
		t.Fatalf("stops: %+v, want enrollment 12 of lead 1 (13 contacted the person), then 11 of lead 2 (10 started first)", stops)
	}
	if !strings.Contains(stops[0].Reason, "campaign cb already runs (enrollment 13") || !strings.Contains(stops[0].Snapshot, `"reason"`) {
		t.Errorf("stop of lead 1: %+v", stops[0])
	}
}
