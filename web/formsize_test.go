package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline/api/apitest"
)

// A form or an editor call over the dashboard's 256 KiB answers 413 saying the limit
// and what to do: a form used to be refused as one whose security token is missing or
// stale (403), and the editor's call as a bad request (400).
func TestFormOverTheLimitSaysItsSize(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	big := strings.Repeat("x", 300<<10)

	var multi bytes.Buffer
	mw := multipart.NewWriter(&multi)
	_ = mw.WriteField("csrf", csrf)
	_ = mw.WriteField("url", big)
	_ = mw.Close()
	yaml, _ := json.Marshal(map[string]string{"yaml": "name: x\n# " + big})
	for _, tt := range []struct {
		what, path, contentType, header string
		body                            []byte
	}{
		{"a form", "/webhooks", "application/x-www-form-urlencoded", "", []byte(url.Values{"csrf": {csrf}, "url": {big}}.Encode())},
		{"a form with the token last", "/webhooks", "application/x-www-form-urlencoded", "", []byte(url.Values{"url": {big}}.Encode() + "&csrf=" + csrf)},
		{"a multipart form", "/webhooks", mw.FormDataContentType(), "", multi.Bytes()},
		{"the editor's call", "/sequences/validate", "application/json", csrf, yaml},
	} {
		req, _ := http.NewRequest("POST", srv.URL+tt.path, bytes.NewReader(tt.body))
		req.Header.Set("Content-Type", tt.contentType)
		if tt.header != "" {
			req.Header.Set("X-CSRF-Token", tt.header)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "larger than 256 KiB") ||
			!strings.Contains(string(b), "shorten it") || strings.Contains(string(b), "stale") {
			t.Errorf("%s: %d %s, want 413 saying the limit", tt.what, res.StatusCode, b)
		}
	}
	// A form under the limit still needs its token.
	if res, _ := postForm(t, c, srv.URL+"/webhooks", url.Values{"url": {"https://example.com/x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a form without its token: %d, want 403", res.StatusCode)
	}
}
