package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
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
