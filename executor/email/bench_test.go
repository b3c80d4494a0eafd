package email

import (
	"context"
	"testing"
	"time"
)

// BenchmarkParse measures classifying inbox messages (a DSN bounce, a reply, an
// out-of-office), the CPU side of a poll.
func BenchmarkParse(b *testing.B) {
	msgs := [][]byte{readFixture(b, "dsn-bounce.eml"), readFixture(b, "reply-threaded.eml"), readFixture(b, "ooo.eml")}
	var bytes int
	for _, m := range msgs {
		bytes += len(m)
	}
	b.SetBytes(int64(bytes / len(msgs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkBuild measures rendering one outgoing email (headers, token, footer, MIME).
func BenchmarkBuild(b *testing.B) {
	s := &Sender{mb: Mailbox{Account: "a"}, opt: SenderOptions{
		Unsubscribe: &Unsubscribe{Tokens: testTokens(b), BaseURL: "https://paceline.example"},
		Footer:      Footer{Address: "1 Main Street"},
	}}
	s.mb.From, _ = ParseFrom("Ann <ann@paceline.test>")
	a := emailAction("ada")
	d, _ := testCompose(context.Background(), a)
	now := time.Now()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m, _, err := s.build(a, d, "id@x", now)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.WriteTo(discard{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
