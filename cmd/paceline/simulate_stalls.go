package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
)

// maxReasons is how many of a kind of stall's reasons the text names; the rest are
// counted together (a note too long for some leads gives one reason per length).
const maxReasons = 3

// writeStalls prints, in the run's table, why leads did not go through the sequence as
// written: a campaign paused for low acceptance, leads held for a person, leads waiting
// for a note quota, texts sent with their fallback. Without these lines a paused or held
// run read as a slow one, and an allowance left unused had no reason.
func writeStalls(tw io.Writer, rep *sim.Report) {
	r, s := rep.Result, &rep.Stalls
	if r.PausedReason != "" {
		when := "invites stopped"
		if s.PausedDay > 0 {
			when = fmt.Sprintf("invites stopped on day %d of %d", s.PausedDay, 7*r.Weeks)
		}
		fmt.Fprintf(tw, "Paused\t%s, after %s, for a low acceptance rate: %s\n", when, plural.Count(s.PausedInvites, "invite"), r.PausedReason)
		if s.PausedLeads > 0 {
			fmt.Fprintf(tw, "\t%s %s for an invite the pause holds back: a simulated campaign is never resumed (a live one waits for a person to start it again: paceline campaigns start)\n",
				plural.Count(s.PausedLeads, "lead"), plural.Verb(s.PausedLeads, "waits", "wait"))
		}
	}
	writeLeadCounts(tw, "Held", s.HeldFor, r.Held, s, true)
	if s.NoteQuotaLeads > 0 {
		fmt.Fprintf(tw, "Note quota\t%s %s for a personal note: %s, and the invite's fallback: wait holds it until the quota renews (fallback: plain sends it without the note)\n",
			plural.Count(s.NoteQuotaLeads, "lead"), plural.Verb(s.NoteQuotaLeads, "waits", "wait"), noteQuotas(s.NoteQuotas))
	}
	writeLeadCounts(tw, "Fallbacks", s.FallbackFor, r.TextFallbacks, s, false)
}

// writeLeadCounts prints one kind of stall's reasons under title, the most common
// first, each with what it takes to move those leads; total is how many leads the
// kind has in all. held says whether the leads wait for a person (Held) or went on
// without the text (Fallbacks).
func writeLeadCounts(tw io.Writer, title string, counts []sim.LeadCount, total int, s *sim.Stalls, held bool) {
	shown := 0
	for i, c := range counts {
		if i == maxReasons {
			break
		}
		fmt.Fprintf(tw, "%s\t%s: %s\n", title, plural.Count(c.Leads, "lead"), c.Why)
		title = ""
		switch {
		case c.Field == senderField && held:
			fmt.Fprintf(tw, "\t%s\n", heldAdvice(c, fillSenderFlag))
		case c.Field == senderField:
			fmt.Fprintf(tw, "\tthe sending account has no sender name: %s to send them the text as written\n", fillSenderFlag)
		case c.Field != "" && held:
			fmt.Fprintf(tw, "\tthey will not move until their %s is filled in (or the text gives it a default)\n", c.Field)
		case c.Field != "":
			fmt.Fprintf(tw, "\ttheir %s is blank: fill it in to send them the text as written\n", c.Field)
		case c.NoteQuota:
			fmt.Fprintf(tw, "\tthe cause is the monthly personal-note quota: %s\n", noteQuotas(s.NoteQuotas))
		case held:
			fmt.Fprintf(tw, "\tthey will not move until a person fixes what holds them\n")
		}
		shown += c.Leads
	}
	if rest := total - shown; rest > 0 && shown > 0 {
		fmt.Fprintf(tw, "\tand %s for other reasons (see --json)\n", plural.Count(rest, "lead"))
	}
}

// noteQuotas says the monthly note quotas of the run's account types.
func noteQuotas(quotas map[string]int) string {
	if len(quotas) == 0 {
		return "the accounts' monthly note quota ran out"
	}
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(quotas)) {
		parts = append(parts, fmt.Sprintf("a %s account has %s a month", t, plural.Count(quotas[t], "personal note")))
	}
	return strings.Join(parts, ", ")
}

// unfinishedLeads says how many leads had not finished at the run's end and, of those,
// how many a pause, a hold or a note quota kept where they were.
func unfinishedLeads(rep *sim.Report) string {
	r, s := rep.Result, &rep.Stalls
	var parts []string
	rest := r.Unfinished
	for _, p := range []struct {
		n    int
		what string
	}{
		{s.PausedLeads, "held back by the pause"},
		{r.Held, "held for review"},
		{s.NoteQuotaLeads, "waiting for a note quota"},
	} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
			rest -= p.n
		}
	}
	if len(parts) == 0 {
		return plural.Count(r.Unfinished, "lead") + " still in progress"
	}
	if rest > 0 {
		parts = append(parts, fmt.Sprintf("%d still in progress", rest))
	}
	return fmt.Sprintf("%s unfinished: %s", plural.Count(r.Unfinished, "lead"), strings.Join(parts, ", "))
}
