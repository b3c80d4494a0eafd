package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/sequence"
)

// textWorld is a world whose executor is handed the rendered texts.
type textWorld struct {
	world
	texts []Text // one per executed action, in order
}

func (w *textWorld) ExecuteText(ctx context.Context, a paceline.Action, t Text) (Outcome, error) {
	w.texts = append(w.texts, t)
	return w.Execute(ctx, a)
}

// newTextEngine is newEngine with a text executor, a note limit and options.
func newTextEngine(t *testing.T, w *textWorld, noteLimit int, opt Options, seqs ...*sequence.Sequence) *Engine {
	t.Helper()
	opt.Executor, opt.Ledger = w, w
	g, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(Account{Name: "a", Pacer: &gapPacer{gap: 2 * time.Minute, notes: -1}, Schedule: sched, NoteLimit: noteLimit}); err != nil {
		t.Fatal(err)
	}
	for i, seq := range seqs {
		if err := g.AddCampaign(Campaign{Name: fmt.Sprintf("c%d", i+1), Sequence: seq, Accounts: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

const renderSeq = `
name: render
steps:
  - id: connect
    invite:
      note: "{Hi|Hello|Hey} {{first_name}}, {glad|keen|happy} to connect{ about {{company | default: \"your work\"}}|}."
      fallback: %s
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
  - id: hello
    message: "{Thanks|Thank you}, {{first_name}}! How is {{company}} doing?"
`

func TestRenderedTextTravelsWithTheAction(t *testing.T) {
	t.Parallel()
	w := &textWorld{}
	w.react = accept(3 * time.Hour)
	attempts := 0
	w.refuse = func(a paceline.Action) bool { // the first invite is refused: a retry
		attempts++
		return a.Kind == paceline.KindInvite && attempts == 1
	}
	seq := parseSeq(t, fmt.Sprintf(renderSeq, "plain"))
	g := newTextEngine(t, w, 300, Options{Seed: 3}, seq)
	l := testLead("ada")
	l.Company = "Acme"
	e, err := g.Enroll("c1", l, t0)
	if err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(30*24*time.Hour))
	if len(w.actions) != 3 || len(w.texts) != 3 {
		t.Fatalf("actions %v, texts %v; want a refused invite, its retry and a message", w.kinds("ada"), w.texts)
	}
	d := LeadData(l)
	wantNote, err := sequence.RenderNote(&seq.Steps[0], d, personalize.Seed("ada", "connect"), 300)
	if err != nil {
		t.Fatal(err)
	}
	d.Facts["connected"] = true
	_, wantBody, err := sequence.RenderText(&seq.Steps[1], d, personalize.Seed("ada", "hello"))
	if err != nil {
		t.Fatal(err)
	}
	if w.texts[0].Note != wantNote || w.texts[1].Note != wantNote {
		t.Errorf("notes %q and %q (the retry), want %q both times", w.texts[0].Note, w.texts[1].Note, wantNote)
	}
	if !w.actions[1].WithNote || w.actions[1].Result != paceline.ResultDone {
		t.Errorf("the retried invite: %+v, want done with its note", w.actions[1])
	}
	if w.texts[2].Body != wantBody || !strings.Contains(wantBody, "Ada") || !strings.Contains(wantBody, "Acme") {
		t.Errorf("message body %q, want %q", w.texts[2].Body, wantBody)
	}
	if e.Fallback != "" {
		t.Errorf("fallback %q on a lead whose texts rendered", e.Fallback)
	}
}

func TestNoteFallbacks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fallback  string
		limit     int
		company   string
		firstName string
		kinds     []string
		withNote  bool
		state     State
		why       []string
	}{
		{"fits", "plain", 300, "Acme", "Ada", []string{"invite:connect", "message:hello"}, true, Finished, nil},
		{"too long: plain", "plain", 20, "Acme", "Ada", []string{"invite:connect", "message:hello"}, false, Finished,
			[]string{"step connect", "characters once rendered, over the 20", "plain invite"}},
		// The invite goes out plain; the message then needs the name too, and waits.
		{"missing field: plain, then held", "plain", 300, "Acme", "", []string{"invite:connect"}, false, Held,
			[]string{"step hello", "first_name", "held for review"}},
		{"too long: skip", "skip", 20, "Acme", "Ada", []string{"message:hello"}, false, Finished,
			[]string{"over the 20", "invite skipped"}},
		{"too long: wait holds for review", "wait", 20, "Acme", "Ada", nil, false, Held,
			[]string{"over the 20", "held for review"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := &textWorld{}
			w.react = accept(3 * time.Hour)
			g := newTextEngine(t, w, tc.limit, Options{}, parseSeq(t, fmt.Sprintf(renderSeq, tc.fallback)))
			l := testLead("ada")
			l.FirstName, l.Company = tc.firstName, tc.company
			e, err := g.Enroll("c1", l, t0)
			if err != nil {
				t.Fatal(err)
			}
			w.run(t, g, t0.Add(30*24*time.Hour))
			got := w.kinds("ada")
			if strings.Join(got, " ") != strings.Join(tc.kinds, " ") {
				t.Errorf("actions %v, want %v", got, tc.kinds)
			}
			if len(w.actions) > 0 && w.actions[0].Kind == paceline.KindInvite {
				if w.actions[0].WithNote != tc.withNote || (w.texts[0].Note != "") != tc.withNote {
					t.Errorf("invite with note %v (text %q), want %v", w.actions[0].WithNote, w.texts[0].Note, tc.withNote)
				}
			}
			if e.State != tc.state {
				t.Errorf("state %s, want %s (fallback %q)", e.State, tc.state, e.Fallback)
			}
			for _, want := range tc.why {
				if !strings.Contains(e.Fallback, want) {
					t.Errorf("fallback %q lacks %q", e.Fallback, want)
				}
			}
		})
	}
}

func TestHeldMessageResumesOnceFixed(t *testing.T) {
	t.Parallel()
	w := &textWorld{}
	w.react = accept(3 * time.Hour)
	g := newTextEngine(t, w, 300, Options{}, parseSeq(t, fmt.Sprintf(renderSeq, "plain")))
	l := testLead("ada") // no company: the message needs it
	e, err := g.Enroll("c1", l, t0)
	if err != nil {
		t.Fatal(err)
	}
	end := t0.Add(10 * 24 * time.Hour)
	w.run(t, g, end)
	if e.State != Held || !strings.Contains(e.Fallback, "step hello") || !strings.Contains(e.Fallback, "company") {
		t.Fatalf("state %s, fallback %q; want held at step hello for the blank company", e.State, e.Fallback)
	}
	if held := g.Held(); len(held) != 1 || held[0] != e || g.Running() != 1 || g.Active("ada") != e {
		t.Errorf("held %v, running %d: a held lead keeps its one active enrollment", held, g.Running())
	}
	if got := w.kinds("ada"); len(got) != 1 {
		t.Errorf("actions %v: nothing may be sent with a blank field", got)
	}
	if err := g.Resume("nobody", end); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("resume of an unknown lead: %v", err)
	}
	// Resuming without a fix holds it again; with the field filled in, it goes out.
	if err := g.Resume("ada", end); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, end.Add(time.Hour))
	if e.State != Held {
		t.Fatalf("state %s after resuming unfixed, want held again", e.State)
	}
	l.Company = "Acme"
	if err := g.Resume("ada", end.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, end.Add(48*time.Hour))
	if e.State != Finished || len(w.texts) != 2 || !strings.Contains(w.texts[1].Body, "Acme") {
		t.Errorf("state %s, texts %v; want the message sent with the company", e.State, w.texts)
	}
	if err := g.Resume("ada", end.Add(49*time.Hour)); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("resume of a finished lead: %v", err)
	}
}

