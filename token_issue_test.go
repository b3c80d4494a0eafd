package paceline

import (
	"strings"
	"testing"
)

func TestCheckTokenName(t *testing.T) {
	t.Parallel()
	live := []*Token{{ID: 3, User: "admin", Name: "crm-sync"}, {ID: 4, User: "bea", Name: "zapier"}}
	tests := []struct {
		user, name string
		code       string // "" when accepted
		says       string
	}{
		{"admin", "reporting", "", ""},
		{"admin", "zapier", "", ""}, // bea's name: another user may use it
		{"admin", "", EINVALID, "is empty"},
		{"admin", "   ", EINVALID, "is empty"},
		{"admin", "crm-sync", ECONFLICT, "token 3 of admin is already named"},
		{"admin", "CRM-Sync", ECONFLICT, "revoke that token first"},
		{"admin", strings.Repeat("é", MaxTokenName), "", ""},
		{"admin", strings.Repeat("é", MaxTokenName+1), EINVALID, "at most 100"},
		{"admin", "two\nlines", EINVALID, "control character"},
	}
	for _, tc := range tests {
		err := CheckTokenName(tc.user, tc.name, live)
		if ErrorCode(err) != tc.code || (tc.says != "" && !strings.Contains(ErrorMessage(err), tc.says)) {
			t.Errorf("CheckTokenName(%q, %q) = %v, want code %q saying %q", tc.user, tc.name, err, tc.code, tc.says)
		}
	}
}
