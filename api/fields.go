package api

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// LeadWalkFunc calls yield with each lead of a store or a file until yield returns an
// error, and returns that error.
type LeadWalkFunc func(yield func(l *paceline.Lead) error) error

// errSeenAll stops a walk once every custom field a sequence uses has been seen.
var errSeenAll = errors.New("every custom field seen")

// CheckSequenceFields refuses a sequence whose templates use a field that is neither
// built in (sequence.BuiltInFields) nor a custom field (an imported column) that some
// lead of walk carries, so that a misspelt {{first_nme}} is refused when a campaign is
// created rather than held, or sent as its default, at every lead. It walks the leads
// only when the sequence uses a field that is not built in, and stops as soon as it
// has seen every such field; a nil walk knows no custom field. It also refuses an if:
// comparing the score so that it holds for every score or none (score >= 500,
// sequence.Options.CheckScores), which Parse lets through for stored campaigns. The problems are
// sequence.ValidationErrors (EINVALID), each with its line and a suggestion.
func CheckSequenceFields(seq *sequence.Sequence, walk LeadWalkFunc) error {
	want := seq.CustomFields()
	seen := map[string]bool{}
	if len(want) > 0 && walk != nil {
		missing := len(want)
		err := walk(func(l *paceline.Lead) error {
			for k := range l.Custom {
				if !seen[k] {
					seen[k] = true
					if slices.Contains(want, k) {
						missing--
					}
				}
			}
			if missing == 0 {
				return errSeenAll
			}
			return nil
		})
		if err != nil && !errors.Is(err, errSeenAll) {
			return fmt.Errorf("read the custom fields of the stored leads: %w", err)
		}
	}
	return sequence.Validate(seq, sequence.Options{CheckFields: true, CustomFields: slices.Sorted(maps.Keys(seen)), CheckScores: true})
}

// LeadFieldStore answers in the database which custom fields the stored leads carry,
// opted-out leads included, so that checking a sequence's fields reads no lead:
// package sqlite's and package postgres' Store.
type LeadFieldStore interface {
	// CustomFieldsCarried returns those of names that some lead carries, in the
	// order of names.
	CustomFieldsCarried(ctx context.Context, names []string) ([]string, error)
	// CustomFieldNames returns every custom field name some lead carries.
	CustomFieldNames(ctx context.Context) ([]string, error)
}

// CheckStoredFields is CheckSequenceFields against the leads of st: campaign creation's
// check, as POST /api/v1/sequences/validate and the dashboard's editor make it. When st
// is a LeadFieldStore the database says which custom fields the leads carry, in one
// query; only when one is carried by no lead is it asked for every name, to suggest
// the one meant. A store that cannot answer is walked a page at a time (StoredLeads);
// nil st has no leads.
func CheckStoredFields(ctx context.Context, seq *sequence.Sequence, st paceline.LeadStore) error {
	fs, ok := st.(LeadFieldStore)
	if !ok {
		return CheckSequenceFields(seq, StoredLeads(ctx, st))
	}
	var known []string
	if want := seq.CustomFields(); len(want) > 0 {
		var err error
		if known, err = fs.CustomFieldsCarried(ctx, want); err != nil {
			return fmt.Errorf("read the custom fields of the stored leads: %w", err)
		}
		if len(known) < len(want) {
			if known, err = fs.CustomFieldNames(ctx); err != nil {
				return fmt.Errorf("read the custom fields of the stored leads: %w", err)
			}
		}
	}
	return sequence.Validate(seq, sequence.Options{CheckFields: true, CustomFields: known, CheckScores: true})
}

// leadPage is how many leads StoredLeads reads at a time.
const leadPage = 500

// StoredLeads walks every lead of st, opted-out ones included (their columns are
// still the user's data), a page at a time; nil st has none.
func StoredLeads(ctx context.Context, st paceline.LeadStore) LeadWalkFunc {
	if st == nil {
		return nil
	}
	return func(yield func(l *paceline.Lead) error) error {
		f := paceline.LeadFilter{Limit: leadPage, WithOptedOut: true}
		for {
			page, err := st.ListLeads(ctx, f)
			if err != nil {
				return err
			}
			for _, l := range page {
				if err := yield(l); err != nil {
					return err
				}
			}
			if len(page) < leadPage {
				return nil
			}
			f.After = page[len(page)-1].ID
		}
	}
}
