package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// A lead's page shows the lead, escaped, with its score's explanation, and takes the
// opt-out and erase buttons, each behind the session's CSRF token; erasing asks for a
// confirmation, and without it keeps the lead and says so.
func TestLeadPageOptOutAndErase(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	script := f.Leads[2] // named <script>alert(1)</script>
	page := srv.URL + "/leads/" + itoa(script.ID)

	_, list := get(t, c, srv.URL+"/leads")
	if !strings.Contains(list, `href="/leads/`+itoa(script.ID)+`"`) {
		t.Fatalf("the leads list does not link to the lead's page:\n%s", list)
	}
	code, body := get(t, c, page)
	if code != http.StatusOK || strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") ||
		!strings.Contains(body, "&lt;b&gt;Evil&lt;/b&gt;") || !strings.Contains(body, `action="/leads/`+itoa(script.ID)+`/opt-out"`) ||
		!strings.Contains(body, `action="/leads/`+itoa(script.ID)+`/erase"`) {
		t.Fatalf("lead page: %d\n%s", code, body)
	}
	for _, tc := range []struct {
		path   string
		status int
	}{{"/leads/99999", http.StatusNotFound}, {"/leads/abc", http.StatusBadRequest}} {
		if code, body := get(t, c, srv.URL+tc.path); code != tc.status || !strings.Contains(body, "Back to the dashboard") {
			t.Errorf("%s: %d, want %d\n%s", tc.path, code, tc.status, body)
		}
	}

	// Opt out: refused without the token, then done, and the page says so.
	if res, _ := postForm(t, c, page+"/opt-out", url.Values{"reason": {"asked"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("opt-out without CSRF: %d", res.StatusCode)
	}
	if at, _ := f.Store.LeadOptedOut(t.Context(), script.ID); !at.IsZero() {
		t.Fatalf("opted out without CSRF")
	}
	// A reason too long is refused on the lead's page, with the reason kept in the
	// form to shorten.
	typed := strings.Repeat("x", 495) + " & <more>"
	res, body := postForm(t, c, page+"/opt-out", url.Values{"csrf": {csrf}, "reason": {typed}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "500 characters") {
		t.Fatalf("opt-out with a long reason: %d\n%s", res.StatusCode, body)
	}
	if !strings.Contains(body, `name="reason" maxlength="500" value="`+strings.Repeat("x", 495)+` &amp; &lt;more&gt;"`) {
		t.Fatalf("the refused opt-out's form lost the reason typed:\n%s", body)
	}
	if at, _ := f.Store.LeadOptedOut(t.Context(), script.ID); !at.IsZero() {
		t.Fatalf("opted out with a reason too long")
	}
	// The limit counts characters, as the form's maxlength does: 300 umlauts are 600
	// bytes, and within it.
	res, _ = postForm(t, c, page+"/opt-out", url.Values{"csrf": {csrf}, "reason": {strings.Repeat("ü", 300)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("opt-out: %d", res.StatusCode)
	}
	if at, _ := f.Store.LeadOptedOut(t.Context(), script.ID); at.IsZero() {
		t.Fatalf("the lead is not opted out")
	}
	if _, body := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(body, "Opted out") || !strings.Contains(body, "never contacted again") {
		t.Fatalf("the page does not say the lead opted out:\n%s", body)
	}

	// Erase: without the confirmation the lead stays.
	res, _ = postForm(t, c, page+"/erase", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/leads/"+itoa(script.ID)+"?") {
		t.Fatalf("erase without confirmation: %d to %q", res.StatusCode, loc)
	} else if _, body := get(t, c, srv.URL+loc); !strings.Contains(body, "tick the box") {
		t.Fatalf("the page does not ask to confirm:\n%s", body)
	}
	if _, err := f.Store.Lead(t.Context(), script.ID); err != nil {
		t.Fatalf("erased without confirmation: %v", err)
	}
	res, _ = postForm(t, c, page+"/erase", url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/leads?") {
		t.Fatalf("erase: %d to %q", res.StatusCode, loc)
	} else if _, body := get(t, c, srv.URL+loc); !strings.Contains(body, "Erased lead "+itoa(script.ID)+": its data is deleted; 1 key hash stays on the suppression list") {
		t.Fatalf("the leads page does not say the lead was erased:\n%s", body)
	}
	if _, err := f.Store.Lead(t.Context(), script.ID); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("lead after erase: %v", err)
	}
}

// A filter that matches nothing says so; it does not tell the user to import leads
// they already have.
func TestLeadsPageEmptyFilterSaysNoMatch(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	code, body := get(t, c, srv.URL+"/leads?list=no-such-list")
	if code != http.StatusOK || !strings.Contains(body, "No lead matches these filters") || strings.Contains(body, "Import some") {
		t.Errorf("leads page with a filter matching nothing: %d\n%s", code, body)
	}
}
