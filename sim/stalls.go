package sim

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// Stalls says why some of a run's leads did not go through their sequence as written:
// the campaign paused for a low acceptance rate, leads held for a person, leads waiting
// for a personal-note quota, texts sent with their fallback. A Result's counts say how
// many; without the why, a paused or held run read like a slow one.
type Stalls struct {
	// PausedDay is the day of the run, counted from 1, of the campaign's last invite
	// before it paused for a low acceptance rate (Result.PausedReason): a paused
	// campaign sends no invite, so its invites stopped that day. 0 when it did not pause.
	PausedDay int `json:"paused_day,omitempty"`
	// PausedInvites is how many invites the campaign had sent when it paused.
	PausedInvites int `json:"paused_invites,omitempty"`
	// PausedLeads counts the unfinished leads whose invite the pause holds back: a
	// simulated campaign is never resumed, so they stay where they are to the end.
	PausedLeads int `json:"paused_leads,omitempty"`
	// NoteQuotaLeads counts the leads whose invite, with a note and fallback: wait, was
	// due but still waited at the end on an account with a monthly personal-note
	// quota: once the quota is spent such an invite waits for the next month's.
	NoteQuotaLeads int `json:"note_quota_leads,omitempty"`
	// NoteQuotas is the monthly personal-note quota of each account type of the run
	// that has one (a free account: 5), by type.
	NoteQuotas map[string]int `json:"note_quotas,omitempty"`
	// HeldFor groups the held leads (Result.Held) by why, the most first.
	HeldFor []LeadCount `json:"held_for,omitempty"`
	// FallbackFor groups the leads whose latest text step went out with a fallback
	// (Result.TextFallbacks: a plain invite, a skipped step) by why, the most first.
	FallbackFor []LeadCount `json:"fallback_for,omitempty"`
}

// LeadCount is one reason the engine gave for some of a run's leads, and how many.
type LeadCount struct {
	Why   string `json:"why"`
	Leads int    `json:"leads"`
	// Field is the lead field left blank that caused it, when that is the cause: the
	// leads do not move (held) or go on without the text (fallback) until it is filled.
	Field string `json:"field,omitempty"`
	// NoteQuota is set when an account's monthly personal-note quota caused it.
	NoteQuota bool `json:"note_quota,omitempty"`
}

// The engine's words for a blank field (engine.noteFallback, and a message's render
// error from personalize.MissingFieldError) and for a spent note quota
// (engine.quotaPlain): a group's Field and NoteQuota are read from them.
var (
	blankNoteField    = regexp.MustCompile(`the note needs the lead's ([^,\s]+), which is blank`)
	blankMessageField = regexp.MustCompile(`field "([^"]+)" is missing or blank`)
)

const quotaWords = "no personal note left until its quota renews"

// stalls finds out why the run's unfinished and fallen-back leads are where they are;
// it reads the engine, so it runs before release.
func (r *run) stalls() Stalls {
	var s Stalls
	if r.g.PausedReason(r.campaign) != "" {
		last, held := r.pause()
		if last > 0 {
			s.PausedDay = r.day(last)
		}
		s.PausedInvites = r.ledger.done[paceline.KindInvite.Index()]
		for _, n := range held {
			s.PausedLeads += n
		}
	} else {
		s.NoteQuotaLeads = r.noteQuotaLeads()
	}
	for _, seat := range r.cfg.Accounts {
		if q := noteQuota(seat.Type); q > 0 {
			if s.NoteQuotas == nil {
				s.NoteQuotas = map[string]int{}
			}
			s.NoteQuotas[string(seat.Type)] = q
		}
	}
	held, fell := map[string]int{}, map[string]int{}
	for _, e := range r.g.Enrollments() {
		switch {
		case e.State == engine.Held:
			held[e.Fallback]++
		case e.Fallback != "":
			fell[e.Fallback]++
		}
	}
	s.HeldFor, s.FallbackFor = leadCounts(held), leadCounts(fell)
	return s
}

// leadCounts turns counts by reason into LeadCounts, the most first (then by reason,
// so that the same run always reads the same).
func leadCounts(by map[string]int) []LeadCount {
	var out []LeadCount
	for why, n := range by {
		c := LeadCount{Why: why, Leads: n, NoteQuota: strings.Contains(why, quotaWords)}
		for _, re := range []*regexp.Regexp{blankNoteField, blankMessageField} {
			if m := re.FindStringSubmatch(why); m != nil {
				c.Field = m[1]
				break
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b LeadCount) int {
		return cmp.Or(cmp.Compare(b.Leads, a.Leads), cmp.Compare(a.Why, b.Why))
	})
	return out
}

// pause returns when the paused campaign's invites stopped, in unix nanoseconds (its
// last invite: the engine sends none once paused, and the platform keeps when each
// member was last invited), and how many of each seat's unfinished leads wait at an
// invite step that the pause holds back.
func (r *run) pause() (last int64, held []int) {
	for i := range r.li.members {
		last = max(last, r.li.members[i].invitedAt)
	}
	held = make([]int, len(r.cfg.Accounts))
	seats := newSeatFinder(r.cfg.Accounts)
	steps := r.cfg.Sequence.Steps
	for _, e := range r.g.Enrollments() {
		if e.State == engine.Active && e.Step >= 0 && e.Step < len(steps) && steps[e.Step].Kind == paceline.KindInvite {
			held[seats.find(e.Account)]++
		}
	}
	return last, held
}

// noteQuotaLeads counts the leads whose invite came due within the run, with a note
// and fallback: wait, on a seat with a monthly note quota, and had still not gone out
// at its end: every such invite needs one of the quota's notes, so the quota, not the
// weekly cap, is what they wait for.
func (r *run) noteQuotaLeads() int {
	quota := make(map[string]bool, len(r.cfg.Accounts))
	for _, s := range r.cfg.Accounts {
		quota[s.Name] = noteQuota(s.Type) > 0
	}
	steps := r.cfg.Sequence.Steps
	n := 0
	for _, e := range r.g.Enrollments() {
		if e.State != engine.Active || e.Step < 0 || e.Step >= len(steps) || !quota[e.Account] {
			continue
		}
		st := &steps[e.Step]
		if st.Kind == paceline.KindInvite && st.Note != nil && st.Fallback == sequence.FallbackWait &&
			!e.Due.IsZero() && e.Due.Before(r.end) {
			n++
		}
	}
	return n
}

// noteQuota is the monthly personal-note quota of an account type, or 0 for none.
func noteQuota(t paceline.AccountType) int {
	p, err := limits.SharedPreset(t)
	if err != nil || p.NoteQuotaMonthly == nil {
		return 0
	}
	return *p.NoteQuotaMonthly
}

// day is the day of the run, counted from 1, of an instant in unix nanoseconds.
func (r *run) day(at int64) int {
	return int((at-r.start.UnixNano())/int64(24*time.Hour)) + 1
}
