package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline/api/apitest"
)

// The editor's calls refused a form post or an empty body with the decoder's bare
// "EOF", which says nothing a user can act on.
func TestEditorCallsSayWhatTheyWant(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	for _, tt := range []struct{ what, contentType, body, header, says string }{
		{"a form post", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}, "yaml": {"name: x"}}.Encode(), "", "as application/json"},
		{"a form post with the header", "application/x-www-form-urlencoded", "yaml=x", csrf, "as application/json"},
		{"an empty body", "application/json", "", csrf, "no JSON body"},
	} {
		req, _ := http.NewRequest("POST", srv.URL+"/sequences/validate", strings.NewReader(tt.body))
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
		if res.StatusCode != http.StatusBadRequest || strings.Contains(string(b), "EOF") || !strings.Contains(string(b), tt.says) {
			t.Errorf("%s: %d %s, want 400 saying %q", tt.what, res.StatusCode, b, tt.says)
		}
	}
}
