package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/sim"
)

func TestSimulateJSONAndLedger(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "run")
	var out, errb bytes.Buffer
	code := run([]string{"simulate", "--accounts", "free:2,sales-navigator:1", "--leads", "400", "--weeks", "4",
		"--seed", "9", "--start", "2026-03-02T00:00:00Z", "--ledger", dir, "--json"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res struct {
		Strategy       string             `json:"strategy"`
		Accounts       int                `json:"accounts"`
		Leads          int                `json:"leads"`
		Weeks          int                `json:"weeks"`
		Actions        map[string]int     `json:"actions"`
		Accepted       *int               `json:"accepted"`
		Replied        *int               `json:"replied"`
		LimitNotices   *int               `json:"limit_notices"`
		Restrictions   *int               `json:"restrictions"`
		Violations     *int               `json:"violations"`
		Utilization    map[string]float64 `json:"utilization"`
		CompletionDays *float64           `json:"completion_days"`
		WallSeconds    *float64           `json:"wall_seconds"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if res.Strategy != "paceline" || res.Accounts != 3 || res.Leads != 400 || res.Weeks != 4 {
		t.Errorf("header fields: %+v", res)
	}
	if res.Accepted == nil || res.Replied == nil || res.LimitNotices == nil || res.Restrictions == nil ||
		res.Violations == nil || res.WallSeconds == nil || res.Actions["invite"] == 0 {
		t.Errorf("missing fields in %s", out.String())
	}
	if !strings.Contains(out.String(), `"completion_days": null`) {
		t.Errorf("400 leads cannot finish in 4 weeks; want completion_days null in %s", out.String())
	}
	// The ledger on disk audits to the same verdict.
	l, err := audit.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := audit.Check(l).Violations; got != *res.Violations {
		t.Errorf("audit of the written ledger: %d violations, the run said %d", got, *res.Violations)
	}
	if len(l.Accounts) != 3 {
		t.Errorf("ledger has %d accounts, want 3", len(l.Accounts))
	}
}

func TestSimulateHumanOutputAndStrategies(t *testing.T) {
	t.Parallel()
	for _, st := range []string{"paceline", "calendar", "daily"} {
		var out, errb bytes.Buffer
		code := run([]string{"simulate", "--accounts", "free:1", "--leads", "50", "--weeks", "2", "--strategy", st}, nil, &out, &errb)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", st, code, errb.String())
		}
		for _, want := range []string{"Strategy", st, "invite", "Accepted", "Audit"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: output lacks %q:\n%s", st, want, out.String())
			}
		}
	}
}

func TestSimulateLeadsFile(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	code := run([]string{"simulate", "--accounts", "free:1", "--leads-file", "../../lead/testdata/sales_navigator.csv", "--weeks", "1", "--json"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"leads"`) {
		t.Errorf("no result: %s", out.String())
	}
}

func TestSimulateBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badSeq := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badSeq, []byte("name: x\nsteps:\n  - id: hello\n    message: \"hi\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badBin := filepath.Join(dir, "leads.csv")
	if err := os.WriteFile(badBin, []byte("PK\x03\x04\x00\x00binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	noID := filepath.Join(dir, "names.csv")
	if err := os.WriteFile(noID, []byte("First Name,Company\nAda,Acme\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"invalid sequence", []string{"--sequence", badSeq}, exitFailed, "not a valid sequence"},
		{"leads file without identity", []string{"--leads-file", noID}, exitFailed, "rename one column to profileUrl, URL or email"},
		{"missing sequence", []string{"--sequence", filepath.Join(dir, "nope.yaml")}, exitFailed, "cannot read"},
		{"unknown strategy", []string{"--strategy", "yolo"}, exitFailed, "unknown strategy"},
		{"unknown account type", []string{"--accounts", "gold:2"}, exitFailed, "unknown account type"},
		{"zero accounts", []string{"--accounts", "free:0"}, exitFailed, "names no account"},
		{"zero leads", []string{"--leads", "0"}, exitFailed, "leads"},
		{"zero weeks", []string{"--weeks", "0"}, exitFailed, "weeks"},
		{"bad start", []string{"--start", "yesterday"}, exitFailed, "start"},
		{"both lead sources", []string{"--leads", "5", "--leads-file", "x.csv"}, exitUsage, "not both"},
		{"leads file is a directory", []string{"--leads-file", dir}, exitFailed, "is a directory; give the CSV file"},
		{"leads file is binary", []string{"--leads-file", badBin}, exitFailed, "leads-file: " + badBin + ": the file is a zip archive"},
		{"ledger is a file", []string{"--leads", "5", "--weeks", "1", "--ledger", badSeq}, exitFailed, "is a file, not a directory"},
		{"ledger under a file", []string{"--leads", "5", "--weeks", "1", "--ledger", filepath.Join(badSeq, "run")}, exitFailed, "ledger: cannot create the directory " + filepath.Join(badSeq, "run") + ": not a directory; give a directory you can write to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			code := run(append([]string{"simulate"}, tc.args...), nil, &out, &errb)
			if code != tc.code || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errb.String(), tc.code, tc.want)
			}
		})
	}
}

// TestSimulateLeadsFileIsReadAsImported gives simulate a file that lists one person
// twice (two forms of her URL) and a CEO: the run must count two leads, its finished,
// stopped and unfinished must add up to them, and the leads must carry the built-in
// ICP score that an import gives, not 0 (the simulated LinkedIn answers by fit).
func TestSimulateLeadsFileIsReadAsImported(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "leads.csv")
	csv := "First Name,Last Name,URL,Email Address,Company,Position\r\n" +
		"Jean,Dupont,https://fr.linkedin.com/in/jean-dupont-123/,,Acme SAS,VP Sales\r\n" +
		"Ann,Lee,https://www.linkedin.com/in/ann-lee,ann@lee.io,Lee Inc,CEO\r\n" +
		"Jean,,HTTP://WWW.LINKEDIN.COM/in/JEAN-DUPONT-123?trk=x,jean@acme.fr,,\r\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"simulate", "--leads-file", path, "--weeks", "2", "--json"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res struct{ Leads, Finished, Stopped, Unfinished int }
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if res.Leads != 2 || res.Finished+res.Stopped+res.Unfinished != res.Leads {
		t.Errorf("leads %d, finished %d + stopped %d + unfinished %d; want 2 leads, all accounted for",
			res.Leads, res.Finished, res.Stopped, res.Unfinished)
	}
	if !strings.Contains(errb.String(), "1 row named a person already in the file and was merged") {
		t.Errorf("the merged row is not reported: %q", errb.String())
	}

	var quiet bytes.Buffer
	leads, err := (&app{stderr: &quiet}).readLeads(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(leads) != 2 || leads[0].ProfileKey != "jean-dupont-123" || leads[0].Email != "jean@acme.fr" {
		t.Fatalf("leads %+v; want Jean (with the second row's email) then Ann", leads)
	}
	for _, l := range leads {
		if l.Score == 0 || len(l.Explanation) == 0 {
			t.Errorf("%s has score %d and no explanation; want the built-in ICP score", l.Name(), l.Score)
		}
	}
}

// TestSimulateSaysWhenTheLeadsRanOut runs 200 leads for 4 weeks on one free account:
// they are all invited in about two weeks, so the utilization of 100% (of the weeks with
// invites waiting) used to read as if the account sent its whole 4-week allowance. The
// line says which weeks the figure counts and by which day every lead was invited, the
// day of the last invite in the ledger.
func TestSimulateSaysWhenTheLeadsRanOut(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "run")
	var out, errb bytes.Buffer
	if code := run([]string{"simulate", "--leads", "200", "--weeks", "4", "--ledger", dir}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var line string
	for l := range strings.Lines(out.String()) {
		if strings.HasPrefix(strings.TrimSpace(l), "invite ") {
			line = l
		}
	}
	if !strings.Contains(line, "% of the allowance while invites were waiting") {
		t.Errorf("the invite line does not say which weeks its allowance counts: %q", line)
	}
	var day int
	if _, after, ok := strings.Cut(line, "all 200 leads invited by day "); !ok {
		t.Fatalf("the invite line does not say the leads ran out: %q", line)
	} else if _, err := fmt.Sscanf(after, "%d of 28", &day); err != nil {
		t.Fatalf("%v in %q", err, line)
	}
	l, err := audit.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	for _, a := range l.Actions {
		if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone && a.At.After(last) {
			last = a.At
		}
	}
	if want := int(last.Sub(sim.DefaultStart).Hours()/24) + 1; day != want || day >= 28 {
		t.Errorf("invited by day %d, the ledger's last invite is on day %d of 28", day, want)
	}
}
