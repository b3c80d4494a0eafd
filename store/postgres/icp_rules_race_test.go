package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/storetest"
)

// icpRaceYAML scores a vice president 35 and anyone else 5; the built-in rules score
// neither so.
const icpRaceYAML = "base: 5\nseniority:\n  vp: 30\n"

// icpRaceCSV is one vice president.
const icpRaceCSV = "profileUrl,fullName,title,seniority\nhttps://www.linkedin.com/in/ann-vp,Ann Vee,VP Sales,vp\n"

// heldImport is the store with its imports held open, fn's leads written but not
// committed, until held returns.
type heldImport struct {
	*Store
	held func()
}

func (h heldImport) ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error {
	return h.Store.ImportLeads(ctx, func(sink lead.Sink) error {
		if err := fn(sink); err != nil {
			return err
		}
		h.held()
		return nil
	})
}

// doneOrWaiting returns once done is closed or another transaction waits for a lock
// on the leads table: the barrier of the tests below, which must not wait for a
// transaction that waits for them.
func doneOrWaiting(t *testing.T, s *Store, done <-chan struct{}) {
	t.Helper()
	for {
		select {
		case <-done:
			return
		default:
		}
		var waiting int
		if err := s.pool.QueryRow(context.Background(),
			`SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'leads'::regclass`).Scan(&waiting); err != nil {
			t.Error(err)
			return
		}
		if waiting > 0 {
			return
		}
	}
}

// wantAnnScored checks that the lead of icpRaceCSV has the score icpRaceYAML gives it,
// the rules in force.
func wantAnnScored(t *testing.T, s *Store) {
	t.Helper()
	kept, ok, err := s.ICPRules(context.Background())
	if err != nil || !ok || kept.YAML != icpRaceYAML {
		t.Fatalf("rules in force: %+v, %v, %v; want icpRaceYAML", kept, ok, err)
	}
	ann, err := s.LeadByKey(context.Background(), "in", "ann-vp")
	if err != nil {
		t.Fatal(err)
	}
	if ann.Score != 35 {
		t.Errorf("Ann's score: %d, want 35, as the rules in force score her (she was scored by other rules)", ann.Score)
	}
}

// Rules set while an import runs rescore its leads too. The rescoring read the leads
// a statement at a time without waiting for the import, so when it had nothing to
// write before the import committed (no lead stored yet), it ended without seeing the
// import's leads, which kept the score of the rules the import had read: leads scored
// by the old rules under the new. SetICPRules now holds the leads table as the import
// does, and waits for it. The import is held open, its lead written, until the rule
// save has ended or is seen waiting for it.
func TestSetICPRulesDuringAnImport(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	setDone := make(chan struct{})
	importing := make(chan struct{})
	imp := heldImport{Store: s, held: func() {
		close(importing)
		doneOrWaiting(t, s, setDone)
	}}
	importErr := make(chan error, 1)
	go func() {
		_, err := storetest.ImportCSV(ctx, imp, icpRaceCSV, lead.ImportOptions{ScoreFunc: score.Default().Apply})
		importErr <- err
	}()
	<-importing
	var setErr error
	go func() {
		defer close(setDone)
		_, _, setErr = s.SetICPRules(ctx, score.Stored{YAML: icpRaceYAML, Source: "icp.yaml"}, mustRules(t, icpRaceYAML).Apply)
	}()
	if err := <-importErr; err != nil {
		t.Fatalf("import: %v", err)
	}
	<-setDone
	if setErr != nil {
		t.Fatalf("SetICPRules: %v", setErr)
	}
	wantAnnScored(t, s)
}

