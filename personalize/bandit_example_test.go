package personalize_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/paceline/paceline/personalize"
)

func ExampleBandit() {
	b, err := personalize.NewBandit("short", "topic")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Counts as the ledger has them: 200 invites each, 22 and 41 accepted.
	_ = b.Observe("short", 200, 22)
	_ = b.Observe("topic", 200, 41)
	r := rand.New(rand.NewPCG(1, 2)) // injected and seeded: the same run every time

	// The first time a lead reaches the step, the bandit chooses; the caller stores the
	// assignment and passes it back on every retry.
	a, fresh, _ := personalize.Assign(b, r, "linkedin.com/in/zoe", "connect", "")
	again, _, _ := personalize.Assign(b, r, "linkedin.com/in/zoe", "connect", a.Variant)
	fmt.Println(fresh, again == a)

	for _, v := range b.Report(r, 20_000) {
		fmt.Printf("%s: %d/%d mean %.3f 90%% [%.3f, %.3f] P(best) %.2f\n", v.ID, v.Successes, v.Sends, v.Mean, v.Low, v.High, v.ProbBest)
	}
	_ = b.Freeze("topic")
	fmt.Println(b.Choose(r))
	// Output:
	// true true
	// short: 22/200 mean 0.114 90% [0.079, 0.153] P(best) 0.00
	// topic: 41/200 mean 0.208 90% [0.163, 0.256] P(best) 1.00
	// topic
}
