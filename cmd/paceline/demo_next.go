package main

import (
	"fmt"
	"github.com/paceline/paceline/shellword"
	"path/filepath"
	"strings"
)

// demoNextSteps is what the demo prints for looking at its database from the command
// line: every other command reads paceline.db unless told --db, so each names the
// demo's file, and each is written the way the demo itself was run (go run or the
// binary), so that it can be pasted as it is.
func demoNextSteps(self, db string) string {
	flag := " --db " + shellword.Quote(db)
	var b strings.Builder
	fmt.Fprintf(&b, "From another terminal, on the demo's database:\n")
	for _, c := range []string{
		"campaigns status " + demoCampaign,
		"limits show " + demoSeats[0].Name,
		"tasks list",
		"audit",
	} {
		fmt.Fprintf(&b, "  %s %s%s\n", self, c, flag)
	}
	return b.String()
}

// selfCommand is how to run paceline again as it was started: "go run ./cmd/paceline"
// when arg0 is a binary go run built in its temporary directory, else "paceline".
func selfCommand(arg0 string) string {
	if strings.Contains(filepath.ToSlash(arg0), "/go-build") {
		return "go run ./cmd/paceline"
	}
	return "paceline"
}
