package api

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// stepFate is what the engine does with one step of a sequence for one lead sent from
// one account, as far as a preview can know it.
type stepFate struct {
	// skipped says why the step is skipped for the lead ("" when it is carried out).
	skipped string
	// when is the condition the step is carried out under that only the campaign's
	// course decides (an if: on connected).
	when string
}

// walkSequence follows seq for lead l as the engine would, from the first step: an if:
// that does not hold for the lead skips its step (to its else:), a step that cannot
// reach the lead (engine.Unreachable) or that acct cannot carry out
// (limits.Config.CanDo; acct nil when no account is known) is skipped, and a step
// that goes by no path is never reached. Whether the account is connected to the lead
// by then is not known: both ways are followed, as are a wait_for's event and its
// timeout. It returns each step's fate, in the order of seq.Steps.
func walkSequence(seq *sequence.Sequence, l *paceline.Lead, acct *paceline.Account) []stepFate {
	fates := make([]stepFate, len(seq.Steps))
	if len(seq.Steps) == 0 {
		return fates
	}
	cannot := accountCannot(acct)
	reached := make([]bool, len(seq.Steps))
	queue := []int{0}
	reached[0] = true
	visit := func(i int) {
		if i >= 0 && !reached[i] {
			reached[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		st, f := &seq.Steps[i], &fates[i]
		if st.If != nil {
			apart, along := st.If.Eval(engine.IfFacts(l, false)), st.If.Eval(engine.IfFacts(l, true))
			switch {
			case !apart && !along:
				f.skipped = fmt.Sprintf("if: %s does not hold for this lead (%s); %s", st.If, factsSaid(st.If, engine.IfFacts(l, false)), goesTo(seq, seq.Skip(i)))
				visit(seq.Skip(i))
				continue
			case apart != along:
				f.when = "only if the account is not connected to the lead yet when the step is due"
				if along {
					f.when = "only if the lead has accepted an invite (is connected) by the time the step is due"
				}
				f.when += fmt.Sprintf(" (if: %s); otherwise skipped: %s", st.If, goesTo(seq, seq.Skip(i)))
				visit(seq.Skip(i))
			}
		}
		if st.Kind.Valid() {
			why := engine.Unreachable(st.Kind, l)
			if why == "" {
				why = cannot(st.Kind)
			}
			if why != "" {
				f.skipped = why + "; step skipped: " + goesTo(seq, seq.Next(i))
				visit(seq.Next(i))
				continue
			}
		}
		visit(seq.Next(i))
		if st.WaitFor != nil {
			visit(seq.Timeout(i))
		}
	}
	for i := range fates {
		if !reached[i] {
			fates[i].skipped = "this lead never comes to this step: the if:, else:, next: and on_timeout: of the steps before it lead past it"
		}
	}
	return fates
}

// accountCannot returns what says why acct cannot carry out a kind of step at all
// (limits.Config.CanDo, the engine's ReasonNotAvailable), "" when it can; with no
// account known, every kind can be.
func accountCannot(acct *paceline.Account) func(paceline.ActionKind) string {
	if acct == nil {
		return func(paceline.ActionKind) string { return "" }
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		// A stored account whose settings no longer check still has its type's kinds.
		if cfg, err = limits.NewConfig(acct.Type, nil); err != nil {
			return func(paceline.ActionKind) string { return "" }
		}
	}
	return func(k paceline.ActionKind) string {
		switch {
		case cfg.CanDo(k):
			return ""
		case acct.Name != "":
			return cannotSay(acct, k)
		}
		return typeCannotSay(acct.Type, k)
	}
}

// typeCannotSay is cannotSay for an account known only by its type t (the CLI's
// --type without a stored account).
func typeCannotSay(t paceline.AccountType, k paceline.ActionKind) string {
	switch {
	case t == paceline.TypeEmail:
		return "a mailbox sends email steps only"
	case k == paceline.KindEmail:
		return fmt.Sprintf("a %s account without a mailbox sends no email", t)
	case k == paceline.KindInMail:
		return fmt.Sprintf("a %s account has no InMail credits", t)
	case k == paceline.KindOpenProfileMessage:
		return fmt.Sprintf("a %s account cannot message Open Profile members", t)
	}
	return fmt.Sprintf("a %s account does not do %s", t, k)
}

// goesTo says where a lead goes from a skipped step: step j, or the end (j < 0).
func goesTo(seq *sequence.Sequence, j int) string {
	if j < 0 {
		return "the sequence ends there for the lead"
	}
	return "the lead goes on to step " + seq.Steps[j].ID
}

// factsSaid says the facts of f that condition c tests, as "score 42, no email
// address".
func factsSaid(c *sequence.Condition, f sequence.Facts) string {
	words := strings.FieldsFunc(c.String(), func(r rune) bool {
		return !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	})
	var out []string
	said := map[string]bool{}
	for _, w := range words {
		if said[w] {
			continue
		}
		said[w] = true
		switch w {
		case "score":
			out = append(out, fmt.Sprintf("score %d", f.Score))
		case "has_email":
			out = append(out, yesNo(f.HasEmail, "an email address", "no email address"))
		case "open_profile":
			out = append(out, yesNo(f.OpenProfile, "an Open Profile", "no Open Profile"))
		case "premium":
			out = append(out, yesNo(f.Premium, "Premium", "not Premium"))
		}
	}
	if len(out) == 0 {
		return "whether or not connected"
	}
	return strings.Join(out, ", ")
}

// yesNo is yes when b holds, else no.
func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