const variantSeq = `
name: variants
steps:
  - id: connect
    invite:
      variants:
        - {id: short, note: "Hi {{first_name}}, glad to connect."}
        - {id: long, note: "Hello {{first_name}}, I read your posts on growth and would be glad to connect."}
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
`

func TestVariantsAreStoredSentAndCredited(t *testing.T) {
	t.Parallel()
	for _, even := range []bool{false, true} {
		t.Run(fmt.Sprintf("even=%v", even), func(t *testing.T) {
			t.Parallel()
			w := &textWorld{}
			// Only leads given "long" accept, within a minute (before the next invite), so
			// only it succeeds and the bandit learns as it goes.
			w.react = func(a paceline.Action) []paceline.Event {
				if a.Kind != paceline.KindInvite || !strings.HasPrefix(w.texts[len(w.texts)-1].Note, "Hello") {
					return nil
				}
				return []paceline.Event{{At: a.At.Add(time.Minute), Account: a.Account, Lead: a.Lead, Type: paceline.EventAccepted}}
			}
			g := newTextEngine(t, w, 300, Options{Seed: 5, SplitEvenly: even}, parseSeq(t, variantSeq))
			const n = 60
			for i := range n {
				if _, err := g.Enroll("c1", testLead(fmt.Sprintf("lead-%02d", i)), t0); err != nil {
					t.Fatal(err)
				}
			}
			// Before invite hygiene withdraws the unanswered invites (21 days).
			w.run(t, g, t0.Add(10*24*time.Hour))
			if len(w.texts) != n {
				t.Fatalf("%d invites, want %d", len(w.texts), n)
			}
			sent := map[string]int{}
			for i, e := range g.Enrollments() {
				if len(e.Variants) != 1 || !e.Variants[0].Sent || e.Variants[0].Step != "connect" {
					t.Fatalf("lead %d variants %+v, want one sent at connect", i, e.Variants)
				}
				sent[e.Variants[0].Variant]++
				if e.Variants[0].Success != (e.Variants[0].Variant == "long") {
					t.Errorf("lead %d: %+v; only long succeeds", i, e.Variants[0])
				}
			}
			for i, a := range w.actions {
				if v := g.Enrollments()[indexOf(g, a.Lead)].Variants[0].Variant; v != w.texts[i].Variant {
					t.Errorf("action %d went out with variant %q, the enrollment stores %q", i, w.texts[i].Variant, v)
				}
			}
			rep, err := g.VariantReport("c1", "connect")
			if err != nil {
				t.Fatal(err)
			}
			if rep[0].ID != "short" || rep[0].Sends != sent["short"] || rep[0].Successes != 0 ||
				rep[1].Sends != sent["long"] || rep[1].Successes != sent["long"] {
				t.Errorf("report %+v, sends %v", rep, sent)
			}
			if even && (sent["short"] != n/2 || sent["long"] != n/2) {
				t.Errorf("even split sent %v, want %d each", sent, n/2)
			}
			if !even && sent["long"] <= sent["short"] {
				t.Errorf("Thompson sampling sent %v: the variant that always wins should get most leads", sent)
			}
		})
	}
}

