package aiwrite

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// answer is one scripted reply of the fake endpoint.
type answer struct {
	status  int           // 0 means 200
	raw     string        // when set, the body as it is
	content string        // the completion text otherwise
	finish  string        // finish_reason; "" means stop
	delay   time.Duration // how long to wait before answering
	tokens  [2]int        // prompt and completion usage; zero means none reported
}

// fake is an in-process OpenAI-compatible endpoint that answers from a script (the last
// answer repeats), records every request and counts calls.
type fake struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	script  []answer
	calls   int
	reqs    []chatRequest
	headers []http.Header
}

func newFake(t *testing.T, script ...answer) *fake {
	t.Helper()
	f := &fake{t: t, script: script}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req chatRequest
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || json.Unmarshal(body, &req) != nil {
		http.Error(w, "bad request to the fake: "+r.Method+" "+r.URL.Path, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	a := f.script[min(f.calls, len(f.script)-1)]
	f.calls++
	f.reqs = append(f.reqs, req)
	f.headers = append(f.headers, r.Header.Clone())
	f.mu.Unlock()
	if a.delay > 0 {
		select {
		case <-time.After(a.delay):
		case <-r.Context().Done():
			return
		}
	}
	status := a.status
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if a.raw != "" {
		io.WriteString(w, a.raw)
		return
	}
	finish := a.finish
	if finish == "" {
		finish = "stop"
	}
	content, _ := json.Marshal(a.content)
	usage := ""
	if a.tokens != [2]int{} {
		usage = fmt.Sprintf(`,"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}`, a.tokens[0], a.tokens[1], a.tokens[0]+a.tokens[1])
	}
	fmt.Fprintf(w, `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":%q}]%s}`, content, finish, usage)
}

// Calls returns the number of requests served.
func (f *fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// client returns a Client for the fake, with the key sk-test-123 in TEST_AI_KEY.
func (f *fake) client() *Client {
	f.t.Helper()
	c, err := NewClient(ClientConfig{BaseURL: f.srv.URL + "/v1/", Model: "test-model", APIKeyEnv: "TEST_AI_KEY"}, func(name string) (string, bool) {
		if name == "TEST_AI_KEY" {
			return testKey, true
		}
		return "", false
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

const testKey = "sk-test-123"
