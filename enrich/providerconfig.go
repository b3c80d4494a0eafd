package enrich

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/paceline/paceline"
)

// ProviderConfig describes one HTTP JSON enrichment service. It holds the name of the
// environment variable with the key, never the key itself, so a config file can be
// committed and shown.
type ProviderConfig struct {
	// Name names the provider in fills ("provider:NAME") and in every error.
	Name string `yaml:"name"`
	// URL is the GET request, with {{field}} placeholders filled from the lead and
	// URL-escaped: "https://api.example.com/v1/people?email={{email}}".
	URL string `yaml:"url"`
	// Method is GET (the default) or POST.
	Method string `yaml:"method"`
	// Body is the JSON a POST sends, with {{field}} placeholders inside its strings,
	// filled JSON-escaped: {"email": "{{email}}"}.
	Body string `yaml:"body"`
	// Auth says which header carries the key and which environment variable holds it.
	Auth AuthConfig `yaml:"auth"`
	// Fields maps a lead field ("title", "company_domain", "custom.twitter") to the JSON
	// path of its value in the response ("person.title", "emails[0].address").
	Fields map[string]string `yaml:"fields"`
	// Rate is the most requests the provider may get: "10/second", "60/minute",
	// "1000/hour". Empty means no limit.
	Rate string `yaml:"rate"`
	// Burst is how many requests may go at once before Rate spaces them; default 1.
	Burst int `yaml:"burst"`
	// Timeout bounds each request: "10s" by default.
	Timeout string `yaml:"timeout"`
	// Retries is how often a request that met a 429, a 5xx or a network error is tried
	// again, with doubling back-off; 2 when absent.
	Retries *int `yaml:"retries"`
	// MaxBodyBytes caps how much of a response is read; 1 MiB by default.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
}

// AuthConfig names the header that carries the provider's key and the environment
// variable it is read from. Prefix goes before the key ("Bearer ").
type AuthConfig struct {
	Header string `yaml:"header"`
	Env    string `yaml:"env"`
	Prefix string `yaml:"prefix"`
}

// Defaults for a provider config's optional settings.
const (
	DefaultProviderTimeout = 10 * time.Second
	DefaultProviderRetries = 2
	DefaultMaxBodyBytes    = 1 << 20
)

// providerFile is the YAML file layout: a list under "providers".
type providerFile struct {
	Providers []ProviderConfig `yaml:"providers"`
}

// ParseProviders reads a providers file (a "providers:" list of ProviderConfig) and
// checks every entry. Unknown keys are errors, so a misspelt "feilds" is not silently
// ignored.
func ParseProviders(data []byte) ([]ProviderConfig, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f providerFile
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, providersYAMLError(err)
	}
	if len(f.Providers) == 0 {
		return nil, paceline.FieldErrorf("providers", "the file lists no provider (start it with \"providers:\")")
	}
	seen := map[string]bool{}
	for i := range f.Providers {
		if err := f.Providers[i].Check(); err != nil {
			return nil, fmt.Errorf("providers[%d]: %w", i, err)
		}
		if seen[f.Providers[i].Name] {
			return nil, paceline.FieldErrorf(fmt.Sprintf("providers[%d].name", i), "%q is used twice: give each provider its own name", f.Providers[i].Name)
		}
		seen[f.Providers[i].Name] = true
	}
	return f.Providers, nil
}

// providersYAMLError says what the YAML decoder found in the words of the file: an
// unknown key by its name and line, not by the Go type it is missing from ("field
// feilds not found in type enrich.ProviderConfig").
func providersYAMLError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return paceline.FieldErrorf("providers", "%s (check the indentation and the colons)", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		if before, _, ok := strings.Cut(m, " not found in type "); ok {
			if line, key, ok := strings.Cut(before, ": field "); ok {
				m = line + ": unknown key " + key + " (docs/enrichment.md lists the keys)"
			}
		}
		msgs[i] = m
	}
	return paceline.FieldErrorf("providers", "%s", strings.Join(msgs, "; "))
}

