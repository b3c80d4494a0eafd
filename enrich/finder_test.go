package enrich

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func TestFinderWithoutProbing(t *testing.T) {
	t.Parallel()
	r := testResolver(t, startDNS(t))
	mail := startSMTP(t, "jane.doe@"+zoneMX)
	f := Finder{Resolver: r} // probing off, as by default
	tests := []struct {
		domain     string
		status     Status
		best       float64 // confidence of the top candidate
		reason     string
		domainStat DomainStatus
	}{
		{zoneMX, StatusRisky, 0.40, "probing is off", DomainMX},
		{zoneAOnly, StatusRisky, 0.20, "no MX record", DomainAFallback},
		{zoneNX, StatusNoMX, 0, "does not exist", DomainNXDomain},
		{zoneNullMX, StatusNoMX, 0, "null MX", DomainNullMX},
		{zoneNoMail, StatusNoMX, 0, "neither MX nor address", DomainNoMail},
		{zoneSilent, StatusUnknown, 0.20, "DNS did not answer", DomainUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			t.Parallel()
			fd, err := f.Find(context.Background(), Query{FirstName: "Jane", LastName: "Doe", Domain: tt.domain})
			if err != nil {
				t.Fatal(err)
			}
			if fd.Domain.Status != tt.domainStat || fd.Probed {
				t.Errorf("domain %+v, probed %v", fd.Domain, fd.Probed)
			}
			if len(fd.Candidates) != len(DefaultPatterns) {
				t.Fatalf("%d candidates, want %d", len(fd.Candidates), len(DefaultPatterns))
			}
			top := fd.Candidates[0]
			if top.Address != "jane.doe@"+tt.domain || top.Pattern != "first.last" || top.Confidence != tt.best {
				t.Errorf("top candidate = %+v, want jane.doe@%s at %v", top, tt.domain, tt.best)
			}
			for i, c := range fd.Candidates {
				if c.Status != tt.status || !strings.Contains(c.Reason, tt.reason) {
					t.Errorf("candidate %+v; want status %s, reason with %q", c, tt.status, tt.reason)
				}
				if i > 0 && c.Confidence > fd.Candidates[i-1].Confidence {
					t.Errorf("candidates out of order at %d", i)
				}
			}
		})
	}
	if conns, _, _, _, _ := mail.stats(); conns != 0 {
		t.Errorf("the mail server had %d connections with probing off", conns)
	}
}

func TestFinderProbing(t *testing.T) {
	t.Parallel()
	r := testResolver(t, startDNS(t))

	t.Run("one mailbox exists", func(t *testing.T) {
		t.Parallel()
		mail := startSMTP(t, "jdoe@"+zoneMX)
		f := Finder{Resolver: r, Prober: testProber(mail.dial)}
		fd, err := f.Find(context.Background(), Query{FirstName: "Jane", LastName: "Doe", Domain: zoneMX})
		if err != nil {
			t.Fatal(err)
		}
		if !fd.Probed || fd.Probe.CatchAll || fd.ProbeError != "" {
			t.Fatalf("probe = %+v, error %q", fd.Probe, fd.ProbeError)
		}
		best, ok := fd.Best()
		if !ok || best.Address != "jdoe@"+zoneMX || best.Status != StatusValid || best.Confidence != 0.95 {
			t.Errorf("best = %+v, want jdoe valid at 0.95", best)
		}
		if !strings.Contains(best.Reason, "refused a random address") {
			t.Errorf("reason = %q", best.Reason)
		}
		asked := 0
		for _, c := range fd.Candidates[1:] {
			switch c.Status {
			case StatusInvalid:
				asked++
				if c.Confidence != 0 || !strings.Contains(c.Reason, "550 No such user") {
					t.Errorf("refused candidate %+v", c)
				}
			case StatusRisky:
				if !strings.Contains(c.Reason, "only the 10 likeliest") {
					t.Errorf("unasked candidate %+v", c)
				}
			default:
				t.Errorf("candidate %+v", c)
			}
		}
		if asked != 9 {
			t.Errorf("%d refused candidates, want 9 (10 asked, one valid)", asked)
		}
		conns, from, rcpts, dialled, data := mail.stats()
		if conns != 1 || data != 0 {
			t.Errorf("%d sessions and %d DATA commands; want 1 session and no DATA", conns, data)
		}
		if len(from) != 1 || from[0] != "verify@paceline.test" {
			t.Errorf("MAIL FROM = %v", from)
		}
		if len(rcpts) != 11 || !strings.HasPrefix(rcpts[0], "no-such-user-") || rcpts[1] != "jane.doe@"+zoneMX {
			t.Errorf("RCPT TO order = %v; want the random address, then the likeliest guess", rcpts)
		}
		if len(dialled) != 1 || dialled[0] != "mail.acme.test" {
			t.Errorf("dialled %v, want the best MX", dialled)
		}
	})

	t.Run("catch-all", func(t *testing.T) {
		t.Parallel()
		mail := startSMTP(t)
		f := Finder{Resolver: r, Prober: testProber(mail.dial)}
		fd, err := f.Find(context.Background(), Query{FirstName: "Jane", LastName: "Doe", Domain: zoneCatchAll})
		if err != nil {
			t.Fatal(err)
		}
		if !fd.Probe.CatchAll {
			t.Fatalf("probe = %+v, want a catch-all", fd.Probe)
		}
		top := fd.Candidates[0]
		if top.Status != StatusCatchAll || top.Confidence != 0.40 || !strings.Contains(top.Reason, "accepts any address") {
			t.Errorf("top = %+v", top)
		}
	})

	t.Run("address-record fallback", func(t *testing.T) {
		t.Parallel()
		mail := startSMTP(t, "jane.doe@"+zoneAOnly)
		f := Finder{Resolver: r, Prober: testProber(mail.dial)}
		fd, err := f.Find(context.Background(), Query{FirstName: "Jane", LastName: "Doe", Domain: zoneAOnly})
		if err != nil {
			t.Fatal(err)
		}
		top := fd.Candidates[0]
		if top.Status != StatusValid || top.Confidence != 0.90 || fd.Candidates[1].Confidence != 0.01 { // the next: first.l, unasked, 0.02 halved
			t.Errorf("candidates = %+v", fd.Candidates[:2])
		}
		if _, _, _, dialled, _ := mail.stats(); len(dialled) != 1 || dialled[0] != zoneAOnly {
			t.Errorf("dialled %v, want the domain itself", dialled)
		}
	})

	t.Run("greylisted", func(t *testing.T) {
		t.Parallel()
		mail := startSMTP(t)
		f := Finder{Resolver: r, Prober: testProber(mail.dial)}
		fd, err := f.Find(context.Background(), Query{FirstName: "Grey", LastName: "Greyson", Domain: zoneMX})
		if err != nil {
			t.Fatal(err)
		}
		top := fd.Candidates[0]
		if top.Status != StatusUnknown || top.Confidence != 0.32 || !strings.Contains(top.Reason, "451 Greylisted") {
			t.Errorf("top = %+v", top)
		}
	})

	t.Run("server down", func(t *testing.T) {
		t.Parallel()
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		dead := l.Addr().String()
		l.Close()
		var dialled []string
		dial := func(ctx context.Context, host string) (net.Conn, error) {
			dialled = append(dialled, host)
			var d net.Dialer
			return d.DialContext(ctx, "tcp", dead)
		}
		f := Finder{Resolver: r, Prober: testProber(dial)}
		fd, err := f.Find(context.Background(), Query{FirstName: "Jane", LastName: "Doe", Domain: zoneMX})
		if err != nil {
			t.Fatal(err)
		}
		if fd.Probed || !strings.Contains(fd.ProbeError, "probing failed") || !strings.Contains(fd.ProbeError, "connect") {
			t.Errorf("probed %v, error %q", fd.Probed, fd.ProbeError)
		}
		if len(dialled) != 2 || dialled[1] != "backup.acme.test" {
			t.Errorf("dialled %v, want both MX hosts in order", dialled)
		}
		top := fd.Candidates[0]
		if top.Status != StatusRisky || top.Confidence != 0.40 || !strings.Contains(top.Reason, "probing failed") {
			t.Errorf("top = %+v", top)
		}
	})
}

