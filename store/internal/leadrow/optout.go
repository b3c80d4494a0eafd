package leadrow

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// OptOuter is what OptOutByRef needs of a store: both stores are one.
type OptOuter interface {
	FindLeadID(ctx context.Context, k lead.Key) (int64, error)
	OptOutLead(ctx context.Context, id int64, reason string) error
	SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error
}

// OptOutByRef carries out an opted_out event about the person the runtime reference
// names (a slug, sales:ID or email:ADDRESS; lead.ParseRef reads it): a stored lead is
// opted out and the hashes of all its keys go on the suppression list; a person not
// stored (never imported, or erased) has the key itself suppressed, so that no later
// list brings them in. A reference that is no key (an erased lead's alias is a slug no
// one has) suppresses only that. Opting out again changes nothing.
func OptOutByRef(ctx context.Context, st OptOuter, ref, reason string) error {
	k, err := lead.ParseRef(ref)
	if err != nil {
		return nil // names no one: there is no key to suppress
	}
	id, err := st.FindLeadID(ctx, k)
	switch {
	case paceline.ErrorCode(err) == paceline.ENOTFOUND:
		return st.SuppressKeys(ctx, []lead.Key{k}, reason)
	case err != nil:
		return err
	}
	return st.OptOutLead(ctx, id, reason)
}

// OptOutReason is the suppression reason of an opted_out event with the key.
func OptOutReason(e *paceline.Event) string {
	if e.Key == "" {
		return "opted_out event"
	}
	return "opted_out event " + e.Key
}
