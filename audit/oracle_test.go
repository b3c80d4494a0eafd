package audit

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestCheckMatchesBruteForce compares Check with a quadratic restatement of the rules
// on random ledgers: every window is recounted from scratch for every action, and
// working time is asked of paceline.Schedule, a separate implementation; InMail credits
// are replayed from the first InMail for every InMail; half the ledgers are held to
// LinkedIn's limits. Because the Pacer's property tests trust Check as their oracle,
// the two must agree exactly. One Checker audits every ledger too, in the room the
// ledgers before it left (more or fewer accounts, caps and actions): its reports must
// be Check's.
func TestCheckMatchesBruteForce(t *testing.T) {
	t.Parallel()
	zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"}
	// No window opens or closes between 01:00 and 03:00, where DST changes happen:
	// there Schedule's time.Date normalisation and the auditor's wall-clock reading
	// differ on purpose (see TestCheckDST).
	hours := []paceline.WorkingHours{{Start: 9 * 60, End: 18 * 60}, {Start: 8*60 + 30, End: 17*60 + 30}, {Start: 0, End: 24 * 60}, {Start: 10 * 60, End: 16 * 60}}
	kinds := []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage, paceline.KindVisit, paceline.KindInMail}
	results := []paceline.ActionResult{paceline.ResultDone, paceline.ResultDone, paceline.ResultDone, paceline.ResultRefused, paceline.ResultFailed}
	base := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]int{} // violations per rule over all seeds, so the test is not vacuous
	var reused Checker

	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		l := &Ledger{HoldToLinkedIn: rng.IntN(2) == 0}
		for i := range 1 + rng.IntN(3) {
			acc := Account{
				Name:             fmt.Sprintf("acc%d", i),
				Type:             paceline.AccountTypes[rng.IntN(len(paceline.AccountTypes))],
				Location:         zone(t, zones[rng.IntN(len(zones))]),
				Hours:            hours[rng.IntN(len(hours))],
				Days:             paceline.WorkingDays(1 + rng.IntN(127)),
				MinGap:           time.Duration(rng.IntN(4)) * 45 * time.Second,
				WeeklyCaps:       map[paceline.ActionKind]int{},
				DailyCaps:        map[paceline.ActionKind]int{},
				NoteQuotaMonthly: rng.IntN(5) - 1,
			}
			for _, k := range kinds {
				if rng.IntN(3) > 0 {
					acc.WeeklyCaps[k] = rng.IntN(8)
				}
				if rng.IntN(3) == 0 {
					acc.DailyCaps[k] = rng.IntN(4)
				}
			}
			if !l.HoldToLinkedIn && rng.IntN(2) == 0 {
				acc.WeeklyCaps[paceline.KindInvite] = 100 + rng.IntN(300) // above LinkedIn's, which holds only when held
			}
			if rng.IntN(3) > 0 {
				if l.InMail == nil {
					l.InMail = map[string]Credits{}
				}
				l.InMail[acc.Name] = Credits{Monthly: rng.IntN(4) - 1, RolloverCap: rng.IntN(6) - 1}
			}
			l.Accounts = append(l.Accounts, acc)
		}
		// Times cluster on a coarse grid so that ties and exact window edges happen.
		span := []time.Duration{time.Minute, time.Hour, 24 * time.Hour}[rng.IntN(3)]
		grid := 8 + rng.IntN(24*40)
		for range rng.IntN(150) {
			name := fmt.Sprintf("acc%d", rng.IntN(len(l.Accounts)))
			if rng.IntN(30) == 0 {
				name = "stranger"
			}
			l.Actions = append(l.Actions, paceline.Action{
				At:       base.Add(time.Duration(rng.IntN(grid)) * span / 4),
				Account:  name,
				Kind:     kinds[rng.IntN(len(kinds))],
				Result:   results[rng.IntN(len(results))],
				WithNote: rng.IntN(2) == 0,
			})
		}
		r := Check(l)
		if again := reused.Check(l); !reflect.DeepEqual(again, r) {
			t.Fatalf("seed %d: a reused Checker reports %+v, Check %+v", seed, again, r)
		}
		for _, v := range r.Details {
			seen[v.Rule]++
		}
		got := keys(r.Details)
		want := keys(bruteForce(l))
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: Check and the brute force disagree\n got %v\nwant %v", seed, got, want)
		}
	}
	for _, rule := range Rules() {
		if seen[rule] == 0 {
			t.Errorf("no random ledger broke %s; the generator needs widening", rule)
		}
	}
	t.Logf("violations per rule: %v", seen)
}

func keys(vs []Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%s %s %s %s", v.At.Format(time.RFC3339), v.Account, v.Rule, v.Kind)
	}
	slices.Sort(out)
	return out
}

