package linkedinexport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paceline/paceline/lead"
)

// bigArchive builds a heavy user's archive: conns connections, invs invitations and
// msgs messages in conversations of about ten, every tenth person a known lead.
func bigArchive(b *testing.B, conns, invs, msgs int) ([]byte, int64, LeadMap) {
	b.Helper()
	const me = "https://www.linkedin.com/in/me"
	url := func(i int) string { return fmt.Sprintf("https://www.linkedin.com/in/person-%d", i) }
	leads := LeadMap{}
	for i := 0; i < conns; i += 10 {
		leads[lead.Key{Type: lead.KeyProfile, Value: fmt.Sprintf("person-%d", i)}] = KnownLead{ID: fmt.Sprint(i)}
	}
	var c, inv, m strings.Builder
	c.WriteString("Notes:\n\"notes\"\n\n" + connectionsHeader)
	for i := range conns {
		fmt.Fprintf(&c, "Person,Number %d,%s,,Acme,Engineer,%d Jan 2026\n", i, url(i), 1+i%28)
	}
	inv.WriteString("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n")
	for i := range invs {
		fmt.Fprintf(&inv, "Me,Person %d,\"1/%d/26, 2:37 PM\",,OUTGOING,%s,%s\n", i, 1+i%28, me, url(i))
	}
	m.WriteString("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range msgs {
		p := (i / 10) % conns
		at := start.Add(time.Duration(i) * time.Minute).Format("2006-01-02 15:04:05")
		if i%2 == 0 {
			fmt.Fprintf(&m, "conv-%d,,Me,%s,Person,%s,%s UTC,,\"Hello there,\nhow are you?\",INBOX\n", p, me, url(p), at)
		} else {
			fmt.Fprintf(&m, "conv-%d,,Person,%s,Me,%s,%s UTC,,\"Fine, thanks!\nAnd you?\",INBOX\n", p, url(p), me, at)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var n int64
	for name, s := range map[string]string{"Connections.csv": c.String(), "Invitations.csv": inv.String(), "messages.csv": m.String()} {
		w, _ := zw.Create(name)
		w.Write([]byte(s))
		n += int64(len(s))
	}
	zw.Close()
	return buf.Bytes(), n, leads
}

// BenchmarkReconcile reads and matches a heavy user's archive from a zip in memory.
func BenchmarkReconcile(b *testing.B) {
	const conns, invs, msgs = 10000, 2000, 200000
	data, n, leads := bigArchive(b, conns, invs, msgs)
	b.SetBytes(n)
	b.ReportAllocs()
	cpu0 := cpuSeconds(b)
	for b.Loop() {
		a, err := OpenReader("bench.zip", bytes.NewReader(data), int64(len(data)), Limits{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Reconcile(a, Options{Account: "me", Leads: leads})
		if err != nil {
			b.Fatal(err)
		}
		if res.Counts.Replied == 0 || res.Counts.Accepted == 0 {
			b.Fatalf("nothing matched: %+v", res.Counts)
		}
	}
	// Rows per CPU-second of the whole process (GC included) stays meaningful when
	// other work shares the machine; wall-clock rows/s does not.
	b.ReportMetric(float64(conns+invs+msgs)*float64(b.N)/(cpuSeconds(b)-cpu0), "rows/cpu-s")
}

func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Skip("no rusage:", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
