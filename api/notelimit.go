package api

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// NoteLimit is the note limit of the sender, of those that will send a campaign's
// invites, with the smallest one: a note over it is never sent from that account.
type NoteLimit struct {
	Chars int
	// Sender names the account and its type, such as "account alice (free)".
	Sender string
}

// Options are the sequence.Options that check notes against the limit.
func (n NoteLimit) Options() sequence.Options {
	return sequence.Options{NoteMaxChars: n.Chars, NoteAccount: n.Sender}
}

// SmallestNoteLimit returns the smallest note limit of the named accounts, with its
// effective configuration (limits.ConfigFor: the type's preset and the account's own
// note_max_chars), never above sequence.MaxNoteChars. An account that does not exist
// is left to the campaign store to refuse (ENOTFOUND); with none known the limit is
// LinkedIn's own and Sender is "".
func SmallestNoteLimit(ctx context.Context, accounts paceline.AccountStore, names []string) (NoteLimit, error) {
	out := NoteLimit{Chars: sequence.MaxNoteChars}
	if accounts == nil {
		return out, nil
	}
	for _, name := range names {
		a, err := accounts.Account(ctx, name)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			continue
		} else if err != nil {
			return NoteLimit{}, fmt.Errorf("read account %s for its note limit: %w", name, err)
		}
		cfg, err := limits.ConfigFor(a)
		if err != nil {
			// A stored account whose settings no longer check still has its type's limit.
			if cfg, err = limits.NewConfig(a.Type, nil); err != nil {
				return NoteLimit{}, fmt.Errorf("account %s: %w", name, err)
			}
		}
		if n := cfg.NoteMaxChars; n > 0 && (n < out.Chars || out.Sender == "") && n <= out.Chars {
			out = NoteLimit{Chars: n, Sender: fmt.Sprintf("account %s (%s)", a.Name, a.Type)}
		}
	}
	return out, nil
}

// CheckNotes refuses a sequence whose invite notes, by their literal text, are over the
// smallest note limit of the accounts named (SmallestNoteLimit), and returns the
// sequence's warnings with notes checked against that limit (sequence.Warnings): notes
// whose fields may take them over it, if: connected steps reached after an invite no
// wait_for: accepted waits for, weeks counted in working time. The problems are
// sequence.ValidationErrors (EINVALID), each with its line and step.
func CheckNotes(ctx context.Context, seq *sequence.Sequence, accounts paceline.AccountStore, names []string) (warnings sequence.ValidationErrors, err error) {
	lim, err := SmallestNoteLimit(ctx, accounts, names)
	if err != nil {
		return nil, err
	}
	if err := sequence.Validate(seq, lim.Options()); err != nil {
		return nil, err
	}
	return sequence.Warnings(seq, lim.Options()), nil
}
