package enrich

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

const testSecret = "s3cret-key-value"

func testEnv(name string) string {
	if name == "VENDOR_KEY" {
		return testSecret
	}
	return ""
}

// newTestProvider points a provider at srv with a fake clock.
func newTestProvider(t *testing.T, srv *httptest.Server, edit func(*ProviderConfig)) (*Provider, *fakeClock) {
	t.Helper()
	cfg := ProviderConfig{
		Name: "vendor",
		URL:  srv.URL + "/v1/people/{{company_domain}}?email={{email}}&name={{first_name}}",
		Auth: AuthConfig{Header: "Authorization", Env: "VENDOR_KEY", Prefix: "Bearer "},
		Fields: map[string]string{
			"title":          "person.title",
			"location":       "person.location.name",
			"company_size":   "company.employees",
			"custom.twitter": "person.handles[0]",
		},
		Timeout: "2s",
	}
	if edit != nil {
		edit(&cfg)
	}
	clock := newFakeClock()
	p, err := NewProvider(cfg, ProviderOptions{Client: srv.Client(), Getenv: testEnv, Now: clock.Now, Sleep: clock.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	return p, clock
}

func testLead() *paceline.Lead {
	return &paceline.Lead{
		FirstName: "Zoë & Co",
		Email:     "zoe+sales@acme.io",
		Custom:    map[string]string{"company_domain": "acme.io/x"},
	}
}

func TestProviderLookup(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testSecret {
			http.Error(w, "bad key", http.StatusUnauthorized)
			return
		}
		// The values arrive escaped: the "/" in the domain stays in one path segment,
		// the "+" and "&" stay in their query values.
		if r.URL.EscapedPath() != "/v1/people/acme.io%2Fx" {
			http.Error(w, "path "+r.URL.EscapedPath(), http.StatusBadRequest)
			return
		}
		q := r.URL.Query()
		if q.Get("email") != "zoe+sales@acme.io" || q.Get("name") != "Zoë & Co" || len(q) != 2 {
			http.Error(w, "query "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, `{"person": {"title": "Head of Growth", "location": {"name": "Lyon, France"},
			"handles": ["@zoe", "@zoe2"], "phone": null}, "company": {"employees": 120}}`)
	}))
	defer srv.Close()
	p, _ := newTestProvider(t, srv, nil)
	got, err := p.Lookup(context.Background(), testLead())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"title": "Head of Growth", "location": "Lyon, France", "company_size": "120", "custom.twitter": "@zoe",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lookup = %v, want %v", got, want)
	}

	// Through the Enricher the provider's answer lands in the lead and the local rules
	// read the new title and location.
	e := Enricher{Providers: []Looker{p}}
	l := testLead()
	fills, err := e.Enrich(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "Head of Growth" || l.TimeZone != "Europe/Paris" || l.Seniority != paceline.SeniorityHead || l.EmployeesMin != 120 {
		t.Errorf("lead after Enrich = %+v (fills %v)", l, fills)
	}
}

func TestProviderNotFound(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	p, _ := newTestProvider(t, srv, nil)
	got, err := p.Lookup(context.Background(), testLead())
	if err != nil || len(got) != 0 {
		t.Errorf("Lookup = %v, %v; want nothing and no error", got, err)
	}
}

func TestProviderMissingInput(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls.Add(1) }))
	defer srv.Close()
	p, _ := newTestProvider(t, srv, nil)
	l := testLead()
	l.Email = ""
	_, err := p.Lookup(context.Background(), l)
	if !errors.Is(err, ErrNotEnoughInput) || !strings.Contains(err.Error(), "no email") {
		t.Errorf("err = %v, want ErrNotEnoughInput naming email", err)
	}
	if calls.Load() != 0 {
		t.Errorf("the provider was called %d times for a lead it cannot look up", calls.Load())
	}
}

func TestProviderRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "7")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case 2:
			http.Error(w, "oops", http.StatusBadGateway)
		default:
			fmt.Fprint(w, `{"person": {"title": "CTO"}}`)
		}
	}))
	defer srv.Close()
	p, clock := newTestProvider(t, srv, nil)
	got, err := p.Lookup(context.Background(), testLead())
	if err != nil || got["title"] != "CTO" {
		t.Fatalf("Lookup = %v, %v; want the third answer", got, err)
	}
	// The 429's Retry-After (7s) beats the first back-off; the second back-off doubles.
	if want := []time.Duration{7 * time.Second, time.Second}; !reflect.DeepEqual(clock.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", clock.Sleeps(), want)
	}
}

func TestProviderRateLimit(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	p, clock := newTestProvider(t, srv, func(c *ProviderConfig) { c.Rate = "30/minute" })
	for range 3 {
		if _, err := p.Lookup(context.Background(), testLead()); err != nil {
			t.Fatal(err)
		}
	}
	if want := []time.Duration{2 * time.Second, 2 * time.Second}; !reflect.DeepEqual(clock.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", clock.Sleeps(), want)
	}
}

func TestProviderFailures(t *testing.T) {
	t.Parallel()
	huge := `{"person": {"title": "` + strings.Repeat("x", 2000) + `"}}`
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		edit     func(*ProviderConfig)
		code     string
		want     []string
		attempts int32
	}{
		{
			name:     "server error every time",
			handler:  func(w http.ResponseWriter, r *http.Request) { http.Error(w, "database down", 503) },
			code:     paceline.EUNAVAILABLE,
			want:     []string{"provider vendor", "after 3 tries", "503 Service Unavailable", "database down"},
			attempts: 3,
		},
		{
			name: "html instead of json",
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, "<html><body>Welcome to our login page</body></html>")
			},
			code:     paceline.EUNAVAILABLE,
			want:     []string{"provider vendor", "not JSON", "<html><body>Welcome"},
			attempts: 1,
		},
		{
			name:     "two json values",
			handler:  func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{} {}`) },
			code:     paceline.EUNAVAILABLE,
			want:     []string{"more than one JSON value"},
			attempts: 1,
		},
		{
			name: "wrong type",
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `{"person": {"title": {"name": "CTO"}}}`)
			},
			code:     paceline.EUNAVAILABLE,
			want:     []string{"provider vendor", "mapping for title", "person.title is an object"},
			attempts: 1,
		},
		{
			name:     "text where an object should be",
			handler:  func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"person": "Jane"}`) },
			code:     paceline.EUNAVAILABLE,
			want:     []string{"person is a text, not an object"},
			attempts: 1,
		},
		{
			name:     "huge body",
			handler:  func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, huge) },
			edit:     func(c *ProviderConfig) { c.MaxBodyBytes = 1000 },
			code:     paceline.EUNAVAILABLE,
			want:     []string{"provider vendor", "more than 1000 bytes", "max_body_bytes"},
			attempts: 1,
		},
		{
			name: "key refused, and echoed back",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "bad key "+r.Header.Get("Authorization"), http.StatusUnauthorized)
			},
			code:     paceline.EUNAUTHORIZED,
			want:     []string{"provider vendor refused the key", "VENDOR_KEY"},
			attempts: 1,
		},
		{
			name: "bad request echoing the key",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "invalid: "+r.Header.Get("Authorization"), http.StatusBadRequest)
			},
			code:     paceline.EUNAVAILABLE,
			want:     []string{"400 Bad Request", "invalid: Bearer [key]"},
			attempts: 1,
		},
		{
			name: "body too slow",
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `{"person": `)
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			edit:     func(c *ProviderConfig) { c.Timeout = "50ms"; c.Retries = new(int) },
			code:     paceline.EUNAVAILABLE,
			want:     []string{"provider vendor sent its answer too slowly", "50ms"},
			attempts: 1,
		},
		{
			name: "too slow",
			handler: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			edit:     func(c *ProviderConfig) { c.Timeout = "50ms"; c.Retries = new(int) },
			code:     paceline.EUNAVAILABLE,
			want:     []string{"provider vendor cannot be reached", "no answer within 50ms", "raise timeout"},
			attempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			p, _ := newTestProvider(t, srv, tt.edit)
			got, err := p.Lookup(context.Background(), testLead())
			if err == nil {
				t.Fatalf("Lookup = %v, nil; want an error", got)
			}
			if code := paceline.ErrorCode(err); code != tt.code {
				t.Errorf("code = %q, want %q (%v)", code, tt.code, err)
			}
			msg := paceline.ErrorMessage(err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), testSecret) || strings.Contains(msg, testSecret) {
				t.Errorf("error %q shows the key", err)
			}
			if n := calls.Load(); n != tt.attempts {
				t.Errorf("%d requests, want %d", n, tt.attempts)
			}
		})
	}
}

