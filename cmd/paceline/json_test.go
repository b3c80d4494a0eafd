package main

import (
	"bytes"
	"testing"
)

func TestJSONArray(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   []string
		want string
	}{
		{"nil", nil, "[]\n"},
		{"empty", []string{}, "[]\n"},
		{"items", []string{"a", "b"}, "[\n  \"a\",\n  \"b\"\n]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := writeJSON(&b, jsonArray(tc.in)); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("writeJSON(jsonArray(%#v)) = %q, want %q", tc.in, b.String(), tc.want)
			}
		})
	}
}
