package actionrow

import (
	"errors"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestCheckPlanned(t *testing.T) {
	t.Parallel()
	a := paceline.Action{Key: "k1", At: time.Unix(1, 0), Account: "ann", Kind: paceline.KindInvite,
		Lead: "l1", Result: paceline.ResultDone}
	if err := CheckPlanned(&a); err != nil {
		t.Fatalf("CheckPlanned(valid) = %v", err)
	}
	if a.Result != paceline.ResultDone {
		t.Fatalf("CheckPlanned changed the result to %s", a.Result)
	}
	noKey := a
	noKey.Key = ""
	var e *paceline.Error
	if err := CheckPlanned(&noKey); !errors.As(err, &e) || e.Field != "key" {
		t.Fatalf("CheckPlanned(no key) = %v, want an error on key", err)
	}
}
