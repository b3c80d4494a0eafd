package leadrow

import (
	"testing"

	"github.com/paceline/paceline"
)

func TestEnrich(t *testing.T) {
	t.Parallel()
	rescored := 0
	rescore := func(*paceline.Lead) { rescored++ }

	cur := &paceline.Lead{Title: "CTO"}
	if changed, newEmail := Enrich(cur, &paceline.Lead{Title: "CEO"}, rescore); changed || newEmail || rescored != 0 {
		t.Fatalf("nothing to fill: changed %v, newEmail %v, rescored %d", changed, newEmail, rescored)
	}
	changed, newEmail := Enrich(cur, &paceline.Lead{Email: "ann@example.com"}, rescore)
	if !changed || !newEmail || rescored != 1 || cur.Email != "ann@example.com" {
		t.Fatalf("first email: changed %v, newEmail %v, rescored %d, email %q", changed, newEmail, rescored, cur.Email)
	}
	if changed, newEmail := Enrich(cur, &paceline.Lead{Industry: "Retail"}, nil); !changed || newEmail {
		t.Fatalf("industry: changed %v, newEmail %v", changed, newEmail)
	}
}

func TestEmailKey(t *testing.T) {
	t.Parallel()
	k, err := EmailKey(7, " Ann@Example.com ")
	if err != nil || k.Value != "ann@example.com" {
		t.Fatalf("EmailKey = %+v, %v", k, err)
	}
	if _, err := EmailKey(7, "not an address"); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("EmailKey(bad) = %v, want EINVALID", err)
	}
}