// Two rule saves at once take turns: a save of the built-in rules (which deletes the
// rules row) while none were kept locked nothing, so a second save, of other rules,
// went ahead beside it and its rules were kept while the first one's rescoring wrote
// the built-in scores over the leads. The first save is held inside its rescoring
// until the second has ended or is seen waiting for it.
func TestTwoICPRuleSavesTakeTurns(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := storetest.ImportCSV(ctx, s, icpRaceCSV, lead.ImportOptions{ScoreFunc: mustRules(t, icpRaceYAML).Apply}); err != nil {
		t.Fatal(err)
	}
	secondDone := make(chan struct{})
	rescoring := make(chan struct{})
	builtIn := score.Default()
	firstErr := make(chan error, 1)
	go func() {
		_, _, err := s.SetICPRules(ctx, score.Stored{}, func(l *paceline.Lead) {
			builtIn.Apply(l)
			close(rescoring)
			doneOrWaiting(t, s, secondDone)
		})
		firstErr <- err
	}()
	<-rescoring
	var secondErr error
	go func() {
		defer close(secondDone)
		_, _, secondErr = s.SetICPRules(ctx, score.Stored{YAML: icpRaceYAML, Source: "icp.yaml"}, mustRules(t, icpRaceYAML).Apply)
	}()
	if err := <-firstErr; err != nil {
		t.Fatalf("SetICPRules of the built-in rules: %v", err)
	}
	<-secondDone
	if secondErr != nil {
		t.Fatalf("SetICPRules: %v", secondErr)
	}
	wantAnnScored(t, s)
}

// A rescoring that runs while an import fills in a stored lead scores the lead the
// import committed. The rescoring read Bo before the import gave him his seniority,
// then its write waited for the import's lock and put the score of the Bo it had read
// over the import's: a vice president scored as nobody in particular. RescoreLeads now
// holds the leads table from its start, so the import waits for it. The rescoring is
// held after its read until the import has written Bo or is seen waiting for it; the
// import is held open until the rescoring has ended or is seen waiting.
func TestRescoreDuringAnImportKeepsWhatItFilled(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	ours := mustRules(t, icpRaceYAML)
	if _, err := storetest.ImportCSV(ctx, s, "profileUrl,fullName\nhttps://www.linkedin.com/in/bo,Bo Bee\n",
		lead.ImportOptions{ScoreFunc: score.Default().Apply}); err != nil {
		t.Fatal(err)
	}
	rescoring, rescoreDone, importHeld := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var rescoreErr error
	go func() {
		defer close(rescoreDone)
		_, _, rescoreErr = s.RescoreLeads(ctx, func(l *paceline.Lead) {
			ours.Apply(l)
			close(rescoring)
			doneOrWaiting(t, s, importHeld)
		})
	}()
	<-rescoring
	imp := heldImport{Store: s, held: func() {
		close(importHeld)
		doneOrWaiting(t, s, rescoreDone)
	}}
	if _, err := storetest.ImportCSV(ctx, imp, "profileUrl,fullName,title,seniority\nhttps://www.linkedin.com/in/bo,Bo Bee,VP Sales,vp\n",
		lead.ImportOptions{ScoreFunc: ours.Apply}); err != nil {
		t.Fatalf("import: %v", err)
	}
	<-rescoreDone
	if rescoreErr != nil {
		t.Fatalf("RescoreLeads: %v", rescoreErr)
	}
	bo, err := s.LeadByKey(ctx, "in", "bo")
	if err != nil {
		t.Fatal(err)
	}
	if bo.Seniority != "vp" || bo.Score != 35 {
		t.Errorf("Bo after the import and the rescoring: seniority %q, score %d; want vp and 35, his score as a vice president", bo.Seniority, bo.Score)
	}
}

