package api

import (
	"net/http"
	"time"

	"github.com/paceline/paceline"
)

func (a *API) listAccounts(w http.ResponseWriter, r *http.Request) error {
	list, err := a.AllUsage(r.Context(), a.deps.now())
	if err != nil {
		return err
	}
	if err := AddMailboxes(r.Context(), a.deps.Accounts, list); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Accounts []AccountUsage `json:"accounts"`
	}{list})
	return nil
}

func (a *API) getAccount(w http.ResponseWriter, r *http.Request) error {
	acct, err := a.deps.Accounts.Account(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	u, err := a.usage.Usage(r.Context(), acct, a.deps.now())
	if err != nil {
		return err
	}
	u.HasMailbox = acct.Mailbox // the cache's usage says nothing of it
	if u.Mailbox, err = AccountMailbox(r.Context(), a.deps.Accounts, acct); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

// timeParam reads an RFC 3339 query parameter, def when absent.
func timeParam(r *http.Request, name string, def time.Time) (time.Time, error) {
	return parseInstant(name, r.URL.Query().Get(name), def)
}

// parseInstant reads the RFC 3339 instant s of the field or parameter name, def when
// s is empty.
func parseInstant(name, s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, paceline.FieldErrorf(name, "%q is not an RFC 3339 instant (like 2026-03-02T09:00:00Z)", s)
	}
	return t, nil
}
