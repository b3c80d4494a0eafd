package leadrow

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Enrich fills the empty enrichable fields of the stored lead cur from l (FillEmpty)
// and, when that changed anything, rescores cur (rescore may be nil). newEmail reports
// that cur got its first email, whose key the store then adds (see EmailKey).
func Enrich(cur, l *paceline.Lead, rescore func(*paceline.Lead)) (changed, newEmail bool) {
	newEmail = cur.Email == "" && l.Email != ""
	if !FillEmpty(cur, l) {
		return false, false
	}
	if rescore != nil {
		rescore(cur)
	}
	return true, newEmail
}

// EmailKey is the lead_keys key of addr, a new email of lead id. Errors: EINVALID,
// naming the lead, for an address that is not one.
func EmailKey(id int64, addr string) (lead.Key, error) {
	e, err := lead.CanonicalEmail(addr)
	if err != nil {
		return lead.Key{}, paceline.FieldErrorf("email", "lead %d: %s", id, paceline.ErrorMessage(err))
	}
	return lead.Key{Type: lead.KeyEmail, Value: e}, nil
}

// EmailOfAnother is the error for a new email that is already another lead's key.
func EmailOfAnother(k lead.Key, owner int64) error {
	return paceline.Errorf(paceline.ECONFLICT, "%s is already the email of lead %d: merge the two leads instead", k.Value, owner)
}

// EmailSuppressed is the error for a new email on the suppression list.
func EmailSuppressed(k lead.Key) error {
	return paceline.Errorf(paceline.ECONFLICT, "%s is on the suppression list (opted out or erased): it may not be stored again", k.Value)
}
