package sim

import (
	"fmt"
	"testing"
)

// TestSeatFinderMatchesMap checks that a seatFinder gives the place a map built in
// order would, with few seats (scanned) and many (looked up), for names given as the
// seat's own string, as an equal string built apart, twice over and not at all.
func TestSeatFinderMatchesMap(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3, fewSeats, fewSeats + 1, 40} {
		var seats []Seat
		for i := range n {
			seats = append(seats, Seat{Name: fmt.Sprintf("seat-%d", i)})
		}
		seats = append(seats, Seat{Name: "seat-0"}) // a name given twice: the last wins
		want := map[string]int{}
		for i, s := range seats {
			want[s.Name] = i
		}
		f := newSeatFinder(seats)
		names := []string{"nobody", "", "seat-", "seat-00"}
		for i, s := range seats {
			names = append(names, s.Name, fmt.Sprintf("seat-%d", i))
		}
		for _, name := range names {
			if got := f.find(name); got != want[name] {
				t.Errorf("%d seats: find(%q) = %d, want %d", n, name, got, want[name])
			}
		}
	}
}
