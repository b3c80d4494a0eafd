package main

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

func TestCommaList(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ,", nil},
		{"alice", []string{"alice"}},
		{" alice, bob ,,carol ", []string{"alice", "bob", "carol"}},
	} {
		if got := commaList(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("commaList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadFlagFileMissing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "missing.yaml")
	_, err := readFlagFile("icp", path)
	if paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("code = %q, want %q (err %v)", paceline.ErrorCode(err), paceline.EINVALID, err)
	}
	want := "icp: cannot read " + path + ": no such file or directory"
	if got := paceline.ErrorMessage(err); got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}
