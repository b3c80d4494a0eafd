package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/runtime"
)

// fakeReviews holds one AI text and records the decisions; an edit containing "bad"
// is refused as runtime.AIText refuses one that breaks a guardrail.
type fakeReviews struct {
	mu        sync.Mutex
	pending   []runtime.Review
	decisions []string
}

func (f *fakeReviews) Pending(context.Context) ([]runtime.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]runtime.Review(nil), f.pending...), nil
}

func (f *fakeReviews) decide(k aiwrite.Key, what string) (runtime.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.pending {
		if r.Key == k {
			f.pending = append(f.pending[:i], f.pending[i+1:]...)
			f.decisions = append(f.decisions, what)
			return r, nil
		}
	}
	return runtime.Review{}, paceline.Errorf(paceline.ENOTFOUND, "no text for %s", k)
}

func (f *fakeReviews) Approve(_ context.Context, k aiwrite.Key, edited string) (runtime.Review, error) {
	if strings.Contains(edited, "bad") {
		return runtime.Review{}, paceline.FieldErrorf("text", "step %s: the edited text cannot be sent: it uses the banned phrase \"bad\"", k.Step)
	}
	return f.decide(k, "approve:"+edited)
}

func (f *fakeReviews) Reject(_ context.Context, k aiwrite.Key) (runtime.Review, error) {
	return f.decide(k, "reject")
}

// The tasks page lists the AI texts waiting for review, escaped, with the template
// they replace; approving (as written or edited) and rejecting go to the reviewer, and
// an edit that breaks a guardrail is refused with the reason on the page.
func TestTasksPageReviews(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	key := aiwrite.Key{Lead: "zoe-martin", Campaign: "q1", Step: "connect"}
	rv := &fakeReviews{pending: []runtime.Review{
		{Key: key, Account: "ann", Kind: paceline.KindInvite, Text: "Hi Zoë <b>VP</b>, glad to connect.", Template: "Hi Zoë, glad to connect.", Status: aiwrite.StatusNeedsReview},
		{Key: aiwrite.Key{Lead: "li", Campaign: "q1", Step: "connect"}, Account: "ann", Kind: paceline.KindInvite, Text: "Hi Li.", Template: "Hi Li, hello.", Status: aiwrite.StatusNeedsReview},
	}}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Reviews = rv })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	_, body := get(t, c, srv.URL+"/tasks")
	for _, want := range []string{"AI texts to review", "Hi Zoë &lt;b&gt;VP&lt;/b&gt;, glad to connect.", "Template (sent if rejected): Hi Zoë, glad to connect.", `value="zoe-martin"`} {
		if !strings.Contains(body, want) {
			t.Fatalf("tasks page lacks %q:\n%s", want, body)
		}
	}
	form := func(lead, decision, text string) url.Values {
		return url.Values{"csrf": {csrf}, "campaign": {"q1"}, "lead": {lead}, "step": {"connect"}, "decision": {decision},
			"text": {text}, "original": {"Hi Zoë <b>VP</b>, glad to connect."}}
	}
	if res, _ := postForm(t, c, srv.URL+"/tasks/reviews", url.Values{"lead": {"zoe-martin"}, "step": {"connect"}, "decision": {"approve"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a review without CSRF: %d", res.StatusCode)
	}
	noCampaign := form("zoe-martin", "approve", "")
	noCampaign.Del("campaign")
	if res, page := postForm(t, c, srv.URL+"/tasks/reviews", noCampaign); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "the review form names no campaign, lead or step") {
		t.Errorf("a review without a campaign: %d, want 400 saying the form names no campaign:\n%s", res.StatusCode, page)
	}
	res, _ := postForm(t, c, srv.URL+"/tasks/reviews", form("zoe-martin", "approve", "Hi Zoë, a bad edit."))
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/tasks?review=") {
		t.Fatalf("a refused edit: %d %s", res.StatusCode, loc)
	}
	if _, page := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(page, "Not approved: step connect: the edited text cannot be sent") {
		t.Errorf("the page does not say why the edit was refused")
	}
	res, _ = postForm(t, c, srv.URL+"/tasks/reviews", form("zoe-martin", "approve", "Hi Zoë <b>VP</b>, glad to connect."))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?done=approved" {
		t.Fatalf("approve: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = postForm(t, c, srv.URL+"/tasks/reviews", form("li", "reject", ""))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?done=rejected" {
		t.Fatalf("reject: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := strings.Join(rv.decisions, ","); got != "approve:,reject" {
		t.Errorf("decisions %q, want the unedited approval then the rejection", got)
	}
	if _, page := get(t, c, srv.URL+"/tasks?done=approved"); strings.Contains(page, "AI texts to review") || !strings.Contains(page, "Approved: the AI text goes out in the next slot the Pacer grants.") {
		t.Errorf("after the reviews the page still lists texts or lacks the notice")
	}
}
