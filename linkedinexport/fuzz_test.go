package linkedinexport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seed adds the realistic archive's file and a few awkward variants of it.
func seed(f *testing.F, file string) {
	data, err := os.ReadFile(filepath.Join(testArchive, "Basic_LinkedInDataExport_01-30-2026", file))
	if err != nil {
		f.Fatal(err)
	}
	s := string(data)
	f.Add(s)
	f.Add(strings.ReplaceAll(s, "\n", "\r\n"))
	f.Add(s[:len(s)/2])
	f.Add(strings.ReplaceAll(s, `"`, ""))
	f.Add("\ufeff")
	f.Add("")
	f.Add("Notes:\n\"unterminated\n")
}

// checkParse holds every parser to the same promises: no panic, an error names the
// file (and a CSV syntax error its line), every reported row names the file and a line
// from 1 on, and rows come in file order.
func checkParse(t *testing.T, name string, lines []int, bad []Unmatched, err error) {
	if err != nil {
		msg := err.Error()
		if !strings.Contains(msg, name) {
			t.Fatalf("error %q does not name the file", msg)
		}
		if strings.Contains(msg, "malformed") && !strings.Contains(msg, name+" line ") {
			t.Fatalf("error %q does not name the line", msg)
		}
		return
	}
	for i, l := range lines {
		if l < 1 || i > 0 && l <= lines[i-1] {
			t.Fatalf("row lines %v are not increasing from 1", lines)
		}
	}
	for _, u := range bad {
		if u.File != name || u.Line < 1 || u.Reason == "" || u.Cause == "" {
			t.Fatalf("unmatched row %+v: want the file, a line, a cause and a reason", u)
		}
	}
}

func FuzzReadConnections(f *testing.F) {
	seed(f, "Connections.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows, bad, err := ReadConnections(strings.NewReader(s), "Connections.csv", nil)
		var lines []int
		for _, r := range rows {
			lines = append(lines, r.Line)
			if r.Key.IsZero() || r.ConnectedOn.IsZero() {
				t.Fatalf("row %+v has no key or date", r)
			}
		}
		checkParse(t, "Connections.csv", lines, bad, err)
	})
}

func FuzzReadInvitations(f *testing.F) {
	seed(f, "Invitations.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows, bad, err := ReadInvitations(strings.NewReader(s), "Invitations.csv", nil)
		var lines []int
		for _, r := range rows {
			lines = append(lines, r.Line)
			if r.Direction != Outgoing && r.Direction != Incoming || r.SentAt.IsZero() {
				t.Fatalf("row %+v has no direction or date", r)
			}
		}
		checkParse(t, "Invitations.csv", lines, bad, err)
	})
}

func FuzzReadMessages(f *testing.F) {
	seed(f, "messages.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows, bad, err := ReadMessages(strings.NewReader(s), "messages.csv")
		var lines []int
		for _, r := range rows {
			lines = append(lines, r.Line)
			if r.At.IsZero() {
				t.Fatalf("row %+v has no date", r)
			}
		}
		checkParse(t, "messages.csv", lines, bad, err)
	})
}

// FuzzMatch runs whole archives of fuzzed messages through matching: whatever the
// rows say, matching never panics and gives each lead one replied event at most.
func FuzzMatch(f *testing.F) {
	seed(f, "messages.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows := &Rows{}
		rows.Files[Messages] = "messages.csv"
		var err error
		rows.Messages, rows.Unmatched, err = ReadMessages(strings.NewReader(s), "messages.csv")
		if err != nil {
			return
		}
		res, err := Match(rows, Options{Account: "a", Owner: key(t, "linkedin.com/in/alex-martin-owner"), Leads: testLeads(t)})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range res.Events {
			if seen[e.Lead] {
				t.Fatalf("two replied events for %s", e.Lead)
			}
			seen[e.Lead] = true
		}
	})
}

// FuzzOpenReader feeds damaged zips to the whole read: it must refuse them or read
// them, never panic, and every error must name the archive.
func FuzzOpenReader(f *testing.F) {
	good, err := os.ReadFile(zipDir(f, testArchive, nil))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := OpenReader("fuzz.zip", bytes.NewReader(data), int64(len(data)), Limits{MaxMemberSize: 1 << 20})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.zip") {
				t.Fatalf("error %q does not name the archive", err)
			}
			return
		}
		if _, err := Read(a, nil); err != nil && !strings.Contains(err.Error(), "fuzz.zip") {
			t.Fatalf("error %q does not name the archive", err)
		}
	})
}
