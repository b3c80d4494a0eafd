package linkedinexport

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestReadConnections(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		csv   string
		keys  []string // key@connected-on of the rows read
		lines []int
		bad   []string // "line: reason prefix"
		err   string
	}{
		{
			name: "no preamble, CRLF, BOM",
			csv:  "\ufeffFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nAnn,Lee,https://www.linkedin.com/in/ann-lee,,,,15 Jan 2026\r\n",
			keys: []string{"in:ann-lee@2026-01-15"}, lines: []int{2},
		},
		{
			name: "quoted preamble with commas and a blank line",
			csv:  "Notes:\n\"Some, notes\nover \"\"two\"\" lines\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnn,Lee,linkedin.com/in/ann-lee,,,,02 Feb 2026\n",
			keys: []string{"in:ann-lee@2026-02-02"}, lines: []int{6},
		},
		{
			name: "columns reordered, extra and optional ones missing",
			csv:  "connected on,URL,Tags,last name,first name\n3 Mar 2026,https://de.linkedin.com/in/Jörg-Müller/,vip,Müller,Jörg\n",
			keys: []string{"in:jörg-müller@2026-03-03"},
		},
		{
			name: "other date layouts",
			csv:  connectionsHeader + "A,B,linkedin.com/in/aa,,,,5-Jan-26\nA,B,linkedin.com/in/bb,,,,\"Jan 6, 2026\"\nA,B,linkedin.com/in/cc,,,,2026-01-07\n",
			keys: []string{"in:aa@2026-01-05", "in:bb@2026-01-06", "in:cc@2026-01-07"},
		},
		{
			name: "rows that cannot be read",
			csv:  connectionsHeader + "A,B,,,,,1 Jan 2026\nC,D,https://example.com/in/x,,,,1 Jan 2026\nE,F,linkedin.com/in/ef\n,,,,,,\n",
			bad:  []string{"2: A B: no profile URL", "3: C D: unreadable profile URL", `4: E F: unreadable Connected On date ""`},
		},
		{name: "empty file", csv: ""},
		{name: "blank lines only", csv: "\r\n\n"},
		{
			name: "header without a required column",
			csv:  "Notes:\n\nFirst Name,Last Name,Email Address,Connected On\n",
			err:  `Connections.csv line 3: the header has no "url" column`,
		},
		{
			name: "no header at all",
			csv:  "name,email\nAnn,ann@example.com\n",
			err:  "Connections.csv has no header line with first name, last name, url, connected on",
		},
		{
			name: "broken quoting names the line",
			csv:  connectionsHeader + "A,B,linkedin.com/in/aa,,,,1 Jan 2026\nA,\"B\"x,linkedin.com/in/bb,,,,1 Jan 2026\n",
			err:  "Connections.csv line 3: the CSV is malformed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, bad, err := ReadConnections(strings.NewReader(tt.csv), "Connections.csv", nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || paceline.ErrorCode(err) != paceline.EINVALID {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			var lines []int
			for _, r := range rows {
				keys = append(keys, r.Key.String()+"@"+r.ConnectedOn.Format("2006-01-02"))
				lines = append(lines, r.Line)
			}
			if !slices.Equal(keys, tt.keys) {
				t.Errorf("keys = %q, want %q", keys, tt.keys)
			}
			if tt.lines != nil && !slices.Equal(lines, tt.lines) {
				t.Errorf("lines = %v, want %v", lines, tt.lines)
			}
			checkBad(t, bad, tt.bad)
		})
	}
}

func checkBad(t *testing.T, bad []Unmatched, want []string) {
	t.Helper()
	if len(bad) != len(want) {
		t.Fatalf("unmatched =\n%s want %q", unmatchedText(bad), want)
	}
	for i, w := range want {
		got := strings.TrimPrefix(bad[i].String(), bad[i].File+" line ")
		if !strings.HasPrefix(got, w) {
			t.Errorf("unmatched[%d] = %q, want %q...", i, got, w)
		}
	}
}

