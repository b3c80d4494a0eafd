package lead

import (
	"context"
	"strings"

	"github.com/paceline/paceline"
)

// ParseRef reads a person as a user or another system names them: a canonical key
// ("in:john-doe", "sales:ACwAAA...", "email:jo@acme.com"), a LinkedIn profile or Sales
// Navigator URL, an email address, or a bare profile slug ("john-doe"). It returns the
// canonical key, or a *paceline.Error that says what it could not read.
func ParseRef(s string) (Key, error) {
	s = strings.TrimSpace(s)
	kind, value, hasKind := strings.Cut(s, ":")
	switch {
	case hasKind && kind == "in":
		return CanonicalProfileKey("https://www.linkedin.com/in/" + value)
	case hasKind && kind == "sales":
		return CanonicalProfileKey("https://www.linkedin.com/sales/lead/" + value)
	case hasKind && kind == "email":
		return emailRef(value)
	case strings.Contains(s, "@") && !strings.Contains(s, "/"):
		return emailRef(s)
	case s != "" && !strings.ContainsAny(s, "/:?#. "):
		return CanonicalProfileKey("https://www.linkedin.com/in/" + s)
	}
	return CanonicalProfileKey(s)
}

func emailRef(s string) (Key, error) {
	e, err := CanonicalEmail(s)
	if err != nil {
		return Key{}, err
	}
	return Key{Type: KeyEmail, Value: e}, nil
}

// ResolveRef returns the reference the runtime knows the person named by s under
// (paceline.Lead.RuntimeRef), so that an event sent in by a user or an integration
// reaches the person's enrollment however it names them: a stored lead found by any of
// its keys gives its own reference (a reply sent by email address stops the sequence
// of a lead enrolled by profile), and a person not stored gives the canonical form of
// the key s names. s that ParseRef cannot read is ParseRef's error.
func ResolveRef(ctx context.Context, leads paceline.LeadStore, s string) (string, error) {
	k, err := ParseRef(s)
	if err != nil {
		return "", err
	}
	l, err := leads.LeadByKey(ctx, k.Type.String(), k.Value)
	switch {
	case err == nil:
		return l.RuntimeRef(), nil
	case paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return "", err
	}
	return k.RuntimeRef(), nil
}

// RuntimeRef returns the reference the runtime knows a person by when this key is all
// that is known of them (paceline.Lead.RuntimeRef of a lead holding the key alone): the
// slug, "sales:ID" or "email:ADDRESS".
func (k Key) RuntimeRef() string {
	var only paceline.Lead
	switch k.Type {
	case KeyProfile:
		only.ProfileKey = k.Value
	case KeySales:
		only.SalesKey = k.Value
	case KeyEmail:
		only.Email = k.Value
	}
	return only.RuntimeRef()
}
