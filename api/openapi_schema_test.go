package api_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
)

// The preview's step and sender in openapi.json have exactly the fields the Go types
// send: RenderedStep lacked skipped, if and when after the preview gained them.
func TestOpenAPIPreviewSchemasMatchTheGoTypes(t *testing.T) {
	t.Parallel()
	type schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]schema `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	preview := doc.Paths["/api/v1/sequences/preview"]["post"].Responses["200"].Content["application/json"].Schema.Properties
	for _, tt := range []struct {
		name   string
		schema schema
		typ    reflect.Type
	}{
		{"components.schemas.RenderedStep", doc.Components.Schemas["RenderedStep"], reflect.TypeFor[api.RenderedStep]()},
		{"the preview's sender", preview["sender"], reflect.TypeFor[api.PreviewSender]()},
	} {
		var documented []string
		for k := range tt.schema.Properties {
			documented = append(documented, k)
		}
		slices.Sort(documented)
		if want := jsonFields(tt.typ); !slices.Equal(documented, want) {
			t.Errorf("%s lists %v; %s sends %v", tt.name, documented, tt.typ, want)
		}
	}
}

// jsonFields returns the JSON names of a struct's fields, sorted.
func jsonFields(typ reflect.Type) []string {
	var names []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
