package paceline

import "strings"

// AccountType is the kind of LinkedIn subscription (or a mailbox) an account has; it
// selects the preset allowances in package limits.
type AccountType string

// The account types, named exactly as users type them.
const (
	TypeFree            AccountType = "free"
	TypePremiumCareer   AccountType = "premium-career"
	TypePremiumBusiness AccountType = "premium-business"
	TypeSalesNavigator  AccountType = "sales-navigator"
	TypeRecruiterLite   AccountType = "recruiter-lite"
)

// AccountTypes lists the LinkedIn account types in the order presets are printed.
var AccountTypes = []AccountType{
	TypeFree, TypePremiumCareer, TypePremiumBusiness, TypeSalesNavigator, TypeRecruiterLite,
}

// Valid reports whether t is a known account type: a LinkedIn type or TypeEmail.
func (t AccountType) Valid() bool {
	if t == TypeEmail {
		return true
	}
	for _, v := range AccountTypes {
		if v == t {
			return true
		}
	}
	return false
}

// ParseAccountType reads an account type name; the error lists the valid names.
func ParseAccountType(s string) (AccountType, error) {
	t := AccountType(strings.ToLower(strings.TrimSpace(s)))
	if !t.Valid() {
		names := make([]string, len(AccountTypes))
		for i, v := range AccountTypes {
			names[i] = string(v)
		}
		return "", FieldErrorf("type", "unknown account type %q (want one of %s)", s, strings.Join(names, ", "))
	}
	return t, nil
}
