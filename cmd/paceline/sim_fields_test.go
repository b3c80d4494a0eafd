package main

import (
	"bytes"
	"strings"
	"testing"
)

// simulate --sequence refuses a misspelt field as campaigns create does, and accepts a
// custom field that is a column of --leads-file.
func TestSimulateChecksTemplateFields(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seq := writeFile(t, dir, "topic.yaml", "name: x\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}, on {{topic}}\"}\n")
	typo := writeFile(t, dir, "typo.yaml", "name: x\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_nme}}\"}\n")
	leads := writeFile(t, dir, "leads.csv", "profileUrl,fullName,title,topic\nhttps://www.linkedin.com/in/ada-lovelace,Ada Lovelace,Founder,engines\n")
	simulate := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(append([]string{"simulate", "--weeks", "1"}, args...), strings.NewReader(""), &out, &errb)
		return code, errb.String()
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--leads", "5", "--sequence", typo}, `line 4, step connect: note: unknown field "first_nme" (did you mean first_name?)`},
		{[]string{"--leads", "5", "--sequence", seq}, "synthetic leads, which have no custom fields"},
		{[]string{"--leads-file", leads, "--sequence", typo}, "unknown to the leads of " + leads},
	} {
		if code, errOut := simulate(tt.args...); code != exitFailed || !strings.Contains(errOut, tt.want) {
			t.Errorf("simulate %s: exit %d, stderr %q; want exit 1 saying %q", strings.Join(tt.args, " "), code, errOut, tt.want)
		}
	}
	if code, errOut := simulate("--leads-file", leads, "--sequence", seq); code != exitOK {
		t.Errorf("simulate with a custom field of --leads-file: exit %d, stderr %q", code, errOut)
	}
}