func TestProviderUnreachable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	p, clock := newTestProvider(t, srv, nil)
	srv.Close() // nothing listens there any more
	_, err := p.Lookup(context.Background(), testLead())
	if err == nil || !strings.Contains(err.Error(), "provider vendor cannot be reached") || !strings.Contains(err.Error(), "after 3 tries") {
		t.Errorf("err = %v, want a cannot-be-reached error after 3 tries", err)
	}
	if strings.Contains(err.Error(), "zoe") {
		t.Errorf("error %q repeats the lead's address from the URL", err)
	}
	if want := []time.Duration{500 * time.Millisecond, time.Second}; !reflect.DeepEqual(clock.Sleeps(), want) {
		t.Errorf("back-off sleeps = %v, want %v", clock.Sleeps(), want)
	}
}

func TestNewProviderMissingKey(t *testing.T) {
	t.Parallel()
	cfg := ProviderConfig{
		Name:   "vendor",
		URL:    "https://api.vendor.example/v1?email={{email}}",
		Auth:   AuthConfig{Header: "X-Api-Key", Env: "UNSET_VENDOR_KEY"},
		Fields: map[string]string{"title": "title"},
	}
	clock := newFakeClock()
	_, err := NewProvider(cfg, ProviderOptions{Getenv: testEnv, Now: clock.Now, Sleep: clock.Sleep})
	if err == nil || !strings.Contains(err.Error(), "UNSET_VENDOR_KEY is empty") {
		t.Errorf("err = %v, want one naming the unset variable", err)
	}
}

func TestProviderNeverPrintsItsKey(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	p, _ := newTestProvider(t, srv, nil)
	for _, s := range []string{fmt.Sprintf("%v", p), fmt.Sprintf("%+v", p), fmt.Sprintf("%#v", p), fmt.Sprint(p)} {
		if strings.Contains(s, testSecret) || !strings.Contains(s, "vendor") {
			t.Errorf("printed provider = %q", s)
		}
	}
	if got, want := p.Fills(), []string{"company_size", "custom.twitter", "location", "title"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fills = %v, want %v", got, want)
	}
}

func TestProviderPost(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Email string `json:"email"`
			Name  string `json:"name"`
		}
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "want a JSON POST", http.StatusMethodNotAllowed)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "bad JSON: "+err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, `{"match": {"title": %q}}`, "Seen "+req.Name+" <"+req.Email+">")
	}))
	defer srv.Close()
	p, _ := newTestProvider(t, srv, func(c *ProviderConfig) {
		c.URL = srv.URL + "/v1/match"
		c.Method = "POST"
		c.Body = `{"email": "{{email}}", "name": "{{first_name}}"}`
		c.Fields = map[string]string{"title": "match.title"}
	})
	l := testLead()
	l.FirstName = "Zoë \"Z\" \\ Co\n"
	got, err := p.Lookup(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Seen Zoë \"Z\" \\ Co\n <zoe+sales@acme.io>"; got["title"] != strings.TrimSpace(want) {
		t.Errorf("title = %q, want %q", got["title"], want)
	}
}
