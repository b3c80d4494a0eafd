package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/limits"
)

// TestTasksDoneRefusedAndRestricted checks what a person's report does to the
// account's pace: refused, an ordinary refusal, was recorded as a limit notice that
// paused invites and halved their rate; restricted was rejected, leaving only a
// manual pause and resume. Now refused leaves the pace alone, and restricted stops the
// account for the restriction (7 days), saying until when, after which it acts again
// by itself.
func TestTasksDoneRefusedAndRestricted(t *testing.T) {
	t.Parallel()
	db := withTasks(t, 2)
	out := mustCLI(t, db, "tasks", "done", "1", "--outcome", "refused")
	if !strings.Contains(out, "recorded as refused") || !strings.Contains(out, "pace is unchanged") {
		t.Errorf("tasks done --outcome refused said %q", out)
	}
	type usage struct {
		Kind           string    `json:"kind"`
		WeekCap        *int      `json:"week_cap"`
		NominalWeekCap *int      `json:"nominal_week_cap"`
		Next           time.Time `json:"next"`
		Reason         string    `json:"reason"`
		Explain        string    `json:"explain"`
	}
	invite := func() usage {
		t.Helper()
		var snap struct {
			Kinds []usage `json:"kinds"`
		}
		if err := json.Unmarshal([]byte(mustCLI(t, db, "limits", "show", "alice", "--json")), &snap); err != nil {
			t.Fatal(err)
		}
		for _, k := range snap.Kinds {
			if k.Kind == "invite" {
				return k
			}
		}
		t.Fatal("limits show lists no invite")
		return usage{}
	}
	if k := invite(); k.Reason == limits.ReasonCooldown.String() || *k.WeekCap*2 <= *k.NominalWeekCap {
		t.Errorf("invites after a refusal: %s, cap %d of %d; want no cooldown and no back-off (safety aside)", k.Explain, *k.WeekCap, *k.NominalWeekCap)
	}

	before := time.Now()
	out = mustCLI(t, db, "tasks", "done", "2", "--outcome", "restricted")
	after := time.Now()
	t.Logf("tasks done --outcome restricted: %s", out)
	ends := map[string]bool{}
	for _, at := range []time.Time{before, after} {
		ends[at.Add(limits.DefaultBackoff.Restriction).UTC().Format("Mon 2 Jan 2006 15:04")] = true
	}
	said := false
	for end := range ends {
		said = said || strings.Contains(out, "alice, so it does nothing until "+end)
	}
	if !said || !strings.Contains(out, "resumes by itself") {
		t.Errorf("tasks done --outcome restricted said %q; want until when (%v) and that it resumes by itself", out, ends)
	}
	if k := invite(); k.Reason != limits.ReasonRestricted.String() || k.Next.Before(before.Add(limits.DefaultBackoff.Restriction)) {
		t.Errorf("invites after a restriction: %s %s (next %s); want restricted for 7 days", k.Reason, k.Explain, k.Next)
	}
	if list := tasksJSON(t, db, "--state", "planned"); len(list) != 2 {
		t.Errorf("planned tasks after refused and restricted: %+v, want both, to come back at a later slot", list)
	}
}
