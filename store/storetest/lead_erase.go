package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// testEraseRemovesRuntimeRecords erases one of two leads that the runtime has worked
// on (an enrollment, an assisted task, an AI-written text, a sent email): every one of
// its rows goes, under any of the references the runtime writes a lead by, and the
// other lead's rows stay.
func testEraseRemovesRuntimeRecords(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	rs, ok1 := s.(RuntimeStore)
	ts, ok2 := s.(paceline.TaskStore)
	ms, ok3 := s.(email.SentLog)
	ai, ok4 := s.(interface{ AIWriting() aiwrite.Store })
	if !ok1 || !ok2 || !ok3 || !ok4 {
		t.Fatalf("%T lacks the runtime, task, sent-mail or AI-text store", s)
	}
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/ada-l,Ada L,ada@acme.com\n"+
		"https://www.linkedin.com/in/bob-b,Bob B,bob@acme.com\n", lead.ImportOptions{})
	withAccounts(t, s, "alice", "alice-mail")
	if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	at := Clock.Truncate(Precision)
	// Ada under each of her references, Bob under his slug.
	refs := map[string]string{"ada-l": "ada", "in:ada-l": "ada", "email:ada@acme.com": "ada", "bob-b": "bob"}
	var recs []paceline.EnrollmentRecord
	i := 0
	for ref := range refs {
		i++
		recs = append(recs, paceline.EnrollmentRecord{Lead: ref, Account: "alice", LeadFacts: `{"first_name":"x"}`, Started: at})
		task := &paceline.Task{Account: "alice", Key: "q1/" + ref + "/connect", Kind: paceline.KindInvite, Lead: ref,
			ProfileURL: "https://www.linkedin.com/in/" + ref, Text: "Hi, glad to connect", Todo: "Send an invite",
			Campaign: "q1", Step: "connect", State: paceline.TaskOffered, Due: at, Expires: at.Add(time.Hour)}
		if _, err := ts.CreateTask(ctx, task); err != nil {
			t.Fatal(err)
		}
		if err := ms.RecordSent(ctx, email.Sent{Key: "q1/" + ref + "/mail", MessageID: ref + "@mail.example.com",
			Account: "alice-mail", Lead: ref, Campaign: "q1", To: "someone@acme.com", At: at}); err != nil {
			t.Fatal(err)
		}
		if err := ai.AIWriting().Put(ctx, aiwrite.Entry{LeadKey: ref, Campaign: "q1", StepID: "connect",
			Text: "Hi, glad to connect", Status: aiwrite.StatusReady, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := rs.AddEnrollments(ctx, "q1", recs); err != nil || n != len(recs) {
		t.Fatalf("enrolled %d, %v", n, err)
	}
	count := func() map[string]int {
		n := map[string]int{}
		for _, q := range []string{`SELECT lead FROM enrollments`, `SELECT lead FROM tasks`, `SELECT lead FROM ai_texts`, `SELECT lead FROM sent_mail`} {
			rows, err := db.Rows(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			for _, r := range rows {
				n[refs[strings.TrimSpace(r)]]++
			}
		}
		return n
	}
	if got := count(); got["ada"] != 12 || got["bob"] != 4 {
		t.Fatalf("before the erasure: %v, want 12 rows of ada's and 4 of bob's", got)
	}
	if _, err := s.EraseLead(ctx, mustLeadByKey(t, s, "in", "ada-l").ID); err != nil {
		t.Fatal(err)
	}
	if got := count(); got["ada"] != 0 || got["bob"] != 4 {
		t.Fatalf("after erasing ada: %v, want none of hers and bob's 4", got)
	}
}