// bruteForce states the rules as directly as possible, in O(n²).
func bruteForce(l *Ledger) []Violation {
	// before reports whether action j comes before action i in the account's history:
	// earlier in time, or at the same time and earlier in the ledger.
	before := func(j, i int) bool {
		c := l.Actions[j].At.Compare(l.Actions[i].At)
		return c < 0 || c == 0 && j < i
	}
	var out []Violation
	for i := range l.Actions {
		a := &l.Actions[i]
		var acc *Account
		for k := range l.Accounts {
			if l.Accounts[k].Name == a.Account {
				acc = &l.Accounts[k]
				break
			}
		}
		v := func(rule string) {
			out = append(out, Violation{Rule: rule, Account: a.Account, Kind: string(a.Kind), At: a.At.UTC()})
		}
		if acc == nil {
			v(RuleUnknownAccount)
			continue
		}
		acc, credits := bruteHold(l, acc)
		s := paceline.Schedule{Location: acc.Location, Hours: acc.Hours, Days: acc.Days}
		if !s.Contains(a.At) {
			v(RuleWorkingHours)
		}
		prev := -1
		for j := range l.Actions {
			if j != i && l.Actions[j].Account == a.Account && before(j, i) && (prev < 0 || before(prev, j)) {
				prev = j
			}
		}
		if prev >= 0 && a.At.Sub(l.Actions[prev].At) < acc.MinGap {
			v(RuleMinGap)
		}
		if a.Result != paceline.ResultDone {
			continue
		}
		count := func(span time.Duration, match func(b *paceline.Action) bool) int {
			n := 0
			for j := range l.Actions {
				b := &l.Actions[j]
				if b.Account == a.Account && b.Result == paceline.ResultDone && (j == i || before(j, i)) &&
					b.At.After(a.At.Add(-span)) && match(b) {
					n++
				}
			}
			return n
		}
		sameKind := func(b *paceline.Action) bool { return b.Kind == a.Kind }
		if c, ok := acc.WeeklyCaps[a.Kind]; ok && count(7*24*time.Hour, sameKind) > c {
			v(RuleWeeklyCap)
		}
		if c, ok := acc.DailyCaps[a.Kind]; ok && count(24*time.Hour, sameKind) > c {
			v(RuleDailyCap)
		}
		if a.Kind == paceline.KindInvite && a.WithNote && acc.NoteQuotaMonthly >= 0 {
			y, m, _ := a.At.In(acc.Location).Date()
			n := count(1<<62, func(b *paceline.Action) bool {
				by, bm, _ := b.At.In(acc.Location).Date()
				return b.Kind == paceline.KindInvite && b.WithNote && by == y && bm == m
			})
			if n > acc.NoteQuotaMonthly {
				v(RuleNoteQuota)
			}
		}
		if a.Kind == paceline.KindInMail && credits != nil {
			var inmails []int // the account's done InMails up to this one, in history order
			for j := range l.Actions {
				b := &l.Actions[j]
				if b.Account == a.Account && b.Kind == paceline.KindInMail && b.Result == paceline.ResultDone && (j == i || before(j, i)) {
					inmails = append(inmails, j)
				}
			}
			slices.SortFunc(inmails, func(x, y int) int {
				if before(x, y) {
					return -1
				}
				return 1
			})
			monthOf := func(j int) int {
				y, m, _ := l.Actions[j].At.In(acc.Location).Date()
				return y*12 + int(m) - 1
			}
			balance, month, ok := max(credits.RolloverCap, 0), monthOf(inmails[0]), false
			for _, j := range inmails {
				if m := monthOf(j); m > month {
					balance = min(balance+(m-month)*max(credits.Monthly, 0), max(credits.RolloverCap, 0))
					month = m
				}
				if ok = balance > 0; ok {
					balance--
				}
			}
			if !ok {
				v(RuleInMailCredits)
			}
		}
	}
	return out
}

// bruteHold is acc as a ledger that holds it to LinkedIn's limits wants it checked,
// and its InMail credits (nil: unchecked), stated from Ledger's documentation.
func bruteHold(l *Ledger, acc *Account) (*Account, *Credits) {
	given, hasGiven := l.InMail[acc.Name]
	lim, ok := LinkedIn(acc.Type)
	if !l.HoldToLinkedIn || !ok {
		if hasGiven && given.Monthly >= 0 && given.RolloverCap >= 0 {
			return acc, &given
		}
		return acc, nil
	}
	cp := *acc
	cp.WeeklyCaps = maps.Clone(acc.WeeklyCaps)
	for k, n := range lim.Weekly {
		if c, ok := cp.WeeklyCaps[k]; !ok || c > n {
			cp.WeeklyCaps[k] = n
		}
	}
	if q := lim.NoteQuotaMonthly; q >= 0 && (cp.NoteQuotaMonthly < 0 || cp.NoteQuotaMonthly > q) {
		cp.NoteQuotaMonthly = q
	}
	c := lim.InMail
	if hasGiven && given.Monthly >= 0 && given.Monthly <= c.Monthly {
		c.Monthly = given.Monthly
	}
	if hasGiven && given.RolloverCap >= 0 && given.RolloverCap <= c.RolloverCap {
		c.RolloverCap = given.RolloverCap
	}
	return &cp, &c
}