var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// Check validates the config and says which setting is wrong and how to fix it.
func (c *ProviderConfig) Check() error {
	if strings.TrimSpace(c.Name) == "" {
		return paceline.FieldErrorf("name", "is empty: name the provider (it shows in fills and errors)")
	}
	field := func(f string) string { return "provider " + c.Name + ": " + f }
	if err := c.checkURL(); err != nil {
		return paceline.FieldErrorf(field("url"), "%s", err)
	}
	if err := c.checkBody(); err != nil {
		return err
	}
	if (c.Auth.Header == "") != (c.Auth.Env == "") {
		return paceline.FieldErrorf(field("auth"), "give both header and env (the environment variable holding the key), or neither")
	}
	if c.Auth.Env != "" && !envNameRE.MatchString(c.Auth.Env) {
		return paceline.FieldErrorf(field("auth.env"), "%q is not an environment variable name: give the variable's name (ACME_API_KEY), never the key itself", c.Auth.Env)
	}
	if len(c.Fields) == 0 {
		return paceline.FieldErrorf(field("fields"), "maps no field: map lead fields to JSON paths (title: person.title)")
	}
	for _, name := range slices.Sorted(maps.Keys(c.Fields)) {
		if !knownField(name) {
			return paceline.FieldErrorf(field("fields."+name), "is not a lead field: use one of %s, or custom.NAME", strings.Join(Fields, ", "))
		}
		if _, err := parseJSONPath(c.Fields[name]); err != nil {
			return paceline.FieldErrorf(field("fields."+name), "path %s", err)
		}
	}
	if _, err := ParseRate(c.Rate); err != nil {
		return paceline.FieldErrorf(field("rate"), "%s", err)
	}
	if c.Burst < 0 {
		return paceline.FieldErrorf(field("burst"), "is negative")
	}
	if _, err := c.timeout(); err != nil {
		return paceline.FieldErrorf(field("timeout"), "%s", err)
	}
	if c.Retries != nil && (*c.Retries < 0 || *c.Retries > 10) {
		return paceline.FieldErrorf(field("retries"), "must be between 0 and 10")
	}
	if c.MaxBodyBytes < 0 {
		return paceline.FieldErrorf(field("max_body_bytes"), "is negative")
	}
	return nil
}

// checkBody checks the method and that the body is JSON with known placeholders.
func (c *ProviderConfig) checkBody() error {
	field := "provider " + c.Name + ": "
	switch strings.ToUpper(c.Method) {
	case "", http.MethodGet:
		if c.Body != "" {
			return paceline.FieldErrorf(field+"body", "a GET request sends no body: set method: POST")
		}
		return nil
	case http.MethodPost:
	default:
		return paceline.FieldErrorf(field+"method", "%q is not supported: use GET or POST", c.Method)
	}
	if strings.TrimSpace(c.Body) == "" {
		return paceline.FieldErrorf(field+"body", "is empty: a POST needs a JSON body such as {\"email\": \"{{email}}\"}")
	}
	for _, m := range placeholderRE.FindAllStringSubmatch(c.Body, -1) {
		if !knownField(m[1]) {
			return paceline.FieldErrorf(field+"body", "{{%s}} is not a lead field: use one of %s, or custom.NAME", m[1], strings.Join(Fields, ", "))
		}
	}
	if !json.Valid([]byte(placeholderRE.ReplaceAllString(c.Body, "x"))) {
		return paceline.FieldErrorf(field+"body", "is not JSON once its placeholders are filled (put each {{field}} inside quotes)")
	}
	return nil
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (c *ProviderConfig) checkURL() error {
	for _, m := range placeholderRE.FindAllStringSubmatch(c.URL, -1) {
		if !knownField(m[1]) {
			return fmt.Errorf("{{%s}} is not a lead field: use one of %s, or custom.NAME", m[1], strings.Join(Fields, ", "))
		}
	}
	plain := placeholderRE.ReplaceAllString(c.URL, "x")
	if strings.Contains(plain, "{{") || strings.Contains(plain, "}}") {
		return fmt.Errorf("has an unbalanced {{ or }}")
	}
	u, err := url.Parse(plain)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http or https URL", c.URL)
	}
	return nil
}

func (c *ProviderConfig) timeout() (time.Duration, error) {
	if c.Timeout == "" {
		return DefaultProviderTimeout, nil
	}
	d, err := time.ParseDuration(c.Timeout)
	if err != nil || d <= 0 || d > 5*time.Minute {
		return 0, fmt.Errorf("%q is not a duration between 1ms and 5m (write 10s)", c.Timeout)
	}
	return d, nil
}

func (c *ProviderConfig) retries() int {
	if c.Retries == nil {
		return DefaultProviderRetries
	}
	return *c.Retries
}

func (c *ProviderConfig) maxBody() int64 {
	if c.MaxBodyBytes == 0 {
		return DefaultMaxBodyBytes
	}
	return c.MaxBodyBytes
}

// ParseRate reads "N/second", "N/minute" or "N/hour" (also "N/s", "N/min", "N/m",
// "N/h") as requests per second; "" is 0, no limit.
func ParseRate(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, unit, ok := strings.Cut(s, "/")
	count, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
	if !ok || err != nil || count <= 0 {
		return 0, fmt.Errorf("%q is not a rate: write 10/second, 60/minute or 1000/hour", s)
	}
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "s", "sec", "second":
		return count, nil
	case "m", "min", "minute":
		return count / 60, nil
	case "h", "hour":
		return count / 3600, nil
	}
	return 0, fmt.Errorf("%q has unit %q: write per second, minute or hour", s, unit)
}
