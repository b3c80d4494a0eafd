package engine

import (
	"time"

	"github.com/paceline/paceline/sequence"
)

// addWorking is sequence.AddWorking(s.Schedule, from, d) on the seat's calendar of
// cached local days: the same instant in the same location, without the time-zone
// arithmetic for every step of every lead. Across a DST change, or without working
// time, it asks sequence.AddWorking itself.
func (s *seat) addWorking(from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	if h := s.Schedule.Hours; s.Schedule.Days == 0 || h.End <= h.Start {
		return sequence.AddWorking(s.Schedule, from, d) // no working time at all
	}
	remaining := int64(d%sequence.Day + (d/sequence.Day)*s.Schedule.Hours.Duration())
	t := from.UnixNano()
	for first := true; ; first = false {
		open, close, ok := s.cal.Window(t)
		if !ok {
			return sequence.AddWorking(s.Schedule, from, d)
		}
		if first && t > open {
			// Inside today's window: AddWorking counts from from itself, in its zone.
			if remaining <= close-t {
				return from.Add(time.Duration(remaining))
			}
			remaining -= close - t
		} else {
			if remaining <= close-open {
				return time.Unix(0, open+remaining).In(s.cal.Location())
			}
			remaining -= close - open
		}
		t = close
	}
}
