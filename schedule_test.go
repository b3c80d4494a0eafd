package paceline

import (
	"strings"
	"testing"
	"time"
)

func TestParseWorkingHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    WorkingHours
		wantErr string
	}{
		{in: "09:00-18:00", want: WorkingHours{540, 1080}},
		{in: " 8:30 - 17:15 ", want: WorkingHours{510, 1035}},
		{in: "00:00-24:00", want: WorkingHours{0, 1440}},
		{in: "9-18", wantErr: "bad start time"},
		{in: "09:00", wantErr: "no '-'"},
		{in: "18:00-09:00", wantErr: "ends before it starts"},
		{in: "09:00-09:00", wantErr: "ends before it starts"},
		{in: "09:60-18:00", wantErr: "bad start time"},
		{in: "25:00-26:00", wantErr: "bad start time"},
		{in: "24:00-24:00", wantErr: "starts at 24:00"},
		{in: "", wantErr: "no '-'"},
	}
	for _, tt := range tests {
		got, err := ParseWorkingHours(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "working-hours: ") {
				t.Errorf("ParseWorkingHours(%q) error = %v, want one naming the field and containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseWorkingHours(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseWorkingDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // String() of the result, "" for an error
	}{
		{"mon-fri", "mon-fri"},
		{"MON,wed,Fri", "mon,wed,fri"},
		{"sat-mon", "mon,sat,sun"},
		{"monday-tuesday", "mon,tue"},
		{"sun-sat", "mon-sun"},
		{"mon-fri,sun", "mon-fri,sun"},
		{"", ""},
		{"mo-fr", ""},
		{"mon-", ""},
		{"funday", ""},
	}
	for _, tt := range tests {
		got, err := ParseWorkingDays(tt.in)
		if tt.want == "" {
			if err == nil || !strings.HasPrefix(err.Error(), "working-days: ") {
				t.Errorf("ParseWorkingDays(%q) error = %v, want a working-days error", tt.in, err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseWorkingDays(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestScheduleAcrossDST(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"America/New_York", "Europe/Berlin"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		s := Schedule{Location: loc, Hours: DefaultWorkingHours, Days: DefaultWorkingDays}
		// Walk 2027 hour by hour: NextOpen always lands on a working instant at 09:00
		// local or later, and Contains agrees with the local wall clock.
		for tm := time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC); tm.Year() == 2027; tm = tm.Add(time.Hour) {
			lt := tm.In(loc)
			wall := lt.Hour()*60 + lt.Minute()
			want := lt.Weekday() >= time.Monday && lt.Weekday() <= time.Friday && wall >= 540 && wall < 1080
			if got := s.Contains(tm); got != want {
				t.Fatalf("%s: Contains(%v) = %v, want %v", zone, lt, got, want)
			}
			open, close := s.NextOpen(tm)
			if !s.Contains(open) || open.Before(tm) || !close.After(open) {
				t.Fatalf("%s: NextOpen(%v) = %v..%v", zone, lt, open.In(loc), close.In(loc))
			}
			if open.After(tm) && (open.In(loc).Hour() != 9 || open.In(loc).Minute() != 0) {
				t.Fatalf("%s: NextOpen(%v) = %v, want a 09:00 opening", zone, lt, open.In(loc))
			}
			if h := close.In(loc); h.Hour() != 18 || h.Minute() != 0 {
				t.Fatalf("%s: window closes at %v", zone, h)
			}
		}
	}
}

func FuzzParseWorkingHours(f *testing.F) {
	for _, s := range []string{"09:00-18:00", "0:00-24:00", "9-18", "23:59-24:00", "-", "::-::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWorkingHours(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "working-hours: ") {
				t.Fatalf("error does not name the field: %v", err)
			}
			return
		}
		if w.Start < 0 || w.End > 24*60 || w.End <= w.Start {
			t.Fatalf("%q parsed to an impossible window %+v", s, w)
		}
		again, err := ParseWorkingHours(w.String())
		if err != nil || again != w {
			t.Fatalf("round trip of %q: %v -> %q -> %v, %v", s, w, w.String(), again, err)
		}
	})
}

func FuzzParseWorkingDays(f *testing.F) {
	for _, s := range []string{"mon-fri", "sat-mon", "mon,wed,fri", "sunday", ",", "mon-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseWorkingDays(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "working-days: ") {
				t.Fatalf("error does not name the field: %v", err)
			}
			return
		}
		if d == 0 || d >= 1<<7 {
			t.Fatalf("%q parsed to %b", s, d)
		}
		again, err := ParseWorkingDays(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %b -> %q -> %b, %v", s, d, d.String(), again, err)
		}
	})
}

func TestScheduleWindowsInsideTheChangingHour(t *testing.T) {
	t.Parallel()
	ny, _ := time.LoadLocation("America/New_York")
	// 02:30 does not exist on 14 Mar 2027: the window opens at 03:00 EDT, when the wall
	// clock has passed 02:30.
	s := Schedule{Location: ny, Hours: WorkingHours{Start: 150, End: 1080}, Days: 1 << time.Sunday}
	open, _ := s.NextOpen(time.Date(2027, 3, 14, 0, 0, 0, 0, ny))
	if want := time.Date(2027, 3, 14, 7, 0, 0, 0, time.UTC); !open.Equal(want) {
		t.Fatalf("spring: opens %v, want %v (03:00 EDT)", open.In(ny), want.In(ny))
	}
	// 01:30 happens twice on 7 Nov 2027; at the second 01:10 (EST) the wall clock is
	// before the start again, so it is outside and the window reopens at 01:30 EST.
	s = Schedule{Location: ny, Hours: WorkingHours{Start: 90, End: 1080}, Days: 1 << time.Sunday}
	secondTen := time.Date(2027, 11, 7, 6, 10, 0, 0, time.UTC) // 01:10 EST
	if s.Contains(secondTen) {
		t.Fatal("autumn: the repeated 01:10 is inside")
	}
	open, _ = s.NextOpen(secondTen)
	if want := time.Date(2027, 11, 7, 6, 30, 0, 0, time.UTC); !open.Equal(want) || !s.Contains(open) {
		t.Fatalf("autumn: reopens %v, want %v", open.In(ny), want.In(ny))
	}
}
