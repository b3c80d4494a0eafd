package linkedinexport

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		layouts []string
		want    string // RFC 3339 in UTC; "" when it must not parse
	}{
		{"15 Jan 2026", connectedLayouts, "2026-01-15T00:00:00Z"},
		{" 15  Jan\t2026 ", connectedLayouts, "2026-01-15T00:00:00Z"},
		{"15\u00a0Jan 2026", connectedLayouts, "2026-01-15T00:00:00Z"},
		{"1/29/26, 2:37 PM", sentLayouts, "2026-01-29T14:37:00Z"},
		{"1/29/26, 2:37\u202fPM", sentLayouts, "2026-01-29T14:37:00Z"},
		{"01/29/2026, 14:37", sentLayouts, "2026-01-29T14:37:00Z"},
		{"13/29/26, 2:37 PM", sentLayouts, ""},
		{"", connectedLayouts, ""},
		{"   ", connectedLayouts, ""},
		{"2026-01-29", sentLayouts, ""},
		{"1 Jan 0001", connectedLayouts, ""},
		{"1 Jan 1999", connectedLayouts, ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.layouts, time.UTC)
		switch {
		case tt.want == "" && ok:
			t.Errorf("parseDate(%q) = %v, want no date", tt.in, got)
		case tt.want != "" && (!ok || got.Format(time.RFC3339) != tt.want):
			t.Errorf("parseDate(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
	for in, want := range map[string]string{
		"2026-01-29 14:37:12 UTC": "2026-01-29T14:37:12Z",
		"2026-01-29 14:37 UTC":    "2026-01-29T14:37:00Z",
		"2026-01-29T14:37:12Z":    "2026-01-29T14:37:12Z",
		"2026-01-29 14:37:12 CET": "",
		"29 Jan 2026":             "",
		"0001-01-01 0:00 UTC":     "",
	} {
		got, ok := parseMessageDate(in)
		if ok != (want != "") || ok && got.UTC().Format(time.RFC3339) != want {
			t.Errorf("parseMessageDate(%q) = %v, %v; want %q", in, got, ok, want)
		}
	}
}

func TestSplitURLs(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{
		"":                            0,
		"https://x.linkedin.com/in/a": 1,
		"https://www.linkedin.com/in/a, https://www.linkedin.com/in/b":                              2,
		"https://www.linkedin.com/in/a;https://www.linkedin.com/in/b https://www.linkedin.com/in/c": 3,
		"https://www.linkedin.com/sales/lead/ACwAA1,NAME_SEARCH,x,https://www.linkedin.com/in/b":    2,
	} {
		if got := splitURLs(in); len(got) != want {
			t.Errorf("splitURLs(%q) = %q, want %d URLs", in, got, want)
		}
	}
}
