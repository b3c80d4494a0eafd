package linkedinexport

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

func keysOf(res *Result) []string {
	var keys []string
	for _, a := range res.Invites {
		keys = append(keys, a.Key)
	}
	for _, e := range res.Events {
		keys = append(keys, e.Key)
	}
	return keys
}

// Importing the same archive again yields the same dedupe keys, whatever the form it
// comes in, and once the first import's invites are in the ledger it proposes none.
func TestReimportSameKeys(t *testing.T) {
	t.Parallel()
	opt := Options{Account: "alex", Location: paris(t), Leads: testLeads(t)}
	run := func(path string, opt Options) *Result {
		a, err := Open(path, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		res, err := Reconcile(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := run(zipDir(t, testArchive, nil), opt)
	again := run(testArchive, opt)
	if !slices.Equal(keysOf(first), keysOf(again)) || len(keysOf(first)) == 0 {
		t.Fatalf("keys differ between two imports:\n%q\n%q", keysOf(first), keysOf(again))
	}

	// Another time zone moves the instants, not the keys.
	utcRes := run(testArchive, Options{Account: "alex", Leads: testLeads(t)})
	if !slices.Equal(keysOf(first), keysOf(utcRes)) {
		t.Errorf("keys depend on the time zone:\n%q\n%q", keysOf(first), keysOf(utcRes))
	}

	// The ledger now holds the recorded invites: none is proposed again.
	leads := testLeads(t)
	for _, a := range first.Invites {
		for k, l := range leads {
			if l.ID == a.Lead {
				l.Invites = append(l.Invites, a.At)
				leads[k] = l
			}
		}
	}
	opt.Leads = leads
	third := run(testArchive, opt)
	if len(third.Invites) != 0 || third.Counts.InvitesInLedger != first.Counts.InvitesInLedger+len(first.Invites) {
		t.Errorf("third import: %d new invites, %d in the ledger; want 0 and %d", len(third.Invites), third.Counts.InvitesInLedger, first.Counts.InvitesInLedger+len(first.Invites))
	}
	var evKeys []string
	for _, e := range first.Events {
		evKeys = append(evKeys, e.Key)
	}
	if got := keysOf(third); !slices.Equal(got, evKeys) {
		t.Errorf("third import's keys = %q, want the events' %q", got, evKeys)
	}
}

const me = "https://www.linkedin.com/in/me"

func at(s string) time.Time { return utc(s) }

// TestMatch covers the matching rules one case at a time, on rows built in the test.
func TestMatch(t *testing.T) {
	t.Parallel()
	ann := key(t, "linkedin.com/in/ann")
	bob := key(t, "linkedin.com/in/bob")
	owner := key(t, me)
	msg := func(line int, conv string, from lead.Key, when string, to ...lead.Key) Message {
		return Message{Line: line, Conversation: conv, From: from.Value, SenderURL: "x", Sender: from, Recipients: to, At: at(when)}
	}
	inv := func(line int, to lead.Key, when string) Invitation {
		return Invitation{Line: line, Direction: Outgoing, Inviter: owner, Invitee: to, SentAt: at(when)}
	}
	conn := func(line int, k lead.Key, day string) Connection {
		return Connection{Line: line, FirstName: k.Value, Key: k, ConnectedOn: at(day + "T00:00:00Z")}
	}
	tests := []struct {
		name      string
		rows      Rows
		leads     LeadMap
		events    []string // "type lead at"
		invites   int
		unmatched []string // reason prefixes
	}{
		{
			name: "a reply at the very instant of our message is not after it",
			rows: Rows{Messages: []Message{
				msg(2, "c", owner, "2026-01-01T10:00:00Z", ann),
				msg(3, "c", ann, "2026-01-01T10:00:00Z", owner),
			}},
			unmatched: []string{"ann: wrote on 2026-01-01 10:00 UTC, before your first invite or message"},
		},
		{
			name: "a lead who wrote first and answered later replied with the later message",
			rows: Rows{Messages: []Message{
				msg(4, "c", ann, "2026-01-03T09:00:00Z", owner),
				msg(2, "c", ann, "2026-01-01T09:00:00Z", owner),
				msg(3, "c", owner, "2026-01-02T09:00:00Z", ann),
			}},
			events:    []string{"replied ann 2026-01-03T09:00:00Z"},
			unmatched: []string{"ann: wrote on 2026-01-01"},
		},
		{
			name: "a group message is our first message to every lead in it",
			rows: Rows{Messages: []Message{
				msg(2, "g", owner, "2026-01-01T09:00:00Z", ann, bob),
				msg(3, "other", bob, "2026-01-02T09:00:00Z", owner),
			}},
			events: []string{"replied bob 2026-01-02T09:00:00Z"},
		},
		{
			name:      "a lead who wrote but was never contacted did not reply",
			rows:      Rows{Messages: []Message{msg(2, "c", ann, "2026-01-02T09:00:00Z", owner)}},
			unmatched: []string{"ann: wrote to you, but you never invited or messaged them"},
		},
		{
			name:   "a ledger contact makes a later message a reply",
			rows:   Rows{Messages: []Message{msg(2, "c", ann, "2026-01-02T09:00:00Z", owner)}},
			leads:  LeadMap{ann: {ID: "ann", Contacted: at("2026-01-01T09:00:00Z")}},
			events: []string{"replied ann 2026-01-02T09:00:00Z"},
		},
		{
			name: "connected earlier on the day of the invite: accepted at the invite",
			rows: Rows{
				Invitations: []Invitation{inv(2, ann, "2026-01-05T15:00:00Z")},
				Connections: []Connection{conn(2, ann, "2026-01-05")},
			},
			invites: 1,
			events:  []string{"accepted ann 2026-01-05T15:00:00Z"},
		},
		{
			name: "the latest invite before the connection counts",
			rows: Rows{
				Invitations: []Invitation{inv(2, ann, "2026-01-01T15:00:00Z"), inv(3, ann, "2026-01-20T15:00:00Z")},
				Connections: []Connection{conn(2, ann, "2026-01-25")},
			},
			invites: 2,
			events:  []string{"accepted ann 2026-01-25T00:00:00Z"},
		},
		{
			name:   "a task marked done the morning after the lead accepted",
			rows:   Rows{Connections: []Connection{conn(2, ann, "2026-01-05")}},
			leads:  LeadMap{ann: {ID: "ann", Invites: []time.Time{at("2026-01-06T09:00:00Z")}}},
			events: []string{"accepted ann 2026-01-06T09:00:00Z"},
		},
		{
			name:   "a ledger invite days after the connection is no acceptance: connected before",
			rows:   Rows{Connections: []Connection{conn(2, ann, "2026-01-05")}},
			leads:  LeadMap{ann: {ID: "ann", Invites: []time.Time{at("2026-01-08T09:00:00Z")}}},
			events: []string{"connected ann 2026-01-05T00:00:00Z"},
		},
		{
			name:   "a connection with no invite anywhere is not an acceptance: connected before",
			rows:   Rows{Connections: []Connection{conn(2, ann, "2026-01-05"), conn(3, bob, "2026-01-07")}},
			events: []string{"connected ann 2026-01-05T00:00:00Z", "connected bob 2026-01-07T00:00:00Z"},
		},
		{
			name:      "a connection from before listed twice counts once",
			rows:      Rows{Connections: []Connection{conn(2, ann, "2025-03-05"), conn(3, ann, "2025-03-05")}},
			events:    []string{"connected ann 2025-03-05T00:00:00Z"},
			unmatched: []string{"ann: listed twice"},
		},
		{
			name:      "a connection listed twice counts once",
			rows:      Rows{Connections: []Connection{conn(2, ann, "2026-01-05"), conn(3, ann, "2026-01-05")}},
			leads:     LeadMap{ann: {ID: "ann", Invites: []time.Time{at("2026-01-01T00:00:00Z")}}},
			events:    []string{"accepted ann 2026-01-05T00:00:00Z"},
			unmatched: []string{"ann: listed twice"},
		},
		{
			name:    "a ledger invite within the window is the same invite",
			rows:    Rows{Invitations: []Invitation{inv(2, ann, "2026-01-05T15:00:00Z"), inv(3, bob, "2026-01-05T15:00:00Z")}},
			leads:   LeadMap{ann: {ID: "ann", Invites: []time.Time{at("2026-01-06T20:00:00Z")}}, bob: {ID: "bob", Invites: []time.Time{at("2026-01-08T20:00:00Z")}}},
			invites: 1, // bob's ledger invite is three days off: another invite
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			leads := tt.leads
			if leads == nil {
				leads = LeadMap{ann: {ID: "ann"}, bob: {ID: "bob"}}
			}
			rows := tt.rows
			for f := range rows.Files {
				rows.Files[f] = File(f).String()
			}
			res, err := Match(&rows, Options{Account: "a", Owner: owner, Leads: leads})
			if err != nil {
				t.Fatal(err)
			}
			var events []string
			for _, e := range res.Events {
				events = append(events, string(e.Type)+" "+e.Lead+" "+e.At.UTC().Format(time.RFC3339))
			}
			if !slices.Equal(events, tt.events) {
				t.Errorf("events = %q, want %q", events, tt.events)
			}
			if len(res.Invites) != tt.invites {
				t.Errorf("%d invites, want %d", len(res.Invites), tt.invites)
			}
			if len(res.Unmatched) != len(tt.unmatched) {
				t.Fatalf("unmatched =\n%s want %q", unmatchedText(res.Unmatched), tt.unmatched)
			}
			for i, w := range tt.unmatched {
				if !strings.HasPrefix(res.Unmatched[i].Reason, w) {
					t.Errorf("unmatched[%d] = %s, want %q...", i, res.Unmatched[i], w)
				}
			}
		})
	}
}

func TestOwner(t *testing.T) {
	t.Parallel()
	ann := key(t, "linkedin.com/in/ann")
	bob := key(t, "linkedin.com/in/bob")
	owner := key(t, me)
	m := func(conv, from string, sender lead.Key, to ...lead.Key) Message {
		return Message{Line: 2, Conversation: conv, From: from, SenderURL: sender.Value, Sender: sender, Recipients: to, At: at("2026-01-02T09:00:00Z")}
	}
	tests := []struct {
		name   string
		rows   Rows
		opt    Options
		owner  string
		ours   bool // whether the first message is the owner's
		errMsg string
	}{
		{
			name:  "from the invitations",
			rows:  Rows{Invitations: []Invitation{{Direction: Incoming, Inviter: ann, Invitee: owner}}, Messages: []Message{m("c", "Me", owner, ann)}},
			owner: "in:me", ours: true,
		},
		{
			name:   "two inviters",
			rows:   Rows{Invitations: []Invitation{{Direction: Outgoing, Inviter: ann, Invitee: owner}, {Direction: Outgoing, Inviter: owner, Invitee: bob}}},
			errMsg: "names more than one owner (in:ann, in:me)",
		},
		{
			name:  "the one person in every conversation",
			rows:  Rows{Messages: []Message{m("c1", "Ann", ann, owner), m("c2", "Me", owner, bob)}},
			owner: "in:me",
		},
		{
			name:   "one conversation cannot tell",
			rows:   Rows{Messages: []Message{m("c1", "Ann", ann, owner)}},
			errMsg: "cannot tell which messages in messages.csv are yours",
		},
		{
			name: "by name when the sender has no URL",
			rows: Rows{Messages: []Message{m("c1", "  JÉRÔME   Doe", lead.Key{}, ann)}},
			opt:  Options{OwnerName: "Jérôme Doe"},
			ours: true,
		},
		{
			name:  "given",
			rows:  Rows{Messages: []Message{m("c1", "Ann", ann, owner)}},
			opt:   Options{Owner: owner},
			owner: "in:me",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows := tt.rows
			rows.Files[Invitations], rows.Files[Messages] = "Invitations.csv", "messages.csv"
			o, err := findOwner(&rows, tt.opt.Owner, tt.opt.OwnerName)
			if tt.errMsg != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errMsg) || paceline.ErrorCode(err) != paceline.EINVALID {
					t.Fatalf("error = %v, want %q", err, tt.errMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := o.key.String(); !o.key.IsZero() && got != tt.owner || o.key.IsZero() && tt.owner != "" {
				t.Errorf("owner = %s, want %s", got, tt.owner)
			}
			if len(rows.Messages) > 0 && o.ours(&rows.Messages[0]) != tt.ours {
				t.Errorf("ours(first message) = %v, want %v", !tt.ours, tt.ours)
			}
		})
	}
}
