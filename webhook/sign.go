package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// The Standard Webhooks headers.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// SecretPrefix starts every signing secret, as the specification's libraries expect.
const SecretPrefix = "whsec_"

// secretBytes is the length of a new secret's key: the specification asks for 24 to
// 64 bytes.
const secretBytes = 32

// DefaultTolerance is how far a timestamp may be from the receiver's clock, either
// way, before Verify rejects it: the specification's libraries use five minutes.
const DefaultTolerance = 5 * time.Minute

// NewSecret returns a new random signing secret, "whsec_" and base64 of 32 bytes read
// from r (crypto/rand when r is nil).
func NewSecret(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, secretBytes)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// secretKey returns the HMAC key of a secret: the base64 after "whsec_" (the prefix
// is optional, as in the reference libraries).
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, SecretPrefix))
	if err != nil || len(key) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "the webhook secret is not %s followed by base64", SecretPrefix)
	}
	return key, nil
}

// Sign returns the webhook-signature header value, "v1,<base64 HMAC-SHA256>", of the
// message id sent at ts with body. Errors: EINVALID for a malformed secret.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, ts.Unix(), body)), nil
}

func mac(key []byte, id string, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a received message as a receiver must: the three headers are there,
// the timestamp is within tolerance of now (either way, against replays), and one of
// the space-separated signatures is a v1 signature of id.timestamp.body under the
// secret, compared in constant time. A tolerance of 0 means DefaultTolerance.
// Errors: EINVALID for a malformed secret, EUNAUTHORIZED for a message that fails.
func Verify(secret string, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	key, err := secretKey(secret)
	if err != nil {
		return err
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	id, tsText, sigs := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if id == "" || tsText == "" || sigs == "" {
		return paceline.Errorf(paceline.EUNAUTHORIZED, "the webhook lacks the %s, %s or %s header", HeaderID, HeaderTimestamp, HeaderSignature)
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return paceline.Errorf(paceline.EUNAUTHORIZED, "the webhook's %s %q is not unix seconds", HeaderTimestamp, tsText)
	}
	if skew := now.Unix() - ts; math.Abs(float64(skew)) > tolerance.Seconds() {
		return paceline.Errorf(paceline.EUNAUTHORIZED,
			"the webhook's timestamp is %ds away from now, more than the %s allowed (a replay, or a clock to set right)", skew, tolerance)
	}
	want := mac(key, id, ts, body)
	for _, s := range strings.Fields(sigs) {
		version, sig, ok := strings.Cut(s, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return paceline.Errorf(paceline.EUNAUTHORIZED, "no webhook signature matches (wrong secret, or the body was changed)")
}
