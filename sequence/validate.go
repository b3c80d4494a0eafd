package sequence

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// Options are the checks that depend on where a sequence will run.
type Options struct {
	// NoteMaxChars is the note limit of the account type that will send the invites
	// (200 for free accounts, 300 otherwise); 0 skips the check.
	NoteMaxChars int
	// NoteAccount names the sender whose limit NoteMaxChars is, such as "alice (a free
	// account)": of a campaign's accounts, the one with the smallest limit. Errors name
	// it, since a note over it is never sent from that account. "" when NoteMaxChars is
	// LinkedIn's own limit (MaxNoteChars).
	NoteAccount string
	// CheckFields turns on the check that every field a template inserts, or tests with
	// {{if}}, exists: a built-in one (BuiltInFields) or one of CustomFields. A misspelt
	// {{first_nme}} would otherwise be held at every lead, or send its default to
	// every lead. Parse leaves it off, since custom fields are only known from the
	// stored leads; campaign creation turns it on.
	CheckFields bool
	// CustomFields are the custom fields (imported columns, by their snake_case names)
	// that stored leads carry. Only those the templates use (Sequence.CustomFields)
	// need be listed; any others serve to suggest the right name for a misspelt one.
	CustomFields []string
	// CheckScores refuses an if: comparing the score with a number that makes it hold
	// for every score from 0 to 100 or for none (score >= 500). Parse leaves it off, so
	// that a campaign stored before the check still loads; the checks of campaign
	// creation and of the editor turn it on.
	CheckScores bool
}

// Validate checks a compiled sequence, whether it came from Parse or was built in code:
// ids, kinds and their texts, step references (which only jump forward, so every
// enrollment ends), delays, waits, stop_on, the accept guard, that 1st-degree messages
// only go to connected leads, that every step can be reached, and the option checks.
// Notes are measured by their literal text, before any field is filled in; RenderNote
// checks again after rendering. It returns ValidationErrors or nil.
func Validate(seq *Sequence, opts Options) error {
	if errs := check(seq, opts); len(errs) > 0 {
		return errs.sorted()
	}
	return nil
}

// reservedIDs cannot be step ids because on_timeout would not tell them from actions.
var reservedIDs = []string{string(TimeoutWithdraw), string(TimeoutContinue), string(TimeoutStop)}

// stopEvents are the events stop_on may list.
var stopEvents = []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut, paceline.EventBounced, paceline.EventDeclined}

type checker struct {
	seq  *Sequence
	errs ValidationErrors
}

func (c *checker) errorf(st *Step, key, format string, args ...any) {
	line, id := c.seq.keyLines[key], ""
	if line == 0 {
		line = c.seq.keyLines[""]
	}
	if st != nil {
		line, id = st.Line, st.ID
		if l, ok := st.keyLines[key]; ok {
			line = l
		}
	}
	c.errs = append(c.errs, &ValidationError{Line: line, Step: id, Message: fmt.Sprintf(format, args...)})
}

func check(seq *Sequence, opts Options) ValidationErrors {
	c := &checker{seq: seq}
	c.sequence()
	seen := map[string]int{}
	for i := range seq.Steps {
		st := &seq.Steps[i]
		c.id(st, i, seen)
		c.texts(st, opts)
		c.timing(st)
		c.refs(st, i)
	}
	c.flow()
	if opts.CheckScores {
		for i := range seq.Steps {
			for _, err := range seq.Steps[i].If.scoreRangeErrors() {
				c.errorf(&seq.Steps[i], "if", "if: %v", err)
			}
		}
	}
	if opts.CheckFields {
		c.fields(opts)
	}
	return c.errs
}