func TestFinderBadInput(t *testing.T) {
	t.Parallel()
	r := testResolver(t, startDNS(t))
	tests := []struct {
		name         string
		first, last  string
		domain       string
		prober       *Prober
		field, wants string
	}{
		{"free mail", "Jane", "Doe", "gmail.com", nil, "domain", "free mail provider"},
		{"not a domain", "Jane", "Doe", "acme", nil, "domain", "not a company domain"},
		{"no name", "", "", zoneMX, nil, "first_name", "no letters"},
		{"cyrillic", "Иван", "Петров", zoneMX, nil, "first_name", "Latin spelling"},
		{"prober without sender", "Jane", "Doe", zoneMX, &Prober{HeloName: "x.test"}, "", "sender address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := Finder{Resolver: r, Prober: tt.prober}
			_, err := f.Find(context.Background(), Query{FirstName: tt.first, LastName: tt.last, Domain: tt.domain})
			var pe *paceline.Error
			if err == nil || !asError(err, &pe) || pe.Code != paceline.EINVALID || pe.Field != tt.field || !strings.Contains(pe.Message, tt.wants) {
				t.Errorf("err = %#v, want EINVALID on %q with %q", err, tt.field, tt.wants)
			}
		})
	}
}

func TestFindForLead(t *testing.T) {
	t.Parallel()
	r := testResolver(t, startDNS(t))
	f := Finder{Resolver: r}
	tests := []struct {
		name string
		lead paceline.Lead
		want string // top address, or the error text
	}{
		{"domain field", paceline.Lead{FirstName: "Zoë", LastName: "Łukasiewicz", Custom: map[string]string{"company_domain": zoneMX}}, "zoe.lukasiewicz@acme.test"},
		{"website", paceline.Lead{DisplayName: "Søren Kierkegaard", Custom: map[string]string{"website": "https://www.acme.test/"}}, "soren.kierkegaard@acme.test"},
		{"work email", paceline.Lead{FirstName: "Jane", LastName: "Doe", Email: "j@acme.test"}, "jane.doe@acme.test"},
		{"free mail only", paceline.Lead{FirstName: "Jane", LastName: "Doe", Email: "j@gmail.com"}, "no company domain"},
		{"no name", paceline.Lead{Custom: map[string]string{"company_domain": zoneMX}}, "no first name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := tt.lead
			fd, err := f.FindForLead(context.Background(), &l, nil)
			switch {
			case err != nil && !strings.Contains(err.Error(), tt.want):
				t.Errorf("err = %v, want %q", err, tt.want)
			case err == nil && fd.Candidates[0].Address != tt.want:
				t.Errorf("top = %+v, want %s", fd.Candidates[0], tt.want)
			}
		})
	}
}

func asError(err error, target **paceline.Error) bool { return errors.As(err, target) }
