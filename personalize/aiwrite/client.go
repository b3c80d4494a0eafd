package aiwrite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/paceline/paceline"
)

// Message is one chat message sent to the model.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// Completion is the model's answer and what it cost.
type Completion struct {
	Text             string
	PromptTokens     int
	CompletionTokens int
	// Truncated is set when the model stopped at the token limit (finish_reason
	// "length"): the text is cut off and must not be sent as it is.
	Truncated bool
	// Estimated is set when the endpoint reported no usage and the token counts are
	// paceline's estimate.
	Estimated bool
}

// Provider writes one completion. Client is the real one; tests and other back ends
// may supply their own.
type Provider interface {
	Complete(ctx context.Context, msgs []Message, maxTokens int) (Completion, error)
}

// ProviderFunc adapts a function to a Provider, for tests and for back ends that are
// not chat-completions endpoints.
type ProviderFunc func(ctx context.Context, msgs []Message, maxTokens int) (Completion, error)

// Complete calls f.
func (f ProviderFunc) Complete(ctx context.Context, msgs []Message, maxTokens int) (Completion, error) {
	return f(ctx, msgs, maxTokens)
}

// ClientConfig says where the chat-completions endpoint is. The API key is never part
// of the configuration: APIKeyEnv names the environment variable that holds it, so
// config files and logs never carry it.
type ClientConfig struct {
	// BaseURL is the API root, such as https://api.openai.com/v1 or
	// http://localhost:11434/v1; the client posts to BaseURL + "/chat/completions".
	BaseURL string `yaml:"base_url" json:"base_url"`
	// Model is the model name the endpoint knows, such as gpt-4o-mini.
	Model string `yaml:"model" json:"model"`
	// APIKeyEnv is the name of the environment variable holding the API key; empty for
	// endpoints without authentication (a local server).
	APIKeyEnv string `yaml:"api_key_env" json:"api_key_env"`
	// Temperature is the sampling temperature; 0 leaves the endpoint's default.
	Temperature float64 `yaml:"temperature" json:"temperature"`
}

// Client is a Provider for an OpenAI-compatible chat-completions endpoint.
type Client struct {
	// HTTPClient sends the requests; NewClient sets http.DefaultClient. Deadlines come
	// from the context each call is given.
	HTTPClient *http.Client

	url   string
	model string
	temp  float64
	key   string
}

var _ Provider = (*Client)(nil)

// NewClient checks the configuration and reads the API key from the environment with
// lookupEnv (nil uses os.LookupEnv).
func NewClient(cfg ClientConfig, lookupEnv func(string) (string, bool)) (*Client, error) {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return nil, paceline.FieldErrorf("base_url", "%q is not an http(s) URL; give the API root, such as https://api.openai.com/v1", cfg.BaseURL)
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, paceline.FieldErrorf("model", "no model given; name the model the endpoint serves, such as gpt-4o-mini")
	}
	c := &Client{HTTPClient: http.DefaultClient, url: base + "/chat/completions", model: cfg.Model, temp: cfg.Temperature}
	if cfg.APIKeyEnv != "" {
		key, ok := lookupEnv(cfg.APIKeyEnv)
		if !ok || strings.TrimSpace(key) == "" {
			return nil, paceline.FieldErrorf("api_key_env", "the environment variable %s is not set; export it with your API key before starting paceline", cfg.APIKeyEnv)
		}
		c.key = strings.TrimSpace(key)
	}
	return c, nil
}

// String describes the client without its key, so that printing one leaks nothing.
func (c Client) String() string {
	return fmt.Sprintf("aiwrite.Client{url: %s, model: %s, key: %s}", c.url, c.model, redacted(c.key))
}

// GoString keeps %#v from printing the key.
func (c Client) GoString() string { return c.String() }

func redacted(key string) string {
	if key == "" {
		return "none"
	}
	return "[redacted]"
}

// chatRequest is the body of a chat-completions call.
type chatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
	Temperature float64   `json:"temperature,omitempty"`
}

