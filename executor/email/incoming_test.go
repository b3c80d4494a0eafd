package email

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		id, from   string
		refs       []string
		auto       bool
		bounced    []string
		status     string
		original   []string
		dsn        bool
		bodyPrefix string
	}{
		{file: "reply-threaded.eml", id: "CAF+reply.1@mail.analytical.test", from: "ada@analytical.test",
			refs: []string{"pl.ada@paceline.test", "pl.ada@paceline.test"}, bodyPrefix: "Hi Ann,\r\n\r\nhappy to talk — Thursday"},
		{file: "reply-unthreaded.eml", id: "k1@bell.test", from: "ken@bell.test", bodyPrefix: "Sure"},
		{file: "dsn-bounce.eml", id: "20260302093102.4B1C2@mx.paceline.test", from: "mailer-daemon@mx.paceline.test",
			auto: true, bounced: []string{"grace@navy.test"}, status: "5.1.1", original: []string{"pl.grace@paceline.test"}, dsn: true,
			bodyPrefix: "This is the mail system"},
		{file: "dsn-delayed.eml", id: "20260302133102.99@mx.paceline.test", from: "mailer-daemon@mx.paceline.test", auto: true},
		{file: "ooo.eml", id: "ooo.1@kernel.test", from: "linus@kernel.test", refs: []string{"pl.linus@paceline.test"}, auto: true},
		{file: "ooo-exchange.eml", id: "ex.77@bell.test", from: "dmr@bell.test", refs: []string{"pl.dmr@paceline.test"}, auto: true},
		{file: "classic-bounce.eml", id: "qm.5@qmail.clu.test", from: "mailer-daemon@qmail.clu.test",
			bounced: []string{"barbara@clu.test", "ann@paceline.test"}, status: "5.1.1", original: []string{"pl.barb@paceline.test"}},
		{file: "newsletter.eml", id: "nl.2026.03@vendor.test", from: "news@vendor.test", auto: true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			in, err := Parse(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if in.MessageID != tt.id || in.From != tt.from || !slices.Equal(in.Refs, tt.refs) {
				t.Errorf("id %q from %q refs %q; want %q %q %q", in.MessageID, in.From, in.Refs, tt.id, tt.from, tt.refs)
			}
			if (in.Auto != "") != tt.auto {
				t.Errorf("auto %q, want auto=%v", in.Auto, tt.auto)
			}
			if in.Date.IsZero() {
				t.Error("no date read")
			}
			if !strings.HasPrefix(in.Body, tt.bodyPrefix) {
				t.Errorf("body %q, want it to start %q", in.Body, tt.bodyPrefix)
			}
			switch {
			case tt.bounced == nil && in.Bounce != nil:
				t.Errorf("bounce %+v, want none", in.Bounce)
			case tt.bounced != nil && in.Bounce == nil:
				t.Errorf("no bounce, want %v", tt.bounced)
			case tt.bounced != nil:
				b := in.Bounce
				if !slices.Equal(b.Recipients, tt.bounced) || b.Status != tt.status || !slices.Equal(b.OriginalIDs, tt.original) || b.DSN != tt.dsn {
					t.Errorf("bounce %+v; want recipients %v status %s original %v dsn %v", b, tt.bounced, tt.status, tt.original, tt.dsn)
				}
			}
		})
	}
}

func TestParseEdgeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw string
		check     func(t *testing.T, in *Incoming)
	}{
		{"no Message-ID gets a stable header hash", "From: a@b.test\r\nSubject: hi\r\n\r\nbody", func(t *testing.T, in *Incoming) {
			again, _ := Parse([]byte("From: a@b.test\r\nSubject: hi\r\n\r\nother body"))
			if in.MessageID != "" || len(in.HeaderHash) != 24 || again.HeaderHash != in.HeaderHash {
				t.Errorf("hash %q vs %q", in.HeaderHash, again.HeaderHash)
			}
		}},
		{"encoded subject", "From: a@b.test\r\nSubject: =?UTF-8?B?QWJ3ZXNlbmhlaXRzbm90aXo6IEhhbGxv?=\r\n\r\n", func(t *testing.T, in *Incoming) {
			if in.Subject != "Abwesenheitsnotiz: Hallo" || in.Auto == "" {
				t.Errorf("subject %q auto %q", in.Subject, in.Auto)
			}
		}},
		{"Auto-Submitted: no is a person", "From: a@b.test\r\nAuto-Submitted: no\r\nSubject: Re: hi\r\n\r\n", func(t *testing.T, in *Incoming) {
			if in.Auto != "" {
				t.Errorf("auto %q", in.Auto)
			}
		}},
		{"a person's subject mentioning delivery is no bounce", "From: ken@bell.test\r\nSubject: Re: delivery failure of our pilot\r\n\r\nsee ken@bell.test", func(t *testing.T, in *Incoming) {
			if in.Bounce != nil {
				t.Errorf("bounce %+v", in.Bounce)
			}
		}},
		{"base64 text part", "From: a@b.test\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8g\r\nd29ybGQ=\r\n--x--\r\n", func(t *testing.T, in *Incoming) {
			if in.Body != "Hello world" {
				t.Errorf("body %q", in.Body)
			}
		}},
		{"DSN with several recipients keeps only the 5.x.x failures", "From: MAILER-DAEMON@x.test\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x.test\r\n\r\nFinal-Recipient: rfc822; one@a.test\r\nAction: failed\r\nStatus: 5.2.1\r\n\r\nFinal-Recipient: rfc822; two@a.test\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\nFinal-Recipient: rfc822; three@a.test\r\nAction: failed\r\nStatus: 4.4.7\r\n\r\nFinal-Recipient: utf-8; four@a.test\r\nAction: failed\r\nStatus: 5.1.10\r\n--b--\r\n", func(t *testing.T, in *Incoming) {
			if in.Bounce == nil || !slices.Equal(in.Bounce.Recipients, []string{"one@a.test", "four@a.test"}) {
				t.Errorf("bounce %+v", in.Bounce)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, in)
		})
	}
	if _, err := Parse([]byte("no headers at all")); err == nil {
		t.Error("headerless input parsed")
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"reply-threaded.eml", "dsn-bounce.eml", "classic-bounce.eml", "ooo.eml"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"\"\r\n\r\n"))
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := Parse(raw)
		if err != nil {
			return
		}
		if in.MessageID == "" && in.HeaderHash == "" {
			t.Fatal("no dedupe key at all")
		}
		if len(in.Body) > maxPartBytes {
			t.Fatalf("body of %d bytes escaped the bound", len(in.Body))
		}
		if in.Bounce != nil && len(in.Bounce.Recipients) == 0 && len(in.Bounce.OriginalIDs) == 0 {
			t.Fatal("a bounce that names nothing")
		}
	})
}
