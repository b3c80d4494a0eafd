package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
)

// HeldStep is an enrollment whose step the engine held for a person: its text cannot
// go out as it is (a blank field the template needs, a note too long for the account).
// The lead keeps its enrollment and nothing is sent until someone fixes the cause and
// resumes it.
type HeldStep struct {
	Campaign string `json:"campaign"`
	Lead     string `json:"lead"` // the lead's key (engine.LeadKey)
	Account  string `json:"account"`
	Step     string `json:"step"` // the held step's id
	// Why is the engine's sentence: the step, what it needs, and that it is held.
	Why string `json:"why"`
	// Todo says what to do about it, such as filling a field in and resuming.
	Todo  string    `json:"todo"`
	Since time.Time `json:"since"`
	// Resuming is set once a person asked to resume it: the account's next tick renders
	// the step again (and holds it again if it still cannot go out).
	Resuming bool `json:"resuming,omitempty"`
	// Missing are the fields the step needs that are still blank for the lead as the
	// leads store has it now (what Todo asks to fill in); empty once they are filled,
	// and while a resume is asked.
	Missing []string `json:"-"`
}

// HeldStore is what listing and resuming held steps read and write: the runtime's
// enrollments, and the one write a tick never makes (an enrollment's lead facts).
type HeldStore interface {
	Accounts(ctx context.Context) ([]*paceline.Account, error)
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error)
	// HeldEnrollments returns the running enrollments of every account saved with Held
	// set, in active campaigns, by account name and then oldest first; only the lead's
	// in the campaign when lead is not empty. It reads those alone, not every running
	// enrollment.
	HeldEnrollments(ctx context.Context, campaign, lead string) ([]paceline.EnrollmentRecord, error)
	// SetLeadFacts replaces the lead facts of one enrollment. Errors: ENOTFOUND.
	SetLeadFacts(ctx context.Context, id int64, facts string) error
}

// HeldSteps lists the steps held for review in a durable runtime and resumes them.
// A held enrollment is stored as waiting with a snapshot that says it is held; a
// resume is a request kept in its lead facts (LeadFacts.ResumeAt), which the next
// tick of its account carries out with the engine's Resume: the step is rendered
// again from the refreshed facts, and held again if it still cannot go out.
type HeldSteps struct {
	Store HeldStore
	// LeadFunc returns the lead as it is now in the leads store, by its engine key;
	// nil, or ENOTFOUND, keeps the facts taken at enrollment.
	LeadFunc func(ctx context.Context, key string) (*paceline.Lead, error)
	// WakeFunc brings the account's tick forward (Jobs.Ensure with now); nil leaves
	// the resume to the account's next tick, whenever a running process makes one.
	WakeFunc func(ctx context.Context, account string) error
	// SuppressedFunc reports whether any of the keys is on the suppression list
	// (IsSuppressed of either store). A lead who opted out after the hold is then
	// neither listed nor resumed: the outbox would never send the step, so a person
	// had nothing to fix. nil lists every held step.
	SuppressedFunc func(ctx context.Context, keys ...lead.Key) (bool, error)
}

// heldRec is one held enrollment with what it was read from.
type heldRec struct {
	rec   paceline.EnrollmentRecord
	snap  engine.Snapshot
	facts LeadFacts
}

// List returns the held steps of every account's running enrollments in active
// campaigns, oldest hold first. (A paused campaign's enrollments show again when it
// runs.)
func (h *HeldSteps) List(ctx context.Context) ([]HeldStep, error) {
	recs, err := h.scan(ctx, "", "")
	if err != nil {
		return nil, err
	}
	seqs := map[string]*sequence.Sequence{}
	out := make([]HeldStep, 0, len(recs))
	for _, hr := range recs {
		if gone, err := h.optedOut(ctx, hr); err != nil {
			return nil, err
		} else if gone {
			continue
		}
		out = append(out, h.view(ctx, hr, seqs))
	}
	slices.SortStableFunc(out, func(a, b HeldStep) int { return a.Since.Compare(b.Since) })
	return out, nil
}

