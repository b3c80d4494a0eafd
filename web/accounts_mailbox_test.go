package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// The accounts page shows each account's own mailbox, a mailbox account's or a
// seat's: who it sends as and that it can send, or that it sends nothing, for want of
// what, and the command that gives it. Never a password or a server; an account
// without a mailbox shows none.
func TestAccountsPageShowsTheMailbox(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	apitest.AddMailbox(t, f.Store, "ready", paceline.TypeEmail, "1 Main St, Springfield", "https://pl.agency.example")
	apitest.AddMailbox(t, f.Store, "seat", paceline.TypePremiumBusiness, "", "")
	apitest.AddMailbox(t, f.Store, "nofooter", paceline.TypeFree, "", "https://pl.agency.example")
	srv := serveFixture(t, f, nil)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/accounts")
	card := func(name string) string {
		t.Helper()
		m := regexp.MustCompile(`(?s)<article class="account" id="account-` + name + `">.*?</article>`).FindString(page)
		if m == "" {
			t.Fatalf("no card for %s: %s", name, page)
		}
		return html.UnescapeString(m)
	}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"ready", []string{`<p class="mailbox ok">mailbox: sends as <strong>ready <ready@agency.example></strong> · can send</p>`}},
		{"seat", []string{`<p class="mailbox warn">mailbox: sends as <strong>seat <seat@agency.example></strong>`,
			"sends nothing: no postal footer address (--footer-address), no public URL for its unsubscribe links (--public-url)",
			"<code>paceline accounts update seat --footer-address 'STREET, CITY' --public-url https://HOST</code>"}},
		{"nofooter", []string{"sends nothing: no postal footer address (--footer-address)</strong>",
			"<code>paceline accounts update nofooter --footer-address 'STREET, CITY'</code>"}},
	} {
		got := card(tc.name)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s's card lacks %q:\n%s", tc.name, w, got)
			}
		}
	}
	if got := card("alice"); strings.Contains(got, "mailbox") {
		t.Errorf("alice has no mailbox, but her card shows one:\n%s", got)
	}
	for _, leak := range []string{apitest.SealedPassword, "smtp.agency.example", "imap.agency.example"} {
		if strings.Contains(page, leak) {
			t.Errorf("the page shows %q", leak)
		}
	}
}
