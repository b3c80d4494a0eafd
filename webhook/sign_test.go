package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/webhook"
)

// The example of the Standard Webhooks reference libraries' tests: a signature made
// here must be what every receiver's library computes.
const (
	specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	specID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specTS     = 1614265330
	specBody   = `{"test": 2432232314}`
	specSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSignMatchesTheSpecification(t *testing.T) {
	t.Parallel()
	got, err := webhook.Sign(specSecret, specID, time.Unix(specTS, 0), []byte(specBody))
	if err != nil {
		t.Fatal(err)
	}
	if got != specSig {
		t.Fatalf("Sign = %s, want %s", got, specSig)
	}
	// The algorithm written out as the specification states it, independently.
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(specSecret, "whsec_"))
	m := hmac.New(sha256.New, key)
	m.Write([]byte(specID + ".1614265330." + specBody))
	if want := "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil)); got != want {
		t.Fatalf("Sign = %s, the specification's algorithm gives %s", got, want)
	}
}

func headers(id string, ts int64, sig string) http.Header {
	h := http.Header{}
	if id != "" {
		h.Set(webhook.HeaderID, id)
	}
	if ts != 0 {
		h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts, 10))
	}
	if sig != "" {
		h.Set(webhook.HeaderSignature, sig)
	}
	return h
}

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Unix(specTS, 0)
	other, _ := webhook.NewSecret(nil)
	tests := []struct {
		name   string
		secret string
		h      http.Header
		body   string
		now    time.Time
		code   string // "" when the message verifies
	}{
		{"valid", specSecret, headers(specID, specTS, specSig), specBody, now, ""},
		{"secret without prefix", strings.TrimPrefix(specSecret, "whsec_"), headers(specID, specTS, specSig), specBody, now, ""},
		{"one of several signatures", specSecret, headers(specID, specTS, "v1,Zm9v v2,abc "+specSig), specBody, now, ""},
		{"4 minutes late", specSecret, headers(specID, specTS, specSig), specBody, now.Add(4 * time.Minute), ""},
		{"tampered body", specSecret, headers(specID, specTS, specSig), `{"test": 2432232315}`, now, paceline.EUNAUTHORIZED},
		{"other id", specSecret, headers("msg_other", specTS, specSig), specBody, now, paceline.EUNAUTHORIZED},
		{"wrong secret", other, headers(specID, specTS, specSig), specBody, now, paceline.EUNAUTHORIZED},
		{"old timestamp", specSecret, headers(specID, specTS, specSig), specBody, now.Add(6 * time.Minute), paceline.EUNAUTHORIZED},
		{"future timestamp", specSecret, headers(specID, specTS, specSig), specBody, now.Add(-6 * time.Minute), paceline.EUNAUTHORIZED},
		{"no signature header", specSecret, headers(specID, specTS, ""), specBody, now, paceline.EUNAUTHORIZED},
		{"no id header", specSecret, headers("", specTS, specSig), specBody, now, paceline.EUNAUTHORIZED},
		{"no timestamp header", specSecret, headers(specID, 0, specSig), specBody, now, paceline.EUNAUTHORIZED},
		{"only another version", specSecret, headers(specID, specTS, strings.Replace(specSig, "v1,", "v2,", 1)), specBody, now, paceline.EUNAUTHORIZED},
		{"garbage signature", specSecret, headers(specID, specTS, "v1,%%%"), specBody, now, paceline.EUNAUTHORIZED},
		{"malformed secret", "whsec_%%%", headers(specID, specTS, specSig), specBody, now, paceline.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := webhook.Verify(tt.secret, tt.h, []byte(tt.body), tt.now, 0)
			if got := paceline.ErrorCode(err); got != tt.code {
				t.Fatalf("Verify: %v (code %q), want code %q", err, got, tt.code)
			}
		})
	}
	bad := headers(specID, specTS, specSig)
	bad.Set(webhook.HeaderTimestamp, "yesterday")
	if err := webhook.Verify(specSecret, bad, []byte(specBody), now, 0); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Fatalf("a timestamp that is not a number: %v", err)
	}
	if err := webhook.Verify(specSecret, headers(specID, specTS, specSig), []byte(specBody), now.Add(30*time.Second), 10*time.Second); err == nil {
		t.Fatal("a 30 s old message passed a 10 s tolerance")
	}
}

func TestNewSecret(t *testing.T) {
	t.Parallel()
	a, err := webhook.NewSecret(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := webhook.NewSecret(nil)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, "whsec_"))
	if !strings.HasPrefix(a, "whsec_") || err != nil || len(raw) != 32 || a == b {
		t.Fatalf("NewSecret = %q and %q (%d bytes, %v)", a, b, len(raw), err)
	}
}

// FuzzSignVerify: whatever the id and body, what Sign makes Verify accepts, and a
// changed body it rejects.
func FuzzSignVerify(f *testing.F) {
	f.Add("msg_1", []byte(`{"type":"accepted"}`), int64(1700000000))
	f.Add("", []byte{}, int64(0))
	f.Add("msg.with.dots", []byte("\x00\xff"), int64(-5))
	f.Fuzz(func(t *testing.T, id string, body []byte, ts int64) {
		if id == "" || strings.ContainsAny(id, "\r\n") {
			return // not a header value
		}
		when := time.Unix(ts%(1<<40), 0)
		sig, err := webhook.Sign(specSecret, id, when, body)
		if err != nil {
			t.Fatal(err)
		}
		h := headers(id, when.Unix(), sig)
		if when.Unix() == 0 {
			h.Set(webhook.HeaderTimestamp, "0")
		}
		if h.Get(webhook.HeaderID) != id {
			return // http.Header trims what a header cannot hold
		}
		if err := webhook.Verify(specSecret, h, body, when, 0); err != nil {
			t.Fatalf("Verify of a signed message: %v", err)
		}
		if err := webhook.Verify(specSecret, h, append(body, 'x'), when, 0); err == nil {
			t.Fatal("Verify accepted a changed body")
		}
	})
}