// Resume asks for the held step of the lead's enrollment in the campaign to be tried
// again: its lead facts are refreshed from the leads store (when the lead is there),
// the request is saved, and the account's tick is woken. It returns the step as it
// now stands. Errors: ENOTFOUND when the lead runs in no such enrollment, ECONFLICT
// when its step is not held.
func (h *HeldSteps) Resume(ctx context.Context, campaign, lead string) (HeldStep, error) {
	if strings.TrimSpace(campaign) == "" || strings.TrimSpace(lead) == "" {
		return HeldStep{}, paceline.FieldErrorf("lead", "give the held step's campaign and lead (see paceline tasks held)")
	}
	recs, err := h.scan(ctx, campaign, lead)
	if err != nil {
		return HeldStep{}, err
	}
	if len(recs) == 0 {
		return HeldStep{}, h.notHeld(ctx, campaign, lead)
	}
	hr := recs[0]
	if gone, err := h.optedOut(ctx, hr); err != nil {
		return HeldStep{}, err
	} else if gone {
		return HeldStep{}, paceline.Errorf(paceline.ECONFLICT,
			"lead %s opted out after its step was held: the step will never be sent, so there is nothing to resume", lead)
	}
	facts := hr.facts
	if fresh, ok, err := h.freshFacts(ctx, hr); err != nil {
		return HeldStep{}, err
	} else if ok {
		facts = fresh
	}
	// Just after the hold, whatever the clocks of this process and the ticking one
	// say: a tick resumes a step held before the request, and leaves one held again
	// later (a tick's instant never goes back).
	facts.ResumeAt = hr.snap.Due.Add(time.Microsecond)
	b, err := json.Marshal(facts)
	if err != nil {
		return HeldStep{}, fmt.Errorf("resume %s in %s: %w", lead, campaign, err)
	}
	if err := h.Store.SetLeadFacts(ctx, hr.rec.ID, string(b)); err != nil {
		return HeldStep{}, fmt.Errorf("resume %s in %s: %w", lead, campaign, err)
	}
	hr.facts, hr.rec.LeadFacts = facts, string(b)
	if h.WakeFunc != nil {
		if err := h.WakeFunc(ctx, hr.rec.Account); err != nil {
			return HeldStep{}, fmt.Errorf("resume %s in %s: %w", lead, campaign, err)
		}
	}
	return h.view(ctx, hr, map[string]*sequence.Sequence{}), nil
}

// scan reads the held enrollments, of one campaign and lead when both are given. The
// store returns the enrollments flagged held; the snapshot has the last word, so a
// flag that disagrees with it never shows a step that is not held.
func (h *HeldSteps) scan(ctx context.Context, campaign, lead string) ([]heldRec, error) {
	recs, err := h.Store.HeldEnrollments(ctx, campaign, lead)
	if err != nil {
		return nil, err
	}
	var out []heldRec
	for _, rec := range recs {
		if rec.State != paceline.EnrollmentWaiting || lead != "" && (rec.Lead != lead || rec.Campaign != campaign) {
			continue
		}
		hr, ok, err := readHeld(rec)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, hr)
		}
	}
	return out, nil
}

// heldMark is in the JSON of every held enrollment's snapshot (and of few others).
var heldMark = fmt.Sprintf(`"state":%d,`, engine.Held)

// readHeld reads a stored enrollment; ok is false when it is not held.
func readHeld(rec paceline.EnrollmentRecord) (heldRec, bool, error) {
	if !strings.Contains(rec.Snapshot, heldMark) {
		return heldRec{}, false, nil // most waiting enrollments wait for an event: skip reading them
	}
	var snap engine.Snapshot
	if err := json.Unmarshal([]byte(rec.Snapshot), &snap); err != nil {
		return heldRec{}, false, fmt.Errorf("enrollment %d: read snapshot: %w", rec.ID, err)
	}
	if snap.State != engine.Held {
		return heldRec{}, false, nil
	}
	facts, err := readFacts(rec.LeadFacts)
	if err != nil {
		return heldRec{}, false, fmt.Errorf("enrollment %d: %w", rec.ID, err)
	}
	return heldRec{rec: rec, snap: snap, facts: facts}, true, nil
}

// resumeAsked reports whether a person asked to resume the held enrollment since it
// was (last) held: the tick then resumes it.
func resumeAsked(facts string, snap engine.Snapshot) bool {
	if snap.State != engine.Held || !strings.Contains(facts, `"resume_at"`) {
		return false
	}
	f, err := readFacts(facts)
	return err == nil && f.ResumeAt.After(snap.Due)
}

// optedOut reports whether the held enrollment's lead is on the suppression list, by
// the keys the outbox asks it with (knowKeys).
func (h *HeldSteps) optedOut(ctx context.Context, hr heldRec) (bool, error) {
	if h.SuppressedFunc == nil {
		return false, nil
	}
	keys := lead.Keys(hr.facts.lead())
	if len(keys) == 0 {
		return false, nil
	}
	out, err := h.SuppressedFunc(ctx, keys...)
	if err != nil {
		return false, fmt.Errorf("check whether %s opted out: %w", hr.rec.Lead, err)
	}
	return out, nil
}

