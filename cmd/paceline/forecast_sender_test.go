package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// signedSequence signs its message with {{sender_first_name}}: an account without a
// sender name holds every lead at it.
const signedSequence = `name: signed
steps:
  - id: invite
    invite: {}
    wait_for: {event: accepted, timeout: 14d}
  - id: hello
    if: connected
    delay: 1d
    message: "Thanks for connecting, {{first_name}}. {{sender_first_name}}"
`

// forecast --db --campaign signs a stored campaign's texts with each account's sender
// name, as serve does (it held every message: 0 messages, 0 replies, and no word of
// why); an account without one holds the leads, and the forecast says how many, the
// field, and the command that fills it.
func TestForecastCampaignSignsWithSenderName(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--sender-name", "Ann")
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("First Name,Last Name,URL\n")
	for i := range 40 {
		name := "p" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		b.WriteString(name + ",Test,https://www.linkedin.com/in/" + name + "-test\n")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", b.String()))
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--accounts", "me", "--sequence", writeFile(t, dir, "seq.yaml", signedSequence))
	args := []string{"forecast", "--runs", "2", "--weeks", "4", "--start", "2026-03-02T09:00:00Z", "--campaign", "q1"}
	out := mustCLI(t, db, args...)
	if strings.Contains(out, "Held") || !strings.Contains(out, "  message") {
		t.Errorf("signed as Ann: want messages and nothing held\n%s", out)
	}
	mustCLI(t, db, "accounts", "sign", "me", "")
	out = mustCLI(t, db, args...)
	for _, want := range []string{"Held", "in 2 of 2 runs", `field "sender_first_name" is missing`, "paceline accounts sign ACCOUNT FIRST_NAME"} {
		if !strings.Contains(out, want) {
			t.Errorf("without a sender name, the forecast does not say %q\n%s", want, out)
		}
	}
}
