package paceline

import (
	"strings"
	"testing"
)

func TestCheckAccountName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, bad string // bad: what the message quotes; "" for a name taken
	}{
		{"alice-free", ""},
		{"has space", ""},
		{"ann.mail@acme+1", ""},
		{"Zoë", ""},
		{strings.Repeat("a", 64), ""},
		{strings.Repeat("é", 64), ""},
		{"", "is empty"},
		{strings.Repeat("a", 65), "longer than 64 characters (65;"},
		{"a/b?c", `"/"`},
		{"a?b", `"?"`},
		{"a#b", `"#"`},
		{"100%", `"%"`},
		{`a\b`, `"\\"`},
		{"<script>alert(1)</script>", `"<"`},
		{"a>b", `">"`},
		{`a"b`, `"\""`},
		{"a'b", `"'"`},
		{"a`b", "\"`\""},
		{"a,b", "has a comma"},
		{"-x", "starts with '-'"},
		{"a-", ""},
		{"a\tb", "control character"},
		{"a\x00b", "control character"},
		{" bob", "starts or ends with a space"},
		{"bob ", "starts or ends with a space"},
		{"bob\u00a0", "starts or ends with a space"},
		{"a\xffb", "not valid UTF-8"},
	} {
		err := CheckAccountName(tc.name)
		switch {
		case tc.bad == "" && err != nil:
			t.Errorf("%q refused: %v", tc.name, err)
		case tc.bad != "" && err == nil:
			t.Errorf("%q taken; want it refused", tc.name)
		case tc.bad != "":
			msg := ErrorMessage(err)
			if ErrorCode(err) != EINVALID || !strings.Contains(msg, tc.bad) || !strings.Contains(msg, "use letters, digits") {
				t.Errorf("%q: %s %q; want EINVALID naming %s and what a name may hold", tc.name, ErrorCode(err), msg, tc.bad)
			}
		}
	}
}
