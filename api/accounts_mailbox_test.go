package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The accounts API shows each account's mailbox: its sender and whether it can send,
// with what is missing and the command that gives it, never a password or a server;
// has_mailbox is true for the accounts that have one (the usage cache left it false).
func TestAccountsShowTheirMailbox(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	apitest.AddMailbox(t, f.Store, "ready", paceline.TypeEmail, "1 Main St, Springfield", "https://pl.agency.example")
	apitest.AddMailbox(t, f.Store, "seat", paceline.TypePremiumBusiness, "", "")
	apitest.AddMailbox(t, f.Store, "nourl", paceline.TypeFree, "1 Main St, Springfield", "")
	want := map[string]*api.MailboxView{
		"alice": nil,
		"ready": {From: "ready <ready@agency.example>", Ready: true},
		"seat": {From: "seat <seat@agency.example>", Problem: "sends nothing: no postal footer address (--footer-address), no public URL for its unsubscribe links (--public-url)",
			Fix: "paceline accounts update seat --footer-address 'STREET, CITY' --public-url https://HOST"},
		"nourl": {From: "nourl <nourl@agency.example>", Problem: "sends nothing: no public URL for its unsubscribe links (--public-url)",
			Fix: "paceline accounts update nourl --public-url https://HOST"},
	}
	type account struct {
		Name       string
		HasMailbox bool `json:"has_mailbox"`
		Mailbox    *api.MailboxView
	}
	check := func(what string, u account, body string) {
		t.Helper()
		w, ok := want[u.Name]
		if !ok {
			return
		}
		if u.HasMailbox != (w != nil) {
			t.Errorf("%s %s: has_mailbox %v, want %v", what, u.Name, u.HasMailbox, w != nil)
		}
		switch {
		case w == nil && u.Mailbox != nil:
			t.Errorf("%s %s: mailbox %+v, want none", what, u.Name, *u.Mailbox)
		case w != nil && (u.Mailbox == nil || *u.Mailbox != *w):
			t.Errorf("%s %s: mailbox %+v, want %+v", what, u.Name, u.Mailbox, *w)
		}
		for _, leak := range []string{apitest.SealedPassword, "smtp.agency.example", "imap.agency.example"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s shows %q", what, leak)
			}
		}
	}
	code, body := call(t, a, http.MethodGet, "/api/v1/accounts", "")
	if code != http.StatusOK {
		t.Fatalf("list: %d %s", code, body)
	}
	var list struct{ Accounts []account }
	decodeJSON(t, body, &list)
	seen := 0
	for _, u := range list.Accounts {
		if _, ok := want[u.Name]; ok {
			seen++
		}
		check("the list", u, body)
	}
	if seen != len(want) {
		t.Errorf("the list has %d of the accounts %v", seen, want)
	}
	for name := range want {
		code, body := call(t, a, http.MethodGet, "/api/v1/accounts/"+name, "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", name, code, body)
		}
		var u account
		decodeJSON(t, body, &u)
		check("GET /api/v1/accounts/"+name, u, body)
	}
}