func TestReadInvitations(t *testing.T) {
	t.Parallel()
	const header = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
	loc := paris(t)
	rows, bad, err := ReadInvitations(strings.NewReader(header+
		"Me,Ann,\"1/29/26, 2:37 PM\",,OUTGOING,linkedin.com/in/me,linkedin.com/in/ann\n"+
		"Me,Bob,\"1/29/26, 2:37\u202fPM\",Hi Bob,outgoing,linkedin.com/in/me,linkedin.com/in/bob\n"+
		"Me,Cy,\"12/31/2025, 23:05\",,OUTGOING,,linkedin.com/in/cy\n"+
		"Dee,Me,\"7/4/26, 8:00 AM\",,INCOMING,linkedin.com/in/dee,\n"+
		"Me,Eve,yesterday,,OUTGOING,linkedin.com/in/me,linkedin.com/in/eve\n"+
		"Me,Fay,\"1/29/26, 2:37 PM\",,SIDEWAYS,linkedin.com/in/me,linkedin.com/in/fay\n"+
		"Me,Gus,\"1/29/26, 2:37 PM\",,OUTGOING,linkedin.com/in/me,\n"),
		"Invitations.csv", loc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		k := r.Invitee
		if r.Direction == Incoming {
			k = r.Inviter
		}
		got = append(got, string(r.Direction)+" "+k.String()+" "+r.SentAt.UTC().Format(time.RFC3339)+note(r.WithNote))
	}
	want := []string{
		"OUTGOING in:ann 2026-01-29T13:37:00Z",
		"OUTGOING in:bob 2026-01-29T13:37:00Z with note",
		"OUTGOING in:cy 2025-12-31T22:05:00Z",
		"INCOMING in:dee 2026-07-04T06:00:00Z", // summer time in Paris
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkBad(t, bad, []string{
		`6: Eve: unreadable Sent At date "yesterday"`,
		`7: direction "SIDEWAYS" is neither OUTGOING nor INCOMING`,
		"8: Gus: no profile URL",
	})
}

func TestReadMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		csv  string
		rows []string // line sender->recipients at
		bad  []string
		err  string
	}{
		{
			name: "minimal columns, several recipients, a Sales Navigator URL with commas",
			csv: "CONVERSATION ID,FROM,SENDER PROFILE URL,RECIPIENT PROFILE URLS,DATE\n" +
				"c1,Me,linkedin.com/in/me,\"https://www.linkedin.com/in/ann, https://www.linkedin.com/sales/lead/ACwAAAbcdef,NAME_SEARCH,xY12;linkedin.com/in/bob\",2026-01-29 14:37:12 UTC\n",
			rows: []string{"2 in:me->in:ann,sales:ACwAAAbcdef,in:bob 2026-01-29T14:37:12Z"},
		},
		{
			name: "extra columns, multi-line content, drafts and bad dates",
			csv: "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,ATTACHMENTS\n" +
				"c1,,Ann,linkedin.com/in/ann,Me,linkedin.com/in/me,2026-01-29 14:37:12 UTC,,\"line one,\n\"\"two\"\"\nthree\",INBOX,No,\n" +
				"c1,,Me,linkedin.com/in/me,Ann,linkedin.com/in/ann,2026-01-29 15:00,,draft,DRAFT,Yes,\n" +
				"c1,,Ann,linkedin.com/in/ann,Me,linkedin.com/in/me,last week,,x,INBOX,No,\n" +
				"c2,,LinkedIn Member,,Me,linkedin.com/in/me,2026-01-30T10:00:00Z,,x,INBOX,No,\n",
			rows: []string{"2 in:ann->in:me 2026-01-29T14:37:12Z", "7 ->in:me 2026-01-30T10:00:00Z"},
			bad:  []string{"5: Me: a draft, never sent", `6: Ann: unreadable DATE "last week"`},
		},
		{
			name: "a required column missing",
			csv:  "CONVERSATION ID,FROM,TO,RECIPIENT PROFILE URLS,DATE\n",
			err:  `messages.csv line 1: the header has no "sender profile url" column`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, bad, err := ReadMessages(strings.NewReader(tt.csv), "messages.csv")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				var to []string
				for _, k := range r.Recipients {
					to = append(to, k.String())
				}
				sender := ""
				if !r.Sender.IsZero() {
					sender = r.Sender.String()
				}
				got = append(got, strings.Join([]string{itoa(r.Line), " ", sender, "->", strings.Join(to, ","), " ", r.At.Format(time.RFC3339)}, ""))
			}
			if !slices.Equal(got, tt.rows) {
				t.Errorf("rows = %q, want %q", got, tt.rows)
			}
			checkBad(t, bad, tt.bad)
		})
	}
}

func itoa(n int) string { return fmtInt(int64(n)) }
