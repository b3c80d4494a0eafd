// Package aiwritetest is an in-process OpenAI-compatible chat-completions endpoint for
// tests of the code that uses package aiwrite: each request is answered by a function
// of what was asked, so one server can play a good model for one lead and a broken
// one for another. Nothing in it reaches the network.
package aiwritetest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Answer is how the server answers one request.
type Answer struct {
	Status  int           // HTTP status; 0 means 200
	Raw     string        // when set, the body as it is (junk, an error page)
	Content string        // the completion text otherwise
	Delay   time.Duration // wait this long first (a timeout)
	Tokens  [2]int        // prompt and completion usage reported; zero reports none
}

// Request is what the server was asked: the model and the messages' texts.
type Request struct {
	Model  string
	System string // the first message
	User   string // the first user message: the fields and the instructions
	// Retry is the last user message when the model is asked again after a broken
	// guardrail (it says why); "" on a first request.
	Retry string
}

// Server is the fake endpoint. BaseURL is what aiwrite.ClientConfig.BaseURL takes.
type Server struct {
	BaseURL string

	answer func(Request) Answer
	mu     sync.Mutex
	reqs   []Request
}

// New starts a server answering with fn, closed when the test ends.
func New(t testing.TB, fn func(Request) Answer) *Server {
	t.Helper()
	s := &Server{answer: fn}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.BaseURL = srv.URL + "/v1"
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	raw, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || json.Unmarshal(raw, &body) != nil || len(body.Messages) == 0 {
		http.Error(w, "bad request to the fake endpoint", http.StatusBadRequest)
		return
	}
	req := Request{Model: body.Model, System: body.Messages[0].Content}
	for _, m := range body.Messages {
		switch {
		case m.Role != "user":
		case req.User == "":
			req.User = m.Content
		default:
			req.Retry = m.Content
		}
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	a := s.answer(req)
	if a.Delay > 0 {
		select {
		case <-time.After(a.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if a.Status == 0 {
		a.Status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.Status)
	if a.Raw != "" {
		io.WriteString(w, a.Raw)
		return
	}
	content, _ := json.Marshal(a.Content)
	usage := ""
	if a.Tokens != [2]int{} {
		usage = fmt.Sprintf(`,"usage":{"prompt_tokens":%d,"completion_tokens":%d}`, a.Tokens[0], a.Tokens[1])
	}
	fmt.Fprintf(w, `{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}]%s}`, content, usage)
}

// Requests returns what the server was asked, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Calls counts the requests whose user message contains substr ("" counts all).
func (s *Server) Calls(substr string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.Contains(r.User, substr) {
			n++
		}
	}
	return n
}
