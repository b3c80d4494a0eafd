package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// accounts show prints the InMail balance LinkedIn last showed an account and when
// that was true, as it prints the connections count, and whether the account has a
// mailbox of its own; --json has inmail_credits and inmail_credits_at (left out when
// never told) beside has_mailbox.
func TestAccountsShowInMailBalanceAndMailbox(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountsShowInMailBalanceAndMailbox)
}

func testAccountsShowInMailBalanceAndMailbox(t *testing.T, db string) {
	before := time.Now().Add(-time.Second)
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "sales-navigator", "--inmail-credits", "12")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "premium-career")
	mustCLI(t, db, "accounts", "add", "--name", "fay", "--type", "free")
	// A seat's own mailbox on SQLite only: on PostgreSQL its passwords need a
	// PACELINE_SECRET_KEY in the environment, which parallel tests cannot set.
	mailbox := !strings.HasPrefix(db, "postgres")
	if mailbox {
		env := passwordEnv(t, "pw")
		mustCLI(t, db, "accounts", "add", "--name", "sam", "--type", "premium-business", "--from", "sam@example.com",
			"--smtp", "smtps://sam@127.0.0.1:1", "--imap", "imaps://sam@127.0.0.1:1",
			"--smtp-password-env", env, "--imap-password-env", env, "--skip-check")
	}

	row := func(name, label string) string {
		t.Helper()
		for _, line := range strings.Split(mustCLI(t, db, "accounts", "show", name), "\n") {
			if rest, ok := strings.CutPrefix(line, label+"  "); ok {
				return strings.TrimSpace(rest)
			}
		}
		t.Fatalf("accounts show %s has no %q row:\n%s", name, label, mustCLI(t, db, "accounts", "show", name))
		return ""
	}
	for _, tt := range []struct{ name, label, want string }{
		{"ann", "InMails", "12 credits as of "},
		{"bob", "InMails", "balance not told (the pacer starts from the type's monthly credits"},
		{"fay", "InMails", "none (a free account has no InMail credits)"},
		{"ann", "own mailbox", "no: it sends no email (give it one with paceline accounts update ann --from"},
		{"sam", "own mailbox", "yes: it sends its leads' email steps too"},
	} {
		if tt.name == "sam" && !mailbox {
			continue
		}
		if got := row(tt.name, tt.label); !strings.HasPrefix(got, tt.want) {
			t.Errorf("accounts show %s, %s: %q, want %q...", tt.name, tt.label, got, tt.want)
		}
	}

	show := func(name string) map[string]any {
		t.Helper()
		var v map[string]any
		if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", name, "--json")), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	ann := show("ann")
	at, err := time.Parse(time.RFC3339Nano, ann["inmail_credits_at"].(string))
	if ann["inmail_credits"] != 12.0 || err != nil || at.Before(before) || at.After(time.Now()) || ann["has_mailbox"] != false {
		t.Errorf("show ann --json: inmail_credits %v at %v (%v), has_mailbox %v", ann["inmail_credits"], ann["inmail_credits_at"], err, ann["has_mailbox"])
	}
	if text := row("ann", "InMails"); !strings.Contains(text, at.UTC().Format("2006-01-02 15:04 UTC")) {
		t.Errorf("the text gives another instant than --json's %v: %s", at, text)
	}
	bob := show("bob")
	if _, ok := bob["inmail_credits"]; ok {
		t.Errorf("show bob --json has inmail_credits %v, never told", bob["inmail_credits"])
	}
	if _, ok := bob["inmail_credits_at"]; ok {
		t.Errorf("show bob --json has inmail_credits_at %v, never told", bob["inmail_credits_at"])
	}
	if mailbox {
		if sam := show("sam"); sam["has_mailbox"] != true {
			t.Errorf("show sam --json: has_mailbox %v, want true", sam["has_mailbox"])
		}
	}
	// A balance of 0 (a downgrade to free) is a known balance, not one never told.
	mustCLI(t, db, "accounts", "update", "ann", "--type", "free")
	if ann := show("ann"); ann["inmail_credits"] != 0.0 || ann["inmail_credits_at"] == nil {
		t.Errorf("show ann --json after a downgrade: inmail_credits %v at %v, want 0 with its instant", ann["inmail_credits"], ann["inmail_credits_at"])
	}
	if got := row("ann", "InMails"); !strings.HasPrefix(got, "0 credits as of ") {
		t.Errorf("accounts show ann after a downgrade, InMails: %q", got)
	}
}
