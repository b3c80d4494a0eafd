package lead

import (
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

// storedFormsSink is a memSink that reads and looks its keys up as the stores do:
// Known passes its leads through CanonicalKnown; Owners tries a key no lead holds
// exactly by its OtherForms too.
type storedFormsSink struct{ *memSink }

func (s storedFormsSink) Known(fn func(int64, []Key) error) error {
	ck := CanonicalKnown{Fn: fn}
	if err := s.memSink.Known(ck.Add); err != nil {
		return err
	}
	return ck.Done()
}

func (s storedFormsSink) Owners(keys []Key) ([]int64, error) {
	var ids []int64
	for _, k := range keys {
		found, _ := s.memSink.Owners([]Key{k})
		for _, f := range k.OtherForms() {
			if len(found) > 0 {
				break
			}
			found, _ = s.memSink.Owners([]Key{f})
		}
		ids = append(ids, found...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// A lead stored before addresses were put in NFC with an ASCII domain holds its email
// key lower-cased as written (NFD from a Mac, a Unicode domain). Re-importing the
// address, as written then or in its canonical form, must find that lead, not make a
// second one of the same person.
func TestImportFindsALeadStoredUnderAnOldEmailForm(t *testing.T) {
	t.Parallel()
	for _, f := range []struct{ old, canonical string }{
		{"jose\u0301@acme.com", "jos\u00e9@acme.com"},
		{"anna@m\u00fcnchen.de", "anna@xn--mnchen-3ya.de"},
	} {
		for _, written := range []string{f.old, f.canonical} {
			m := newMemSink()
			m.leads[1] = &paceline.Lead{ID: 1, FirstName: "Old", Email: f.old}
			m.keys[Key{KeyEmail, f.old}] = 1
			rep, err := runImport(t, storedFormsSink{m}, "first name,email\nOld,"+written+"\n", ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.leads) != 1 {
				t.Errorf("lead stored under %+q, row %+q: %d leads, want 1; report %+v", f.old, written, len(m.leads), rep)
			}
		}
	}
}

func TestKeyOtherForms(t *testing.T) {
	t.Parallel()
	forms := func(v string) []string {
		var out []string
		for _, k := range (Key{KeyEmail, v}).OtherForms() {
			out = append(out, k.Value)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"jane@acme.com", nil},
		{"jos\u00e9@acme.com", []string{"jose\u0301@acme.com"}},
		{"jose\u0301@acme.com", []string{"jos\u00e9@acme.com"}},
		{"anna@xn--mnchen-3ya.de", []string{"anna@mu\u0308nchen.de", "anna@m\u00fcnchen.de"}},
		{"anna@m\u00fcnchen.de", []string{"anna@mu\u0308nchen.de", "anna@xn--mnchen-3ya.de"}},
	} {
		if got := forms(c.in); !slices.Equal(got, c.want) {
			t.Errorf("OtherForms(%+q) = %+q, want %+q", c.in, got, c.want)
		}
	}
	if got := (Key{KeyProfile, "jos\u00e9"}).OtherForms(); got != nil {
		t.Errorf("a profile key has other forms: %v", got)
	}
}

// CanonicalKnown adds the canonical form of a stored old-form email, unless another
// stored lead holds it or two leads' old forms share it; every other lead goes
// through as it is, at once.
func TestCanonicalKnown(t *testing.T) {
	t.Parallel()
	got := map[int64][]Key{}
	var order []int64
	ck := CanonicalKnown{Fn: func(id int64, keys []Key) error {
		got[id], order = slices.Clone(keys), append(order, id)
		return nil
	}}
	ascii := []Key{{KeyProfile, "jane-doe"}, {KeyEmail, "jane@acme.com"}}
	leads := []struct {
		id   int64
		keys []Key
		want []Key // the keys passed on
	}{
		{1, []Key{{KeyEmail, "jose\u0301@acme.com"}}, []Key{{KeyEmail, "jose\u0301@acme.com"}, {KeyEmail, "jos\u00e9@acme.com"}}},
		{2, ascii, ascii},
		// anna's canonical form is held by lead 4: lead 3 keeps its own key only.
		{3, []Key{{KeyEmail, "anna@m\u00fcnchen.de"}}, []Key{{KeyEmail, "anna@m\u00fcnchen.de"}}},
		{4, []Key{{KeyEmail, "anna@xn--mnchen-3ya.de"}}, []Key{{KeyEmail, "anna@xn--mnchen-3ya.de"}}},
		// Two leads hold old forms of one address: neither takes the canonical form.
		{5, []Key{{KeyEmail, "ren\u00e9@m\u00fcnchen.de"}}, []Key{{KeyEmail, "ren\u00e9@m\u00fcnchen.de"}}},
		{6, []Key{{KeyEmail, "rene\u0301@mu\u0308nchen.de"}}, []Key{{KeyEmail, "rene\u0301@mu\u0308nchen.de"}}},
	}
	for _, l := range leads {
		if err := ck.Add(l.id, l.keys); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(order, []int64{2, 4}) {
		t.Errorf("leads passed on before Done: %v, want [2 4] (those without a non-ASCII email)", order)
	}
	if err := ck.Done(); err != nil {
		t.Fatal(err)
	}
	for _, l := range leads {
		if !slices.Equal(got[l.id], l.want) {
			t.Errorf("lead %d: passed on %+q, want %+q", l.id, got[l.id], l.want)
		}
	}
}
