package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The editor's preview shows every variant, labelled, signed with the sending
// account's first name and checked against its note limit: it showed the first
// variant only, signed "The team", and checked 300 characters for a free account.
func TestEditorPreviewIsWhatIsSent(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	ctx := context.Background()
	alice, err := f.Store.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	alice.SenderName = "Ann"
	if err := f.Store.UpdateAccount(ctx, alice); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	seq := "name: v\nsteps:\n  - id: connect\n    invite:\n      variants:\n" +
		"        - {id: short, note: \"Hi {{first_name}}, would be glad to connect. {{sender_first_name | default: \\\"The team\\\"}}\"}\n" +
		"        - {id: long, note: \"Hi {{first_name}}, " + strings.Repeat("x", 230) + "\"}\n"
	req, _ := http.NewRequest("POST", srv.URL+"/sequences/preview",
		strings.NewReader(fmt.Sprintf(`{"yaml": %q, "lead_id": %d, "account": "alice"}`, seq, f.Leads[0].ID)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var out struct {
		Sender api.PreviewSender
		Steps  []api.RenderedStep
	}
	if err := json.Unmarshal(body, &out); err != nil || res.StatusCode != 200 {
		t.Fatalf("preview: %d %s", res.StatusCode, body)
	}
	if len(out.Steps) != 2 || out.Steps[0].Variant != "short" || out.Steps[0].Note != "Hi Ada, would be glad to connect. Ann" ||
		out.Steps[1].Variant != "long" || !strings.Contains(out.Steps[1].Problem, "200") || out.Sender.Account != "alice" {
		t.Errorf("preview: %s", body)
	}
}
