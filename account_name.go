package paceline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxAccountName is the longest account name CheckAccountName takes, in characters:
// a name is typed in commands and shown in table columns and dashboard tabs.
const MaxAccountName = 64

// accountNameRefused are the characters an account name may not hold: '/', '?', '#'
// and '%' change the meaning of the API paths the name sits in
// (/api/v1/accounts/{name}/...), '\' is read as '/' by browsers, '<', '>' and the
// quotes break out of the dashboard's markup and of the quoted hints the CLI prints,
// and a comma splits the name in the comma-separated --accounts lists.
const accountNameRefused = `/?#%\<>"',` + "`"

// accountNameAllowed says what a name may hold, for every refusal's message.
const accountNameAllowed = "use letters, digits, spaces inside the name and punctuation such as - _ . @ + (not / ? # % \\ < > , or quotes, nor '-' first), at most 64 characters, such as alice-free"

// CheckAccountName refuses a name a new account (or a renamed one) may not have,
// saying what a name may hold. It is checked where an account is made, not in
// Account.Validate, so that a database holding an older name that breaks these rules
// keeps working. Errors: EINVALID, naming the field "name".
func CheckAccountName(name string) error {
	switch {
	case name == "":
		return FieldErrorf("name", "is empty (%s)", accountNameAllowed)
	case !utf8.ValidString(name):
		return FieldErrorf("name", "%q is not valid UTF-8 (%s)", name, accountNameAllowed)
	case utf8.RuneCountInString(name) > MaxAccountName:
		return FieldErrorf("name", "is longer than %d characters (%d; %s)", MaxAccountName, utf8.RuneCountInString(name), accountNameAllowed)
	case strings.ContainsFunc(name, unicode.IsControl):
		return FieldErrorf("name", "%q has a control character (%s)", name, accountNameAllowed)
	case strings.TrimSpace(name) != name:
		return FieldErrorf("name", "%q starts or ends with a space (%s)", name, accountNameAllowed)
	case strings.Contains(name, ","):
		return FieldErrorf("name", "%q has a comma, which separates names in --accounts lists (%s)", name, accountNameAllowed)
	case strings.HasPrefix(name, "-"):
		// A command naming the account later would read it as a flag.
		return FieldErrorf("name", "%q starts with '-', which reads as a flag in commands (%s)", name, accountNameAllowed)
	}
	if i := strings.IndexAny(name, accountNameRefused); i >= 0 {
		return FieldErrorf("name", "%q has %q (%s)", name, name[i:i+1], accountNameAllowed)
	}
	return nil
}
