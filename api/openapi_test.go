package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
)

// The OpenAPI document and the route table must name the same operations, and every
// documented operation must reach a handler (not the catch-all's "no API route").
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q, want 3.x", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	routes := api.Patterns()
	slices.Sort(documented)
	sorted := slices.Sorted(slices.Values(routes))
	if !slices.Equal(documented, sorted) {
		t.Fatalf("document and routes differ\ndocument: %v\nroutes:   %v", documented, sorted)
	}

	a, f := newAPI(t)
	param := regexp.MustCompile(`\{[^}]+\}`)
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		path = param.ReplaceAllStringFunc(path, func(p string) string {
			if p == "{id}" {
				return itoa(f.Leads[5].ID)
			}
			return "alice"
		})
		body := ""
		if method == http.MethodPost {
			body = "{}"
		}
		code, out := call(t, a, method, path, body)
		if strings.Contains(out, "no API route") || code == http.StatusMethodNotAllowed {
			t.Errorf("%s reaches no handler: %d %s", r, code, out)
		}
		if code >= 500 {
			t.Errorf("%s: %d %s", r, code, out)
		}
	}
}

// Every status a route answers to a hostile client is in the document's responses for
// that operation: no token, a body that is not JSON, one over the size limit and one
// that is JSON of the wrong shape. The body routes used to leave out 413 and 415.
func TestOpenAPIDocumentsRefusals(t *testing.T) {
	t.Parallel()
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	a, f := newAPI(t)
	param := regexp.MustCompile(`\{[^}]+\}`)
	big := `{"yaml": "` + strings.Repeat("x", 5000) + `"}`
	for _, r := range api.Patterns() {
		method, tmpl, _ := strings.Cut(r, " ")
		documented := doc.Paths[tmpl][strings.ToLower(method)].Responses
		path := param.ReplaceAllStringFunc(tmpl, func(p string) string {
			if p == "{id}" {
				return itoa(f.Leads[5].ID)
			}
			return "alice"
		})
		type probe struct {
			what, body string
			header     []string
		}
		probes := []probe{{"no token", "", []string{"Authorization", ""}}}
		if method == http.MethodPost {
			probes = append(probes,
				probe{"text/plain", "hello", []string{"Content-Type", "text/plain"}},
				probe{"too large", big, nil},
				probe{"an array", "[1]", nil})
		}
		for _, p := range probes {
			code, body := call(t, a, method, path, p.body, p.header...)
			if _, ok := documented[strconv.Itoa(code)]; !ok && code != http.StatusOK && r != "GET /api/v1/openapi.json" {
				t.Errorf("%s, %s: answers %d, which the document does not list: %s", r, p.what, code, body)
			}
		}
	}
}
