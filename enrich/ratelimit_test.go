package enrich

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	l := NewLimiter(2, 3, clock.Now, clock.Sleep) // 2 a second, bursts of 3
	ctx := context.Background()
	for range 5 {
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Three go at once, then one every half second.
	want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond}
	if got := clock.Sleeps(); !reflect.DeepEqual(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
	// After a long pause the bucket is full again, but no fuller than the burst.
	clock.Advance(time.Hour)
	for range 4 {
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want = append(want, 500*time.Millisecond)
	if got := clock.Sleeps(); !reflect.DeepEqual(got, want) {
		t.Errorf("after a pause sleeps = %v, want %v", got, want)
	}
}

func TestLimiterCancelled(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	l := NewLimiter(1, 1, clock.Now, clock.Sleep)
	ctx, cancel := context.WithCancel(context.Background())
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := l.Wait(ctx); err == nil {
		t.Fatal("Wait with a cancelled context returned nil")
	}
	// The cancelled wait gave its token back: the next caller waits one interval, not two.
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := clock.Sleeps(), []time.Duration{time.Second}; !reflect.DeepEqual(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"", 0, false},
		{"10/second", 10, false},
		{"60/minute", 1, false},
		{"120/min", 2, false},
		{"3600/hour", 1, false},
		{"5/s", 5, false},
		{"10", 0, true},
		{"0/s", 0, true},
		{"-1/s", 0, true},
		{"10/day", 0, true},
		{"ten/s", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseRate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
