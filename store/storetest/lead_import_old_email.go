package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// oldEmailForms are addresses as a lead stored before 469c444 holds them: lower-cased
// as written, NFD from a Mac's file or with a Unicode domain, with their canonical
// forms (lead.CanonicalEmail today).
var oldEmailForms = []struct{ name, old, canonical string }{
	{"NFD", "jose\u0301@acme.com", "jos\u00e9@acme.com"},
	{"UnicodeDomain", "anna@m\u00fcnchen.de", "anna@xn--mnchen-3ya.de"},
}

// RunImportOldEmailForms checks that a lead stored under an email in the form
// addresses had before they were put in NFC with an ASCII (punycode) domain is still
// found by that address: a re-import of it is the same lead, an opt-out row of it
// opts the lead out and suppresses its stored key (the runtime's SuppressedAmong
// hashes that one), FindLeadID finds it by the canonical form, and an erasure puts
// both forms on the suppression list.
func RunImportOldEmailForms(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	seed := func(t *testing.T, old string) LeadDB {
		db := open(t)
		err := db.ImportLeads(ctx, func(sink lead.Sink) error {
			return sink.Insert(&paceline.Lead{ID: 1, FirstName: "Old", Email: old}, []lead.Key{{Type: lead.KeyEmail, Value: old}})
		})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	// Two stored leads of different LinkedIn profiles, one under the canonical form
	// and one under the old form of an address, stay two leads: a row is not a reason
	// to fold them that it was not before.
	t.Run("TwoStoredFormsStayApart", func(t *testing.T) {
		db := open(t)
		err := db.ImportLeads(ctx, func(sink lead.Sink) error {
			for i, email := range []string{"jos\u00e9@acme.com", "jose\u0301@acme.com"} {
				slug := []string{"jose-a", "jose-b"}[i]
				l := &paceline.Lead{ID: int64(i + 1), FirstName: slug, Email: email, ProfileKey: slug}
				if err := sink.Insert(l, []lead.Key{{Type: lead.KeyEmail, Value: email}, {Type: lead.KeyProfile, Value: slug}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range []string{"jose-a,jos\u00e9@acme.com", "jose-b,jose\u0301@acme.com", "jose-b,jos\u00e9@acme.com"} {
			rep := mustImport(t, db, "profileUrl,email\nhttps://www.linkedin.com/in/"+row+"\n", lead.ImportOptions{})
			wantLeads(t, db, 2, rep)
		}
	})
	for _, f := range oldEmailForms {
		oldKey := lead.Key{Type: lead.KeyEmail, Value: f.old}
		newKey := lead.Key{Type: lead.KeyEmail, Value: f.canonical}
		t.Run("ReimportIsOneLead/"+f.name, func(t *testing.T) {
			db := seed(t, f.old)
			rep := mustImport(t, db, "first name,email\nOld,"+f.old+"\n", lead.ImportOptions{})
			wantLeads(t, db, 1, rep)
		})
		t.Run("CanonicalFormIsOneLead/"+f.name, func(t *testing.T) {
			db := seed(t, f.old)
			rep := mustImport(t, db, "first name,email\nOld,"+f.canonical+"\n", lead.ImportOptions{})
			wantLeads(t, db, 1, rep)
		})
		t.Run("OptOutReachesTheLead/"+f.name, func(t *testing.T) {
			db := seed(t, f.old)
			rep := mustImport(t, db, optOutHeader+","+f.old+",Old,,2026-01-01T00:00:00Z,,,\n", lead.ImportOptions{})
			err := db.EachLead(ctx, paceline.LeadFilter{WithOptedOut: true}, func(l *paceline.Lead, at time.Time) error {
				if at.IsZero() {
					t.Errorf("lead %d (%+q) not opted out after an opt-out row of its address (report %+v)", l.ID, l.Email, rep)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []lead.Key{oldKey, newKey} {
				if ok, err := db.IsSuppressed(ctx, k); err != nil || !ok {
					t.Errorf("%+q is not on the suppression list (%v): the lead's running sequence goes on", k.Value, err)
				}
			}
		})
		t.Run("FindLeadIDByCanonicalForm/"+f.name, func(t *testing.T) {
			db := seed(t, f.old)
			id, err := db.FindLeadID(ctx, newKey)
			if err != nil || id != 1 {
				t.Errorf("FindLeadID(%+q) = %d, %v; want lead 1", f.canonical, id, err)
			}
			_, domain, _ := strings.Cut(f.canonical, "@")
			if _, err := db.FindLeadID(ctx, lead.Key{Type: lead.KeyEmail, Value: "nob\u00f6dy@" + domain}); paceline.ErrorCode(err) != paceline.ENOTFOUND {
				t.Errorf("FindLeadID of an unknown address: %v, want ENOTFOUND", err)
			}
		})
		t.Run("ErasureSuppressesBothForms/"+f.name, func(t *testing.T) {
			db := seed(t, f.old)
			if _, err := db.EraseLead(ctx, 1); err != nil {
				t.Fatal(err)
			}
			for _, k := range []lead.Key{oldKey, newKey} {
				if ok, err := db.IsSuppressed(ctx, k); err != nil || !ok {
					t.Errorf("%+q is not on the suppression list after the lead's erasure (%v)", k.Value, err)
				}
			}
		})
	}
}
