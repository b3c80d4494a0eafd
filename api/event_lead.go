package api

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// eventLead turns the lead an event report names (a profile URL, an address, a key
// such as in:john-doe, a bare slug) into the reference the runtime keeps for it
// (lead.ResolveRef), so that the event reaches the person's enrollment however the
// sender named them: a reply reported by address stops a lead enrolled by profile.
// Without a lead store the key's own reference is used.
func (a *API) eventLead(ctx context.Context, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	var ref string
	var err error
	if a.deps.Leads != nil {
		ref, err = lead.ResolveRef(ctx, a.deps.Leads, s)
	} else {
		var k lead.Key
		if k, err = lead.ParseRef(s); err == nil {
			ref = k.RuntimeRef()
		}
	}
	if paceline.ErrorCode(err) == paceline.EINVALID {
		return "", paceline.FieldErrorf("lead", "%s; name the lead by its profile URL, its email address or a key such as in:john-doe", paceline.ErrorMessage(err))
	}
	return ref, err
}
