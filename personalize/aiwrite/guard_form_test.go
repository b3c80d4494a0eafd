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
		{"Hi Zoe,\n- glad to connect\n- lead engineer", "", ""},
		{"```\nHi Zoe, glad to connect.\n```", RuleMarkup, "```"},
		{"Hi Zoe, __glad__ to connect.", RuleMarkup, `"__glad__"`},
		{"Hi\x00 Zoe, glad to connect.", RuleControl, "U+0000"},
		{"Hi Zoe,\tglad to connect.", "", ""},
		{"Hi Zoe,\r\nglad to connect.\r\n\r\nBest,\r\nSam", "", ""},
		{"Hi Zoe,\rglad to connect.", "", ""},
		{"Hi Zoe,\x0bglad to connect.", RuleControl, "U+000B"},
		{"Hi Zoe, glad to connect.\r\n\r\nNote: I kept it short.", RuleMeta, `"Note: I kept it short."`},
		{"Let me know if you'd like any changes to this message.", RuleMeta, "changes to this message"},
		{"Hi Zoe, glad to connect.\nLet me know if you want a shorter version.", RuleMeta, "shorter version"},
		{"Here is a draft for Zoe.\nHi Zoe, glad to connect.", RuleMeta, "Here is a draft"},
		{"Hi Zoe, glad to connect.\nNote: the message stays under 300 characters.", RuleMeta, "Note: the message"},
		{"Sure! Here is a short, personalised note:\nHi Zoe, glad to connect.", RuleMeta, "Here is a short, personalised note:"},
		{"Sure, here's the message: Hi Zoe, glad to connect.", RuleMeta, "here's the message"},
		{"Hi Zoe, glad to connect.\n[First Name]", RulePlaceholder, `"[First Name]"`},
		{"Hi <recipient's company> team, glad to connect.", RulePlaceholder, `"<recipient's company>"`},
		{"Hi [NAME], glad to connect.", RulePlaceholder, `"[NAME]"`},
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

// TestGuardFormPassesOrdinaryText holds the form rules to what the model says about its
// text: calls to action, email lists and sign-offs, and brackets that name no field
// were refused before (a refused text silently falls back to the template).
func TestGuardFormPassesOrdinaryText(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"Let me know if Tuesday works, happy to adjust if not.",
		"Let me know if a different day suits you.",
		"Let me know if anything changes on your side.",
		"Let me know if you want to revisit this in spring.",
		"Feel free to change the slot.",
		"Here's an option: we meet Tuesday.",
		"Perks:\n- remote\n- equity",
		"Thanks for your time.\n\nCheers,\n- Ann",
		"We pass a List<String> around.",
		"[Remote] Senior Go role",
		"Note: the office moves in May.\nBest, Ann",
		"Hi Zoe,\r\n\r\nglad to connect.\r\n\tAnn",
	} {
		if vs := checkForm(NormaliseLineBreaks(text)); len(vs) > 0 {
			t.Errorf("checkForm(%q) = %v, want it to pass", text, vs)
		}
	}
}

// TestGuardCountsCRLFAsOneBreak: a browser's CRLF is one character of the limit, as the
// text stored and sent holds "\n".
func TestGuardCountsCRLFAsOneBreak(t *testing.T) {
	t.Parallel()
	if vs := (Guard{MaxChars: 5}).Check("ab\r\ncd"); len(vs) > 0 {
		t.Errorf("Check(ab CRLF cd) with a limit of 5 = %v, want it to pass", vs)
	}
	if got := NormaliseLineBreaks("a\r\nb\rc\n"); got != "a\nb\nc\n" {
		t.Errorf("NormaliseLineBreaks = %q", got)
	}
}