func indexOf(g *Engine, key string) int {
	for i, e := range g.Enrollments() {
		if e.Key == key {
			return i
		}
	}
	return -1
}

func TestVariantReportErrors(t *testing.T) {
	t.Parallel()
	g := newTextEngine(t, &textWorld{}, 300, Options{}, parseSeq(t, fmt.Sprintf(renderSeq, "plain")))
	for _, tc := range []struct {
		campaign, step string
		code           string
	}{
		{"nope", "connect", paceline.ENOTFOUND},
		{"c1", "nope", paceline.ENOTFOUND},
		{"c1", "connect", paceline.ECONFLICT},
	} {
		if _, err := g.VariantReport(tc.campaign, tc.step); paceline.ErrorCode(err) != tc.code {
			t.Errorf("VariantReport(%s, %s) = %v, want %s", tc.campaign, tc.step, err, tc.code)
		}
	}
}

// blindWorld reads variants, never words, like the simulator.
type blindWorld struct{ textWorld }

func (*blindWorld) VariantOnly() bool { return true }

func TestVariantOnlyExecutorGetsTheSameChecks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		company string
		limit   int
		state   State
		note    bool
	}{
		{"all filled", "Acme", 300, Finished, true},
		{"blank company holds the message", "", 300, Held, true},
		{"note too long falls back", "Acme", 20, Finished, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := &blindWorld{}
			w.react = accept(3 * time.Hour)
			g := newTextEngine(t, &w.textWorld, tc.limit, Options{}, parseSeq(t, fmt.Sprintf(renderSeq, "plain")))
			// newTextEngine gave the engine the inner world; use the blind one.
			g.opt.Executor, g.texts = w, newTextState(w)
			l := testLead("ada")
			l.Company = tc.company
			e, err := g.Enroll("c1", l, t0)
			if err != nil {
				t.Fatal(err)
			}
			w.run(t, g, t0.Add(20*24*time.Hour))
			if e.State != tc.state {
				t.Errorf("state %s (fallback %q), want %s", e.State, e.Fallback, tc.state)
			}
			if len(w.actions) == 0 || w.actions[0].WithNote != tc.note {
				t.Errorf("actions %+v, want an invite with note %v", w.actions, tc.note)
			}
			if len(w.texts) == 2 && w.texts[1].Body != "" {
				t.Errorf("a variant-only executor was handed words: %q", w.texts[1].Body)
			}
		})
	}
}

