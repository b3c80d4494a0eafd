package email

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/paceline/paceline"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	tk := testTokens(t)
	for _, c := range []struct{ lead, campaign string }{
		{"ada", "founders"}, {"", ""}, {"in/jürgen-müller", "q1 / DACH"}, {strings.Repeat("x", 300), "c"},
	} {
		tok := tk.Sign(c.lead, c.campaign)
		if strings.ContainsAny(tok, "/+=?&# ") {
			t.Errorf("token %q is not URL-safe", tok)
		}
		lead, campaign, err := tk.Verify(tok)
		if err != nil || lead != c.lead || campaign != c.campaign {
			t.Errorf("Verify(Sign(%q, %q)) = %q, %q, %v", c.lead, c.campaign, lead, campaign, err)
		}
	}
	other, _ := NewTokens([]byte("another key of at least 16 bytes"))
	good := tk.Sign("ada", "founders")
	flipped := []byte(good)
	flipped[20] ^= 'A' ^ 'B'
	forged := []string{
		other.Sign("ada", "founders"), // made with another key
		string(flipped),               // one character changed
		good[:len(good)-2],            // cut short
		good + "x", good + "AA", "", ".", "a.b", strings.Repeat("A", 60),
	}
	if tk.Sign("ada", "founders") != good {
		t.Error("tokens are not deterministic")
	}
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	for _, name := range []string{"founders", "ada"} {
		if strings.Contains(string(raw), name) {
			t.Errorf("the token shows %q in the clear", name)
		}
	}
	for _, f := range forged {
		if _, _, err := tk.Verify(f); paceline.ErrorCode(err) != paceline.EFORBIDDEN {
			t.Errorf("Verify(%q) = %v, want forbidden", f, err)
		}
	}
	if _, err := NewTokens([]byte("short")); err == nil {
		t.Error("a 5-byte key was accepted")
	}
}

func FuzzTokenVerify(f *testing.F) {
	tk, _ := NewTokens([]byte("0123456789abcdef0123456789abcdef"))
	for _, s := range []string{tk.Sign("ada", "founders"), "", ".", "AAAA.AAAA", "_w.", strings.Repeat("A", 40), tk.Sign("", "")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lead, campaign, err := tk.Verify(s)
		if err != nil {
			return
		}
		// Whatever verifies must be exactly what Sign makes for its contents.
		if tk.Sign(lead, campaign) != s {
			t.Fatalf("%q verified but is not the signed token of %q/%q", s, lead, campaign)
		}
	})
}

type optOuts struct {
	mu    sync.Mutex
	leads []string
	err   error
}

func (o *optOuts) optOut(_ context.Context, lead string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	o.leads = append(o.leads, lead)
	return nil
}

func TestUnsubscribeHandler(t *testing.T) {
	t.Parallel()
	tk := testTokens(t)
	good := "/u/" + tk.Sign("ada", "founders")
	forged := "/u/" + testTokensOther(t).Sign("ada", "founders")
	oneClick := "List-Unsubscribe=One-Click"
	tests := []struct {
		name, method, path, body string
		failOptOut               bool
		status                   int
		optedOut                 []string
		says                     string
	}{
		{"GET shows a confirmation page and opts nobody out", "GET", good, "", false, 200, nil, "<form method=\"post\">"},
		{"one-click POST opts out at once", "POST", good, oneClick, false, 200, []string{"ada"}, "Unsubscribed"},
		{"forged token GET", "GET", forged, "", false, 403, nil, "not valid"},
		{"forged token POST", "POST", forged, oneClick, false, 403, nil, "not valid"},
		{"POST without the one-click field", "POST", good, "foo=bar", false, 400, nil, "One-Click"},
		{"opt-out store down", "POST", good, oneClick, true, 500, nil, "try again"},
		{"other method", "DELETE", good, "", false, 405, nil, ""},
		{"other path", "GET", "/x", "", false, 404, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := &optOuts{}
			if tt.failOptOut {
				o.err = errTest
			}
			h := UnsubscribeHandler(tk, o.optOut)
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("page lacks %q:\n%s", tt.says, rec.Body.String())
			}
			if strings.Join(o.leads, ",") != strings.Join(tt.optedOut, ",") {
				t.Errorf("opted out %v, want %v", o.leads, tt.optedOut)
			}
		})
	}
}

// TestUnsubscribeLinkFromTheEmail follows the link a sent email carries, as a mail
// provider's one-click button does, through a real HTTP server.
func TestUnsubscribeLinkFromTheEmail(t *testing.T) {
	t.Parallel()
	o := &optOuts{}
	tk := testTokens(t)
	srv := httptest.NewServer(UnsubscribeHandler(tk, o.optOut))
	defer srv.Close()
	u := &Unsubscribe{Tokens: tk, BaseURL: "https://paceline.example/"}
	link := u.URL("grace", "founders")
	if !strings.HasPrefix(link, "https://paceline.example/u/") {
		t.Fatalf("link %s", link)
	}
	resp, err := http.Post(srv.URL+strings.TrimPrefix(link, "https://paceline.example"),
		"application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Join(o.leads, ",") != "grace" {
		t.Errorf("status %d, opted out %v", resp.StatusCode, o.leads)
	}
}

func testTokensOther(t *testing.T) *Tokens {
	t.Helper()
	tk, err := NewTokens([]byte("a different key, 32 bytes long!!"))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}
