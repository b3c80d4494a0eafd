package aiwrite

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// An edited text is held to the same guardrails as the model's: a reviewer cannot
// approve a note over the limit, with a banned phrase or an invented fact.
func TestApproveEditedChecksGuardrails(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote})
	w := New(f.client(), Config{Review: true, Banned: DefaultBanned()})
	ctx := context.Background()
	req := request(t, "zoe", zoe)
	if _, err := w.Write(ctx, req); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ text, want string }{
		{strings.Repeat("Hi Zoë, glad to connect. ", 10), "the limit is 200"},
		{"Hi Zoë, let us touch base soon.", "banned phrase"},
		{"Hi Zoë, congrats on raising 12 million at Acme.", `"Acme"`},
		{"   ", "empty"},
		{"Hi {{first_name}}, glad to connect.", `unfilled placeholder "{{first_name}}"`},
		{"**Hi Zoë**, glad to connect.", "markdown"},
		{"Hi Zoë, glad to connect.\nLet me know if you want changes.", "talks about the text"},
	} {
		_, err := w.ApproveEdited(ctx, req, bad.text)
		if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), "step connect") {
			t.Errorf("ApproveEdited(%q) = %v, want EINVALID naming step connect and %q", bad.text, err, bad.want)
		}
	}
	if r, _ := w.Write(ctx, req); !r.NeedsReview() {
		t.Fatalf("after refused edits the text is %s, want still held", r.Status)
	}
	edited := "Hi Zoë, your notes on supply chains were sharp. Glad to connect. Ana"
	e, err := w.ApproveEdited(ctx, req, edited)
	if err != nil || e.Status != StatusApproved || e.Text != edited {
		t.Fatalf("ApproveEdited = %+v, %v", e, err)
	}
	if r, err := w.Write(ctx, req); err != nil || r.Text != edited || r.Status != StatusApproved {
		t.Errorf("Write after the edit = %+v, %v; want the edited text, approved", r, err)
	}
	if f.Calls() != 1 {
		t.Errorf("provider called %d times, want 1", f.Calls())
	}
}

// An edit sent with CRLF line breaks (the API, a pasted file) is stored with \n, as the
// dashboard's form stores it: what is sent does not depend on where the edit came from.
func TestApproveEditedStoresNewlines(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: goodNote})
	w := New(f.client(), Config{Review: true, Banned: DefaultBanned()})
	ctx := context.Background()
	req := request(t, "zoe", zoe)
	if _, err := w.Write(ctx, req); err != nil {
		t.Fatal(err)
	}
	e, err := w.ApproveEdited(ctx, req, "Hi Zoë,\r\nglad to connect.\rAna")
	if err != nil || e.Text != "Hi Zoë,\nglad to connect.\nAna" {
		t.Fatalf("ApproveEdited = %q, %v; want the text with \\n line breaks", e.Text, err)
	}
}
