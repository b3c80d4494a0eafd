package paceline

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTokenName bounds a token's label: it is shown in lists, not a description.
const MaxTokenName = 100

// CheckTokenName accepts the label of a new token of user among the live tokens: a
// name someone can tell the token by in a list, so not empty, not a second live token
// of the same user under the same name (compared without case), at most MaxTokenName
// characters, with no control characters. Errors: EINVALID, ECONFLICT for a name the
// user's live token already has.
func CheckTokenName(user, name string, live []*Token) error {
	switch {
	case strings.TrimSpace(name) == "":
		return FieldErrorf("name", "is empty: name the token after what will use it (such as crm-sync), so that you can tell it apart and revoke the right one")
	case utf8.RuneCountInString(name) > MaxTokenName:
		return FieldErrorf("name", "is %d characters long: shorten it to at most %d", utf8.RuneCountInString(name), MaxTokenName)
	case strings.ContainsFunc(name, unicode.IsControl):
		return FieldErrorf("name", "contains a control character (a tab or a line break): type it on one line")
	}
	for _, t := range live {
		if t.User == user && strings.EqualFold(t.Name, name) {
			return &Error{Code: ECONFLICT, Field: "name", Message: fmt.Sprintf("token %d of %s is already named %q: choose another name, or revoke that token first", t.ID, user, t.Name)}
		}
	}
	return nil
}

// IssueToken makes a new API token for user under name (see CheckTokenName), stores
// its hash and returns it with the token in plain text: the one time anyone sees it.
// The name is checked against the tokens listed just before the insert: two creations
// under one name at the same instant may both pass. Errors: those of CheckTokenName;
// ENOTFOUND for an unknown user.
func IssueToken(ctx context.Context, st UserStore, user, name string) (*Token, string, error) {
	name = strings.TrimSpace(name)
	live, err := st.Tokens(ctx)
	if err != nil {
		return nil, "", err
	}
	if err := CheckTokenName(user, name, live); err != nil {
		return nil, "", err
	}
	token, err := NewSecret(TokenPrefix)
	if err != nil {
		return nil, "", err
	}
	t, err := st.CreateToken(ctx, user, name, token[:len(TokenPrefix)+4], HashSecret(token))
	if err != nil {
		return nil, "", err
	}
	return t, token, nil
}

// UnusedTokenName is the first of stem-1, stem-2, ... that no live token of user is
// named (compared as CheckTokenName compares): the name of a token whose creator gave
// none, so that the token can still be told apart and revoked by name in a list.
func UnusedTokenName(user, stem string, live []*Token) string {
	taken := make(map[string]bool)
	for _, t := range live {
		if t.User == user {
			taken[strings.ToLower(t.Name)] = true
		}
	}
	for n := 1; ; n++ {
		if name := fmt.Sprintf("%s-%d", stem, n); !taken[strings.ToLower(name)] {
			return name
		}
	}
}
