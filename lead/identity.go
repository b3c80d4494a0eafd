package lead

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// An email address is a weaker key than a LinkedIn profile: a team shares info@, a
// vendor fills every locked address with one filler, a list pastes a colleague's
// address on the wrong row. Rows that share any key are one person, so without a check
// one such address would make every profile that carries it one lead, each row
// overwriting the last one's title, and erasing one of them would erase them all.
// Two LinkedIn profiles are certainly two people, though, so an email never joins
// them: the row keeps a lead of its own and the address stays with its first owner.
// (An /in/ profile and a Sales Navigator id may well be one person, and an email
// joining them is how a list proves it. So may an /in/ member id and a vanity slug,
// but an email joins them only when the names do not say they are two people.)

// linkedIn is who a lead or a row is on LinkedIn: its /in/ slug and its Sales
// Navigator id, either of which may be unknown.
type linkedIn struct{ profile, sales string }

func linkedInOf(l *paceline.Lead) linkedIn { return linkedIn{l.ProfileKey, l.SalesKey} }

func linkedInOfKeys(keys []Key) linkedIn {
	var p linkedIn
	for _, k := range keys {
		switch {
		case k.Type == KeyProfile && p.profile == "":
			p.profile = k.Value
		case k.Type == KeySales && p.sales == "":
			p.sales = k.Value
		}
	}
	return p
}

// twoPeople reports whether two LinkedIn identities are different people: two
// different vanity /in/ slugs, two different /in/ member ids, or two different Sales
// Navigator ids, an "ACwAA" member id counting as the Sales Navigator id it is
// (memberSalesKey). A member id and a vanity slug may be one person's: a Sales
// Navigator export names a person by the one, a list by the other.
func twoPeople(a, b linkedIn) bool {
	if a.sales == "" {
		a.sales = memberSalesKey(a.profile)
	}
	if b.sales == "" {
		b.sales = memberSalesKey(b.profile)
	}
	return a.profile != "" && b.profile != "" && a.profile != b.profile && isMemberID(a.profile) == isMemberID(b.profile) ||
		a.sales != "" && b.sales != "" && a.sales != b.sales
}

// memberAndVanity reports whether a and b name a person by two different /in/ keys,
// one an opaque member id (ACwAA..., ACoAA...) and the other a vanity slug, which
// twoPeople does not count as two people: they may be one person's, or two people's.
func memberAndVanity(a, b linkedIn) bool {
	return a.profile != "" && b.profile != "" && a.profile != b.profile && isMemberID(a.profile) != isMemberID(b.profile)
}

// strangers reports whether leads a and b, one known by a member id and the other by a
// vanity slug (memberAndVanity), are two people as far as their names tell: unless
// their first and last names are the same, case and accents aside, or one of them has
// no name at all. A shared address (info@) on Alice's member-id lead and on Bob's
// vanity row says nothing of who Bob is, and must not make Bob's row Alice's lead.
func strangers(a, b *paceline.Lead) bool {
	if nameless(a) || nameless(b) {
		return false
	}
	return foldName(a.FirstName) != foldName(b.FirstName) || foldName(a.LastName) != foldName(b.LastName)
}

func nameless(l *paceline.Lead) bool {
	return foldName(l.FirstName) == "" && foldName(l.LastName) == ""
}

// foldName is a name part as names are compared: lower case, without diacritics, its
// words separated by one space.
func foldName(s string) string {
	return strings.Join(strings.Fields(foldPlace(s)), " ")
}

// apart reports whether the lead holding an email, holder, is another person than
// other, the row (or a lead the row's other keys belong to) whose LinkedIn identity is
// id: two people by their LinkedIn keys (twoPeople), or a member id and a vanity slug
// whose names differ (strangers).
func apart(holder *paceline.Lead, id linkedIn, other *paceline.Lead) bool {
	mine := linkedInOf(holder)
	return twoPeople(mine, id) || memberAndVanity(mine, id) && strangers(holder, other)
}

// String names the identity as a user names a lead on the command line: "in:amy-a",
// "sales:ACwAA...", or both.
func (p linkedIn) String() string {
	switch {
	case p.profile != "" && p.sales != "":
		return Key{KeyProfile, p.profile}.String() + ", " + Key{KeySales, p.sales}.String()
	case p.profile != "":
		return Key{KeyProfile, p.profile}.String()
	default:
		return Key{KeySales, p.sales}.String()
	}
}

