package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// demoNextSteps is what the demo prints for looking at its database from the command
// line: every other command reads paceline.db unless told --db, so each names the
// demo's file, and each is written the way the demo itself was run (go run or the
// binary), so that it can be pasted as it is.
func demoNextSteps(self, db string) string {
	flag := " --db " + shellQuote(db)
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

// shellQuote quotes s for a POSIX shell when it holds anything but plain path
// characters.
func shellQuote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
