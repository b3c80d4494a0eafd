package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/web"
)

// The sequence editor counts a one-step sequence as "1 step", not "1 steps".
func TestEditorCountsOneStep(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	s, err := web.New(web.Deps{Sequence: []byte("name: x\nsteps:\n  - id: hello\n    visit: {}\n"), API: api.Deps{Accounts: f.Store,
		History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users, NowFunc: func() time.Time { return apitest.Now }}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	if code, page := get(t, c, srv.URL+"/sequences"); code != 200 || !strings.Contains(page, "Valid: 1 step (hello visit)") {
		t.Errorf("the editor's page: %d, want it to say \"Valid: 1 step (hello visit)\":\n%s", code, page)
	}
}
