package webhook_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/paceline/paceline/webhook"
)

// A receiver verifies each webhook before it trusts it: the raw body, the three
// headers, the endpoint's secret and its own clock.
func ExampleVerify() {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" // from paceline webhooks add
	receiver := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err := webhook.Verify(secret, r.Header, body, time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent) // any 2xx: delivered, no retry
	}

	// What paceline sends:
	body := []byte(`{"type":"replied","timestamp":"2026-03-02T09:00:00Z","data":{"key":"k1","account":"alice","lead":"in:ada"}}`)
	now := time.Now()
	sig, _ := webhook.Sign(secret, "msg_1", now, body)
	req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
	req.Header.Set(webhook.HeaderID, "msg_1")
	req.Header.Set(webhook.HeaderTimestamp, fmt.Sprint(now.Unix()))
	req.Header.Set(webhook.HeaderSignature, sig)
	w := httptest.NewRecorder()
	receiver(w, req)
	fmt.Println(w.Code)

	// The same request with one byte changed:
	body[10] = 'X'
	fmt.Println(webhook.Verify(secret, req.Header, body, now, 0))
	// Output:
	// 204
	// no webhook signature matches (wrong secret, or the body was changed)
}
