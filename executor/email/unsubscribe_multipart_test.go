package email

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"testing"
)

// TestUnsubscribeOneClickAsMultipart: RFC 8058 says the one-click POST SHOULD be sent
// as multipart/form-data (and MAY be urlencoded). A provider that follows the SHOULD
// must opt the lead out, not get a 400 and leave them mailed.
func TestUnsubscribeOneClickAsMultipart(t *testing.T) {
	t.Parallel()
	tk := testTokens(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("List-Unsubscribe", "One-Click"); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	o := &optOuts{}
	req := httptest.NewRequest("POST", "/u/"+tk.Sign("ada", "founders"), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	UnsubscribeHandler(tk, o.optOut).ServeHTTP(rec, req)
	if rec.Code != 200 || len(o.leads) != 1 || o.leads[0] != "ada" {
		t.Errorf("multipart one-click: status %d, opted out %v; want 200 and ada", rec.Code, o.leads)
	}

	// A multipart body without the field is still refused.
	body.Reset()
	mw = multipart.NewWriter(&body)
	_ = mw.WriteField("other", "x")
	_ = mw.Close()
	req = httptest.NewRequest("POST", "/u/"+tk.Sign("ada", "founders"), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec = httptest.NewRecorder()
	UnsubscribeHandler(tk, o.optOut).ServeHTTP(rec, req)
	if rec.Code != 400 || len(o.leads) != 1 {
		t.Errorf("multipart without the field: status %d, opted out %v; want 400", rec.Code, o.leads)
	}
}