func TestRequiredFields(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		`Hi {{first_name}}`:                                      "first_name",
		`Hi {{ first_name | default: "there" }}`:                 "",
		`{{if company}}at {{company}}{{end}} {{name}}`:           "company name",
		`{A {{title}}|B {{title | default: "x"}}}`:               "title",
		`{{name_x | default: "y"}} {{name}}`:                     "name",
		`{{sender_first_name | default: ""}}, {{first_name}}`:    "first_name",
		`no fields at all`:                                       "",
		`{{company|default:"x"}} and again {{company}} required`: "company",
	} {
		tmpl, err := personalize.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := strings.Join(required(tmpl), " "); got != want {
			t.Errorf("required(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestFitsBoundsTheRenderedNote checks the bound a VariantOnly executor relies on: a note
// said to fit always renders within the limit, for any lead and seed.
func TestFitsBoundsTheRenderedNote(t *testing.T) {
	t.Parallel()
	tmpl, err := personalize.Parse(`{Hi|Hello|Hey there} {{first_name}}, {{if company}}I saw {{company}} and {{company}} again{{else}}I saw your profile{{end}}. {{title | default: "Cheers"}} \{x\}`)
	if err != nil {
		t.Fatal(err)
	}
	var ts textState
	names := []string{"", "Al", "Maximiliane-Éléonore", "李小龍"}
	checked := 0
	for _, first := range names {
		for _, company := range names {
			for _, title := range names {
				l := &paceline.Lead{FirstName: first, Company: company, Title: title}
				for seed := range uint64(20) {
					text, err := personalize.Render(tmpl, ts.data(l, "", tmpl, nil), seed)
					if err != nil {
						continue // a missing field: filled() rules these out
					}
					n := personalize.RuneCount(text)
					for _, limit := range []int{40, 60, 80, 100, 140} {
						if ts.fits(tmpl, l, "", limit) && n > limit {
							t.Errorf("fits(%q, %q, %q, %d) but the note has %d characters: %q", first, company, title, limit, n, text)
						}
					}
					checked++
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing rendered")
	}
	if !ts.fits(tmpl, &paceline.Lead{FirstName: "Al"}, "", 300) || ts.fits(tmpl, &paceline.Lead{FirstName: "Al"}, "", 50) {
		t.Error("fits should clear a short lead under a roomy limit and not under a tight one")
	}
}

func TestReplyAfterTheLastStepCreditsItsVariant(t *testing.T) {
	t.Parallel()
	w := &textWorld{}
	w.react = func(a paceline.Action) []paceline.Event {
		if a.Kind != paceline.KindMessage {
			return nil
		}
		// The reply comes a day later, long after the sequence ended.
		return []paceline.Event{{At: a.At.Add(24 * time.Hour), Account: a.Account, Lead: a.Lead, Type: paceline.EventReplied}}
	}
	seq := parseSeq(t, `
name: last
steps:
  - id: hello
    if: connected
    message:
      variants:
        - {id: a, body: "Hi {{first_name}}"}
        - {id: b, body: "Hello {{first_name}}"}
`)
	g := newTextEngine(t, w, 300, Options{SplitEvenly: true}, seq)
	// Connected by an earlier campaign's invite, so the message may go out.
	g.Observe(paceline.Event{At: t0, Account: "a", Lead: "ada", Type: paceline.EventAccepted})
	l := testLead("ada")
	e, err := g.Enroll("c1", l, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Step(context.Background(), t0); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(3*24*time.Hour))
	if e.State != Finished || len(e.Variants) != 1 || !e.Variants[0].Sent || !e.Variants[0].Success {
		t.Fatalf("state %s, variants %+v; want finished with its variant sent and credited", e.State, e.Variants)
	}
	rep, err := g.VariantReport("c1", "hello")
	if err != nil {
		t.Fatal(err)
	}
	if rep[0].Sends != 1 || rep[0].Successes != 1 || rep[1].Sends != 0 {
		t.Errorf("report %+v, want a: 1 send, 1 success", rep)
	}
}

func TestNoteQuotaFallsBackBeforeRendering(t *testing.T) {
	t.Parallel()
	w := &textWorld{}
	opt := Options{Executor: w, Ledger: w}
	g, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	p := &gapPacer{gap: 2 * time.Minute, notes: 1} // one note, then none this month
	if err := g.AddAccount(Account{Name: "a", Pacer: p, Schedule: sched, NoteLimit: 300}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddCampaign(Campaign{Name: "c1", Sequence: parseSeq(t, variantSeq), Accounts: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := g.Enroll("c1", testLead(fmt.Sprintf("lead-%d", i)), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(2*24*time.Hour))
	withNote := 0
	for i, a := range w.actions {
		if a.Kind != paceline.KindInvite {
			continue
		}
		if a.WithNote {
			withNote++
		}
		if a.WithNote != (w.texts[i].Note != "") || a.WithNote != (w.texts[i].Variant != "") {
			t.Errorf("invite %d: with note %v, text %+v: a plain invite carries no note and no variant", i, a.WithNote, w.texts[i])
		}
	}
	if withNote != 1 {
		t.Errorf("%d invites with a note, want the 1 the quota allows", withNote)
	}
	sends := 0
	for _, e := range g.Enrollments() {
		for _, u := range e.Variants {
			if u.Sent {
				sends++
			}
		}
		if !e.Connected && e.Fallback != "" && !strings.Contains(e.Fallback, "no personal note left") {
			t.Errorf("fallback %q", e.Fallback)
		}
	}
	if sends != 1 {
		t.Errorf("%d variant sends, want 1 (plain invites show no variant)", sends)
	}
	plain := 0
	for _, e := range g.Enrollments() {
		if strings.Contains(e.Fallback, "no personal note left") {
			plain++
		}
	}
	if plain != 2 {
		t.Errorf("%d enrollments say the quota ran out, want 2", plain)
	}
}
