package web_test

import (
	"net/http"
	"net/url"
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
