package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// internsCSV writes QA's leads file: n interns with no company.
func internsCSV(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("First Name,Last Name,Company,Title,LinkedIn URL\n")
	for i := range n {
		fmt.Fprintf(&b, "N%d,L%d,,Intern,https://www.linkedin.com/in/p%d\n", i, i, i)
	}
	return writeFile(t, dir, "interns.csv", b.String())
}

// simulateOut runs simulate or forecast, which must succeed, for its stdout.
func simulateOut(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, nil, &out, &errb); code != exitOK {
		t.Fatalf("paceline %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// QA's 2,000 interns: the campaign paused in week 6 for a low acceptance rate and the
// text said only "468 of 2000 invited", "98% of the allowance" and "1532 still in
// progress". It now says that the campaign paused, when, after how many invites, why,
// and what to do, counts the paused weeks as weeks with invites waiting, and forecast
// says how many runs paused and on which day.
func TestSimulateSaysTheCampaignPaused(t *testing.T) {
	t.Parallel()
	csv := internsCSV(t, t.TempDir(), 2000)
	out := simulateOut(t, "simulate", "--leads-file", csv, "--weeks", "12")
	paused := regexp.MustCompile(`Paused +invites stopped on day (\d+) of 84, after (\d+) invites, for a low acceptance rate: acceptance \d+% over the last 50 invites, below the campaign's 15%: review targeting or the note, then resume`)
	if !paused.MatchString(out) {
		t.Errorf("the text does not say the campaign paused, when and why:\n%s", out)
	}
	for _, want := range []string{
		"leads wait for an invite the pause holds back: a simulated campaign is never resumed",
		"paceline campaigns start",
		"held back by the pause)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text lacks %q:\n%s", want, out)
		}
	}
	if m := regexp.MustCompile(`invite +\d+ \((\d+)% of the allowance`).FindStringSubmatch(out); m == nil || atoi(t, m[1]) > 70 {
		t.Errorf("invite utilization of a run paused in its first half: want well under 100%%:\n%s", out)
	}

	var res struct {
		PausedReason string `json:"paused_reason"`
		PausedDay    int    `json:"paused_day"`
		PausedLeads  int    `json:"paused_leads"`
		Unfinished   int    `json:"unfinished"`
	}
	if err := json.Unmarshal([]byte(simulateOut(t, "simulate", "--leads-file", csv, "--weeks", "12", "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.PausedReason == "" || res.PausedDay < 1 || res.PausedDay > 84 || res.PausedLeads == 0 || res.PausedLeads > res.Unfinished {
		t.Errorf("JSON: %+v; want the pause's reason, day and leads", res)
	}

	fout := simulateOut(t, "forecast", "--leads-file", csv, "--weeks", "12", "--runs", "4")
	if !regexp.MustCompile(`Paused on day +[\d.]+ +[\d.]+ +[\d.]+\n`).MatchString(fout) ||
		!strings.Contains(fout, "Paused runs     4 of 4 paused their invites for a low acceptance rate") {
		t.Errorf("forecast does not say its runs paused and when:\n%s", fout)
	}
	var f struct {
		PausedRuns *int `json:"paused_runs"`
		PausedDay  struct {
			P50 *float64 `json:"p50"`
		} `json:"paused_day"`
	}
	if err := json.Unmarshal([]byte(simulateOut(t, "forecast", "--leads-file", csv, "--weeks", "12", "--runs", "4", "--json")), &f); err != nil {
		t.Fatal(err)
	}
	if f.PausedRuns == nil || *f.PausedRuns != 4 || f.PausedDay.P50 == nil {
		t.Errorf("forecast JSON: paused_runs %v, paused_day.p50 %v; want 4 and a day", f.PausedRuns, f.PausedDay.P50)
	}
	if fout := simulateOut(t, "forecast", "--leads", "100", "--weeks", "2", "--runs", "2"); !strings.Contains(fout, "Paused runs     0 of 2\n") {
		t.Errorf("a forecast that never paused:\n%s", fout)
	}
}

// An InMail step from free seats was simulated as "Completed in 0.0 days" with no
// action and exit 0, while campaigns create refuses it: simulate and forecast now run
// the same check (api.CheckStepKinds) and refuse it; a paid seat beside makes it a
// warning, and the email step of the built-in sequence, which a simulated seat sends,
// is not warned about.
func TestSimulateChecksStepKindsAgainstSeats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	im := writeFile(t, dir, "im2.yaml", "name: im2\nsteps:\n  - id: inm\n    inmail: {subject: \"Hi\", body: \"Hello {{first_name}}\"}\n")
	for _, cmd := range []string{"simulate", "forecast"} {
		ledger := filepath.Join(dir, cmd+"-ledger")
		args := []string{cmd, "--sequence", im, "--accounts", "free:2", "--leads", "100", "--weeks", "2"}
		if cmd == "forecast" {
			args = append(args, "--runs", "2")
		} else {
			args = append(args, "--ledger", ledger)
		}
		var out, errb bytes.Buffer
		code := run(args, nil, &out, &errb)
		want := "im2.yaml cannot be sent from these accounts:\nline 3, step inm: no account of this campaign can carry out this inmail step (free:2 (free) has no InMail credits): every lead would skip it"
		if code != exitFailed || !strings.Contains(errb.String(), want) || out.Len() != 0 {
			t.Errorf("%s of an InMail from free seats: exit %d, stdout %q, stderr %q; want exit 1 saying %q", cmd, code, out.String(), errb.String(), want)
		}
		if _, err := os.Stat(ledger); err == nil {
			t.Errorf("%s: a refused run created its --ledger directory", cmd)
		}

		out.Reset()
		errb.Reset()
		args[4] = "free:1,sales-navigator:1"
		if code := run(args[:len(args)-2], nil, &out, &errb); code != exitOK || !strings.Contains(errb.String(), "account free:1 cannot carry out this inmail step") {
			t.Errorf("%s of an InMail from a free and a paid seat: exit %d, stderr %q; want it run with a warning", cmd, code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"simulate", "--accounts", "free:1", "--leads", "20", "--weeks", "1"}, nil, &out, &errb); code != exitOK || errb.Len() != 0 {
		t.Errorf("the built-in sequence from a free seat: exit %d, stderr %q; want no warning", code, errb.String())
	}
}

// Personal notes a free account could not send were silent: fallback: wait sent 10
// invites in 8 weeks at "1% of the allowance", fallback: plain sent 195 of 200 without
// the note. Both now say so, and why. Leads held for a blank field say which field
// and that they will not move until it is filled in.
func TestSimulateSaysWhyLeadsStalled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seq := func(name, note, fallback string) string {
		return writeFile(t, dir, name+".yaml", "name: "+name+"\nsteps:\n  - id: connect\n    invite:\n      note: \""+note+"\"\n      fallback: "+fallback+"\n")
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"fallback: wait on a free account", []string{"--sequence", seq("w", "Hi {{first_name}}, glad to connect", "wait"), "--leads", "200", "--weeks", "8"}, []string{
			"Note quota     190 leads wait for a personal note: a free account has 5 personal notes a month, and the invite's fallback: wait holds it until the quota renews",
			"(190 leads unfinished: 190 waiting for a note quota)",
		}},
		{"fallback: plain on a free account", []string{"--sequence", seq("p", "Hi {{first_name}}, glad to connect", "plain"), "--leads", "200", "--weeks", "8"}, []string{
			"Fallbacks      195 leads: step connect: the account has no personal note left until its quota renews; sent as a plain invite (fallback: plain)",
			"the cause is the monthly personal-note quota: a free account has 5 personal notes a month",
		}},
		{"a {{company}} note held for leads without one", []string{"--sequence", seq("c", "Hi {{first_name}}, I saw {{company}}", "wait"),
			"--accounts", "sales-navigator:1", "--leads-file", internsCSV(t, dir, 40), "--weeks", "2"}, []string{
			"Held           40 leads: step connect: the note needs the lead's company, which is blank; held for review (fallback: wait)",
			"they will not move until their company is filled in",
			"(40 leads unfinished: 40 held for review)",
		}},
	} {
		out := simulateOut(t, append([]string{"simulate", "--accounts", "free:1"}, tc.args...)...)
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the text lacks %q:\n%s", tc.name, want, out)
			}
		}
	}
}

// A failed simulate left its --ledger directory tree behind: every input is checked
// before the directory is made.
func TestSimulateRefusedLeavesNoLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := writeFile(t, dir, "broken.yaml", "name: b\nsteps:\n  - id: x\n    nonsense: 1\n")
	for name, args := range map[string][]string{
		"broken sequence":    {"--sequence", broken},
		"weeks out of range": {"--weeks", "0"},
		"unknown time zone":  {"--time-zone", "Mars/Olympus"},
	} {
		ledger := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"), "a", "b")
		var out, errb bytes.Buffer
		code := run(append([]string{"simulate", "--leads", "5", "--ledger", ledger}, args...), nil, &out, &errb)
		if code == exitOK {
			t.Errorf("%s: exit 0", name)
		}
		if _, err := os.Stat(filepath.Dir(filepath.Dir(ledger))); err == nil {
			t.Errorf("%s: exit %d left %s behind", name, code, filepath.Dir(filepath.Dir(ledger)))
		}
	}
}

// atoi reads a number the test's pattern matched.
func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
