package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
)

// The review form refuses an edit with a control character, as the API does, and
// says so on the page; it used to pass it to the reviews as typed.
func TestReviewFormRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	key := aiwrite.Key{Lead: "zoe-martin", Campaign: "q1", Step: "connect"}
	rv := &fakeReviews{pending: []runtime.Review{{Key: key, Account: "ann", Kind: paceline.KindInvite,
		Text: "Hi Zoë, glad to connect.", Template: "Hi Zoë.", Status: aiwrite.StatusNeedsReview}}}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Reviews = rv })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	res, _ := postForm(t, c, srv.URL+"/tasks/reviews", url.Values{"csrf": {csrf}, "campaign": {"q1"}, "lead": {"zoe-martin"},
		"step": {"connect"}, "decision": {"approve"}, "text": {"Hi Zoë,\x1b[2J glad to connect."}, "original": {"Hi Zoë, glad to connect."}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/tasks?review=") {
		t.Fatalf("an edit with an escape sequence: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, page := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(page, "control character") {
		t.Errorf("the page does not say why the edit was refused")
	}
	if len(rv.decisions) != 0 {
		t.Errorf("the edit reached the reviews: %v", rv.decisions)
	}
}

// An emptied text box is refused with the reason on the page, as the CLI and the API
// refuse an empty edit; it used to approve the model's text unseen. A CRLF edit (what
// browsers send for a textarea) reaches the reviews with "\n" line breaks, and an
// unchanged CRLF text approves the model's text as written.
func TestReviewFormEmptyAndCRLFEdits(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	const text = "Hi Zoë,\nglad to connect.\n\nBest,\nAnn"
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	var pending []runtime.Review
	for _, lead := range []string{"zoe-martin", "ann-lee", "bo-chen"} {
		pending = append(pending, runtime.Review{Key: aiwrite.Key{Lead: lead, Campaign: "q1", Step: "connect"}, Account: "ann",
			Kind: paceline.KindInvite, Text: text, Template: "Hi.", Status: aiwrite.StatusNeedsReview})
	}
	rv := &fakeReviews{pending: pending}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Reviews = rv })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	post := func(lead, edited string) *http.Response {
		res, _ := postForm(t, c, srv.URL+"/tasks/reviews", url.Values{"csrf": {csrf}, "campaign": {"q1"}, "lead": {lead},
			"step": {"connect"}, "decision": {"approve"}, "text": {edited}, "original": {crlf}})
		return res
	}
	res := post("zoe-martin", " \r\n ")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/tasks?review=") {
		t.Fatalf("an emptied text: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, page := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(page, "the text is empty") {
		t.Errorf("the page does not say the text is empty")
	}
	if len(rv.decisions) != 0 {
		t.Fatalf("an emptied text reached the reviews: %q", rv.decisions)
	}
	if res := post("ann-lee", crlf); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?done=approved" {
		t.Fatalf("an unchanged CRLF text: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := post("bo-chen", strings.Replace(crlf, "glad", "happy", 1)); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?done=approved" {
		t.Fatalf("a CRLF edit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	want := []string{"approve:", "approve:" + strings.Replace(text, "glad", "happy", 1)}
	if !slices.Equal(rv.decisions, want) {
		t.Errorf("decisions = %q, want %q", rv.decisions, want)
	}
}
