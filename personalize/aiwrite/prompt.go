package aiwrite

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
)

// what names the text a step needs, for the model.
func what(k paceline.ActionKind) string {
	switch k {
	case paceline.KindInvite:
		return "a LinkedIn connection request note"
	case paceline.KindMessage:
		return "a LinkedIn message to a 1st-degree connection"
	case paceline.KindInMail:
		return "the body of a LinkedIn InMail"
	case paceline.KindOpenProfileMessage:
		return "the body of a LinkedIn message to an Open Profile member"
	case paceline.KindEmail:
		return "the body of a short cold email (no subject line, no signature block)"
	}
	return "a short outreach message"
}

// messages builds the conversation for one request: a system message with the rules
// and a user message with the fields, the only facts the model may use, and the
// user's prompt.
func messages(req Request) []Message {
	system := fmt.Sprintf(`You write %s for a B2B outreach sequence, in the sender's voice.
Rules:
- At most %d characters in total, spaces included. Shorter is better.
- Use ONLY the facts in the profile fields and the sender's instructions below. Never invent names, companies, numbers, dates, events or shared history. If a fact is not given, write around it.
- Plain text only: no quotes around it, no placeholders such as [name], no subject line.
- Reply with the text itself and nothing else.`, what(req.Kind), req.MaxChars)
	keys := make([]string, 0, len(req.Fields))
	for k, v := range req.Fields {
		if strings.TrimSpace(v) != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("Profile fields (the only facts you may use):\n")
	if len(keys) == 0 {
		b.WriteString("(none)\n")
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(strings.Fields(req.Fields[k]), " "))
	}
	if p := strings.TrimSpace(req.Prompt); p != "" {
		fmt.Fprintf(&b, "\nInstructions from the sender:\n%s\n", p)
	}
	return []Message{{Role: "system", Content: system}, {Role: "user", Content: b.String()}}
}

// retry adds the rejected answer and the reasons to the conversation, for the one
// second attempt.
func retry(msgs []Message, answer string, vs []Violation, maxChars int) []Message {
	reasons := make([]string, len(vs))
	for i, v := range vs {
		reasons[i] = v.Detail
	}
	return append(slices.Clip(msgs),
		Message{Role: "assistant", Content: answer},
		Message{Role: "user", Content: fmt.Sprintf("That text cannot be sent: %s. Write it again, at most %d characters, using only the facts given.", strings.Join(reasons, "; "), maxChars)},
	)
}

// clean trims the white space and the wrapping quotes models like to add.
func clean(s string) string {
	s = strings.TrimSpace(s)
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"'", "'"}} {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			inner := s[len(q[0]) : len(s)-len(q[1])]
			if !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
				s = strings.TrimSpace(inner)
			}
		}
	}
	return s
}
