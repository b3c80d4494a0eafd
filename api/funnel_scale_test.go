//go:build funnelscale

package api_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/store/sqlite"
)

// TestFunnelScale builds (or reuses) a SQLite file of 200,000 leads' actions (300,000
// actions and about 72,000 events across 10 accounts, a year of them) and gives the
// median of five reads of campaigns status's funnel (CampaignFunnel) and the
// dashboard's 90 days (CampaignFunnels). It is not part of go test's run (build tag
// funnelscale). Run:
//
//	FUNNEL_SCALE_DB=/tmp/funnel-scale.db go test -tags funnelscale ./api -run TestFunnelScale -v
func TestFunnelScale(t *testing.T) {
	path := os.Getenv("FUNNEL_SCALE_DB")
	if path == "" {
		t.Skip("FUNNEL_SCALE_DB is not set")
	}
	ctx := context.Background()
	_, statErr := os.Stat(path)
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	if statErr != nil {
		for i := 0; i < 10; i++ {
			if err := s.CreateAccount(ctx, &paceline.Account{Name: fmt.Sprintf("acct%d", i), Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
				TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1}); err != nil {
				t.Fatal(err)
			}
		}
		r := rand.New(rand.NewSource(1))
		db := s.DB()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO actions (at, account, kind, lead, result, campaign, state) VALUES (?, ?, ?, ?, 'done', ?, 'done')`)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := tx.PrepareContext(ctx, `INSERT INTO events (key, at, account, lead, type) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			t.Fatal(err)
		}
		kinds := []string{"invite", "invite", "invite", "invite", "invite", "message", "message", "message", "visit", "email"}
		ne := 0
		for i := 0; i < 300000; i++ {
			acct := r.Intn(10)
			lead := fmt.Sprintf("lead-%d", r.Intn(200000))
			at := now.Add(-time.Duration(r.Int63n(int64(365 * 24 * time.Hour))))
			k := kinds[r.Intn(len(kinds))]
			camp := fmt.Sprintf("c%d-%d", acct, r.Intn(2))
			if _, err := ins.ExecContext(ctx, at.UTC(), fmt.Sprintf("acct%d", acct), k, lead, camp); err != nil {
				t.Fatal(err)
			}
			if k == "invite" && r.Intn(3) == 0 {
				ne++
				if _, err := ev.ExecContext(ctx, fmt.Sprint("e", ne), at.Add(48*time.Hour).UTC(), fmt.Sprintf("acct%d", acct), lead, "accepted"); err != nil {
					t.Fatal(err)
				}
			}
			if k == "message" && r.Intn(4) == 0 {
				ne++
				if _, err := ev.ExecContext(ctx, fmt.Sprint("e", ne), at.Add(24*time.Hour).UTC(), fmt.Sprintf("acct%d", acct), lead, "replied"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		t.Logf("events %d", ne)
	}
	median := func(name string, f func() error) {
		var ds []time.Duration
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := 0; i < 5; i++ {
			t0 := time.Now()
			if err := f(); err != nil {
				t.Fatal(err)
			}
			ds = append(ds, time.Since(t0))
		}
		runtime.ReadMemStats(&after)
		slices.Sort(ds)
		t.Logf("%-45s median %v (min %v max %v), %d MB allocated a read", name, ds[2], ds[0], ds[4],
			(after.TotalAlloc-before.TotalAlloc)/5/(1<<20))
	}
	median("CampaignFunnel(c3-0) [campaigns status]", func() error {
		f, err := api.CampaignFunnel(ctx, s, s, "c3-0")
		t.Logf("  c3-0: invited %d accepted %d replied %d", f.Invited, f.Accepted, f.Replied)
		return err
	})
	median("CampaignFunnels(90 days) [GET /api/v1/campaigns]", func() error {
		_, err := api.CampaignFunnels(ctx, s, s, now, 90)
		return err
	})
}
