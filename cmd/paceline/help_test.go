package main

import (
	"strings"
	"testing"
)

// Flags that take one of a few names list them in --help, and a flag's help does not
// promise less than the command takes (webhooks add takes http:// on a private
// network as well).
func TestHelpListsWhatFlagsTake(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"personalize", "preview"}, "account type whose note length applies (default: the sending account's, else free): free, premium-career, premium-business, sales-navigator, recruiter-lite"},
		{[]string{"limits", "plan"}, "action kind to plan: invite, message, inmail,"},
		{[]string{"webhooks", "add"}, "or http:// on a private network (required)"},
		{[]string{"audit"}, "With --db instead of --ledger, it audits the\nledger of a database"},
	} {
		code, out, _ := cli(t, "", append(tc.args, "--help")...)
		if code != exitOK || !strings.Contains(out, tc.want) {
			t.Errorf("%v --help: exit %d, lacks %q:\n%s", tc.args, code, tc.want, out)
		}
	}
}

// audit without --ledger or --db names both ways to give it a ledger.
func TestAuditWithoutLedgerNamesBothSources(t *testing.T) {
	t.Parallel()
	var out, errOut strings.Builder
	code := run([]string{"audit"}, strings.NewReader(""), &out, &errOut)
	if code != exitUsage || !strings.Contains(errOut.String(), "needs --ledger DIR (the directory paceline simulate --ledger wrote) or --db PATH") {
		t.Errorf("audit: exit %d, %q", code, errOut.String())
	}
}