// notHeld says why a lead has no held step in the campaign.
func (h *HeldSteps) notHeld(ctx context.Context, campaign, lead string) error {
	accts, err := h.Store.Accounts(ctx)
	if err != nil {
		return err
	}
	for _, a := range accts {
		recs, err := h.Store.RunningEnrollments(ctx, a.Name)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if rec.Lead == lead && rec.Campaign == campaign {
				return paceline.Errorf(paceline.ECONFLICT,
					"lead %s is %s in campaign %s, not held for review: there is nothing to resume (see paceline tasks held)", lead, rec.State, campaign)
			}
		}
	}
	return paceline.Errorf(paceline.ENOTFOUND,
		"lead %s has no running enrollment in campaign %s (check both names with paceline tasks held; a paused campaign's leads show once it runs)", lead, campaign)
}

// freshFacts returns the lead's facts from the leads store, keeping the enrollment's
// keys when the stored lead would be known by another one (the engine knows the
// enrollment by its key). ok is false when there is no leads store or no such lead.
func (h *HeldSteps) freshFacts(ctx context.Context, hr heldRec) (LeadFacts, bool, error) {
	if h.LeadFunc == nil {
		return LeadFacts{}, false, nil
	}
	l, err := h.LeadFunc(ctx, hr.rec.Lead)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		return LeadFacts{}, false, nil
	}
	if err != nil {
		return LeadFacts{}, false, fmt.Errorf("read lead %s: %w", hr.rec.Lead, err)
	}
	f := factsOf(l)
	if engine.LeadKey(l) != hr.rec.Lead {
		f.ProfileKey, f.SalesKey, f.Email = hr.facts.ProfileKey, hr.facts.SalesKey, hr.facts.Email
	}
	return f, true, nil
}

// view is what a held enrollment shows, with what to do about it.
func (h *HeldSteps) view(ctx context.Context, hr heldRec, seqs map[string]*sequence.Sequence) HeldStep {
	v := HeldStep{Campaign: hr.rec.Campaign, Lead: hr.rec.Lead, Account: hr.rec.Account, Why: hr.snap.Fallback,
		Since: hr.snap.Due, Resuming: resumeAsked(hr.rec.LeadFacts, hr.snap)}
	var st *sequence.Step
	if seq := h.sequence(ctx, hr.rec.Campaign, seqs); seq != nil && hr.snap.Step >= 0 && hr.snap.Step < len(seq.Steps) {
		st = &seq.Steps[hr.snap.Step]
		v.Step = st.ID
	}
	if v.Resuming {
		v.Todo = "resume asked: the account's next tick renders the step again (it is held again if it still cannot go out)"
		return v
	}
	if st == nil {
		v.Todo = "fix what the reason says, then resume"
		return v
	}
	// What resuming would render with: the lead as the leads store has it now.
	facts := hr.facts
	if fresh, ok, err := h.freshFacts(ctx, hr); err == nil && ok {
		facts = fresh
	}
	v.Missing = missingFields(st, facts.lead(), hr.rec.Lead)
	v.Todo = todo(hr.rec.Campaign, v.Missing)
	return v
}

// todo says what would let the step of the campaign go out: the blank fields its
// templates need, or, when the lead has them all now, that resuming sends it. A
// default goes in the running campaign's sequence with campaigns edit, which takes a
// change of texts while the campaign runs.
func todo(campaign string, missing []string) string {
	if len(missing) == 0 {
		return "the lead's fields are filled in now: resume to send the step (a note over the account's limit needs a shorter note or shorter fields)"
	}
	return fmt.Sprintf("fill the lead's %s in — re-import the list with it or run leads enrich — or give the template a default (paceline campaigns edit %s --sequence FILE), then resume",
		strings.Join(missing, " and "), shellword.Quote(campaign))
}

// missingFields lists the fields the step's templates (and its variants') need that
// are blank for the lead, in the order they are first needed.
func missingFields(st *sequence.Step, l *paceline.Lead, key string) []string {
	d := engine.LeadData(l)
	seed := personalize.Seed(key, st.ID)
	var out []string
	check := func(t *personalize.Template) {
		if t == nil {
			return
		}
		_, err := personalize.Render(t, d, seed)
		var m *personalize.MissingFieldError
		if errors.As(err, &m) && !slices.Contains(out, m.Field) {
			out = append(out, m.Field)
		}
	}
	check(st.Note)
	check(st.Subject)
	check(st.Body)
	for _, v := range st.Variants {
		if vs, err := st.WithVariant(v.ID); err == nil {
			check(vs.Note)
			check(vs.Subject)
			check(vs.Body)
		}
	}
	return out
}

// sequence returns a campaign's parsed sequence, nil when it cannot be read.
func (h *HeldSteps) sequence(ctx context.Context, name string, seqs map[string]*sequence.Sequence) *sequence.Sequence {
	if seq, ok := seqs[name]; ok {
		return seq
	}
	var seq *sequence.Sequence
	if c, err := h.Store.Campaign(ctx, name); err == nil {
		seq, _ = sequence.Parse([]byte(c.Sequence))
	}
	seqs[name] = seq
	return seq
}
