package api

import (
	"context"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// CheckStepKinds checks every action step of a sequence against the accounts named, as
// the Pacer will (limits.Config.CanDo): a mailbox only sends email, a LinkedIn account
// only when it has a mailbox of its own (paceline.Account.Mailbox), an InMail needs InMail credits and an Open Profile message a type that has
// them. A LinkedIn step that none of the accounts can carry out is refused: every lead
// would skip it. An email step none can send is a warning (the built-in sequence ends
// with one, which a LinkedIn-only campaign skips by design), and so is a step only some
// accounts can carry out: the engine skips it for the leads assigned to the others
// (ReasonNotAvailable). When the store keeps mailbox settings (paceline.MailboxStore),
// an account that would send the email steps but whose mailbox cannot send yet is a
// warning too (unreadyMailboxes). Problems and warnings are sequence.ValidationErrors, each with
// the step's line and id, its kind and the accounts. An account that does not exist is
// left to the campaign store to refuse (ENOTFOUND).
func CheckStepKinds(ctx context.Context, seq *sequence.Sequence, accounts paceline.AccountStore, names []string) (warnings sequence.ValidationErrors, err error) {
	if accounts == nil || seq == nil {
		return nil, nil
	}
	type known struct {
		a   *paceline.Account
		cfg limits.Config
	}
	var all []known
	for _, name := range names {
		a, err := accounts.Account(ctx, name)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read account %s for the steps it can carry out: %w", name, err)
		}
		cfg, err := limits.ConfigFor(a)
		if err != nil {
			// A stored account whose settings no longer check still has its type's kinds.
			if cfg, err = limits.NewConfig(a.Type, nil); err != nil {
				return nil, fmt.Errorf("account %s: %w", name, err)
			}
		}
		all = append(all, known{a, cfg})
	}
	if len(all) == 0 {
		return nil, nil
	}
	var problems sequence.ValidationErrors
	for i := range seq.Steps {
		st := &seq.Steps[i]
		if !st.Kind.Valid() {
			continue // a wait
		}
		var can, cannot []string
		var why []string
		for _, k := range all {
			if k.cfg.CanDo(st.Kind) {
				can = append(can, k.a.Name)
				continue
			}
			cannot = append(cannot, k.a.Name)
			why = append(why, cannotSay(k.a, st.Kind))
		}
		if len(cannot) == 0 {
			continue
		}
		e := &sequence.ValidationError{Line: st.Line, Step: st.ID}
		switch {
		case len(can) == 0 && st.Kind == paceline.KindEmail:
			e.Message = fmt.Sprintf("no account of this campaign can send this email step (%s): every lead skips it; %s",
				strings.Join(why, "; "), mailboxFix)
			warnings = append(warnings, e)
		case len(can) == 0:
			e.Message = fmt.Sprintf("no account of this campaign can carry out this %s step (%s): every lead would skip it; %s, or take the step out of the sequence",
				st.Kind, strings.Join(why, "; "), kindNeeds(st.Kind))
			problems = append(problems, e)
		default:
			e.Message = fmt.Sprintf("%s cannot carry out this %s step (%s): the leads assigned to %s skip it and go on to the next step; only those of %s get it",
				accountsNamed(cannot), st.Kind, strings.Join(why, "; "), itThem(len(cannot)), strings.Join(can, ", "))
			if st.Kind == paceline.KindEmail {
				e.Message += "; " + mailboxFix
			}
			warnings = append(warnings, e)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	unready, err := CheckMailboxes(ctx, seq, accounts, names)
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, unready...)
	return warnings, nil
}

// CheckMailboxes warns of each account named that would send the sequence's email
// steps but whose mailbox cannot send yet (unreadyMailboxes), when the store keeps
// mailbox settings (paceline.MailboxStore); nil otherwise. CheckStepKinds includes
// these warnings; campaigns start, which makes no other check, gives them alone.
func CheckMailboxes(ctx context.Context, seq *sequence.Sequence, accounts paceline.AccountStore, names []string) (sequence.ValidationErrors, error) {
	ms, ok := accounts.(paceline.MailboxStore)
	if !ok || seq == nil {
		return nil, nil
	}
	var senders []*paceline.Account
	for _, name := range names {
		a, err := accounts.Account(ctx, name)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read account %s to check its mailbox: %w", name, err)
		}
		cfg, err := limits.ConfigFor(a)
		if err != nil {
			continue // CheckStepKinds says what it can do
		}
		if cfg.CanDo(paceline.KindEmail) && (a.Executor == paceline.ExecutorEmail || a.Mailbox) {
			senders = append(senders, a)
		}
	}
	return unreadyMailboxes(ctx, seq, ms, senders)
}