func (c *checker) sequence() {
	seq := c.seq
	if strings.TrimSpace(seq.Name) == "" {
		c.errorf(nil, "name", "the sequence has no name (add a line such as name: founders-q1)")
	}
	if len(seq.Steps) == 0 {
		c.errorf(nil, "steps", "the sequence has no steps (add a steps: list)")
	}
	if seq.MinAfterAccept != 0 && seq.MinAfterAccept < DefaultMinAfterAccept {
		c.errorf(nil, "min_after_accept", "min_after_accept is %s; it cannot be under 1h (a message minutes after an accept is the clearest sign of automation)", formatSpan(seq.MinAfterAccept))
	}
	for i, e := range seq.StopOn {
		if !slices.Contains(stopEvents, e) {
			c.errorf(nil, "stop_on", "stop_on: unknown event %q (want replied, opted_out, bounced or declined)", e)
		} else if slices.Index(seq.StopOn, e) < i {
			c.errorf(nil, "stop_on", "stop_on lists %s twice", e)
		}
	}
	for _, must := range []paceline.EventKind{paceline.EventReplied, paceline.EventOptedOut} {
		if !slices.Contains(seq.StopOn, must) {
			c.errorf(nil, "stop_on", "stop_on must include %s: a reply on any channel and an opt-out stop every pending step", must)
		}
	}
}

func (c *checker) id(st *Step, i int, seen map[string]int) {
	switch {
	case st.ID == "":
		c.errs = append(c.errs, &ValidationError{Line: st.Line, Message: fmt.Sprintf("step %d has no id (add id: with a short name such as connect)", i+1)})
		return
	case slices.Contains(reservedIDs, st.ID):
		c.errorf(st, "id", "id %q is reserved for on_timeout; pick another", st.ID)
	case strings.ContainsAny(st.ID, " \t\n:,{}[]"):
		c.errorf(st, "id", "id %q has spaces or punctuation; use letters, digits, - and _", st.ID)
	}
	if j, dup := seen[st.ID]; dup {
		c.errorf(st, "id", "id %q is already used by the step on line %d", st.ID, c.seq.Steps[j].Line)
	} else {
		seen[st.ID] = i
	}
}

func (c *checker) texts(st *Step, opts Options) {
	if st.reported {
		return
	}
	if st.Kind == "" {
		c.errorf(st, "", "has no action: add one of %s (a wait step needs a delay or a wait_for)", kindNames())
		return
	}
	if !st.Kind.Valid() && st.Kind != KindWait {
		c.errorf(st, "", "unknown step kind %q (kinds: %s)", st.Kind, kindNames())
		return
	}
	k := st.Kind
	needsBody := k == paceline.KindMessage || k == paceline.KindInMail || k == paceline.KindOpenProfileMessage || k == paceline.KindEmail
	c.variants(st)
	for _, ts := range textSets(st) {
		if needsBody && ts.body == nil {
			c.errorf(st, ts.key, "%s%s has no text (add a body)", ts.label, k)
		}
		if k == paceline.KindEmail && ts.subject == nil {
			c.errorf(st, ts.key, "%semail has no subject", ts.label)
		}
	}
	if !needsBody && (st.Body != nil || st.Subject != nil) {
		c.errorf(st, string(k), "%s steps carry no subject or body", k)
	}
	if k != paceline.KindInvite && (st.Note != nil || st.Fallback != "") {
		c.errorf(st, string(k), "only invites carry a note and a fallback")
	}
	if k == paceline.KindInvite {
		switch st.Fallback {
		case "", FallbackPlain, FallbackWait, FallbackSkip:
		default:
			c.errorf(st, "invite.fallback", "unknown fallback %q (want plain, wait or skip)", st.Fallback)
		}
		if st.Fallback != "" && st.Note == nil {
			c.errorf(st, "invite.fallback", "fallback only applies to an invite with a note")
		}
	}
	for _, ts := range textSets(st) {
		c.textSet(st, ts, opts)
	}
	c.checkAI(st, opts)
}

