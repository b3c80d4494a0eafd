package api

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// LeadRefFinder tells whether the runtime knows a person by one of refs: an
// enrollment (running or ended), a ledger action or an event names them, as package
// sqlite's and package postgres' Store do (LeadRefKnown). A Deps.Events that
// implements it makes POST /api/v1/events refuse a lead nobody knows; one that does
// not takes every lead, as it cannot tell.
type LeadRefFinder interface {
	LeadRefKnown(ctx context.Context, refs []string) (bool, error)
}

// eventLead turns the lead an event report names (a profile URL, an address, a key
// such as in:john-doe, a bare slug) into the reference the runtime keeps for it, so
// that the event reaches the person's enrollment however the sender named them: a
// reply reported by address stops a lead enrolled by profile. Without a lead store
// the key's own reference is used. A lead that neither the leads (by any of their
// keys) nor the runtime's records (LeadRefFinder) know is refused with ENOTFOUND: the
// event would be stored, stop no sequence and say nothing of the typo.
func (a *API) eventLead(ctx context.Context, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	k, err := lead.ParseRef(s)
	if err != nil {
		if paceline.ErrorCode(err) == paceline.EINVALID {
			return "", paceline.FieldErrorf("lead", "%s; name the lead by its profile URL, its email address or a key such as in:john-doe", paceline.ErrorMessage(err))
		}
		return "", err
	}
	if a.deps.Leads != nil {
		l, err := a.deps.Leads.LeadByKey(ctx, k.Type.String(), k.Value)
		switch {
		case err == nil:
			return l.RuntimeRef(), nil
		case paceline.ErrorCode(err) != paceline.ENOTFOUND:
			return "", err
		}
	}
	ref := k.RuntimeRef()
	finder, ok := a.deps.Events.(LeadRefFinder)
	if !ok {
		return ref, nil
	}
	// The references the runtime may have written the person by (cmd/paceline's
	// namedIn reads the same two).
	refs := []string{ref}
	if k.Type == lead.KeyProfile {
		refs = append(refs, "in:"+k.Value)
	}
	known, err := finder.LeadRefKnown(ctx, refs)
	if err != nil {
		return "", err
	}
	if !known {
		return "", &paceline.Error{Code: paceline.ENOTFOUND, Field: "lead", Message: "no lead has the key " + k.String() +
			" and no enrollment, action or event names it, so the event would stop no sequence: send a key of a lead paceline holds (its profile URL, its email address or a key such as in:john-doe; GET /api/v1/leads?list=LIST lists them), or import the lead first"}
	}
	return ref, nil
}
