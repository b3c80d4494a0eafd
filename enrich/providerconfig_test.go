package enrich

import (
	"os"
	"strings"
	"testing"
)

func TestParseProvidersFile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/providers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseProviders(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Name != "people-api" || got[1].Name != "company-api" || got[2].Method != "POST" {
		t.Fatalf("providers = %+v", got)
	}
	if got[0].Auth.Env != "PEOPLE_API_KEY" || *got[0].Retries != 3 || got[0].Fields["custom.twitter"] != "person.twitter.handle" {
		t.Errorf("first provider = %+v", got[0])
	}
	if got[1].Retries != nil || got[1].retries() != DefaultProviderRetries {
		t.Errorf("second provider retries = %v, want the default", got[1].Retries)
	}
}

func TestParseProvidersErrors(t *testing.T) {
	t.Parallel()
	const ok = `
  - name: p
    url: "https://x.example/?e={{email}}"
    fields: {title: person.title}
`
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"empty", ``, "lists no provider"},
		{"unknown key", "providers:" + ok + "    feilds: {}\n", "providers: line 5: unknown key feilds ("},
		{"bad indentation", "providers:\n  - name: p\n   url: x\n", "providers: line 1: did not find expected '-' indicator (check the indentation"},
		{"no name", "providers:\n  - url: https://x.example/\n    fields: {title: t}\n", "name: is empty"},
		{"duplicate", "providers:" + ok + ok, `"p" is used twice`},
		{"unknown placeholder", "providers:\n  - name: p\n    url: https://x.example/{{emial}}\n    fields: {title: t}\n", "{{emial}} is not a lead field"},
		{"unbalanced", "providers:\n  - name: p\n    url: https://x.example/{{email}\n    fields: {title: t}\n", "unbalanced"},
		{"not http", "providers:\n  - name: p\n    url: ftp://x.example/\n    fields: {title: t}\n", "not an http or https URL"},
		{"unknown field", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {job: t}\n", "fields.job: is not a lead field"},
		{"empty path step", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: person..title}\n", "empty step"},
		{"no mapping", "providers:\n  - name: p\n    url: https://x.example/\n", "maps no field"},
		{"bad rate", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    rate: 10/day\n", "rate:"},
		{"bad timeout", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    timeout: forever\n", "timeout:"},
		{"half auth", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    auth: {header: X-Key}\n", "give both header and env"},
		{"key pasted as env", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    auth: {header: X-Key, env: \"sk-live 123\"}\n", "never the key itself"},
		{"get with body", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    body: '{}'\n", "set method: POST"},
		{"post without body", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    method: POST\n", "a POST needs a JSON body"},
		{"body not json", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    method: post\n    body: '{\"e\": {{email}}}'\n", "inside quotes"},
		{"body placeholder", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    method: POST\n    body: '{\"e\": \"{{mail}}\"}'\n", "{{mail}} is not a lead field"},
		{"bad method", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    method: DELETE\n", "use GET or POST"},
		{"too many retries", "providers:\n  - name: p\n    url: https://x.example/\n    fields: {title: t}\n    retries: 50\n", "between 0 and 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseProviders([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestJSONPath(t *testing.T) {
	t.Parallel()
	p, err := parseJSONPath("emails[1].address")
	if err != nil || p.String() != "emails.1.address" {
		t.Fatalf("parseJSONPath = %v, %v", p, err)
	}
}