// textSet checks one set of a step's texts against the options.
func (c *checker) textSet(st *Step, ts textSet, opts Options) {
	if ts.note != nil && opts.NoteMaxChars > 0 {
		key := ts.key
		if ts.label == "" {
			key = "invite.note"
		}
		n := ts.note.LiteralRunes()
		switch {
		case n <= opts.NoteMaxChars:
		case opts.NoteAccount != "":
			c.errorf(st, key, "%sthe note has %d characters before any field is filled in, over the %d-character limit of %s, so %s; shorten the note to at most %d characters, or send the campaign from accounts that allow longer notes",
				ts.label, n, opts.NoteMaxChars, opts.NoteAccount, fallbackEffect(st.Fallback), opts.NoteMaxChars)
		default:
			c.errorf(st, key, "%sthe note has %d characters before any field is filled in, over the %d-character limit; shorten it", ts.label, n, opts.NoteMaxChars)
		}
	}
}

// fallbackEffect says what a step's fallback does to invites whose note cannot be sent.
func fallbackEffect(f Fallback) string {
	switch f {
	case FallbackWait:
		return "the step's invites would be held for a person to review (fallback: wait)"
	case FallbackSkip:
		return "the step would be skipped (fallback: skip)"
	}
	return "the step's invites would go out without it (fallback: plain)"
}

func (c *checker) timing(st *Step) {
	if st.Delay.Min < 0 || st.Delay.Max < st.Delay.Min {
		c.errorf(st, "delay", "delay %s is not a span from a shorter to a longer time", st.Delay)
	}
	if st.Kind == KindWait && st.WaitFor == nil && st.Delay.Max == 0 {
		c.errorf(st, "delay", "a wait step needs a delay or a wait_for")
	}
	w := st.WaitFor
	if w == nil {
		return
	}
	switch w.Event {
	case paceline.EventAccepted:
	case "":
		c.errorf(st, "wait_for", "wait_for names no event (write wait_for: {event: accepted, timeout: 21d})")
	case paceline.EventReplied:
		c.errorf(st, "wait_for", "wait_for replied would never continue: a reply stops the sequence anyway (stop_on); %s", c.replyWaitFix(st, w))
	default:
		c.errorf(st, "wait_for", "wait_for %q: only accepted can be waited for", w.Event)
	}
	if w.Timeout <= 0 {
		c.errorf(st, "wait_for", "wait_for needs a timeout longer than zero (21d is usual)")
	}
	switch w.OnTimeout.Action {
	case TimeoutWithdraw, TimeoutContinue, TimeoutStop, TimeoutGoto:
	default:
		c.errorf(st, "wait_for", "unknown on_timeout %q (want withdraw, continue, stop or a step id)", w.OnTimeout.Action)
	}
}

// replyWaitFix says what to write instead of wait_for: replied on step st: no
// wait_for, and a delay on the step the lead goes to when the wait times out (the
// step after it, or the one its next: or on_timeout: names), which gives the lead the
// time to reply (a reply stops the sequence through stop_on). When that step is not
// the one the lead goes to without the wait_for, the fix says to write next: too. The
// delay is the wait_for's timeout when one was given, else a few days.
func (c *checker) replyWaitFix(st *Step, w *WaitFor) string {
	delay := "5d"
	if w.Timeout > 0 && w.Timeout != DefaultWaitTimeout {
		delay = formatSpan(w.Timeout)
	}
	i := -1
	for j := range c.seq.Steps {
		if &c.seq.Steps[j] == st {
			i = j
		}
	}
	if i < 0 {
		return "drop the wait_for and put a delay on the step the lead goes to next"
	}
	after := c.seq.Next(i) // where the lead goes once the wait_for is dropped
	next := ""
	switch t := c.seq.Timeout(i); {
	case w.OnTimeout.Action == TimeoutGoto && t < 0 && w.OnTimeout.Step != "":
		next = w.OnTimeout.Step // an unknown step: reported on its own
	case t >= 0:
		next = c.seq.Steps[t].ID
	}
	switch {
	case next == "" && after < 0:
		return "drop the wait_for: the sequence ends after this step, and a lead who replies is stopped by the reply"
	case next == "":
		return "drop the wait_for and end the sequence at this step (on_timeout: stop sends the lead nothing more; without the wait_for the lead would go on to step " +
			c.seq.Steps[after].ID + "): a lead who replies is stopped by the reply"
	}
	jump, where := "", "step "+next
	switch {
	case after < 0 || c.seq.Steps[after].ID != next:
		jump = fmt.Sprintf(", write next: %s on this step", next)
	case after == i+1:
		where = "the next step"
	}
	return fmt.Sprintf("drop the wait_for%s and put a delay on %s (delay: %s on step %s): a lead who replies before then is stopped, the others get step %s", jump, where, delay, next, next)
}

