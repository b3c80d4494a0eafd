package api

import (
	"context"
	"strings"
	"testing"
)

// CheckCampaignSequence reports the sequence's rules and its fields together (QA found
// them refused one round at a time), each problem once; YAML that cannot be read
// stops the other checks.
func TestCheckCampaignSequenceReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := `name: x
stop_on: [replied]
steps:
  - id: connect
    invite:
      note: "Hi {{frist_name}}"
  - id: follow
    if: score >= 500
    visit: {}
`
	c, err := CheckCampaignSequence(ctx, []byte(src), nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Problems {
		got = append(got, p.Error())
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{"line 2: stop_on must include opted_out", `line 6, step connect: note: unknown field "frist_name"`, "line 8, step follow: if:"} {
		if strings.Count(text, want) != 1 {
			t.Errorf("problems lack %q once:\n%s", want, text)
		}
	}
	if len(c.Problems) != 3 || c.Seq == nil || c.Warnings != nil {
		t.Errorf("%d problems, seq %v, warnings %v; want 3, the sequence, none", len(c.Problems), c.Seq != nil, c.Warnings)
	}
	c, err = CheckCampaignSequence(ctx, []byte("name: x\nsteps: [\n"), nil, nil, nil)
	if err != nil || len(c.Problems) != 1 || c.Seq != nil || !strings.Contains(c.Problems[0].Message, "not valid YAML") {
		t.Errorf("unreadable YAML: %+v, %v", c, err)
	}
}

// POST /api/v1/sequences/validate and the dashboard's editor report a rule and a
// misspelt field together, as campaign creation does.
func TestValidateStoredSequenceReportsRulesAndFieldsTogether(t *testing.T) {
	t.Parallel()
	src := "name: x\nstop_on: [replied]\nsteps:\n  - id: connect\n    invite:\n      note: \"Hi {{frist_name}}\"\n"
	_, v, err := ValidateStoredSequence(context.Background(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || len(v.Errors) != 2 || v.Warnings == nil || !strings.Contains(v.Errors[0].Message, "stop_on") || !strings.Contains(v.Errors[1].Message, "frist_name") {
		t.Errorf("validation: %+v", v)
	}
}
