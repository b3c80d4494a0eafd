package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/web"
)

// BenchmarkAccountsPage100 renders /accounts for 100 accounts, each with a busy week
// in the ledger (95 invites, 100 messages, 40 visits and 30 accepts), through the
// whole handler: session, ledger reads, Pacer replays, SVG gauges and the template.
// It reports the p50 and p99 latency of a running server (warm) and of the first
// render after a start (cold); the target is under 20 ms.
func BenchmarkAccountsPage100(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "p.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := apitest.Now
	types := []paceline.AccountType{paceline.TypeFree, paceline.TypePremiumBusiness, paceline.TypeSalesNavigator}
	for i := range 100 {
		name := fmt.Sprintf("seat-%03d", i)
		if err := st.CreateAccount(ctx, apitest.NewAccount(name, types[i%3], now.Add(-90*24*time.Hour))); err != nil {
			b.Fatal(err)
		}
		kinds := []struct {
			k paceline.ActionKind
			n int
		}{{paceline.KindInvite, 95}, {paceline.KindMessage, 100}, {paceline.KindVisit, 40}}
		j := 0
		for _, kn := range kinds {
			for range kn.n {
				j++
				at := now.Add(-time.Duration(j) * 40 * time.Minute)
				a := paceline.Action{Key: fmt.Sprintf("%s-%d", name, j), At: at, Account: name, Kind: kn.k,
					Lead: fmt.Sprintf("lead-%d-%d", i, j), Result: paceline.ResultDone, Campaign: "q1"}
				if err := st.RecordAction(ctx, &a); err != nil {
					b.Fatal(err)
				}
				if kn.k == paceline.KindInvite && j%3 == 0 {
					ev := paceline.Event{At: at.Add(time.Hour), Account: name, Lead: a.Lead, Type: paceline.EventAccepted}
					if _, err := st.RecordEvent(ctx, &ev); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	users := apitest.NewUsers()
	if _, err := users.CreateUser(ctx, "admin", "x"); err != nil {
		b.Fatal(err)
	}
	if err := users.CreateSession(ctx, paceline.HashSecret("cookie"), &paceline.Session{User: "admin", CSRF: "c", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	deps := web.Deps{API: api.Deps{Accounts: st, History: st, Events: st, Leads: st, Users: users,
		NowFunc: func() time.Time { return now }}}
	render := func(b *testing.B, s *web.Server) time.Duration {
		t0 := time.Now()
		req := httptest.NewRequest("GET", "/accounts", nil)
		req.AddCookie(&http.Cookie{Name: "paceline_session", Value: "cookie"})
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
		return time.Since(t0)
	}
	// warm: a running server, whose cache of Pacers reads only what is new.
	b.Run("warm", func(b *testing.B) {
		s, err := web.New(deps)
		if err != nil {
			b.Fatal(err)
		}
		render(b, s)
		var lat []time.Duration
		for b.Loop() {
			lat = append(lat, render(b, s))
		}
		reportPercentiles(b, lat)
	})
	// cold: the first render after a start, replaying every account's ledger.
	b.Run("cold", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			s, err := web.New(deps)
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, render(b, s))
		}
		reportPercentiles(b, lat)
	})
}

// reportPercentiles adds p50 and p99 latency in milliseconds to the benchmark's line.
func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