// emailOwnedElsewhere returns the lead that holds the row's email keys[ei] when that
// lead is, by its LinkedIn keys, another person than the row's and than each lead the
// row's other keys (its LinkedIn keys, its other addresses) belong to; nil when the
// email may join them. It reads the store only when the index puts the email on
// another lead than the row's LinkedIn keys, or than its other addresses, which a row
// of a known person (whose keys the index holds together) never does.
func (p *pipeline) emailOwnedElsewhere(it *importItem, ei int) (*paceline.Lead, error) {
	e := it.keys[ei]
	if len(it.keys) < 2 {
		return nil, nil // no LinkedIn key and no other address: nothing to join
	}
	root, ok := p.index.Lookup(e)
	if !ok {
		return nil, nil // a new address: nobody else holds it
	}
	var others []Key
	for i, k := range it.keys {
		if i == ei {
			continue
		}
		if id, ok := p.index.Lookup(k); ok && id == root {
			if k.Type != KeyEmail {
				return nil, nil // the row's profile is already the email's lead
			}
			continue // another address of the same lead
		}
		others = append(others, k)
	}
	if len(others) == 0 {
		return nil, nil
	}
	owners, err := p.sink.Owners([]Key{e})
	if err != nil || len(owners) == 0 {
		return nil, err // none: the index matched a hash only
	}
	holder, err := p.sink.Load(owners[0])
	if err != nil {
		return nil, err
	}
	if apart(holder, linkedInOfKeys(it.keys), &it.lead) {
		return holder, nil
	}
	// The row's profile may belong to a lead with another Sales Navigator id, its
	// Sales Navigator id to a lead with another profile, or its other address to a
	// lead with another profile, than the email's lead.
	ids, err := p.sink.Owners(others)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if id == holder.ID {
			continue
		}
		l, err := p.sink.Load(id)
		if err != nil {
			return nil, err
		}
		if apart(holder, linkedInOf(l), l) {
			return holder, nil
		}
	}
	return nil, nil
}

// keepEmailApart takes off a row each email that belongs to another person
// (emailOwnedElsewhere), with a warning saying where it stays, and reports whether it
// took one. The row's sum and score no longer describe it: the sum is dropped (the
// row is never a plain repeat) and a row to import is scored again.
func (p *pipeline) keepEmailApart(it *importItem) (bool, error) {
	apart := false
	for i := len(it.keys) - 1; i >= 0; i-- {
		if it.keys[i].Type != KeyEmail {
			continue
		}
		holder, err := p.emailOwnedElsewhere(it, i)
		if err != nil {
			return false, fmt.Errorf("import line %d: %w", it.line, err)
		}
		if holder == nil {
			continue
		}
		e := it.keys[i].Value
		row := linkedInOfKeys(it.keys)
		p.dropEmail(it, i, RowWarning{Line: it.line, Field: p.emailColumnOf(it, e), Value: e,
			Reason: fmt.Sprintf("email %s is the address of lead %d (%s), another LinkedIn profile than this row's (%s); it stays with lead %d and was not given to this row's lead",
				e, holder.ID, linkedInOf(holder), row, holder.ID)})
		apart = true
	}
	return apart, nil
}

// dropEmail takes the email, keys[i], off a row with warning w. The row's sum and
// score no longer describe it: the sum is dropped (the row is never a plain repeat)
// and a row to import is scored again. A lead whose Email it was takes the row's next
// address, if any.
func (p *pipeline) dropEmail(it *importItem, i int, w RowWarning) {
	e := it.keys[i].Value
	it.keys = slices.Delete(it.keys, i, i+1)
	it.warnings = append(it.warnings, w)
	it.sum = 0
	if it.lead.Email != "" && it.lead.Email == e {
		it.lead.Email = ""
		for _, k := range it.keys {
			if k.Type == KeyEmail {
				it.lead.Email = k.Value
				break
			}
		}
		if p.opt.ScoreFunc != nil {
			p.opt.ScoreFunc(&it.lead)
		}
	}
}

// emailColumnOf names, in a warning about address e of row it, the column e came
// from: the lead's own address's column, or "email" for another of the row's
// addresses (a Personal Email beside a Work Email), whose column is not kept. (A
// suppressed row has no lead: its warnings name the first address's column.)
func (p *pipeline) emailColumnOf(it *importItem, e string) string {
	if it.lead.Email != "" && e != it.lead.Email {
		return emailColumn(p.columns, 0)
	}
	return emailColumn(p.columns, int(it.emailCol))
}

// emailColumn names the email's column, n (1-based; 0 when unknown), in a warning.
func emailColumn(columns []Column, n int) string {
	if n > 0 && n <= len(columns) {
		return columns[n-1].Header
	}
	return "email"
}
