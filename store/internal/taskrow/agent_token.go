package taskrow

import "github.com/paceline/paceline"

// CheckAgentToken refuses an agent token without a name or a hash.
func CheckAgentToken(name, hash string) error {
	switch {
	case name == "":
		return paceline.FieldErrorf("name", "is empty (name the agent, such as laptop-extension)")
	case hash == "":
		return paceline.FieldErrorf("token", "is empty")
	}
	return nil
}

// AgentTokenTaken is the error for a second agent token with a name (or a token) already
// stored.
func AgentTokenTaken(name string) error {
	return paceline.Errorf(paceline.ECONFLICT, "an agent token named %q already exists (choose another name)", name)
}

// UnknownAgentToken is the error for a token no agent holds.
func UnknownAgentToken() error {
	return paceline.Errorf(paceline.ENOTFOUND, "unknown agent token")
}