// chatResponse is the part of the answer paceline reads. Pointers tell a missing field
// from an empty one, so junk is recognised as junk.
type chatResponse struct {
	Choices []struct {
		Message *struct {
			Content *string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

// maxResponseBytes bounds what is read from the endpoint: a note is a few hundred bytes.
const maxResponseBytes = 1 << 20

// Complete sends the messages and returns the first choice. Errors are *ProviderError
// (status codes, junk) or the transport's error (including the context's deadline).
func (c *Client) Complete(ctx context.Context, msgs []Message, maxTokens int) (Completion, error) {
	body, err := json.Marshal(chatRequest{Model: c.model, Messages: msgs, MaxTokens: maxTokens, Temperature: c.temp})
	if err != nil {
		return Completion{}, fmt.Errorf("encode chat request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return Completion{}, fmt.Errorf("chat request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		return Completion{}, c.scrub(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return Completion{}, fmt.Errorf("read chat response: %w", c.scrub(err))
	}
	if resp.StatusCode != http.StatusOK {
		return Completion{}, &ProviderError{Status: resp.StatusCode, Detail: c.snippet(raw)}
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil {
		return Completion{}, &ProviderError{Status: resp.StatusCode, Junk: true, Detail: "the answer is not the expected JSON: " + c.scrub(err).Error()}
	}
	if len(cr.Choices) == 0 {
		return Completion{}, &ProviderError{Status: resp.StatusCode, Junk: true, Detail: "the answer has no choices"}
	}
	ch := cr.Choices[0]
	if ch.Message == nil || ch.Message.Content == nil {
		return Completion{}, &ProviderError{Status: resp.StatusCode, Junk: true, Detail: "the first choice has no message content"}
	}
	out := Completion{Text: *ch.Message.Content, Truncated: ch.FinishReason == "length"}
	if cr.Usage != nil && cr.Usage.PromptTokens+cr.Usage.CompletionTokens > 0 {
		out.PromptTokens, out.CompletionTokens = cr.Usage.PromptTokens, cr.Usage.CompletionTokens
	} else {
		out.PromptTokens, out.CompletionTokens, out.Estimated = estimateTokens(msgs), estimateText(out.Text), true
	}
	return out, nil
}

// scrub removes the key from an error's text, in case a transport or an endpoint echoes
// it back.
func (c *Client) scrub(err error) error {
	if c.key == "" || !strings.Contains(err.Error(), c.key) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), c.key, "[redacted]"), err: err}
}

// snippet is the start of an error body, for the user to see what the endpoint said.
func (c *Client) snippet(raw []byte) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if c.key != "" {
		s = strings.ReplaceAll(s, c.key, "[redacted]")
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "..."
	}
	return s
}

// scrubbed is an error whose message had the key taken out; it still unwraps to the
// original, so errors.Is sees deadlines through it.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// ProviderError is an answer from the endpoint that cannot be used: an HTTP status
// other than 200, or a body that is not a chat completion (Junk).
type ProviderError struct {
	Status int
	Junk   bool
	Detail string
}

// Error says what the endpoint did, in words a user can act on.
func (e *ProviderError) Error() string {
	switch {
	case e.Junk:
		return "the provider answered junk: " + e.Detail
	case e.Status == http.StatusTooManyRequests:
		return "the provider is rate limiting (HTTP 429); lower the pace or raise the plan's limits: " + e.Detail
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return fmt.Sprintf("the provider refused the API key (HTTP %d); check the key in the configured environment variable: %s", e.Status, e.Detail)
	}
	return fmt.Sprintf("the provider failed with HTTP %d %s: %s", e.Status, http.StatusText(e.Status), e.Detail)
}

// isTimeout reports whether err is a deadline running out.
func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded)
}

// estimateTokens guesses the prompt tokens of msgs when the endpoint does not say: a
// token is about four bytes of English, and three errs on the side of spending less.
func estimateTokens(msgs []Message) int {
	n := 0
	for _, m := range msgs {
		n += 4 + estimateText(m.Content)
	}
	return n
}

func estimateText(s string) int { return len(s)/3 + 1 }
