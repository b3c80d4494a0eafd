package sequence

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/paceline/paceline"
)

// Warnings returns what may keep a valid sequence from doing what its author meant,
// each with its line and step, in line order:
//   - an invite note whose fields may take it over opts.NoteMaxChars (see
//     NoteFieldRoom; none when NoteMaxChars is 0);
//   - a step guarded by if: connected that a lead reaches after an invite with no
//     wait_for: accepted between them: the condition is tested when the step comes
//     due, so only the leads who accepted within its delay get it, and the rest skip
//     it for good;
//   - a delay counting weeks in working time ({for: 1w, in: working}), which is 7
//     working days, not one working week.
//
// None of these is refused (the sequence may mean it); campaign creation and the
// simulator show them. Validate's errors are not repeated here.
func Warnings(seq *Sequence, opts Options) ValidationErrors {
	c := &checker{seq: seq}
	c.noteWarnings(opts)
	c.unawaitedInvites()
	c.workingWeeks()
	return c.errs.sorted()
}

// unawaitedInvites warns of every step guarded by an if: that requires connected which
// a lead may reach after an invite with no wait_for: accepted since: it follows, step by
// step (jumps only go forward), the invite a lead may have pending unawaited. A
// wait_for accepted, or a withdraw, ends it.
func (c *checker) unawaitedInvites() {
	steps := c.seq.Steps
	n := len(steps)
	// from[i] is 1 + the index of an invite a lead may reach step i after, with no
	// wait_for accepted since; 0 for none.
	from := make([]int, n+1)
	reach := func(i, to, invite int) {
		if invite > 0 && i < to && to < n && from[to] == 0 {
			from[to] = invite // a bad reference (to <= i) is Validate's error
		}
	}
	for i := range steps {
		st := &steps[i]
		pending := from[i]
		if pending > 0 && st.If.requires("connected") {
			inv := &steps[pending-1]
			c.errorf(st, "if", "if: connected is tested when this step comes due, and nothing waits for the invite of step %s (line %d) to be accepted first: only the leads who accepted by then get this step, the others skip it; add wait_for: {event: accepted, timeout: 21d} to the invite (or to a wait step before this one)",
				inv.ID, inv.Line)
		}
		if st.If != nil {
			reach(i, c.seq.target(i, st.Else), pending)
		}
		switch {
		case st.WaitFor != nil && st.WaitFor.Event == paceline.EventAccepted, st.Kind == paceline.KindWithdraw:
			pending = 0
		case st.Kind == paceline.KindInvite:
			pending = i + 1
		}
		reach(i, c.seq.target(i, st.Next), pending)
	}
}

// weeksIn finds the weeks of a span, as in 1w or 2w3d.
var weeksIn = regexp.MustCompile(`(\d+)w`)

// workingWeeks warns of every delay that counts weeks in working time: "w" is 7 days
// on either clock, so {for: 1w, in: working} is 7 working days, about a week and a half
// on a Monday-to-Friday schedule, where its author likely meant one working week.
func (c *checker) workingWeeks() {
	for i := range c.seq.Steps {
		st := &c.seq.Steps[i]
		if st.workingWeeks == "" || st.Delay.In != Working {
			continue
		}
		fiveDays := weeksIn.ReplaceAllStringFunc(st.workingWeeks, func(w string) string {
			n, _ := strconv.Atoi(w[:len(w)-1])
			return fmt.Sprintf("%dd", 5*n)
		})
		if dl, err := ParseDelay(fiveDays); err == nil {
			fiveDays = dl.String()
		}
		cal := Delay{Min: st.Delay.Min, Max: st.Delay.Max}
		c.errorf(st, "delay", "delay {for: %s, in: working} lasts %s of working time: w is 7 days here too, so 1w is 7 working days, about a week and a half on a Monday-to-Friday schedule; for working weeks of five days write {for: %s, in: working}, or drop in: working to wait %s on the calendar",
			st.workingWeeks, cal, fiveDays, cal)
	}
}
