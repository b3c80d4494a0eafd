package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/sqlite"
)

// million is a database of 1,000,000 synthetic leads, built once per test binary
// (go test -bench . -count 5 reuses it) and removed by TestMain.
var million struct {
	once sync.Once
	dir  string
	st   *sqlite.Store
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if million.st != nil {
		million.st.Close()
	}
	if million.dir != "" {
		os.RemoveAll(million.dir)
	}
	os.Exit(code)
}

func millionLeads(b *testing.B) *sqlite.Store {
	million.once.Do(func() {
		start := time.Now()
		if million.dir, million.err = os.MkdirTemp("", "paceline-bench-"); million.err != nil {
			return
		}
		ctx := context.Background()
		if million.st, million.err = sqlite.Open(ctx, filepath.Join(million.dir, "leads.db")); million.err != nil {
			return
		}
		leads := sim.Leads(1_000_000, rand.New(rand.NewPCG(7, 7)))
		for i, l := range leads {
			l.Lists = []string{fmt.Sprintf("batch-%d", i%10)}
		}
		million.err = apitest.InsertLeads(ctx, million.st, leads)
		b.Logf("built 1,000,000 leads in %s", time.Since(start).Round(time.Second))
	})
	if million.err != nil {
		b.Fatal(million.err)
	}
	return million.st
}

// BenchmarkLeadsPage1M answers GET /api/v1/leads pages with filters over a million
// leads, through the whole handler (auth, query, JSON), and reports the p50 and p99
// latency of a page. The target is a filtered page under 50 ms.
func BenchmarkLeadsPage1M(b *testing.B) {
	st := millionLeads(b)
	users := apitest.NewUsers()
	if _, err := users.CreateUser(context.Background(), apitest.User, "x"); err != nil {
		b.Fatal(err)
	}
	if _, err := users.CreateToken(context.Background(), apitest.User, "bench", "plt_", hashOf(apitest.Token)); err != nil {
		b.Fatal(err)
	}
	h := api.New(api.Deps{Accounts: st, History: st, Events: st, Leads: st, Users: users})
	// A deep page: the 50 leads after the 20,000th of the director filter.
	deep := pageAfter(b, h, "/api/v1/leads?seniority=director&limit=500", 40)
	queries := []struct{ name, path string }{
		{"first-page", "/api/v1/leads?limit=50"},
		{"seniority+min_score", "/api/v1/leads?seniority=director&min_score=60&limit=50"},
		{"min_score", "/api/v1/leads?min_score=80&limit=50"},
		{"list", "/api/v1/leads?list=batch-3&limit=50"},
		{"deep-keyset-page", "/api/v1/leads?seniority=director&limit=50&after=" + deep},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				req := httptest.NewRequest("GET", q.path, nil)
				req.Header.Set("Authorization", "Bearer "+apitest.Token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				lat = append(lat, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", q.path, rec.Code, rec.Body.String())
				}
			}
			reportPercentiles(b, lat)
		})
	}
}

// pageAfter walks n pages of path and returns the next_after of the last one.
func pageAfter(b *testing.B, h http.Handler, path string, n int) string {
	after := ""
	for range n {
		p := path
		if after != "" {
			p += "&after=" + after
		}
		req := httptest.NewRequest("GET", p, nil)
		req.Header.Set("Authorization", "Bearer "+apitest.Token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var page api.LeadPage
		decodeJSON(&testing.T{}, rec.Body.String(), &page)
		if page.NextAfter == 0 {
			b.Fatalf("ran out of pages at %s", p)
		}
		after = fmt.Sprint(page.NextAfter)
	}
	return after
}

// reportPercentiles adds p50 and p99 latency in milliseconds to the benchmark's line.
func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
