package enrich

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// jsonPath is a parsed path into a decoded JSON document: "person.title",
// "emails.0.address" or "emails[0].address". Object keys and array indexes only; no
// wildcards or filters, which a field mapping does not need.
type jsonPath []string

// parseJSONPath splits a path into its steps; "[n]" is the same step as ".n".
func parseJSONPath(s string) (jsonPath, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("is empty")
	}
	s = strings.NewReplacer("[", ".", "]", "").Replace(s)
	steps := strings.Split(s, ".")
	for _, st := range steps {
		if st == "" {
			return nil, fmt.Errorf("%q has an empty step (write person.title or emails[0].address)", s)
		}
	}
	return steps, nil
}

func (p jsonPath) String() string { return strings.Join(p, ".") }

// lookup walks doc (decoded with UseNumber) along the path. found is false when a step
// is missing or the value is null: the provider simply does not know. A value that is
// present but not a text, number or boolean is an error, because the mapping or the
// provider is wrong and silently skipping it would hide that.
func (p jsonPath) lookup(doc any) (value string, found bool, err error) {
	cur := doc
	for i, step := range p {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[step]
			if !ok {
				return "", false, nil
			}
			cur = next
		case []any:
			n, convErr := strconv.Atoi(step)
			if convErr != nil || n < 0 {
				return "", false, fmt.Errorf("%s is a list, so step %q must be an index", p[:i], step)
			}
			if n >= len(v) {
				return "", false, nil
			}
			cur = v[n]
		case nil:
			return "", false, nil
		default:
			return "", false, fmt.Errorf("%s is %s, not an object, so it has no %q", jsonPath(p[:i]), kindOf(v), step)
		}
	}
	switch v := cur.(type) {
	case nil:
		return "", false, nil
	case string:
		return v, v != "", nil
	case json.Number:
		return v.String(), true, nil
	case bool:
		return strconv.FormatBool(v), true, nil
	default:
		return "", false, fmt.Errorf("%s is %s, not a text or number", p, kindOf(v))
	}
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a text"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	default:
		return "null"
	}
}
