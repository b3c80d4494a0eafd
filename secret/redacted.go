package secret

import (
	"fmt"
	"log/slog"
)

// RedactedText is what a Redacted value shows wherever it is printed, logged or marshalled.
const RedactedText = "[redacted]"

// Redacted holds a secret in memory. It prints, logs and marshals as "[redacted]" (or as
// nothing when empty), so a secret that ends up in a log line, an error message or a
// JSON answer by mistake shows nothing. Reveal is the one way to read it.
//
// The value sits behind a pointer on purpose: fmt prints the fields of a struct it cannot
// call methods on (an unexported field holding a Redacted) by reflection, and for a
// pointer below the top level it prints an address, never what it points to.
type Redacted struct {
	p *string
}

// Redact wraps s. The empty string gives the zero Redacted.
func Redact(s string) Redacted {
	if s == "" {
		return Redacted{}
	}
	return Redacted{p: &s}
}

// Reveal returns the secret itself: call it only where the secret is used (an SMTP
// AUTH, an IMAP LOGIN, sealing it for storage).
func (r Redacted) Reveal() string {
	if r.p == nil {
		return ""
	}
	return *r.p
}

// IsZero reports whether no secret is held.
func (r Redacted) IsZero() bool { return r.p == nil || *r.p == "" }

func (r Redacted) shown() string {
	if r.IsZero() {
		return ""
	}
	return RedactedText
}

// String returns "[redacted]", or "" when no secret is held.
func (r Redacted) String() string { return r.shown() }

// GoString keeps %#v from showing the secret.
func (r Redacted) GoString() string { return "secret.Redacted(" + fmt.Sprintf("%q", r.shown()) + ")" }

// Format makes every verb (%s, %v, %q, %x, %+v, %#v ...) print the redacted text.
func (r Redacted) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			_, _ = fmt.Fprint(f, r.GoString())
			return
		}
	case 'q':
		_, _ = fmt.Fprintf(f, "%q", r.shown())
		return
	}
	_, _ = fmt.Fprint(f, r.shown())
}

// MarshalJSON writes "[redacted]" (or "" when empty), never the secret.
func (r Redacted) MarshalJSON() ([]byte, error) {
	return []byte(`"` + r.shown() + `"`), nil
}

// MarshalText writes "[redacted]" for text encoders (XML, TOML, CSV writers that ask).
func (r Redacted) MarshalText() ([]byte, error) { return []byte(r.shown()), nil }

// MarshalYAML writes "[redacted]" for YAML encoders.
func (r Redacted) MarshalYAML() (any, error) { return r.shown(), nil }

// LogValue keeps log/slog from showing the secret.
func (r Redacted) LogValue() slog.Value { return slog.StringValue(r.shown()) }

var (
	_ fmt.Formatter  = Redacted{}
	_ fmt.Stringer   = Redacted{}
	_ fmt.GoStringer = Redacted{}
	_ slog.LogValuer = Redacted{}
)
