package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestForecastJSONAndChart(t *testing.T) {
	t.Parallel()
	svg := filepath.Join(t.TempDir(), "replies.svg")
	args := []string{"forecast", "--accounts", "free:1,sales-navigator:1", "--leads", "200", "--weeks", "3",
		"--runs", "6", "--seed", "4", "--svg", svg, "--json"}
	var out, errb bytes.Buffer
	if code := run(append(args, "--parallel"), nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var f struct {
		Runs           int                            `json:"runs"`
		Parallel       int                            `json:"parallel"`
		CompletionDays map[string]*float64            `json:"completion_days"`
		Accepted       map[string]*float64            `json:"accepted"`
		Replied        map[string]*float64            `json:"replied"`
		Actions        map[string]map[string]*float64 `json:"actions"`
		Replies        []map[string]float64           `json:"replies_by_day"`
	}
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if f.Runs != 6 || len(f.Replies) != 21 || f.Parallel < 1 {
		t.Errorf("runs %d, days %d, parallel %d", f.Runs, len(f.Replies), f.Parallel)
	}
	for name, p := range map[string]map[string]*float64{"accepted": f.Accepted, "replied": f.Replied, "invite": f.Actions["invite"]} {
		for _, q := range []string{"p10", "p50", "p90"} {
			if p[q] == nil {
				t.Errorf("%s has no %s", name, q)
			}
		}
	}
	if _, ok := f.CompletionDays["p50"]; !ok {
		t.Error("completion_days has no p50 (null when unfinished, but present)")
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, new(struct{})); err != nil || !strings.Contains(string(b), "Cumulative replies: 6 runs") {
		t.Errorf("chart is not the forecast's SVG (%v): %.200s", err, b)
	}

	// One run at a time gives the same figures.
	var seq bytes.Buffer
	if code := run(append(args, "--parallel=1"), nil, &seq, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	strip := func(s string) string {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.Contains(l, "wall_seconds") && !strings.Contains(l, `"parallel"`) {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	if strip(seq.String()) != strip(out.String()) {
		t.Error("--parallel changed the forecast")
	}
}

func TestForecastHumanOutput(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	code := run([]string{"forecast", "--accounts", "free:1", "--leads", "60", "--weeks", "8", "--runs", "4"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"P10", "P50", "P90", "Completion day", "Accepted", "Replied", "invite", "Finished runs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// The actions done have a heading of their own: indented under Replied, "email 14"
	// read as fourteen email replies (QA).
	if i, j := strings.Index(out.String(), "\nActions done"), strings.Index(out.String(), "  invite"); i < 0 || j < i ||
		strings.Index(out.String(), "Replied") > i {
		t.Errorf("the actions done are not under a heading of their own after Replied:\n%s", out.String())
	}
}

func TestForecastBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	aFile := writeFile(t, dir, "a-file", "x")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"zero runs", []string{"--runs", "0"}, exitFailed, "runs"},
		{"zero parallel", []string{"--parallel=0"}, exitUsage, "parallel"},
		{"parallel with a space", []string{"--parallel", "3"}, exitUsage, "write --parallel=3"},
		{"unknown strategy", []string{"--strategy", "yolo"}, exitFailed, "unknown strategy"},
		{"zero accounts", []string{"--accounts", "free:0"}, exitFailed, "names no account"},
		{"zero weeks", []string{"--weeks", "0"}, exitFailed, "weeks"},
		{"unwritable chart", []string{"--runs", "20", "--leads", "5", "--weeks", "1", "--svg", filepath.Join(dir, "no", "such", "dir.svg")}, exitFailed, "does not exist"},
		{"chart under a file", []string{"--runs", "20", "--leads", "5", "--weeks", "1", "--svg", filepath.Join(aFile, "x.svg")}, exitFailed, "is a file, not a directory"},
		{"chart is a directory", []string{"--runs", "20", "--leads", "5", "--weeks", "1", "--svg", dir}, exitFailed, "is a directory"},
		{"both lead sources", []string{"--leads", "5", "--leads-file", "x.csv"}, exitUsage, "not both"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			code := run(append([]string{"forecast"}, tc.args...), nil, &out, &errb)
			if code != tc.code || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errb.String(), tc.code, tc.want)
			}
			// Bad input is found before the runs, not after them.
			if strings.Contains(errb.String(), "paceline: forecast ") {
				t.Errorf("the forecast ran before the input was refused: %q", errb.String())
			}
		})
	}
}
