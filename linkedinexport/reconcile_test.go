package linkedinexport

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestReconcileArchive runs the realistic archive through every input form and checks
// each part of the story it tells.
func TestReconcileArchive(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(testArchive, "Basic_LinkedInDataExport_01-30-2026")
	inputs := []struct {
		name string
		open func(t *testing.T) (*Archive, error)
	}{
		{"zip", func(t *testing.T) (*Archive, error) { return Open(zipDir(t, testArchive, nil), Limits{}) }},
		{"folder", func(t *testing.T) (*Archive, error) { return Open(testArchive, Limits{}) }},
		{"files", func(t *testing.T) (*Archive, error) {
			return OpenFiles([]string{
				filepath.Join(dir, "Connections.csv"), filepath.Join(dir, "Invitations.csv"), filepath.Join(dir, "messages.csv"),
			}, Limits{})
		}},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			t.Parallel()
			a, err := in.open(t)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			res, err := Reconcile(a, Options{Account: "alex", Location: paris(t), Leads: testLeads(t)})
			if err != nil {
				t.Fatal(err)
			}
			checkStory(t, res)
		})
	}
}

func checkStory(t *testing.T, res *Result) {
	t.Helper()
	if got := res.Owner.String(); got != "in:alex-martin-owner" {
		t.Errorf("owner = %s, want it read off the invitations", got)
	}

	// Invites sent by hand: Zoë's and Jordan's; Elena's is in the ledger already and
	// Taylor is nobody paceline knows.
	var invites []string
	for _, a := range res.Invites {
		if a.Kind != paceline.KindInvite || a.Result != paceline.ResultDone || a.Account != "alex" {
			t.Errorf("invite action %+v: want kind invite, result done, account alex", a)
		}
		invites = append(invites, a.Lead+"@"+a.At.UTC().Format(time.RFC3339)+note(a.WithNote))
	}
	wantInvites := []string{
		"zoe-dupont@2026-01-10T08:15:00Z",           // 9:15 AM in Paris
		"jordan-lee@2026-01-29T13:37:00Z with note", // 2:37 PM, narrow no-break space before PM
	}
	if !slices.Equal(invites, wantInvites) {
		t.Errorf("invites = %q, want %q", invites, wantInvites)
	}

	var events []string
	for _, e := range res.Events {
		events = append(events, string(e.Type)+" "+e.Lead+"@"+e.At.UTC().Format(time.RFC3339))
		if e.Account != "alex" || !strings.HasPrefix(e.Key, "archive:alex:"+string(e.Type)+":") {
			t.Errorf("event %+v: want account alex and an archive dedupe key", e)
		}
	}
	wantEvents := []string{
		"connected priya-shah@2026-01-02T23:00:00Z",     // 3 Jan in Paris, before any invite: connected before, no accept
		"accepted łukasz-kowalski@2026-01-11T23:00:00Z", // 12 Jan in Paris, after the ledger invite
		"accepted zoe-dupont@2026-01-14T23:00:00Z",      // 15 Jan, after the archive invite
		"replied zoe-dupont@2026-01-16T12:30:00Z",       // her answer to our first message; the next one is no new event
		"replied łukasz-kowalski@2026-01-20T08:00:00Z",  // a conversation he started after our invite
		"accepted elena-garcia@2026-01-21T23:00:00Z",    // invite in the archive and the ledger both
	}
	if !slices.Equal(events, wantEvents) {
		t.Errorf("events =\n%s\nwant\n%s", strings.Join(events, "\n"), strings.Join(wantEvents, "\n"))
	}

	// The newest Connected On of every row, known lead or not: Elena's 22 Jan in Paris.
	if got, want := res.LastConnectedOn.UTC().Format(time.RFC3339), "2026-01-21T23:00:00Z"; got != want {
		t.Errorf("LastConnectedOn = %s, want %s", got, want)
	}

	want := Counts{Connections: 7, Invitations: 5, Messages: 10, Invites: 2, InvitesInLedger: 1, Accepted: 3, Connected: 1, Replied: 2}
	want.Unmatched = len(res.Unmatched)
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}

	// Every row that gave nothing is there with its line and why.
	wantUnmatched := []struct {
		file   string
		line   int
		cause  Cause
		reason string
	}{
		{"Connections.csv", 8, CauseUnknownLead, "Chris Unknown: not a known lead (in:chris-unknown-123)"},
		{"Connections.csv", 11, CauseNoProfileURL, "LinkedIn Member: no profile URL"},
		{"Connections.csv", 12, CauseBadDate, "Bad Date: unreadable Connected On date"},
		{"Invitations.csv", 4, CauseIncoming, "Sam Patel: an invitation to you"},
		{"Invitations.csv", 6, CauseUnknownLead, "Taylor Stranger: not a known lead"},
		{"messages.csv", 10, CauseNotReply, "李伟: wrote on 2026-01-02 09:00 UTC, before your first invite or message (2026-01-03 10:00 UTC)"},
		{"messages.csv", 13, CauseUnknownLead, "Rita Recruiter: not a known lead"},
		{"messages.csv", 14, CauseDraft, "Alex Martin: a draft, never sent"},
		{"messages.csv", 15, CauseNoProfileURL, "LinkedIn Member: no sender profile URL"},
	}
	if len(res.Unmatched) != len(wantUnmatched) {
		t.Errorf("%d unmatched rows, want %d:\n%s", len(res.Unmatched), len(wantUnmatched), unmatchedText(res.Unmatched))
		return
	}
	for i, w := range wantUnmatched {
		u := res.Unmatched[i]
		if filepath.Base(u.File) != w.file || u.Line != w.line || u.Cause != w.cause || !strings.HasPrefix(u.Reason, w.reason) {
			t.Errorf("unmatched[%d] = %s, want %s line %d: (%s) %s...", i, u, w.file, w.line, w.cause, w.reason)
		}
	}
}

func note(b bool) string {
	if b {
		return " with note"
	}
	return ""
}

func unmatchedText(us []Unmatched) string {
	var b strings.Builder
	for _, u := range us {
		b.WriteString(u.String() + "\n")
	}
	return b.String()
}
