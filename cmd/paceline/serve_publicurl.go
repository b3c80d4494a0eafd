package main

import (
	"net/url"
	"strings"

	"github.com/paceline/paceline"
)

// publicURLForm says what paceline's public URL is for and the form it takes, for the
// messages that refuse one.
const publicURLForm = "it is the base of the one-click unsubscribe links (BASE/u/TOKEN) in every email, " +
	"so give it as https://HOST[:PORT], the root where paceline serve answers, with no /path, ?query, #fragment or user@, such as https://pl.example.com"

// checkPublicURL checks paceline's public URL, where serve answers the unsubscribe
// links: an https URL with a host, no query, no fragment and no user info, any of
// which would break every link made from it, and no path: serve answers /u/ at the
// root of its host, so a link under /PATH/u/ would find nothing. Errors: EINVALID
// naming public-url.
func checkPublicURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		// Never echo what may hold a password: s did not parse as a URL.
		shown := s
		if err == nil {
			shown = u.Redacted()
		} else if strings.Contains(s, "@") {
			shown = "(a URL with user info)"
		}
		return paceline.FieldErrorf("public-url", "%q is not an https URL: %s", shown, publicURLForm)
	}
	switch {
	case u.User != nil:
		return paceline.FieldErrorf("public-url", "%q has user info before the host: %s", u.Redacted(), publicURLForm)
	case u.RawQuery != "" || u.ForceQuery:
		return paceline.FieldErrorf("public-url", "%q has a query (?%s): %s", s, u.RawQuery, publicURLForm)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return paceline.FieldErrorf("public-url", "%q has a fragment (#%s): %s", s, u.Fragment, publicURLForm)
	case strings.Trim(u.Path, "/") != "":
		return paceline.FieldErrorf("public-url",
			"%q has a path (%s), but paceline serve answers the links at /u/ on the root of its host, not under %s: give the root, https://%s (a proxy that shows paceline under a path must still pass /u/ at the root); %s",
			s, u.Path, u.Path, u.Host, publicURLForm)
	}
	return nil
}