// unreadyMailboxes warns, on the sequence's first email step, of each account of
// senders whose stored mailbox settings cannot send: without a postal footer address
// or a public URL (the base of the unsubscribe links) the mailbox refuses every email,
// and each lead that reaches the step fails it until the runtime stops the lead
// ("failed"). The settings say so without logging in to a server; an unreachable
// server is only found by serve.
func unreadyMailboxes(ctx context.Context, seq *sequence.Sequence, ms paceline.MailboxStore, senders []*paceline.Account) (sequence.ValidationErrors, error) {
	var first *sequence.Step
	for i := range seq.Steps {
		if seq.Steps[i].Kind == paceline.KindEmail {
			first = &seq.Steps[i]
			break
		}
	}
	if first == nil {
		return nil, nil
	}
	var out sequence.ValidationErrors
	for _, a := range senders {
		m, err := ms.Mailbox(ctx, a.Name)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			// Stored without settings (only tests do): accounts show says so.
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read the mailbox of %s to check it can send: %w", a.Name, err)
		}
		missing := MailboxGaps(m)
		if len(missing) == 0 {
			continue
		}
		out = append(out, &sequence.ValidationError{Line: first.Line, Step: first.ID, Message: fmt.Sprintf(
			"the mailbox of account %s cannot send yet: %s; every lead of %s that reaches an email step fails it and is stopped (campaigns status counts it under \"stopped: step failed\"); %s",
			a.Name, strings.Join(missing, ", "), a.Name, mailboxGapFix(a.Name, missing))})
	}
	return out, nil
}

// MailboxGaps lists what stored mailbox settings lack before the mailbox may send:
// the postal footer address (CAN-SPAM) and the public URL the unsubscribe links are
// made from. Empty when it may send.
func MailboxGaps(m *paceline.MailboxSettings) []string {
	var gaps []string
	if strings.TrimSpace(m.FooterAddress) == "" {
		gaps = append(gaps, "no postal footer address (--footer-address)")
	}
	if strings.TrimSpace(m.PublicURL) == "" {
		gaps = append(gaps, "no public URL for its unsubscribe links (--public-url)")
	}
	return gaps
}

// mailboxGapFix says how to give account name what MailboxGaps found missing.
func mailboxGapFix(name string, gaps []string) string {
	var flags []string
	for _, g := range gaps {
		if strings.Contains(g, "--footer-address") {
			flags = append(flags, "--footer-address 'STREET, CITY'")
		} else {
			flags = append(flags, "--public-url https://HOST")
		}
	}
	return fmt.Sprintf("give %s with paceline accounts update %s %s", itThem(len(flags)), name, strings.Join(flags, " "))
}

// mailboxFix says how a LinkedIn account comes to send its leads' email steps.
const mailboxFix = "to send it, give each LinkedIn account a mailbox of its own (paceline accounts update NAME --from ADDRESS --smtp URL --imap URL), so its leads get the email from the sender of their LinkedIn steps"

// cannotSay says why account a cannot carry out kind k, as limits.Config.CanDo decided.
func cannotSay(a *paceline.Account, k paceline.ActionKind) string {
	switch {
	case a.Type == paceline.TypeEmail:
		return fmt.Sprintf("%s is a mailbox: it sends email steps only", a.Name)
	case k == paceline.KindEmail:
		return fmt.Sprintf("%s is a LinkedIn account (%s) without a mailbox of its own", a.Name, a.Type)
	case k == paceline.KindInMail:
		return fmt.Sprintf("%s (%s) has no InMail credits", a.Name, a.Type)
	case k == paceline.KindOpenProfileMessage:
		return fmt.Sprintf("%s (%s) cannot message Open Profile members", a.Name, a.Type)
	}
	return fmt.Sprintf("%s (%s) does not do %s", a.Name, a.Type, k)
}

// kindNeeds says what kind of account carries out kind k.
func kindNeeds(k paceline.ActionKind) string {
	switch k {
	case paceline.KindInMail:
		return "add an account with InMail credits (premium-career, premium-business, sales-navigator or recruiter-lite, or one given --cap inmail_monthly=N)"
	case paceline.KindOpenProfileMessage:
		return "add a Premium, Sales Navigator or Recruiter Lite account"
	}
	return "add a LinkedIn account (paceline accounts add --type TYPE)"
}

// accountsNamed is "account a" or "accounts a, b".
func accountsNamed(names []string) string {
	if len(names) == 1 {
		return "account " + names[0]
	}
	return "accounts " + strings.Join(names, ", ")
}

// itThem is "it" for one, "them" for more.
func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
