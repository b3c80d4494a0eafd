package main

import (
	"fmt"
	"io"

	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
)

// senderField is the template field an account's sender name fills.
const senderField = "sender_first_name"

// writeHeldRuns says, as simulate's "Held" lines do, how many of the forecast's runs
// held leads for a person and why: a held lead sends nothing more, so a forecast whose
// leads are held (a sequence signed with {{sender_first_name}} by accounts without a
// sender name) showed 0 messages and said nothing of why. fill says how to fill the
// sender's name where the forecast's campaign comes from.
func writeHeldRuns(tw io.Writer, f *sim.Forecast, fill string) {
	if f.HeldRuns == 0 {
		return
	}
	title := "Held"
	for i, c := range f.HeldFor {
		if i == maxReasons {
			fmt.Fprintf(tw, "\tand %d other reasons (see --json)\n", len(f.HeldFor)-i)
			break
		}
		fmt.Fprintf(tw, "%s\tup to %s in %d of %d runs: %s\n", title, plural.Count(c.Leads, "lead"), f.HeldRuns, f.Runs, c.Why)
		title = ""
		if advice := heldAdvice(c, fill); advice != "" {
			fmt.Fprintf(tw, "\t%s\n", advice)
		}
	}
}

// heldAdvice says what moves the leads held for c; fill is how to give the accounts a
// sender name (a flag, a command).
func heldAdvice(c sim.LeadCount, fill string) string {
	switch {
	case c.Field == senderField:
		return fmt.Sprintf("they will not move until the sending account has a sender name: %s (or the text gives {{%s}} a default)", fill, senderField)
	case c.Field != "":
		return fmt.Sprintf("they will not move until their %s is filled in (or the text gives it a default)", c.Field)
	case c.NoteQuota:
		return "the cause is the accounts' monthly personal-note quota"
	}
	return "they will not move until a person fixes what holds them"
}

// Ways to fill the sender's name: in a made-up campaign, and in a stored account.
const (
	fillSenderFlag   = "give --sender-name FIRST_NAME"
	fillSenderStored = "set it with paceline accounts sign ACCOUNT FIRST_NAME"
)

// signWith gives every seat of cfg the sender name of --sender-name, as accounts sign
// gives a stored account its own; "" leaves them without one.
func signWith(cfg *sim.Config, sender string) {
	for i := range cfg.Accounts {
		cfg.Accounts[i].SenderName = sender
	}
}
