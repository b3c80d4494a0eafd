package engine_test

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// desk is an executor that is handed the engine's rendered words, as a person
// carrying out assisted tasks would be.
type desk struct{ platform }

func (d *desk) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	fmt.Printf("%s to %s, variant %q: %q\n", a.Kind, a.Lead, t.Variant, t.Note)
	return d.Execute(ctx, a)
}

// The engine renders each lead's note (the same text on every retry), picks its
// variant by Thompson sampling and hands both to a TextExecutor; a lead whose note
// cannot be rendered falls back as the step says, and the enrollment says why.
func ExampleTextExecutor() {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // a Monday
	seq, err := sequence.Parse([]byte(`
name: notes
steps:
  - id: connect
    invite:
      variants:
        - {id: short, note: "Hi {{first_name}}, glad to connect."}
        - {id: warm, note: "Hi {{first_name}}, I enjoyed your talk at {{company}}; glad to connect."}
      fallback: plain
`))
	if err != nil {
		panic(err)
	}
	cfg, _ := limits.NewConfig(paceline.TypeSalesNavigator, time.UTC)
	pacer, _ := limits.New(cfg, start)
	d := &desk{}
	g, _ := engine.New(engine.Options{Executor: d, Ledger: d, SplitEvenly: true})
	_ = g.AddAccount(engine.Account{Name: "alice", Pacer: pacer, Schedule: cfg.Schedule, NoteLimit: cfg.NoteMaxChars})
	_ = g.AddCampaign(engine.Campaign{Name: "q1", Sequence: seq, Accounts: []string{"alice"}})
	ada, _ := g.Enroll("q1", &paceline.Lead{ProfileKey: "ada", FirstName: "Ada", Company: "Acme"}, start)
	bob, _ := g.Enroll("q1", &paceline.Lead{ProfileKey: "bob"}, start) // no first name

	for next := g.NextWake(); !next.IsZero() && g.Running() > 0; next = g.NextWake() {
		_ = g.Step(context.Background(), next)
	}
	fmt.Println("ada:", ada.Variants[0].Variant, ada.State)
	fmt.Println("bob:", bob.Fallback)

	// Output:
	// invite to ada, variant "short": "Hi Ada, glad to connect."
	// invite to bob, variant "": ""
	// ada: short finished
	// bob: step connect: the note needs the lead's first_name, which is blank; sent as a plain invite (fallback: plain)
}