// refs checks that every step reference names a later step.
func (c *checker) refs(st *Step, i int) {
	ref := func(key, id string) {
		if id == "" {
			return
		}
		j := c.seq.Index(id)
		switch {
		case j < 0:
			c.errorf(st, key, "%s: there is no step %q", key, id)
		case j <= i:
			c.errorf(st, key, "%s: %q jumps back (to line %d); jumps only go forward, so that every lead's sequence ends", key, id, c.seq.Steps[j].Line)
		}
	}
	// An if: that failed to parse was reported by the decoder; its else: is not alone.
	if st.Else != "" && st.If == nil && st.keyLines["if"] == 0 {
		c.errorf(st, "else", "else: has no if: to go with")
	}
	ref("else", st.Else)
	ref("next", st.Next)
	if st.WaitFor != nil && st.WaitFor.OnTimeout.Action == TimeoutGoto {
		if st.WaitFor.OnTimeout.Step == "" {
			c.errorf(st, "wait_for", "on_timeout names no step")
		} else {
			ref("wait_for", st.WaitFor.OnTimeout.Step)
		}
	}
}

// flow walks the steps in order (jumps only go forward) and follows, for each step,
// whether a lead can reach it at all and whether it can reach it without being
// connected. A 1st-degree message to a lead who may not be connected cannot be sent,
// so it must be guarded by an if: that requires connected.
func (c *checker) flow() {
	steps := c.seq.Steps
	n := len(steps)
	if n == 0 {
		return
	}
	reached := make([]bool, n+1)
	unconnected := make([]bool, n+1)
	reach := func(from, to int, notConnected bool) {
		if to <= from {
			to = from + 1 // a bad reference is reported in refs; do not cascade it
		}
		if to <= n {
			reached[to] = true
			unconnected[to] = unconnected[to] || notConnected
		}
	}
	reached[0], unconnected[0] = true, true
	invited := false
	for i := range steps {
		st := &steps[i]
		if !reached[i] {
			c.errorf(st, "", "no lead can ever reach this step: the jumps before it all go past it")
			continue
		}
		run := unconnected[i] && !st.If.requires("connected")
		if st.If != nil {
			reach(i, c.seq.target(i, st.Else), unconnected[i])
		}
		badIf := st.If == nil && st.keyLines["if"] > 0 // already reported by the decoder
		if st.Kind == paceline.KindMessage && run && !st.reported && !badIf {
			c.errorf(st, "message", "a lead may reach this message without being connected; guard it with if: connected (or send an inmail or open_profile_message)")
		}
		if st.Kind == paceline.KindOpenProfileMessage && !badIf && !st.If.requires("open_profile") {
			c.errorf(st, string(st.Kind), "only leads with an Open Profile can get an open_profile_message; guard it with if: open_profile")
		}
		if st.Kind == paceline.KindWithdraw && !invited {
			c.errorf(st, "withdraw", "withdraw with no invite before it")
		}
		if st.Kind == paceline.KindInvite {
			invited = true
		}
		next := c.seq.target(i, st.Next)
		w := st.WaitFor
		if w == nil || w.Event != paceline.EventAccepted {
			reach(i, next, run)
			continue
		}
		if !invited {
			c.errorf(st, "wait_for", "waits for accepted, but no invite comes at or before this step")
		}
		reach(i, next, false) // the accept arrived
		switch w.OnTimeout.Action {
		case TimeoutWithdraw, TimeoutContinue:
			reach(i, next, run)
		case TimeoutGoto:
			reach(i, c.seq.Index(w.OnTimeout.Step), run)
		}
	}
}
