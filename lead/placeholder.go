package lead

import "strings"

// Lists bought from data vendors fill the email column of a person whose address they
// have not sold with a made-up one: Apollo writes email_not_unlocked@domain.com for
// every locked contact. Taken as an address, such a value would be the key of every
// one of those people at once, and the import would make them all one lead. So the
// reader drops it with a warning, as it drops a malformed address.

// placeholderLocals are local parts that name no mailbox, whatever the domain.
var placeholderLocals = map[string]bool{
	"email_not_unlocked": true, "not_unlocked": true, "email_not_found": true,
	"noemail": true, "no-email": true, "no_email": true, "none": true, "null": true,
	"unknown": true, "notavailable": true, "not_available": true,
}

// placeholderAddresses are whole addresses written as an example or a filler.
var placeholderAddresses = map[string]bool{
	"email@domain.com": true, "name@domain.com": true, "user@domain.com": true,
	"your@email.com": true, "youremail@domain.com": true, "email@email.com": true,
	"test@test.com": true, "none@none.com": true, "na@na.com": true,
}

// isPlaceholderEmail reports whether a canonical address is a vendor's or a person's
// filler rather than someone's mailbox: one of the known fillers, or a local part that
// says there is no address (email_not_unlocked@..., noemail@...). The reserved
// example.com domains are not on the list: they are what documentation and tests
// write for a real person's address.
func isPlaceholderEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	if at < 0 {
		return false
	}
	return placeholderLocals[e[:at]] || placeholderAddresses[e]
}
