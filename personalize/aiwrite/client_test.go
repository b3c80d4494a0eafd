package aiwrite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func TestNewClientConfig(t *testing.T) {
	t.Parallel()
	env := func(name string) (string, bool) {
		v, ok := map[string]string{"SET": "k", "BLANK": " "}[name]
		return v, ok
	}
	tests := []struct {
		cfg   ClientConfig
		field string // "" when valid
	}{
		{ClientConfig{BaseURL: "https://api.example.com/v1", Model: "m", APIKeyEnv: "SET"}, ""},
		{ClientConfig{BaseURL: "http://localhost:11434/v1", Model: "llama3"}, ""},
		{ClientConfig{BaseURL: "api.example.com", Model: "m"}, "base_url"},
		{ClientConfig{BaseURL: "https://api.example.com/v1"}, "model"},
		{ClientConfig{BaseURL: "https://api.example.com/v1", Model: "m", APIKeyEnv: "UNSET"}, "api_key_env"},
		{ClientConfig{BaseURL: "https://api.example.com/v1", Model: "m", APIKeyEnv: "BLANK"}, "api_key_env"},
	}
	for _, tt := range tests {
		_, err := NewClient(tt.cfg, env)
		var pe *paceline.Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("NewClient(%+v) = %v", tt.cfg, err)
		case tt.field != "" && (err == nil || !errors.As(err, &pe) || pe.Field != tt.field):
			t.Errorf("NewClient(%+v) = %v, want an error on %s", tt.cfg, err, tt.field)
		}
	}
}

// TestKeyNeverShows checks that neither printing a client nor a failure of the endpoint
// (even one that echoes the request's Authorization header) reveals the API key.
func TestKeyNeverShows(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{status: 401, raw: `{"error":"bad key Bearer ` + testKey + `"}`})
	c := f.client()
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c)} {
		if strings.Contains(s, testKey) {
			t.Errorf("printing the client shows the key: %s", s)
		}
	}
	_, err := c.Complete(context.Background(), []Message{{Role: "user", Content: "hi"}}, 10)
	if err == nil || strings.Contains(err.Error(), testKey) || !strings.Contains(err.Error(), "[redacted]") || !strings.Contains(err.Error(), "refused the API key (HTTP 401)") {
		t.Errorf("Complete = %v", err)
	}
	w := New(c, Config{})
	r, err := w.Write(context.Background(), request(t, "zoe", zoe))
	if err != nil || r.Fallback == nil || strings.Contains(r.Fallback.Reason, testKey) {
		t.Errorf("Write = %+v, %v", r, err)
	}
}

func TestCompleteEstimatesMissingUsage(t *testing.T) {
	t.Parallel()
	f := newFake(t, answer{content: "Hello there"})
	c, err := f.client().Complete(context.Background(), []Message{{Role: "user", Content: strings.Repeat("x", 300)}}, 50)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Estimated || c.PromptTokens < 100 || c.CompletionTokens < 3 {
		t.Errorf("Complete without usage = %+v, want an estimate", c)
	}
}
