package sequence

import (
	"errors"
	"strings"
	"testing"
)

func TestConditionEval(t *testing.T) {
	t.Parallel()
	none := Facts{}
	conn := Facts{Connected: true}
	open := Facts{OpenProfile: true, Score: 40}
	rich := Facts{Connected: true, OpenProfile: true, HasEmail: true, Premium: true, Score: 90}
	tests := []struct {
		src  string
		true []Facts
		fals []Facts
	}{
		{"connected", []Facts{conn, rich}, []Facts{none, open}},
		{"not connected", []Facts{none, open}, []Facts{conn, rich}},
		{"open_profile", []Facts{open, rich}, []Facts{none, conn}},
		{"has_email", []Facts{rich}, []Facts{none, conn, open}},
		{"premium", []Facts{rich}, []Facts{none, open}},
		{"score >= 40", []Facts{open, rich}, []Facts{none, conn}},
		{"score > 40", []Facts{rich}, []Facts{open}},
		{"score <= 40", []Facts{open, none}, []Facts{rich}},
		{"score < 40", []Facts{none}, []Facts{open, rich}},
		{"score == 40", []Facts{open}, []Facts{none, rich}},
		{"score = 40", []Facts{open}, []Facts{rich}},
		{"score != 40", []Facts{none, rich}, []Facts{open}},
		{"score <= 0", []Facts{none, conn}, []Facts{open, rich}},
		{"score >= 100", nil, []Facts{none, open, rich}},
		{"connected and has_email", []Facts{rich}, []Facts{conn, open}},
		{"connected or open_profile", []Facts{conn, open, rich}, []Facts{none}},
		{"not connected and open_profile", []Facts{open}, []Facts{none, conn, rich}},
		{"not (connected or open_profile)", []Facts{none}, []Facts{conn, open, rich}},
		{"connected or open_profile and premium", []Facts{conn, rich}, []Facts{open, none}},
		{"(connected or open_profile) and score>=50", []Facts{rich}, []Facts{conn, open}},
		{"not not connected", []Facts{conn}, []Facts{none}},
		{"  connected   and\tpremium ", []Facts{rich}, []Facts{conn}},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.src)
		if err != nil {
			t.Errorf("ParseCondition(%q): %v", tt.src, err)
			continue
		}
		for _, f := range tt.true {
			if !c.Eval(f) {
				t.Errorf("%q is false for %+v, want true", tt.src, f)
			}
		}
		for _, f := range tt.fals {
			if c.Eval(f) {
				t.Errorf("%q is true for %+v, want false", tt.src, f)
			}
		}
	}
	var nilCond *Condition
	if !nilCond.Eval(none) {
		t.Error("a nil condition must hold")
	}
}

func TestConditionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"", "empty condition"},
		{"   ", "empty condition"},
		{"replied", `unknown fact "replied"`},
		{"connected &&premium", "unexpected '&'"},
		{"connected premium", `unexpected "premium"`},
		{"connected and", "ends where a fact was expected"},
		{"(connected", "not closed"},
		{"connected)", `unexpected ")"`},
		{"score", "needs a comparison"},
		{"score >= high", "whole number"},
		{"score >=", "whole number"},
		{"not", "ends where a fact"},
		{"Connected", `unknown fact "Connected"`},
	}
	for _, tt := range tests {
		_, err := ParseCondition(tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCondition(%q) error = %v, want it to contain %q", tt.src, err, tt.want)
		}
	}
}

func TestConditionRequiresConnected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want bool
	}{
		{"connected", true},
		{"connected and score >= 50", true},
		{"connected or premium", false},
		{"not connected", false},
		{"not not connected", true},
		{"connected or score > 99", false},
		{"(connected or open_profile) and (connected or has_email)", false},
		{"(connected or open_profile) and not open_profile", true},
		{"open_profile", false},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.requires("connected"); got != tt.want {
			t.Errorf("requires(%q, connected) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestConditionString(t *testing.T) {
	t.Parallel()
	c, err := ParseCondition("  connected   and not  premium")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != "connected and not premium" {
		t.Errorf("String() = %q", got)
	}
}

func TestConditionRequiresOpenProfile(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]bool{
		"open_profile": true, "open_profile and not connected": true, "open_profile or premium": false,
		"connected": false, "score > 50 and open_profile": true,
	} {
		c, err := ParseCondition(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.requires("open_profile"); got != want {
			t.Errorf("requires(%q, open_profile) = %v, want %v", src, got, want)
		}
	}
}

// TestValidateScoreRange checks that, with CheckScores (campaign creation and the
// editor), an if: comparing the score so that it holds for every score from 0 to 100
// or for none is refused on the if: line, and that Parse alone still loads it, as the
// runtime loads a campaign stored before the check.
func TestValidateScoreRange(t *testing.T) {
	t.Parallel()
	tests := []struct{ cond, want string }{
		{"score >= 500", "if: score >= 500 never holds: scores go from 0 to 100"},
		{"score > 100", "never holds"},
		{"score == 101", "never holds"},
		{"score < 0", "never holds"},
		{"score <= 500", "if: score <= 500 always holds"},
		{"score >= 0", "always holds"},
		{"score >= -5", "always holds"},
		{"score != 150", "always holds"},
		{"premium and score >= 500", "never holds"},
		{"score >= 100", ""},
		{"score <= 0", ""},
		{"score > 99 or not (score < 1)", ""},
	}
	for _, tt := range tests {
		src := "name: s\nsteps:\n  - id: look\n    visit: {}\n  - id: again\n    if: " + tt.cond + "\n    visit: {}\n"
		seq, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("Parse(if: %s) = %v, want it loaded", tt.cond, err)
		}
		err = Validate(seq, Options{CheckScores: true})
		var errs ValidationErrors
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("if: %s: %v, want it accepted", tt.cond, err)
		case tt.want != "" && (!errors.As(err, &errs) || len(errs) != 1 || errs[0].Line != 6 || !strings.Contains(errs[0].Message, tt.want)):
			t.Errorf("if: %s: %v, want one problem on line 6 saying %q", tt.cond, err, tt.want)
		}
	}
}
