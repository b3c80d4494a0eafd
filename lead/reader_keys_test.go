package lead

import (
	"slices"
	"strings"
	"testing"
)

// A row giving a member-id /in/ URL beside a vanity one keeps both as keys; the lead's
// ProfileKey is the vanity slug, and an "ACwAA" member id is its Sales Navigator id.
func TestReaderKeepsMemberIDBesideVanity(t *testing.T) {
	const id = "ACwAAAB1234567890abcdEFGH"
	res := readAll(t, strings.NewReader("profileUrl,linkedInProfileUrl,email\n"+
		"https://www.linkedin.com/in/"+id+",https://www.linkedin.com/in/Jane-Roe,jane@roe.io\n"+
		"https://www.linkedin.com/in/ACoAABcDeFgHiJkLmNoPqRsTuV,,\n"), Options{})
	l := res.leads[2]
	if l.ProfileKey != "jane-roe" || l.SalesKey != id {
		t.Errorf("profile key %q, sales key %q; want jane-roe and %s", l.ProfileKey, l.SalesKey, id)
	}
	want := []Key{{KeyProfile, "jane-roe"}, {KeySales, id}, {KeyEmail, "jane@roe.io"}, {KeyProfile, id}}
	if got := res.keys[2]; !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	// An "ACoAA" id is not a Sales Navigator id.
	if got := res.keys[3]; !slices.Equal(got, []Key{{KeyProfile, "ACoAABcDeFgHiJkLmNoPqRsTuV"}}) {
		t.Errorf("keys %v, want the /in/ member id alone", got)
	}
}

func TestTwoPeopleMemberIDs(t *testing.T) {
	const x, y = "ACwAAAB1234567890abcdEFGH", "ACwAAAB0000000000otherXY"
	for _, tc := range []struct {
		a, b linkedIn
		want bool
	}{
		{linkedIn{profile: x}, linkedIn{profile: "jane-roe"}, false},
		{linkedIn{profile: x}, linkedIn{sales: x}, false},
		{linkedIn{profile: x}, linkedIn{sales: y}, true},
		{linkedIn{profile: x}, linkedIn{profile: y}, true},
		{linkedIn{profile: "jane-roe"}, linkedIn{profile: "joe-roe"}, true},
		{linkedIn{profile: "jane-roe", sales: y}, linkedIn{profile: x}, true},
	} {
		if got := twoPeople(tc.a, tc.b); got != tc.want {
			t.Errorf("twoPeople(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// Every valid address of a row is a key, once; the lead's Email is the first. A bad
// second address is reported, not silently dropped.
func TestReaderKeepsEveryEmail(t *testing.T) {
	res := readAll(t, strings.NewReader("First Name,Work Email,Personal Email,Email\n"+
		"Jane,jane@acme.com,Jane.Roe@Gmail.com,jane@acme.com\n"+
		"Joe,joe@acme.com,not-an-address,\n"), Options{})
	if l := res.leads[2]; l.Email != "jane@acme.com" {
		t.Errorf("email %q, want the first column's", l.Email)
	}
	want := []Key{{KeyEmail, "jane@acme.com"}, {KeyEmail, "jane.roe@gmail.com"}}
	if got := res.keys[2]; !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	if w := res.warnings[3]; len(w) != 1 || w[0].Field != "Personal Email" {
		t.Errorf("warnings %+v, want one for the bad Personal Email", w)
	}
}
