package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/sequence"
)

// previewSender is the account personalize preview renders as: its first name signs
// the texts ({{sender_first_name}}) and its note limit checks the notes, as when it
// sends. Account is "" when the database has none.
type previewSender struct {
	Account      string `json:"account,omitempty"`
	Type         string `json:"type"`
	Name         string `json:"name,omitempty"`
	NoteMaxChars int    `json:"note_max_chars"`
	// Why says how the account was chosen, or that --type gave the limit.
	Why string `json:"why"`
}

// senderAccounts is what choosing the sender reads of the database.
type senderAccounts interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	Accounts(ctx context.Context) ([]*paceline.Account, error)
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
}

// pickSender returns the account that would send: the one --account names, else the
// first of --campaign's accounts, else the first stored account, saying which in Why,
// with the account whose abilities decide which steps it skips (nil when none is
// known). typ, when --type was given, sets the note limit and the abilities instead of
// the account's. Errors: ENOTFOUND (as a flag error) for an account or a campaign that
// does not exist.
func pickSender(ctx context.Context, st senderAccounts, account, campaign string, typ paceline.AccountType) (previewSender, *paceline.Account, error) {
	s, acct, err := chooseSender(ctx, st, account, campaign, typ)
	if err != nil || typ == "" {
		return s, acct, err
	}
	// The account as if it were of --type: its own settings may not fit that type, so
	// only the type is kept.
	as := &paceline.Account{Type: typ}
	if acct != nil {
		as.Name = acct.Name
	}
	return s, as, nil
}

// chooseSender is pickSender but for the account --type makes of the sender.
func chooseSender(ctx context.Context, st senderAccounts, account, campaign string, typ paceline.AccountType) (previewSender, *paceline.Account, error) {
	var names []string
	var why string
	switch {
	case account != "":
		names, why = []string{account}, "--account"
	case campaign != "":
		c, err := st.Campaign(ctx, campaign)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			return previewSender{}, nil, paceline.FieldErrorf("campaign", "%q is not a campaign (paceline campaigns list names them)", campaign)
		} else if err != nil {
			return previewSender{}, nil, fmt.Errorf("campaign %s: %w", campaign, err)
		}
		names, why = c.Accounts, "campaign "+campaign+"'s account"
		if len(names) > 1 {
			why = fmt.Sprintf("the first of campaign %s's accounts (%s), any of which may send; --account previews another", campaign, strings.Join(names, ", "))
		}
	default:
		all, err := st.Accounts(ctx)
		if err != nil {
			return previewSender{}, nil, fmt.Errorf("accounts: %w", err)
		}
		for _, a := range all {
			names = append(names, a.Name)
		}
		why = "the only account"
		if len(names) > 1 {
			why = fmt.Sprintf("the first of %d accounts; --account or --campaign previews the one that sends", len(names))
		}
	}
	var s previewSender
	var acct *paceline.Account
	if len(names) > 0 {
		var err error
		acct, err = st.Account(ctx, names[0])
		if paceline.ErrorCode(err) == paceline.ENOTFOUND && account != "" {
			return previewSender{}, nil, paceline.FieldErrorf("account", "%q is not an account (paceline accounts list names them)", account)
		} else if err != nil {
			return previewSender{}, nil, fmt.Errorf("account %s: %w", names[0], err)
		}
		cfg, err := limits.ConfigFor(acct)
		if err != nil {
			// A stored account whose settings no longer check still has its type's limit.
			if cfg, err = limits.NewConfig(acct.Type, nil); err != nil {
				return previewSender{}, nil, fmt.Errorf("account %s: %w", acct.Name, err)
			}
		}
		s = previewSender{Account: acct.Name, Type: string(acct.Type), Name: acct.SenderName, NoteMaxChars: cfg.NoteMaxChars, Why: why}
	} else {
		s.Why = "no account: {{sender_first_name}} renders its default"
		if typ == "" {
			typ = paceline.TypeFree
		}
	}
	if typ != "" {
		preset, err := limits.PresetFor(typ)
		if err != nil {
			return previewSender{}, nil, err
		}
		s.Type, s.NoteMaxChars = string(typ), preset.NoteMaxChars
		if s.Account != "" {
			s.Why += "; notes checked against --type " + string(typ)
		}
	}
	if s.NoteMaxChars <= 0 || s.NoteMaxChars > sequence.MaxNoteChars {
		s.NoteMaxChars = sequence.MaxNoteChars
	}
	return s, acct, nil
}

// storedAI notes on texts the AI texts the database keeps for the lead in campaign:
// what goes, or waits for review, instead of the template. It returns whether it
// noted any text of step, so that the model is not asked again. Without a campaign it
// notes none: step ids repeat across sequences, and another campaign's text for a
// step of the same id is not what this sequence sends, so the model writes it.
func storedAI(ctx context.Context, st aiwrite.Store, l *paceline.Lead, campaign string, texts []previewText) (map[string]bool, error) {
	if campaign == "" {
		return map[string]bool{}, nil
	}
	entries, err := st.Entries(ctx, aiwrite.EntryFilter{})
	if err != nil {
		return nil, fmt.Errorf("read the stored AI texts: %w", err)
	}
	key, noted := engine.LeadKey(l), map[string]bool{}
	for _, e := range entries {
		if e.LeadKey != key || e.Campaign != campaign {
			continue
		}
		for i := range texts {
			p := &texts[i]
			if p.Step != e.StepID {
				continue
			}
			noted[p.Step] = true
			switch {
			case e.Text == "" && e.Fallback != nil:
				p.AINote = fmt.Sprintf("campaign %s: %s; the template is sent", e.Campaign, e.Fallback.Reason)
			case e.Status == aiwrite.StatusNeedsReview:
				p.AI, p.AINote = e.Text, fmt.Sprintf("campaign %s: waits for review; sent instead of the template once approved", e.Campaign)
			case e.Status == aiwrite.StatusRejected:
				p.AI, p.AINote = e.Text, fmt.Sprintf("campaign %s: rejected; the template is sent", e.Campaign)
			default:
				p.AI, p.AINote = e.Text, fmt.Sprintf("campaign %s: sent instead of the template (%s)", e.Campaign, e.Status)
			}
		}
	}
	return noted, nil
}
