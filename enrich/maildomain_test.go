package enrich

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCheckMailDomain(t *testing.T) {
	t.Parallel()
	r := testResolver(t, startDNS(t))
	tests := []struct {
		domain string
		status DomainStatus
		hosts  []string
		reason string
	}{
		{zoneMX, DomainMX, []string{"mail.acme.test", "backup.acme.test"}, "has mail servers"},
		{"ACME.test.", DomainMX, []string{"mail.acme.test", "backup.acme.test"}, "has mail servers"},
		{zoneAOnly, DomainAFallback, []string{zoneAOnly}, "no MX record"},
		{zoneNoMail, DomainNoMail, nil, "neither MX nor address records"},
		{zoneNullMX, DomainNullMX, nil, "null MX"},
		{zoneNX, DomainNXDomain, nil, "does not exist"},
		{zoneSilent, DomainUnreachable, nil, "no answer within 300ms"},
		{zoneBroken, DomainUnreachable, nil, "answered SERVFAIL"},
		{zoneTruncate, DomainMX, []string{"mx.truncated.test"}, "has mail servers"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			t.Parallel()
			got := CheckMailDomain(context.Background(), r, tt.domain)
			if got.Status != tt.status || !reflect.DeepEqual(got.Hosts, tt.hosts) || !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("CheckMailDomain(%q) = %+v; want status %s, hosts %v, reason with %q", tt.domain, got, tt.status, tt.hosts, tt.reason)
			}
			if got.AcceptsMail() != (tt.status == DomainMX || tt.status == DomainAFallback) {
				t.Errorf("AcceptsMail = %v for %s", got.AcceptsMail(), got.Status)
			}
		})
	}
}

func TestDNSResolverErrors(t *testing.T) {
	t.Parallel()
	r := testResolver(t, startDNS(t))
	ctx := context.Background()
	if _, err := r.LookupMX(ctx, zoneNX); !errors.Is(err, ErrNoSuchDomain) {
		t.Errorf("LookupMX(%s) err = %v, want ErrNoSuchDomain", zoneNX, err)
	}
	if _, err := r.LookupMX(ctx, zoneSilent); !errors.Is(err, ErrDNSTimeout) {
		t.Errorf("LookupMX(%s) err = %v, want ErrDNSTimeout", zoneSilent, err)
	}
	if mxs, err := r.LookupMX(ctx, zoneNoMail); err != nil || len(mxs) != 0 {
		t.Errorf("LookupMX(%s) = %v, %v; want nothing, no error", zoneNoMail, mxs, err)
	}
	if _, err := r.LookupMX(ctx, "bad..name"); err == nil || !strings.Contains(err.Error(), "not a domain name") {
		t.Errorf("LookupMX(bad..name) err = %v", err)
	}
}

func TestDNSServerUnreachable(t *testing.T) {
	t.Parallel()
	// A port nobody listens on: take one and give it back.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	got := CheckMailDomain(context.Background(), testResolver(t, addr), zoneMX)
	if got.Status != DomainUnreachable || !strings.Contains(got.Reason, addr) {
		t.Errorf("CheckMailDomain via a dead server = %+v; want unreachable naming %s", got, addr)
	}
}

func TestNewDNSResolver(t *testing.T) {
	t.Parallel()
	r, err := NewDNSResolver("127.0.0.1", 0)
	if err != nil || r.Server() != "127.0.0.1:53" || r.timeout != DefaultDNSTimeout {
		t.Errorf("NewDNSResolver(127.0.0.1) = %+v, %v", r, err)
	}
	if _, err := NewDNSResolver("dns.google", 0); err == nil || !strings.Contains(err.Error(), "give an IP address") {
		t.Errorf("NewDNSResolver(dns.google) err = %v", err)
	}
}

func TestSystemDNSServer(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(path, []byte("search example\nnameserver 10.0.0.53\nnameserver 10.0.0.54\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := SystemDNSServer(path)
	if err != nil || got != "10.0.0.53:53" {
		t.Errorf("SystemDNSServer = %q, %v", got, err)
	}
	if _, err := SystemDNSServer(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("SystemDNSServer of a missing file gave no error")
	}
}
