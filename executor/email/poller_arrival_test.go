package email

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// mar2 is 2 March 2026 at h:m UTC, the morning the arrival tests send their emails.
func mar2(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }

// plainMail is a message from an address, with a Date header and, when refs is set,
// an In-Reply-To.
func plainMail(from, id string, date time.Time, refs string) string {
	raw := "From: " + from + "\r\nTo: ann@paceline.test\r\nMessage-ID: <" + id + ">\r\nDate: " + date.Format(time.RFC1123Z) + "\r\n"
	if refs != "" {
		raw += "In-Reply-To: <" + refs + ">\r\n"
	}
	return raw + "Subject: Re: lunch\r\n\r\nSee you there.\r\n"
}

// TestPollCountsOnlyMailAfterTheSend: a mailbox read for the first time (no
// checkpoint) or again after its folder was rebuilt (a new UIDVALIDITY) holds years of
// mail. A message from before paceline mailed someone is no answer to that email: it
// must not stop the sequence as a reply or a bounce. Mail that came after the email
// counts, also when it came while paceline was stopped or after a later email went out,
// and a few minutes of clock skew between the servers do not lose a real reply.
func TestPollCountsOnlyMailAfterTheSend(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	for _, s := range []Sent{
		{Key: "q1/ada/1", MessageID: "pl.ada@paceline.test", Lead: "ada", To: "ada@analytical.test", At: mar2(9, 0)},
		{Key: "q1/ken/1", MessageID: "pl.ken@paceline.test", Lead: "ken", To: "ken@bell.test", At: mar2(9, 0)},
		{Key: "q1/dmr/1", MessageID: "pl.dmr@paceline.test", Lead: "dmr", To: "dmr@bell.test", At: mar2(9, 0)},
		{Key: "q1/barb/1", MessageID: "pl.barb@paceline.test", Lead: "barb", To: "barbara@clu.test", At: mar2(9, 0)},
		{Key: "q1/linus/1", MessageID: "pl.linus@paceline.test", Lead: "linus", To: "linus@kernel.test", At: mar2(9, 0)},
		// Grace got a first email in February and a follow-up in March.
		{Key: "q1/grace/1", MessageID: "pl.grace1@paceline.test", Lead: "grace", To: "grace@navy.test", At: mar2(9, 0).AddDate(0, -1, 0)},
		{Key: "q1/grace/2", MessageID: "pl.grace2@paceline.test", Lead: "grace", To: "grace@navy.test", At: mar2(9, 0)},
	} {
		if err := log.RecordSent(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	years := func(n int) time.Time { return mar2(9, 0).AddDate(-n, 0, 0) }
	// Years of mail already in the inbox.
	srv.deliverAt(t, plainMail("Ada <ada@analytical.test>", "old1@analytical.test", years(7), ""), years(7))
	// Threads under a Message-ID we use again (the same campaign and lead after the
	// database was started afresh), from last year.
	srv.deliverAt(t, plainMail("ken@bell.test", "old2@bell.test", years(1), "pl.ken@paceline.test"), years(1))
	srv.deliverAt(t, postfixAliasDSN("old3@mx.clu.test", "barbara@clu.test", "barbara@clu.test", ""), years(2))
	// An old message copied into the folder today: a new INTERNALDATE, its old Date.
	srv.deliverAt(t, plainMail("linus@kernel.test", "old4@kernel.test", years(3), ""), mar2(11, 0))
	// A known lead we never mailed, who wrote before paceline knew them.
	srv.deliverAt(t, plainMail("rob@plan9.test", "old5@plan9.test", years(4), ""), years(4))
	// A known lead who wrote after being imported but before our first email to them.
	srv.deliverAt(t, plainMail("ada@analytical.test", "old6@analytical.test", mar2(12, 0).AddDate(0, 0, -1), ""), mar2(12, 0).AddDate(0, 0, -1))

	// What came after the emails.
	// Grace answered the first email while paceline was stopped, before the follow-up.
	srv.deliverAt(t, plainMail("grace@navy.test", "g1@navy.test", mar2(9, 0).AddDate(0, 0, -20), ""), mar2(9, 0).AddDate(0, 0, -20))
	srv.deliverAt(t, plainMail("Ken <ken@bell.test>", "k1@bell.test", mar2(9, 20), "pl.ken@paceline.test"), mar2(9, 20))
	// dmr answers at once, but the IMAP server's clock runs 40 minutes behind
	// paceline's, and dmr's phone 7.
	srv.deliverAt(t, plainMail("dmr@bell.test", "d1@bell.test", mar2(8, 53), "pl.dmr@paceline.test"), mar2(8, 20))
	srv.deliverAt(t, postfixAliasDSN("b1@mx.clu.test", "barbara@clu.test", "barbara@clu.test", ""), mar2(9, 0))
	srv.deliverAt(t, plainMail("rob@plan9.test", "r1@plan9.test", mar2(9, 40), ""), mar2(9, 40))

	robSince := mar2(8, 0).AddDate(0, 0, -1)
	known := func(_ context.Context, addr string) (string, time.Time, error) {
		if lead, _, ok := strings.Cut(addr, "@"); ok && (lead == "rob" || lead == "ada") {
			return lead, robSince, nil
		}
		return "", time.Time{}, paceline.Errorf(paceline.ENOTFOUND, "no lead %s", addr)
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{LeadByAddressFunc: known}, clientTLS)
	want := []string{
		"bounced barb email/bounced/pl.barb@paceline.test",
		"replied dmr email/replied/d1@bell.test",
		"replied grace email/replied/g1@navy.test",
		"replied ken email/replied/k1@bell.test",
		"replied rob email/replied/r1@plan9.test",
	}
	for _, cp := range []Checkpoint{{}, {UIDValidity: 4242, UID: 9000}} {
		t.Run(fmt.Sprintf("from %+v", cp), func(t *testing.T) {
			res, err := p.Poll(context.Background(), cp)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventLines(res.Events); !slices.Equal(got, want) {
				t.Errorf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if res.Read != 11 || res.Checkpoint.UID != 11 {
				t.Errorf("read %d, checkpoint %+v; want all 11 read", res.Read, res.Checkpoint)
			}
		})
	}
}

// TestPollFetchesNothingFromBeforeTheMailbox: the first poll of a mailbox with years of
// mail asks the server only for what came from two days before the account was added
// (SEARCH SINCE is by whole days), so old mail is never downloaded; what came after is
// read as before.
func TestPollFetchesNothingFromBeforeTheMailbox(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	if err := log.RecordSent(context.Background(), Sent{Key: "q1/ken/1", MessageID: "pl.ken@paceline.test", Lead: "ken", To: "ken@bell.test", At: mar2(9, 0)}); err != nil {
		t.Fatal(err)
	}
	for i, at := range []time.Time{mar2(9, 0).AddDate(-9, 0, 0), mar2(9, 0).AddDate(-1, 0, 0), mar2(9, 0).AddDate(0, 0, -3)} {
		srv.deliverAt(t, plainMail("ken@bell.test", fmt.Sprintf("old%d@bell.test", i), at, ""), at)
	}
	srv.deliverAt(t, plainMail("ken@bell.test", "recent@bell.test", mar2(7, 0).AddDate(0, 0, -1), ""), mar2(7, 0).AddDate(0, 0, -1))
	srv.deliverAt(t, plainMail("ken@bell.test", "k1@bell.test", mar2(9, 30), "pl.ken@paceline.test"), mar2(9, 30))
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{Since: mar2(8, 0)}, clientTLS)
	res, err := p.Poll(context.Background(), Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	if got := eventLines(res.Events); !slices.Equal(got, []string{"replied ken email/replied/k1@bell.test"}) {
		t.Errorf("events %v", got)
	}
	if res.Read != 2 || res.Checkpoint.UID != 5 || res.More {
		t.Errorf("read %d, checkpoint %+v, more %v; want the 2 messages since 28 February read", res.Read, res.Checkpoint, res.More)
	}
}

// TestPollKeepsAReplyThatArrivesDuringTheFirstPoll: a reply delivered while the first
// poll is still reading years of mail is not passed over by the checkpoint: the next
// poll reads it.
func TestPollKeepsAReplyThatArrivesDuringTheFirstPoll(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	if err := log.RecordSent(context.Background(), Sent{Key: "q1/ken/1", MessageID: "pl.ken@paceline.test", Lead: "ken", To: "ken@bell.test", At: mar2(9, 0)}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		at := mar2(9, 0).AddDate(-i-1, 0, 0)
		srv.deliverAt(t, plainMail("friend@old.test", fmt.Sprintf("old%d@old.test", i), at, ""), at)
	}
	delivered := false
	// Asked about the first old message, while the poll reads: Ken's reply lands then.
	during := func(_ context.Context, addr string) (string, time.Time, error) {
		if !delivered {
			delivered = true
			srv.deliverAt(t, plainMail("ken@bell.test", "k1@bell.test", mar2(9, 30), "pl.ken@paceline.test"), mar2(9, 30))
		}
		return "", time.Time{}, paceline.Errorf(paceline.ENOTFOUND, "no lead %s", addr)
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{LeadByAddressFunc: during}, clientTLS)
	first, err := p.Poll(context.Background(), Checkpoint{})
	if err != nil || !delivered {
		t.Fatalf("first poll: %v (reply delivered during it: %v)", err, delivered)
	}
	var keys []string
	for _, e := range first.Events {
		keys = append(keys, e.Key)
	}
	next, err := p.Poll(context.Background(), first.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range next.Events {
		keys = append(keys, e.Key)
	}
	if !slices.Equal(keys, []string{"email/replied/k1@bell.test"}) {
		t.Errorf("events of both polls %v, want Ken's reply once (checkpoints %+v, %+v)", keys, first.Checkpoint, next.Checkpoint)
	}
}
