package lead

import (
	"fmt"
	"time"
)

// A row is suppressed when one of its keys is on the suppression list, but the row
// may carry another key the list does not have: `leads optout in:ghost`, then a list
// with in:ghost and g@x.com on one row and g@x.com alone on the next. The row says
// that address is the suppressed person's, and skipping only that row would let the
// next one make the person a contactable lead under their email. So the row's other
// keys go on the suppression list too, hashed, in the import's transaction, and a
// lead holding one of them is opted out as leads optout does (Suppressor); a later
// row of the file holding one is suppressed in turn. An email that belongs to another
// LinkedIn profile (identity.go) is not the suppressed person's and is left alone.

// suppress counts a suppressed row and, for a row saying the person opted out or one
// tying new keys to a suppressed person, puts its keys on the suppression list.
func (p *pipeline) suppress(it *importItem) error {
	r := p.rep
	r.Suppressed++
	if !it.optedOut && !it.spread {
		return nil
	}
	at := it.optedAt
	if !it.optedOut {
		at = time.Time{} // the import's time
		apart, err := p.keepEmailApart(it)
		if err != nil {
			return err
		}
		if apart {
			p.warnSuppressed(it)
		}
		if !p.barsNew(it.keys) {
			return nil // an earlier row of the file spread these keys already
		}
	}
	from := linkedInOfKeys(it.keys)
	p.bar(it.keys, from)
	s, ok := p.sink.(Suppressor)
	if !ok {
		return nil
	}
	reason, heldFrom := "", linkedIn{} // an opt-out, which no row is told apart from
	if !it.optedOut {
		reason, heldFrom = spreadReason(from), from
	}
	held, err := s.OptOut(it.keys, at, reason)
	if err != nil {
		return fmt.Errorf("import line %d: opt out: %w", it.line, err)
	}
	// The leads OptOut marked hold keys the row does not: a later row with one of
	// them is the person who opted out as much as a row with the row's keys. The
	// store put them on the list with reason, and they bar later rows as the list
	// will in the next import.
	p.bar(held, heldFrom)
	if it.optedOut {
		r.OptedOut++
	}
	return nil
}

// bar adds the keys to barred, from the person with LinkedIn identity from; a key
// barred already keeps the identity it had.
func (p *pipeline) bar(keys []Key, from linkedIn) {
	for _, k := range keys {
		if p.barred == nil {
			p.barred = map[Key]linkedIn{}
		}
		if _, ok := p.barred[k]; !ok {
			p.barred[k] = from
		}
	}
}

// warnSuppressed lists the warning of a suppressed row whose email was kept apart,
// and only that one: the row's other warnings are about values nobody imports.
func (p *pipeline) warnSuppressed(it *importItem) {
	last := it.warnings[len(it.warnings)-1:]
	p.warn(&importItem{warnings: last})
}

// barsNew reports whether a key is not on barred yet.
func (p *pipeline) barsNew(keys []Key) bool {
	for _, k := range keys {
		if _, ok := p.barred[k]; !ok {
			return true
		}
	}
	return false
}

// isBarred reports whether a key was put on the suppression list by an earlier row.
func (p *pipeline) isBarred(keys []Key) bool {
	for _, k := range keys {
		if _, ok := p.barred[k]; ok {
			return true
		}
	}
	return false
}

// leaveBarredEmail takes the email off a row barred only by an email an earlier row of
// the file spread from another LinkedIn profile than the row's, with a warning, and
// reports whether it did: the row is then imported without it (spread_reason.go).
func (p *pipeline) leaveBarredEmail(it *importItem) bool {
	row := linkedInOfKeys(it.keys)
	email := -1
	for i, k := range it.keys {
		from, ok := p.barred[k]
		if !ok {
			continue
		}
		if k.Type != KeyEmail || email >= 0 || !twoPeople(from, row) {
			return false // a second barred address: the row stays barred
		}
		email = i
	}
	if email < 0 {
		return false
	}
	e := it.keys[email].Value
	p.dropEmail(it, email, spreadWarning(it.line, p.emailColumnOf(it, e), e, row))
	return true
}