func mustRules(t *testing.T, yml string) *score.Rules {
	t.Helper()
	r, err := score.Parse([]byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// duringARulesSave runs write while a save of icpRaceYAML (SetICPRules) holds the
// leads, its rules written but not committed: the save is held inside its rescoring
// of Ann, who must be stored, until write has ended or is seen waiting for it. write
// began after the save; what it scores must be scored by the save's rules.
func duringARulesSave(t *testing.T, s *Store, write func() error) {
	t.Helper()
	ctx := context.Background()
	ours := mustRules(t, icpRaceYAML)
	saving, writeDone := make(chan struct{}), make(chan struct{})
	var once sync.Once
	saveErr := make(chan error, 1)
	go func() {
		_, _, err := s.SetICPRules(ctx, score.Stored{YAML: icpRaceYAML, Source: "icp.yaml"}, func(l *paceline.Lead) {
			ours.Apply(l)
			once.Do(func() {
				close(saving)
				doneOrWaiting(t, s, writeDone)
			})
		})
		saveErr <- err
	}()
	<-saving
	err := write()
	close(writeDone)
	if err != nil {
		t.Fatalf("the write of scores begun during the save: %v", err)
	}
	if err := <-saveErr; err != nil {
		t.Fatalf("SetICPRules: %v", err)
	}
}

// inForceRules is the rulesFor of the InForce methods, as leads score and leads
// enrich give it: the rules read, or the built-in ones.
func inForceRules(r score.Stored, kept bool) (func(*paceline.Lead), error) {
	if !kept {
		return score.Default().Apply, nil
	}
	rules, err := r.Rules()
	if err != nil {
		return nil, err
	}
	return rules.Apply, nil
}

// annBuiltIn stores Ann, the vice president of icpRaceCSV without an email, scored
// by the built-in rules, none kept.
func annBuiltIn(t *testing.T, s *Store) *paceline.Lead {
	t.Helper()
	ctx := context.Background()
	if _, err := storetest.ImportCSV(ctx, s, icpRaceCSV, lead.ImportOptions{ScoreFunc: score.Default().Apply}); err != nil {
		t.Fatal(err)
	}
	ann, err := s.LeadByKey(ctx, "in", "ann-vp")
	if err != nil {
		t.Fatal(err)
	}
	if ann.Score == 35 {
		t.Fatal("the built-in rules score Ann 35 too: the test cannot tell the rules apart")
	}
	return ann
}

// The writes of scores that read the rules in force in their own transaction (a
// rescore, an enrichment's update, an import) read them once they hold the leads, so
// that one begun while a save of new rules runs waits for it and scores with its
// rules. Read before the lock, they read the rules the save replaced, and committed
// those rules' scores after it, under the new ones.
func TestScoreWritesBegunDuringARulesSaveUseItsRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("rescore", func(t *testing.T) {
		t.Parallel()
		s := openTest(t)
		annBuiltIn(t, s)
		duringARulesSave(t, s, func() error {
			_, _, err := s.RescoreLeadsInForce(ctx, inForceRules)
			return err
		})
		wantAnnScored(t, s)
	})
	t.Run("enrichment", func(t *testing.T) {
		t.Parallel()
		s := openTest(t)
		ann := annBuiltIn(t, s)
		duringARulesSave(t, s, func() error {
			n, err := s.UpdateLeadFieldsInForce(ctx, []*paceline.Lead{{ID: ann.ID, Email: "ann@acme.test"}}, inForceRules)
			if err == nil && n != 1 {
				t.Errorf("UpdateLeadFieldsInForce changed %d leads, want Ann", n)
			}
			return err
		})
		wantAnnScored(t, s)
	})
	t.Run("import", func(t *testing.T) {
		t.Parallel()
		s := openTest(t)
		annBuiltIn(t, s)
		rd, err := lead.NewReader(strings.NewReader("profileUrl,fullName,title,seniority\nhttps://www.linkedin.com/in/cy-vp,Cy Vee,VP Sales,vp\n"), lead.Options{})
		if err != nil {
			t.Fatal(err)
		}
		duringARulesSave(t, s, func() error {
			return s.ImportLeads(ctx, func(sink lead.Sink) error {
				rs, ok := sink.(interface {
					ICPRules() (score.Stored, bool, error)
				})
				if !ok {
					t.Fatal("the import's sink does not read the ICP rules in force")
				}
				r, kept, err := rs.ICPRules()
				if err != nil {
					return err
				}
				scoreFunc, err := inForceRules(r, kept)
				if err != nil {
					return err
				}
				_, err = lead.Import(ctx, rd, sink, lead.ImportOptions{ScoreFunc: scoreFunc})
				return err
			})
		})
		wantAnnScored(t, s)
		cy, err := s.LeadByKey(ctx, "in", "cy-vp")
		if err != nil {
			t.Fatal(err)
		}
		if cy.Score != 35 {
			t.Errorf("Cy, imported during the save: score %d, want 35, as the rules in force score him", cy.Score)
		}
	})
}
