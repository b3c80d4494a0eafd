package limits

import (
	"encoding/binary"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// FuzzPacer turns arbitrary bytes into an account configuration and a stream of
// questions, actions and events, and checks the Pacer's contract on every answer: a next
// slot is never in the past, Allowed means now, asking again at the slot is allowed,
// and acting only when allowed never exceeds the weekly cap after the safety margin.
func FuzzPacer(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"))
	f.Add([]byte("paceline fuzzing seed with some length to it, 0123456789abcdef"))
	f.Add(make([]byte, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := byteReader{b: data}
		zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe"}
		loc := mustLoad(zones[int(r.u8())%len(zones)])
		typ := paceline.AccountTypes[int(r.u8())%len(paceline.AccountTypes)]
		cfg, err := NewConfig(typ, loc)
		if err != nil {
			t.Fatal(err)
		}
		start := int(r.u8()) % (20 * 4) * 15
		cfg.Schedule.Hours = paceline.WorkingHours{Start: start, End: min(24*60, start+15+int(r.u8())*15)}
		if d := paceline.WorkingDays(r.u8() & 0x7f); d != 0 {
			cfg.Schedule.Days = d
		}
		cfg.MinGap = time.Duration(r.u8()) * 3 * time.Second
		cfg.Safety = 0.2 + 0.8*float64(r.u8())/255
		cfg.Weekly[0] = int(r.u8())
		if r.u8()%3 == 0 {
			cfg.Daily[0] = int(r.u8() % 40)
		}
		cfg.Seed = uint64(r.u32())
		now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.u32()) * time.Second)
		if r.u8()%2 == 0 {
			cfg.Opened = now.Add(-time.Duration(r.u16()) * time.Hour)
		}
		p, err := New(cfg, now)
		if err != nil {
			return // an invalid configuration is refused, which is fine
		}
		kinds := []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage, paceline.KindInMail, paceline.KindVisit}
		for step := 0; step < 200 && r.left() > 0; step++ {
			op := r.u8()
			k := kinds[int(op>>4)%len(kinds)]
			req := Request{Kind: k, Note: op&1 == 1}
			switch op % 8 {
			case 0, 1, 2, 3:
				d := p.Decide(now, req)
				if want := copyPacer(p).Decide(now, req); !reflect.DeepEqual(d, want) {
					t.Fatalf("%s at %v: %+v, but a search that confirms its answer says %+v", k, now, d, want)
				}
				if !d.At.IsZero() && d.At.Before(now) {
					t.Fatalf("slot %v before now %v", d.At, now)
				}
				if d.Allowed != (!d.At.IsZero() && d.At.Equal(now)) {
					t.Fatalf("Allowed=%v with At=%v now=%v", d.Allowed, d.At, now)
				}
				if d.At.IsZero() {
					continue
				}
				if !d.Allowed {
					if again := p.Decide(d.At, req); !again.Allowed {
						t.Fatalf("not allowed at its own slot %v: %s", d.At, again.Explain())
					}
				}
				now = d.At
				p.Record(paceline.Action{At: now, Kind: k, Result: paceline.ResultDone, WithNote: req.Note, Lead: string(rune('a' + step))})
				if k == paceline.KindInvite {
					n := now.UnixNano()
					if used, limit := countIn(p.st.done[0], n-week, n), scaled(cfg.Weekly[0], cfg.Safety); cfg.Weekly[0] >= 0 && used > limit {
						t.Fatalf("%d invites in a week, cap %d", used, limit)
					}
				}
			case 4:
				now = now.Add(time.Duration(r.u16()) * time.Minute)
			case 5:
				p.Observe(paceline.Event{At: now, Type: paceline.EventWarning, Kind: k})
			case 6:
				p.Observe(paceline.Event{At: now, Type: paceline.EventRestricted, Until: now.Add(time.Duration(r.u8()) * time.Hour)})
			case 7:
				p.Observe(paceline.Event{At: now, Type: paceline.EventAccepted, Lead: string(rune('a' + int(r.u8())%200))})
			}
		}
	})
}

type byteReader struct {
	b []byte
	i int
}

func (r *byteReader) left() int { return len(r.b) - r.i }

func (r *byteReader) u8() uint8 {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *byteReader) u16() uint16 { return uint16(r.u8())<<8 | uint16(r.u8()) }

func (r *byteReader) u32() uint32 {
	var b [4]byte
	for i := range b {
		b[i] = r.u8()
	}
	return binary.BigEndian.Uint32(b[:])
}
