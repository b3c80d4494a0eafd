package aiwrite

import (
	"slices"
	"strings"
	"testing"
)

// TestGuardCheckForm holds the guard to finished plain text: template syntax, markdown,
// control characters and the model's chatter must never reach a lead, while ordinary
// notes, calls to action and sign-offs pass.
func TestGuardCheckForm(t *testing.T) {
	t.Parallel()
	g := Guard{MaxChars: 300, Banned: DefaultBanned(), Sources: []string{"Zoe", "lead engineer", "Acme"}}
	tests := []struct {
		text string
		want Rule // "" when the text passes
		says string
	}{
		{"Hi Zoe, your work as the lead engineer stands out; glad to connect.", "", ""},
		{"Hi Zoe, let me know if you are free for a chat next week.", "", ""},
		{"Hi Zoe, glad to connect.\n\nBest,\nSam", "", ""},
		{"Hi Zoe - glad to connect (no pitch, promise).", "", ""},
		{"Hi Zoe, code < coffee > meetings, as a lead engineer knows.", "", ""},
		{"Hi Zoe, the lead_engineer role at Acme looks fun.", "", ""},
		{"Hi {{first_name}}, glad to connect.", RulePlaceholder, `"{{first_name}}"`},
		{"Hi {first_name}, glad to connect.", RulePlaceholder, `"{first_name}"`},
		{"{Hi|Hello} Zoe, glad to connect.", RulePlaceholder, `"{Hi|Hello}"`},
		{"Hi <first name>, glad to connect.", RulePlaceholder, `"<first name>"`},
		{"Hi Zoe, glad to connect. — {{sender_first_name}}", RulePlaceholder, `"{{sender_first_name}}"`},
		{"Hi Zoe, glad to connect.\n[Your Name]", RulePlaceholder, `"[Your Name]"`},
		{"Hi Zoe, how is [company_name] doing?", RulePlaceholder, `"[company_name]"`},
		{"**Hi Zoe**, glad to connect.", RuleMarkup, `"**Hi Zoe**"`},
		{"Hi Zoe, *really* glad to connect.", RuleMarkup, `"*really*"`},
		{"# Hi Zoe\nGlad to connect.", RuleMarkup, `"# Hi Zoe"`},
		{"Hi Zoe,\n- glad to connect\n- lead engineer", RuleMarkup, `"- glad to connect"`},
		{"Hi\x00 Zoe, glad to connect.", RuleControl, "U+0000"},
		{"Hi Zoe,\tglad to connect.", RuleControl, "U+0009"},
		{"Let me know if you want changes.", RuleMeta, `"Let me know if you want changes."`},
		{"Hi Zoe, glad to connect. Let me know if you want changes.", RuleMeta, "Let me know if you want changes."},
		{"Hi Zoe, glad to connect.\n\nNote: I kept it short.", RuleMeta, `"Note: I kept it short."`},
		{"Here is a personalised note:\nHi Zoe, glad to connect.", RuleMeta, "Here is a personalised note:"},
		{"Here's the message: Hi Zoe, glad to connect.", RuleMeta, "Here's the message"},
		{"Hi Zoe, glad to connect.\nI kept it short and friendly.", RuleMeta, "I kept it short"},
		{"Hi Zoe, glad to connect.\n(Feel free to adjust the tone.)", RuleMeta, "Feel free to adjust"},
	}
	for _, tt := range tests {
		vs := g.Check(tt.text)
		var details []string
		for _, v := range vs {
			details = append(details, v.String())
		}
		if tt.want == "" {
			if len(vs) > 0 {
				t.Errorf("Check(%q) = %v, want it to pass", tt.text, details)
			}
			continue
		}
		i := slices.IndexFunc(vs, func(v Violation) bool { return v.Rule == tt.want })
		if i < 0 || !strings.Contains(vs[i].Detail, tt.says) {
			t.Errorf("Check(%q) = %v, want a %s violation saying %q", tt.text, details, tt.want, tt.says)
		}
	}
}
