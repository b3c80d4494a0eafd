package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The engine's hand-written queues against the plainest model of each: a slice kept in
// order by the same rule. Random pushes, pops and (for seats) changes of wake-up, with
// many ties, must give the same answers in the same order.

func TestTimerQueueMatchesModel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var q timerQueue
	var model []timer
	for range 20_000 {
		if len(model) > 0 && rng.IntN(3) == 0 {
			// Timers of one instant and one enrollment differ only in gen (all but
			// one are stale) and may come in any order among themselves.
			got := q.pop()
			want := model[0]
			model = model[1:]
			if got.at != want.at || got.ref != want.ref {
				t.Fatalf("pop = %+v, want %+v", got, want)
			}
			continue
		}
		tm := timer{at: int64(rng.IntN(500)), ref: int32(rng.IntN(50)), gen: rng.Uint32()}
		q.push(tm)
		i, _ := slices.BinarySearchFunc(model, tm, func(a, b timer) int {
			if a.before(&b) {
				return -1
			}
			if b.before(&a) {
				return 1
			}
			return 0
		})
		model = slices.Insert(model, i, tm)
		if len(q) != len(model) || q[0].at != model[0].at || q[0].ref != model[0].ref {
			t.Fatalf("top %+v, want %+v", q[0], model[0])
		}
	}
}

func TestReadyQueueMatchesModel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	var q readyQueue
	var model []item
	for n := range 20_000 {
		if len(model) > 0 && rng.IntN(3) == 0 {
			got := q.pop()
			if got != model[0] {
				t.Fatalf("pop = %+v, want %+v", got, model[0])
			}
			model = model[1:]
			continue
		}
		it := item{since: int64(rng.IntN(20)), id: int32(n), ref: int32(n), prio: int32(rng.IntN(3)),
			score: int32(rng.IntN(5)), class: uint8(rng.IntN(2))}
		q.push(it)
		i := 0
		for i < len(model) && model[i].before(&it) {
			i++
		}
		model = slices.Insert(model, i, it)
	}
	for len(model) > 0 {
		if got := q.pop(); got != model[0] {
			t.Fatalf("draining: pop = %+v, want %+v", got, model[0])
		}
		model = model[1:]
	}
}

func TestSeatHeapMatchesModel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	var q seatHeap
	seats := make([]*seat, 40)
	for i := range seats {
		seats[i] = &seat{index: i, wake: int64(rng.IntN(30))}
		q.push(seats[i])
	}
	for range 20_000 {
		s := seats[rng.IntN(len(seats))]
		wake := int64(rng.IntN(30)) // 0 is "nothing to wake for"
		q.set(s, wake)
		// The model: the seat with the earliest wake, 0 last, the lower index on ties.
		best := seats[0]
		for _, c := range seats[1:] {
			if wk, bk := wakeKey(c.wake), wakeKey(best.wake); wk < bk || wk == bk && c.index < best.index {
				best = c
			}
		}
		got, at := q.first()
		wantAt := best.wake
		if got != best || at != wantAt {
			t.Fatalf("first = seat %d at %d, want seat %d at %d", got.index, at, best.index, wantAt)
		}
	}
}

func TestHygieneQueueMatchesModel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	var q hygieneQueue
	var model []watch
	clock := int64(0)
	for n := range 20_000 {
		if len(model) > 0 && rng.IntN(3) == 0 {
			if got := q.pop(); got != model[0] {
				t.Fatalf("pop = %+v, want %+v", got, model[0])
			}
			model = model[1:]
			continue
		}
		clock += int64(rng.IntN(3))
		at := clock
		if rng.IntN(10) == 0 {
			at -= int64(rng.IntN(50)) // a restored invite, older than the newest watch
		}
		w := watch{at: at, id: int64(n)}
		q.push(w)
		i := 0
		for i < len(model) && model[i].before(w) {
			i++
		}
		model = slices.Insert(model, i, w)
		if q.len() != len(model) || q.first() != model[0] {
			t.Fatalf("first = %+v (of %d), want %+v (of %d)", q.first(), q.len(), model[0], len(model))
		}
	}
}
