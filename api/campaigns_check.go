package api

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// SequenceCheck is every check a campaign's sequence gets before the campaign is
// stored, with every problem found, so that a user fixes a file in one pass rather
// than in one round per check.
type SequenceCheck struct {
	// Seq is the decoded sequence; nil when its YAML could not be read.
	Seq *sequence.Sequence
	// Problems refuse the sequence, each with its line and step, in line order: the
	// YAML's (only these when it cannot be read), then together the sequence's rules,
	// the notes against the smallest note limit of the accounts (CheckNotes), the steps
	// none of the accounts can carry out (CheckStepKinds), the template fields no
	// lead has and the if: scores that hold for every score or none (CheckStoredFields).
	Problems sequence.ValidationErrors
	// Warnings, given only when there is no problem, say what may keep the sequence
	// from doing what its author meant (CheckNotes' and CheckStepKinds').
	Warnings sequence.ValidationErrors
}

// CheckCampaignSequence decodes src and makes campaign creation's checks of it against
// the accounts named and the stored leads, as POST /api/v1/campaigns and paceline
// campaigns create make them. With no account named the notes are checked against
// LinkedIn's own limit and no step against a kind, as POST /api/v1/sequences/validate
// checks them. Errors only when the accounts or the leads cannot be read; a bad
// sequence is Problems.
func CheckCampaignSequence(ctx context.Context, src []byte, accounts paceline.AccountStore, leads paceline.LeadStore, names []string) (SequenceCheck, error) {
	seq, err := sequence.Decode(src)
	var verrs sequence.ValidationErrors
	switch {
	case errors.As(err, &verrs):
		return SequenceCheck{Problems: verrs}, nil
	case err != nil:
		return SequenceCheck{Problems: sequence.ValidationErrors{{Message: err.Error()}}}, nil
	}
	out := SequenceCheck{Seq: seq}
	// Each check below may be refused on its own; all are made, and a problem two of
	// them find (a rule both validations check) is reported once.
	seen := map[sequence.ValidationError]bool{}
	add := func(err error) error {
		if !errors.As(err, &verrs) {
			return err
		}
		for _, e := range verrs {
			if !seen[*e] {
				seen[*e] = true
				out.Problems = append(out.Problems, e)
			}
		}
		return nil
	}
	// With no account named, CheckNotes checks LinkedIn's own note limit, as Parse.
	noteWarnings, err := CheckNotes(ctx, seq, accounts, names)
	if err := add(err); err != nil {
		return SequenceCheck{}, err
	}
	kindWarnings, err := CheckStepKinds(ctx, seq, accounts, names)
	if err := add(err); err != nil {
		return SequenceCheck{}, err
	}
	if err := add(CheckStoredFields(ctx, seq, leads)); err != nil {
		return SequenceCheck{}, err
	}
	if len(out.Problems) > 0 {
		slices.SortStableFunc(out.Problems, func(a, b *sequence.ValidationError) int { return a.Line - b.Line })
		return out, nil
	}
	out.Warnings = append(noteWarnings, kindWarnings...)
	return out, nil
}

// Error is the problems as one error (EINVALID) naming the sequence, or nil.
func (c SequenceCheck) Error(name string) error {
	if len(c.Problems) == 0 {
		return nil
	}
	return fmt.Errorf("sequence %s: %w", name, c.Problems)
}
