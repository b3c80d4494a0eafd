package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// An edit with a control character is refused before it is held for sending: the
// guardrails weigh words, so a NUL or an escape sequence went through as typed. Line
// breaks and tabs are text.
func TestApproveRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	key := `"campaign": "q1", "lead": "ada-lovelace", "step": "connect"`
	for _, text := range []string{`Hi Ada\u0000, glad to connect.`, `Hi Ada, \u001b[31mglad\u001b[0m to connect.`} {
		code, body := call(t, a, http.MethodPost, "/api/v1/reviews/approve", `{`+key+`, "text": "`+text+`"}`)
		if code != http.StatusBadRequest || !strings.Contains(body, "control character") || !strings.Contains(body, `"field": "text"`) {
			t.Errorf("approve %s: %d %s, want 400 on text", text, code, body)
		}
	}
	code, body := call(t, a, http.MethodPost, "/api/v1/reviews/approve", `{`+key+`, "text": "Hi Ada,\r\nglad to connect."}`)
	if code != http.StatusOK || !strings.Contains(body, `"status": "approved"`) {
		t.Errorf("an edit with a line break: %d %s", code, body)
	}
}

// An edit given empty is refused: over HTTP it approved the model's text unedited, as
// the CLI's --text "" did before it was refused there too. Leaving the field out still
// approves the text as written.
func TestApproveRefusesAnEmptyEdit(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	key := `"campaign": "q1", "lead": "ada-lovelace", "step": "connect"`
	for _, text := range []string{`""`, `"  \n "`} {
		code, body := call(t, a, http.MethodPost, "/api/v1/reviews/approve", `{`+key+`, "text": `+text+`}`)
		if code != http.StatusBadRequest || !strings.Contains(body, "is empty") || !strings.Contains(body, `"field": "text"`) {
			t.Errorf("approve with text %s: %d %s, want 400 on text", text, code, body)
		}
	}
	code, body := call(t, a, http.MethodPost, "/api/v1/reviews/reject", `{`+key+`, "text": ""}`)
	if code != http.StatusBadRequest || !strings.Contains(body, "goes with approve only") {
		t.Errorf("reject with an empty text: %d %s, want 400", code, body)
	}
	code, body = call(t, a, http.MethodPost, "/api/v1/reviews/approve", `{`+key+`}`)
	if code != http.StatusOK || !strings.Contains(body, `"status": "approved"`) {
		t.Errorf("approve as written: %d %s", code, body)
	}
}
